"""Every change to assessments goes through here.

Managers' changes (rounds, links) check permission and are audited in one transaction.
Respondents' answers are deliberately *not* audited: an audit row would carry the time of an
answer, which is what ADR 0004 keeps out of the database.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.permissions import Permission, require_permission
from joinedup.audit import trail
from joinedup.instruments import default_registry
from joinedup.partnerships.models import Partnership
from joinedup.places.models import Organisation

from .models import (
    AssessmentRound,
    Comment,
    Invitation,
    Response,
    StakeholderGroup,
    sector_for,
)
from .tokens import new_token, token_hash

MAX_LINKS_PER_GROUP = 500
MAX_COMMENT_LENGTH = 2000


class RoundClosed(Exception):
    """The round is not open today: the answers change nothing."""


class AlreadySubmitted(Exception):
    """The link has been used to submit answers already."""


def _invitation_summary(assessment_round: AssessmentRound) -> dict[str, str]:
    counts: dict[str, int] = {}
    for organisation, group in assessment_round.invitations.values_list(
        "organisation__name", "stakeholder_group"
    ):
        key = f"{organisation}: {StakeholderGroup(group).label}"
        counts[key] = counts.get(key, 0) + 1
    return {"links": "; ".join(f"{key} ({n})" for key, n in sorted(counts.items()))}


@transaction.atomic
def create_round(
    *,
    by,
    partnership: Partnership,
    instrument_id: str,
    instrument_version: str,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
) -> AssessmentRound:
    """Start a round of an instrument for a partnership; editors of a partner may."""
    require_permission(by, Permission.EDIT_PARTNERSHIP, partnership=partnership)
    errors = {}
    if partnership.is_archived:
        errors["partnership"] = "An archived partnership cannot start a round."
    try:
        default_registry().get(instrument_id, instrument_version)
    except KeyError:
        errors["instrument"] = "Choose one of the instruments listed."
    if not title.strip():
        errors["title"] = "Enter a title for the round."
    if closes_on < opens_on:
        errors["closes_on"] = "The closing date must be the same as or after the opening date."
    if errors:
        raise ValidationError(errors)
    assessment_round = AssessmentRound.objects.create(
        partnership=partnership,
        instrument_id=instrument_id,
        instrument_version=instrument_version,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
    )
    trail.record_create(assessment_round, by=by)
    return assessment_round


@transaction.atomic
def close_round(assessment_round: AssessmentRound, *, by, today=None) -> AssessmentRound:
    """Close a round early: from today it accepts no answers."""
    require_permission(by, Permission.EDIT_PARTNERSHIP, partnership=assessment_round.partnership)
    if assessment_round.closed_on is not None:
        raise ValidationError("This round is already closed.")
    before = trail.snapshot(assessment_round)
    assessment_round.closed_on = today or timezone.localdate()
    assessment_round.save(update_fields=["closed_on"])
    trail.record_update(assessment_round, before=before, by=by)
    return assessment_round


@transaction.atomic
def create_invitations(
    assessment_round: AssessmentRound,
    *,
    by,
    counts: Mapping[tuple[Organisation, str], int],
    today=None,
) -> list[tuple[Invitation, str]]:
    """Make single-use links: ``counts`` maps (partner organisation, stakeholder group) to a
    number of links. Returns (invitation, token) pairs; the tokens are never stored, so this is
    the only moment they can be shown."""
    require_permission(by, Permission.EDIT_PARTNERSHIP, partnership=assessment_round.partnership)
    today = today or timezone.localdate()
    if assessment_round.closed_on is not None or today > assessment_round.closes_on:
        raise ValidationError("This round has closed: it needs no more links.")
    partners = {m.organisation_id for m in assessment_round.partnership.members.all()}
    made = []
    for (organisation, group), number in counts.items():
        if organisation.pk not in partners:
            raise ValidationError(f"{organisation.name} is not a partner in this partnership.")
        if group not in StakeholderGroup.values:
            raise ValidationError(f"{group!r} is not a stakeholder group.")
        if not 0 <= number <= MAX_LINKS_PER_GROUP:
            raise ValidationError(f"Ask for between 0 and {MAX_LINKS_PER_GROUP} links per group.")
        for _ in range(number):
            token = new_token()
            made.append(
                (
                    Invitation(
                        round=assessment_round,
                        organisation=organisation,
                        sector=sector_for(organisation),
                        stakeholder_group=group,
                        token_hash=token_hash(token),
                    ),
                    token,
                )
            )
    if not made:
        raise ValidationError("Ask for at least one link.")
    before = trail.snapshot(assessment_round, _invitation_summary(assessment_round))
    Invitation.objects.bulk_create([invitation for invitation, _ in made])
    trail.record_update(
        assessment_round, before=before, by=by, extra=_invitation_summary(assessment_round)
    )
    return made


def _clean_answers(invitation: Invitation, answers: Mapping[str, object]) -> dict[str, int]:
    questions = {q.id: q for q in invitation.round.instrument.questions}
    cleaned = {}
    for question_id, value in answers.items():
        if value in (None, ""):
            continue
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(f"{question_id!r} is not a question of this survey.")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{value!r} is not an answer to {question_id}.") from None
        if number not in question.scale.values:
            raise ValidationError(f"{number} is not an answer on the scale of {question_id}.")
        cleaned[question_id] = number
    return cleaned


def _clean_comments(invitation: Invitation, comments: Mapping[str, str]) -> dict[str, str]:
    sections = {section.id for section in invitation.round.instrument.sections}
    cleaned = {}
    for section, text in comments.items():
        text = (text or "").strip()
        if not text:
            continue
        if section not in sections:
            raise ValidationError(f"{section!r} is not a section of this survey.")
        cleaned[section] = text[:MAX_COMMENT_LENGTH]
    return cleaned


@transaction.atomic
def save_answers(
    invitation: Invitation,
    *,
    answers: Mapping[str, object],
    comments: Mapping[str, str] = {},  # noqa: B006 - read only
    submit: bool = False,
    today: datetime.date | None = None,
) -> Invitation:
    """Save a respondent's answers to come back to, or submit them (once, while it is open).

    On submit the answers become a :class:`Response` with no link back to the invitation, the
    comments become :class:`Comment` rows with only their section, and the draft is emptied.
    """
    today = today or timezone.localdate()
    cleaned = _clean_answers(invitation, answers)
    notes = _clean_comments(invitation, comments)
    if submit and not cleaned:
        raise ValidationError("Answer at least one statement before you submit.")
    # One conditional UPDATE both checks and claims the link, so two submissions racing
    # each other cannot both succeed, and a round closed a moment ago is seen.
    unused_and_open = Invitation.objects.filter(
        pk=invitation.pk,
        submitted=False,
        round__closed_on__isnull=True,
        round__opens_on__lte=today,
        round__closes_on__gte=today,
    )
    fields = {"draft_answers": {}, "draft_comments": {}, "submitted": True}
    if not submit:
        fields = {"draft_answers": cleaned, "draft_comments": notes}
    if not unused_and_open.update(**fields):
        if Invitation.objects.filter(pk=invitation.pk, submitted=True).exists():
            raise AlreadySubmitted("These answers have been submitted already.")
        raise RoundClosed("This survey is not open.")
    for name, value in fields.items():
        setattr(invitation, name, value)
    if submit:
        Response.objects.create(
            round_id=invitation.round_id,
            organisation_id=invitation.organisation_id,
            sector=invitation.sector,
            stakeholder_group=invitation.stakeholder_group,
            answers=cleaned,
        )
        Comment.objects.bulk_create(
            Comment(round_id=invitation.round_id, section=section, text=text)
            for section, text in notes.items()
        )
    return invitation


def require_can_manage(user, assessment_round: AssessmentRound) -> None:
    """Editors of a partner organisation manage the partnership's rounds."""
    require_permission(user, Permission.EDIT_PARTNERSHIP, partnership=assessment_round.partnership)
