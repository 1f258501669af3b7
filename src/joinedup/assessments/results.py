"""A round's published results, computed by the core and kept until something they use changes.

Scoring a round takes a second or more (bootstrap intervals with 4,999 resamples), so the
tables are stored on the round (:class:`~.models.ResultsCache`) under a key made from the
number of answers in the round, in its previous round and in its peers' rounds. A new answer
anywhere it draws on changes the key, and the next page view recomputes.

Pages, charts and downloads read only the :class:`~joinedup.instruments.PublishedResults`
returned here, so nothing can skip the suppression.
"""

from __future__ import annotations

import hashlib
import io
import json

import pandas as pd
from django.db.models import Count

from joinedup.instruments import PublishedResults, publishable_results

from .data import peer_rounds, peer_scores, previous_round, responses_for
from .models import AssessmentRound, Response, ResultsCache

TABLES = (
    "respondents",
    "sections",
    "items",
    "distribution",
    "gaps",
    "areas",
    "change",
    "reliability",
    "benchmark",
)
# Bump when the stored form or the core's tables change, so old stored results are recomputed.
FORMAT = 1


def _inputs(assessment_round: AssessmentRound):
    previous = previous_round(assessment_round)
    peers = peer_rounds(assessment_round)
    rounds = [assessment_round] + ([previous] if previous else []) + peers
    counts = dict(
        Response.objects.filter(round__in=rounds).values_list("round").annotate(n=Count("id"))
    )
    parts = [
        FORMAT,
        assessment_round.instrument_version,
        [assessment_round.pk, counts.get(assessment_round.pk, 0)],
        [previous.pk, counts.get(previous.pk, 0)] if previous else None,
        sorted([peer.pk, counts.get(peer.pk, 0)] for peer in peers),
    ]
    key = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return key, previous, peers


def _dump(results: PublishedResults) -> dict:
    return {
        "instrument": list(results.instrument),
        "threshold": results.threshold,
        "rule": results.rule,
        **{name: getattr(results, name).to_json(orient="table", index=False) for name in TABLES},
    }


def _load(stored: dict) -> PublishedResults:
    return PublishedResults(
        instrument=tuple(stored["instrument"]),
        threshold=stored["threshold"],
        rule=stored["rule"],
        **{name: pd.read_json(io.StringIO(stored[name]), orient="table") for name in TABLES},
    )


def compute(assessment_round: AssessmentRound, previous=None, peers=()) -> PublishedResults:
    return publishable_results(
        responses_for(assessment_round),
        previous=responses_for(previous) if previous else None,
        peers=peer_scores(peers),
    )


def results_for(assessment_round: AssessmentRound) -> PublishedResults:
    """The round's published tables: from the store when still current, else computed now."""
    key, previous, peers = _inputs(assessment_round)
    stored = ResultsCache.objects.filter(round=assessment_round, key=key).first()
    if stored is not None:
        return _load(stored.tables)
    results = compute(assessment_round, previous, peers)
    ResultsCache.objects.update_or_create(
        round=assessment_round, defaults={"key": key, "tables": _dump(results)}
    )
    return results
