"""Small-group suppression that also stops working figures out by subtraction.

The rule (for every table, page, chart and download; :func:`~.publish.publishable_results`
applies it to all of them):

1. **Primary.** A figure about fewer than ``threshold`` (5) people is not shown.
2. **Complementary.** No set of fewer than ``threshold`` people may be worked out by adding and
   subtracting the figures that *are* shown. Published figures are counts, sums, sums of squares
   and counts per answer, all of which add up over people, so a reader can combine any of them
   linearly. The check works on *cells*: the people sharing one organisation, sector and
   stakeholder group. Each published figure covers a set of cells. A set of cells is exposed
   when its indicator lies in the span of the published figures' indicators. While some set of
   fewer than ``threshold`` people is exposed, the smallest published figure whose removal
   breaks that exposure is hidden too. Often that is the next-smallest group in the same
   breakdown. When only two groups exist, it can be the total.
3. Figures hidden by 1 or 2 can never be worked out from the figures shown, because each
   figure is hidden only when it is outside the span of what is left, and hiding more later
   only shrinks that span.
4. A group hidden in the respondent counts is hidden for every question too. Per question, the
   rule runs again on the people who answered it.

Known limits: cells with no respondents are treated as known to be empty. The check protects
sets of whole cells. It cannot stop someone who knows other people's answers from learning
more.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.linalg import null_space

THRESHOLD = 5
PRIMARY = "fewer than {threshold} people"
COMPLEMENTARY = "hidden so that a smaller group cannot be worked out by subtraction"
_TOLERANCE = 1e-8


@dataclass(frozen=True, eq=False)
class SuppressionPlan:
    """For each aggregate: whether it is hidden and why ("" when shown)."""

    suppressed: np.ndarray
    reason: np.ndarray


def _small_sets(counts: np.ndarray, threshold: int) -> list[np.ndarray]:
    """Every set of cells holding fewer than ``threshold`` people, as index arrays by size."""
    sets = []
    for size in range(1, threshold):
        # A cell in a set of `size` cells can hold at most threshold - size people.
        cells = np.flatnonzero(counts <= threshold - size)
        if cells.size < size:
            break
        combos = np.array(list(combinations(cells, size)), dtype=int).reshape(-1, size)
        sets.append(combos[counts[combos].sum(axis=1) < threshold])
    return sets


def _null_basis(published: np.ndarray, cells: int) -> np.ndarray:
    """Vectors orthogonal to every published row: a set is exposed when its sum here is 0."""
    if published.shape[0] == 0 or not published.any():
        return np.eye(cells)
    return null_space(published)


def _first_exposed(sets: np.ndarray, basis: np.ndarray, start: int) -> int | None:
    sums = basis[sets[start:]].sum(axis=1)
    exposed = np.flatnonzero(np.abs(sums).max(axis=1, initial=0.0) < _TOLERANCE)
    return start + int(exposed[0]) if exposed.size else None


def _combination(rows: np.ndarray, cells: tuple[int, ...]) -> np.ndarray | None:
    """Coefficients that make the cells' indicator from ``rows``, or None if none do."""
    if rows.shape[0] == 0:
        return None
    target = np.zeros(rows.shape[1])
    target[list(cells)] = 1
    coefficients, *_ = np.linalg.lstsq(rows.T, target, rcond=None)
    if np.abs(rows.T @ coefficients - target).max() < _TOLERANCE:
        return coefficients
    return None


def plan_suppression(
    membership: np.ndarray,
    cell_counts: np.ndarray,
    *,
    threshold: int = THRESHOLD,
    forced: np.ndarray | None = None,
    forced_reason: np.ndarray | None = None,
) -> SuppressionPlan:
    """Decide which aggregates to hide.

    ``membership`` is aggregates x cells (0/1): which cells each published figure covers.
    ``cell_counts`` is the number of people in each cell. ``forced`` aggregates are hidden
    whatever their size, with ``forced_reason``.

    >>> # A total and two groups of 10 and 3: the 3 is hidden, and so is the 10,
    >>> # or else total - 10 = 3.
    >>> plan = plan_suppression(np.array([[1, 1], [1, 0], [0, 1]]), np.array([10, 3]))
    >>> plan.suppressed.tolist()
    [False, True, True]
    """
    membership = np.asarray(membership, dtype=float)
    cell_counts = np.asarray(cell_counts)
    aggregates = membership.shape[0]
    present = cell_counts > 0
    rows = membership[:, present]
    counts = cell_counts[present]
    sizes = rows @ counts
    suppressed = np.zeros(aggregates, dtype=bool)
    reason = np.full(aggregates, "", dtype=object)
    if forced is not None:
        suppressed |= np.asarray(forced, dtype=bool)
        if forced_reason is not None:
            reason[suppressed] = np.asarray(forced_reason, dtype=object)[suppressed]
        reason[suppressed & (reason == "")] = COMPLEMENTARY
    primary = ~suppressed & (sizes > 0) & (sizes < threshold)
    suppressed |= primary
    reason[primary] = PRIMARY.format(threshold=threshold)
    # Walk every small set of cells once. Hiding figures only shrinks what can be worked
    # out, so a set found safe stays safe and the walk never needs to go back.
    shown = np.flatnonzero(~suppressed & (sizes > 0))
    basis = _null_basis(rows[shown], rows.shape[1])
    for sets in _small_sets(counts, threshold):
        position = 0
        while (position := _first_exposed(sets, basis, position)) is not None:
            cells = tuple(int(cell) for cell in sets[position])
            breaking = [
                int(index)
                for index in shown
                if _combination(rows[np.setdiff1d(shown, [index])], cells) is None
            ]
            if not breaking:
                # Redundant figures: no single one breaks the exposure, so hide one of those
                # the working uses and look at this set again.
                coefficients = _combination(rows[shown], cells)
                breaking = [
                    int(i) for i, c in zip(shown, coefficients, strict=True) if abs(c) > 1e-6
                ]
            # Hide the smallest figure that breaks the exposure; ties go to the later
            # aggregate, so that a total (listed first) outlives a group of the same size.
            chosen = min(breaking, key=lambda index: (sizes[index], -index))
            suppressed[chosen] = True
            reason[chosen] = COMPLEMENTARY
            shown = np.flatnonzero(~suppressed & (sizes > 0))
            basis = _null_basis(rows[shown], rows.shape[1])
    # A hidden figure that the shown ones already determine hides nothing: show it again, so
    # that every hidden figure is one a reader cannot work out.
    unforced = np.ones(aggregates, dtype=bool) if forced is None else ~np.asarray(forced, bool)
    for index in np.flatnonzero(suppressed & unforced & (reason == COMPLEMENTARY)):
        shown = np.flatnonzero(~suppressed & (sizes > 0))
        if _combination(rows[shown], tuple(np.flatnonzero(rows[index]))) is not None:
            suppressed[index] = False
            reason[index] = ""
    return SuppressionPlan(suppressed, reason)
