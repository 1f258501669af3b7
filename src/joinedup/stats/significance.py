"""Benchmarking against a comparator as Fingertips does it (notes section 8).

- :func:`compare`: "confidence intervals overlapping the reference value" at one level (95.0
  or 99.8), the standard Fingertips method; the area's own limits (Wilson for proportions,
  Byar's/exact for rates, ...) against the comparator's point value.
- :func:`compare_two_levels`: the same with both levels at once (Fingertips method 17).
- :func:`compare_spc_proportion`: Fingertips' SPC method for proportions (method 5), with
  Wilson limits built around the comparator's proportion at the area's denominator.
- :func:`quintiles`: quintile benchmarking.

Labels follow the polarity: "Better"/"Worse" (RAG: high is good or low is good),
"Higher"/"Lower" (no judgement), "Similar", and "Not compared" when a value, a limit or the
comparator is missing or the polarity is "not applicable".
"""

from collections.abc import Iterable
from enum import StrEnum

import numpy as np

from joinedup.stats.proportion import wilson_limits

__all__ = [
    "NOT_COMPARED",
    "Polarity",
    "compare",
    "compare_spc_proportion",
    "compare_two_levels",
    "as_polarity",
    "quintiles",
]

NOT_COMPARED = "Not compared"
SIMILAR = "Similar"


class Polarity(StrEnum):
    """Fingertips polarity: whether a higher value is better."""

    HIGH_IS_GOOD = "HighIsGood"
    LOW_IS_GOOD = "LowIsGood"
    NO_JUDGEMENT = "NoJudgement"
    NOT_APPLICABLE = "NotApplicable"


# Fingertips polarity ids (FT-open PholioObjects/Constants.cs).
_FINGERTIPS_IDS = {
    1: Polarity.HIGH_IS_GOOD,
    0: Polarity.LOW_IS_GOOD,
    99: Polarity.NO_JUDGEMENT,
    -1: Polarity.NOT_APPLICABLE,
}

# Raw directions -> label, per polarity: (higher, lower, much higher, much lower).
_LABELS = {
    Polarity.HIGH_IS_GOOD: ("Better", "Worse", "Best", "Worst"),
    Polarity.LOW_IS_GOOD: ("Worse", "Better", "Worst", "Best"),
    Polarity.NO_JUDGEMENT: ("Higher", "Lower", "Higher", "Lower"),
}


def as_polarity(value: "Polarity | str | int") -> Polarity:
    """A Polarity from itself, its name ("HighIsGood", ...) or a Fingertips polarity id.

    Fingertips ids: 1 RAG high is good, 0 RAG low is good, 99 blue-orange-blue (no judgement),
    -1 not applicable.

    >>> as_polarity(0), as_polarity("NoJudgement")
    (<Polarity.LOW_IS_GOOD: 'LowIsGood'>, <Polarity.NO_JUDGEMENT: 'NoJudgement'>)
    """
    if isinstance(value, Polarity):
        return value
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        try:
            return _FINGERTIPS_IDS[int(value)]
        except KeyError:
            raise ValueError(f"unknown Fingertips polarity id {value!r}") from None
    try:
        return Polarity(value)
    except ValueError:
        names = ", ".join(p.value for p in Polarity)
        message = f"polarity must be one of {names} or a Fingertips id, not {value!r}"
        raise ValueError(message) from None


def _arrays(*values) -> list[np.ndarray]:
    return list(np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in values)))


def _label(direction: np.ndarray, pol: Polarity, missing: np.ndarray) -> np.ndarray:
    """Labels from raw directions: +1 higher, -1 lower, +2/-2 beyond 99.8%, 0 similar."""
    out = np.full(direction.shape, SIMILAR, dtype=object)
    if pol is Polarity.NOT_APPLICABLE:
        out[...] = NOT_COMPARED
        return out
    higher, lower, much_higher, much_lower = _LABELS[pol]
    out[direction == 1] = higher
    out[direction == -1] = lower
    out[direction == 2] = much_higher
    out[direction == -2] = much_lower
    out[missing] = NOT_COMPARED
    return out


def compare(
    value: Iterable[float] | np.ndarray | float,
    lower: Iterable[float] | np.ndarray | float,
    upper: Iterable[float] | np.ndarray | float,
    comparator_value: Iterable[float] | np.ndarray | float,
    polarity: "Polarity | str | int" = Polarity.NO_JUDGEMENT,
) -> np.ndarray:
    """Compare each area with a comparator by whether its interval contains the comparator value.

    Fingertips rule ("confidence intervals overlapping reference value", at 95.0 or 99.8 —
    pass that level's limits): lower <= comparator <= upper (inclusive) is Similar; upper <
    comparator is lower; lower > comparator is higher. The comparator is a point value (e.g.
    England's), not an interval. Missing value, limit or comparator (NaN) gives "Not compared",
    as does polarity "not applicable". Arrays broadcast.

    >>> compare([12.0, 9.0, 15.0], [10.5, 8.0, 12.0], [13.0, 9.9, 18.0], 10.0, "LowIsGood").tolist()
    ['Worse', 'Better', 'Worse']
    >>> compare([10.0, float("nan")], [9.0, 9.0], [11.0, 11.0], 10.0).tolist()
    ['Similar', 'Not compared']
    """
    pol = as_polarity(polarity)
    v, lo, up, ref = _arrays(value, lower, upper, comparator_value)
    direction = np.zeros(v.shape, dtype=int)
    direction[up < ref] = -1
    direction[lo > ref] = 1
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(up) | np.isnan(ref)
    return _label(direction, pol, missing)


def compare_two_levels(
    value,
    lower95,
    upper95,
    lower998,
    upper998,
    comparator_value,
    polarity: "Polarity | str | int" = Polarity.NO_JUDGEMENT,
) -> np.ndarray:
    """Compare with both the 95% and 99.8% intervals (Fingertips method 17).

    Fingertips rule (FT-open ``SingleOverlappingCIsForTwoCILevelsComparer``): all four limits
    are needed, else "Not compared". Comparator inside [L95, U95] -> Similar; L99.8 <=
    comparator <= L95 -> higher at 95% only; U95 <= comparator <= U99.8 -> lower at 95% only;
    otherwise beyond 99.8%: lower if the value is below the comparator, else higher. For RAG
    polarities the labels beyond 99.8% are "Best" / "Worst" (as the Fingertips web front end
    shows them); with no judgement both levels give "Higher" / "Lower".

    >>> compare_two_levels([14.0, 11.5], [12.0, 10.2], [16.0, 12.8], [11.0, 9.5], [17.0, 13.6],
    ...                    10.0, "HighIsGood").tolist()
    ['Best', 'Better']
    """
    pol = as_polarity(polarity)
    v, l95, u95, l998, u998, ref = _arrays(
        value, lower95, upper95, lower998, upper998, comparator_value
    )
    beyond = np.where(v < ref, -2, 2)
    direction = np.select(
        [(l95 <= ref) & (ref <= u95), (l998 <= ref) & (ref <= l95), (u95 <= ref) & (ref <= u998)],
        [0, 1, -1],
        default=beyond,
    )
    missing = np.isnan(v) | np.isnan(l95) | np.isnan(u95) | np.isnan(l998) | np.isnan(u998)
    missing |= np.isnan(ref)
    return _label(direction, pol, missing)


def compare_spc_proportion(
    count,
    denominator,
    comparator_value,
    *,
    level: float = 0.95,
    multiplier: float = 100,
    polarity: "Polarity | str | int" = Polarity.NO_JUDGEMENT,
) -> np.ndarray:
    """Fingertips' SPC comparison for proportions (method 5): control limits around the comparator.

    Fingertips rule (FT-open ``SpcForProportionsComparer``): with P0 = comparator /
    ``multiplier`` and E = N P0 for the area's denominator N, the limits are Wilson's for E out
    of N; the area's proportion x/N above the upper limit is higher, below the lower limit
    lower, else Similar. Missing count, denominator or comparator gives "Not compared".

    >>> compare_spc_proportion([30, 12, 18], [100, 100, 100], 20.0).tolist()
    ['Higher', 'Lower', 'Similar']
    """
    pol = as_polarity(polarity)
    x, n, ref = _arrays(count, denominator, comparator_value)
    expected = n * ref / multiplier
    lower, upper = wilson_limits(expected, n, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
    direction = np.zeros(x.shape, dtype=int)
    direction[p < lower] = -1
    direction[p > upper] = 1
    missing = np.isnan(x) | ~(n > 0) | np.isnan(ref)
    return _label(direction, pol, missing)


_QUINTILE_LABELS = {
    Polarity.HIGH_IS_GOOD: ("Worst", "Worse", "Middle", "Better", "Best"),
    Polarity.LOW_IS_GOOD: ("Best", "Better", "Middle", "Worse", "Worst"),
    Polarity.NO_JUDGEMENT: ("Lowest", "Low", "Middle", "High", "Highest"),
}


def quintiles(
    values: Iterable[float] | np.ndarray,
    polarity: "Polarity | str | int" = Polarity.NO_JUDGEMENT,
) -> np.ndarray:
    """Quintile of each value among the valid (non-NaN) values, labelled by polarity.

    Fingertips rule (FT-open ``QuintilesComparer``, ``ValueCategoriesCalculator``): at least 5
    valid values, else all "Not compared"; bounds [min, P20, P40, P60, P80, max] with percentile
    position h = (k - 1) f + 1 interpolated linearly (Excel PERCENTILE.INC) and rounded to 10
    decimal places; a value's quintile is the first i in 1..5 with value <= bound_i. Labels, from
    the lowest values to the highest, use FT-Next's wording: high is good "Worst" ... "Best", low
    is good "Best" ... "Worst", no judgement "Lowest", "Low", "Middle", "High", "Highest".
    (FT-Next itself uses SQL NTILE(5), which differs with ties or counts not a multiple of 5.)

    >>> quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "HighIsGood").tolist()
    ['Worst', 'Worst', 'Worse', 'Worse', 'Middle', 'Middle', 'Better', 'Better', 'Best', 'Best']
    """
    pol = as_polarity(polarity)
    v = np.atleast_1d(np.asarray(values, dtype=float))
    valid = ~np.isnan(v)
    out = np.full(v.shape, NOT_COMPARED, dtype=object)
    if pol is Polarity.NOT_APPLICABLE or valid.sum() < 5:
        return out
    bounds = np.round(np.percentile(v[valid], [20, 40, 60, 80, 100]), 10)
    # First i with value <= bound_i (0-based here); the max rounded to 10 dp is clipped back.
    index = np.minimum(np.searchsorted(bounds, v[valid], side="left"), 4)
    out[valid] = np.asarray(_QUINTILE_LABELS[pol], dtype=object)[index]
    return out
