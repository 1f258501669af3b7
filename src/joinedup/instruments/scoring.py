"""Scores per respondent, and additive summaries per group, in NumPy.

Everything a results table shows is built from per-group *sums over respondents* (counts,
sums, sums of squares, answers per scale point). Because they add up, the suppression module
can reason about what a reader could work out by adding and subtracting published figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Instrument, Measure
from .responses import Responses


def scored_values(instrument: Instrument, values: np.ndarray) -> np.ndarray:
    """Answers with reverse items turned round (min + max - answer); NaN stays NaN."""
    scored = np.array(values, dtype=float, copy=True)
    for question in instrument.questions:
        if question.item.reverse:
            column = question.column
            scored[:, column] = question.scale.minimum + question.scale.maximum - scored[:, column]
    return scored


def _section_score(instrument: Instrument, scored: np.ndarray, measure: Measure) -> np.ndarray:
    block = scored[:, list(measure.columns)]
    answered = (~np.isnan(block)).sum(axis=1)
    total = np.nansum(block, axis=1)
    items = len(measure.columns)
    if instrument.scoring.method == "total":
        return np.where(answered == items, total, np.nan)
    enough = answered >= np.ceil(instrument.scoring.min_answered_share * items - 1e-9)
    enough &= answered > 0
    return np.where(enough, total / np.maximum(answered, 1), np.nan)


def measure_values(responses: Responses) -> np.ndarray:
    """Respondents x measures: section scores (scored) and item answers (as given).

    Measures are ``responses.instrument.measures``: each section on each dimension, then each
    question. A section score is NaN when the respondent answered too few of its items.

    >>> from joinedup.instruments import default_registry
    >>> pat = default_registry().get("partnership-assessment-tool")
    >>> answers = np.full((1, 36), 3.0)
    >>> r = Responses(pat, answers, ["A"], ["NHS"], ["managers"])
    >>> measure_values(r)[0, :2].tolist()  # six items answered 3: total 18 per principle
    [18.0, 18.0]
    """
    instrument = responses.instrument
    scored = scored_values(instrument, responses.values)
    columns = []
    for measure in instrument.measures:
        if measure.kind == "section":
            columns.append(_section_score(instrument, scored, measure))
        else:
            columns.append(responses.values[:, measure.columns[0]])
    return np.column_stack(columns)


def point_counts(responses: Responses) -> tuple[np.ndarray, int]:
    """Respondents x measures x scale position: how many answers at each scale point.

    For an item that is 0 or 1; for a section it counts the respondent's answers to its items.
    Positions run from the scale's lowest point; the second value is the widest scale's length.
    """
    instrument = responses.instrument
    width = max(len(scale.points) for scale in instrument.scales)
    counts = np.zeros((responses.count, len(instrument.measures), width))
    for index, measure in enumerate(instrument.measures):
        block = responses.values[:, list(measure.columns)]
        for position, value in enumerate(measure.scale.values):
            counts[:, index, position] = (block == value).sum(axis=1)
    return counts, width


@dataclass(frozen=True, eq=False)
class GroupSums:
    """Per aggregate (row) and measure (column): the additive building blocks of a table."""

    count: np.ndarray  # respondents with a value
    total: np.ndarray  # sum of their values
    squares: np.ndarray  # sum of squared values
    answers: np.ndarray  # answers given (sections: all items; items: = count)
    answer_total: np.ndarray  # sum of the answers given (as scored)
    points: np.ndarray  # aggregate x measure x scale position

    @property
    def mean(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.count > 0, self.total / self.count, np.nan)

    @property
    def sd(self) -> np.ndarray:
        """Sample standard deviation (n - 1); NaN below two values."""
        with np.errstate(invalid="ignore", divide="ignore"):
            variance = (self.squares - self.total**2 / self.count) / (self.count - 1)
            return np.where(self.count > 1, np.sqrt(np.maximum(variance, 0)), np.nan)

    @property
    def mean_answer(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.answers > 0, self.answer_total / self.answers, np.nan)


def group_sums(responses: Responses, membership: np.ndarray) -> GroupSums:
    """Sums for each aggregate, given membership as an aggregates x respondents 0/1 matrix."""
    instrument = responses.instrument
    values = measure_values(responses)
    has = ~np.isnan(values)
    filled = np.where(has, values, 0.0)
    scored = scored_values(instrument, responses.values)
    answers = np.zeros_like(values)
    answer_total = np.zeros_like(values)
    for index, measure in enumerate(instrument.measures):
        block = scored[:, list(measure.columns)]
        answers[:, index] = (~np.isnan(block)).sum(axis=1)
        answer_total[:, index] = np.nansum(block, axis=1)
    points, _ = point_counts(responses)
    weights = np.asarray(membership, dtype=float)
    return GroupSums(
        count=weights @ has,
        total=weights @ filled,
        squares=weights @ filled**2,
        answers=weights @ answers,
        answer_total=weights @ answer_total,
        points=np.einsum("an,nmp->amp", weights, points),
    )
