"""From stored answers to the core's :class:`~joinedup.instruments.Responses`, and the rounds a
round is compared with: the partnership's previous round and other partnerships' rounds."""

from __future__ import annotations

import numpy as np
from django.db.models import Count

from joinedup.instruments import THRESHOLD, PartnershipScores, Responses, partnership_scores

from .models import AssessmentRound, Response, StakeholderGroup


def responses_for(assessment_round: AssessmentRound) -> Responses:
    """Every submitted answer of the round, one row per respondent (NaN = not answered)."""
    instrument = assessment_round.instrument
    columns = {question.id: question.column for question in instrument.questions}
    rows = list(
        Response.objects.filter(round=assessment_round)
        .select_related("organisation")
        .order_by("id")
    )
    values = np.full((len(rows), len(columns)), np.nan)
    for number, row in enumerate(rows):
        for question_id, value in row.answers.items():
            if question_id in columns:
                values[number, columns[question_id]] = value
    return Responses(
        instrument,
        values,
        organisation=[row.organisation.name for row in rows],
        sector=[row.sector for row in rows],
        stakeholder_group=[StakeholderGroup(row.stakeholder_group).label for row in rows],
    )


def _same_version(assessment_round: AssessmentRound):
    return AssessmentRound.objects.filter(
        instrument_id=assessment_round.instrument_id,
        instrument_version=assessment_round.instrument_version,
    )


def previous_round(assessment_round: AssessmentRound) -> AssessmentRound | None:
    """The partnership's last earlier round of the same instrument version with answers."""
    return (
        _same_version(assessment_round)
        .filter(partnership=assessment_round.partnership, opens_on__lt=assessment_round.opens_on)
        .filter(responses__isnull=False)
        .distinct()
        .order_by("-opens_on", "-pk")
        .first()
    )


def peer_rounds(assessment_round: AssessmentRound) -> list[AssessmentRound]:
    """Each other partnership's latest round of the same version with at least 5 answers.

    Peers come from every place: the benchmark shows only a percentile, never another
    partnership's name or scores.
    """
    latest: dict[int, AssessmentRound] = {}
    candidates = (
        _same_version(assessment_round)
        .exclude(partnership=assessment_round.partnership)
        .filter(opens_on__lte=assessment_round.closes_on)
        .order_by("partnership_id", "-opens_on", "-pk")
    )
    counts = dict(
        Response.objects.filter(round__in=candidates).values_list("round").annotate(n=Count("id"))
    )
    for candidate in candidates:
        if counts.get(candidate.pk, 0) >= THRESHOLD:
            latest.setdefault(candidate.partnership_id, candidate)
    return list(latest.values())


def peer_scores(rounds) -> list[PartnershipScores]:
    return [partnership_scores(responses_for(one)) for one in rounds]
