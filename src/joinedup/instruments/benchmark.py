"""Where a partnership's section scores stand among other partnerships on the same instrument.

Only partnerships that used the same instrument *version* are compared (a different item set or
band set would make the scores incomparable), only those with at least ``threshold`` respondents
count, and no percentile is given until there are at least ``min_peers`` of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .responses import Responses
from .scoring import measure_values
from .suppression import THRESHOLD

MIN_PEERS = 5


@dataclass(frozen=True)
class PartnershipScores:
    """One partnership's mean section scores in one round, keyed by (section, dimension)."""

    instrument: tuple[str, str]
    respondents: int
    scores: Mapping[tuple[str, str], float] = field(default_factory=dict)


def partnership_scores(responses: Responses) -> PartnershipScores:
    """The mean section scores of a round, ready to store as a peer for other partnerships."""
    values = measure_values(responses)
    scores = {}
    for index, measure in enumerate(responses.instrument.measures):
        if measure.kind == "section":
            column = values[:, index]
            column = column[~np.isnan(column)]
            scores[(measure.section, measure.dimension)] = (
                float(column.mean()) if column.size else math.nan
            )
    return PartnershipScores(responses.instrument.key, responses.count, scores)


def percentile_rank(score: float, others) -> float:
    """Per cent of others below the score, counting ties as half: 3 among [1, 2, 3, 4] -> 62.5."""
    others = np.asarray(others, dtype=float)
    below = np.sum(others < score)
    equal = np.sum(others == score)
    return float(100 * (below + 0.5 * equal) / others.size)


def benchmark(
    own: PartnershipScores,
    peers: Sequence[PartnershipScores],
    *,
    min_peers: int = MIN_PEERS,
    threshold: int = THRESHOLD,
) -> pd.DataFrame:
    """Percentile of each section score among peers on the same instrument version.

    >>> own = PartnershipScores(("pat", "1"), 20, {("need", "rating"): 18.0})
    >>> peers = [PartnershipScores(("pat", "1"), 12, {("need", "rating"): s})
    ...          for s in (12.0, 15.0, 18.0, 20.0, 22.0)]
    >>> benchmark(own, peers)["percentile"].tolist()
    [50.0]
    """
    comparable = [
        peer
        for peer in peers
        if peer.instrument == own.instrument and peer.respondents >= threshold
    ]
    rows = []
    for (section, dimension), score in own.scores.items():
        others = [
            peer.scores[(section, dimension)]
            for peer in comparable
            if not math.isnan(peer.scores.get((section, dimension), math.nan))
        ]
        shown = own.respondents >= threshold and not math.isnan(score)
        enough = len(others) >= min_peers
        rows.append(
            dict(
                section=section,
                dimension=dimension,
                score=score if shown else math.nan,
                peers=len(others),
                percentile=percentile_rank(score, others) if shown and enough else math.nan,
                note=""
                if shown and enough
                else (
                    f"fewer than {threshold} respondents"
                    if not shown
                    else f"fewer than {min_peers} other partnerships used this version"
                ),
            )
        )
    return pd.DataFrame(
        rows, columns=["section", "dimension", "score", "peers", "percentile", "note"]
    )
