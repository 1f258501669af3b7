"""Means with Student's t confidence limits, as ``phe_mean`` (PHEindicatormethods 2.0.0).

Two ways in: individual values with a group code each (:func:`summarise_values`, then
:func:`mean_from_summary`, or :func:`mean` for both steps), or per-group summaries already made
elsewhere (:func:`mean_from_summary`: sum, number of values, standard deviation).
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import stats as _scipy_stats

from joinedup.stats.result import DEFAULT_LEVELS, Estimates, normal_quantile

__all__ = ["MeanSummary", "mean", "mean_from_summary", "summarise_values"]


@dataclass(frozen=True)
class MeanSummary:
    """Per-group summary of individual values: the reference's value_sum, value_count, stdev."""

    total: np.ndarray
    count: np.ndarray
    sd: np.ndarray


def summarise_values(
    values: Iterable[float] | np.ndarray,
    groups: Iterable[int] | np.ndarray | None = None,
    *,
    n_groups: int | None = None,
) -> MeanSummary:
    """Sum, number and sample standard deviation of the values in each group (vectorised).

    ``groups`` holds one integer code 0..G-1 per value (e.g. from ``pandas.factorize``); None
    means one group. Reference rules (PIM-2.0.0 ``phe_mean``): a missing value (NaN) still
    counts in the number of values and makes the group's sum and sd missing; the sd has divisor
    k - 1, so a group of one value has a missing sd. Groups with no values (codes below
    ``n_groups`` that never occur) have count 0 and a missing sum and sd.

    >>> s = summarise_values([1.0, 2.0, 3.0, 10.0, 20.0], [0, 0, 0, 1, 1])
    >>> s.total.tolist(), s.count.tolist(), [round(float(v), 4) for v in s.sd]
    ([6.0, 30.0], [3, 2], [1.0, 7.0711])
    """
    x = np.atleast_1d(np.asarray(values, dtype=float))
    if groups is None:
        codes = np.zeros(x.shape, dtype=np.intp)
    else:
        codes = np.atleast_1d(np.asarray(groups))
        if codes.shape != x.shape:
            raise ValueError(f"one group code per value is needed: {codes.shape} != {x.shape}")
        if codes.size and not np.issubdtype(codes.dtype, np.integer):
            raise ValueError("group codes must be integers 0..G-1 (see pandas.factorize)")
        if codes.size and codes.min() < 0:
            raise ValueError("group codes must not be negative")
    size = int(codes.max()) + 1 if codes.size else 0
    if n_groups is not None:
        if n_groups < size:
            raise ValueError(f"a group code is {size - 1}, beyond n_groups={n_groups}")
        size = n_groups
    count = np.bincount(codes, minlength=size)
    # np.bincount's weighted sums propagate NaN, as R's sum() does without na.rm.
    total = np.bincount(codes, weights=x, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = total / count
        squares = np.bincount(codes, weights=(x - centre[codes]) ** 2, minlength=size)
        sd = np.sqrt(squares / (count - 1))
    # Reference rule: sd of a single value is NA (R's sd() with k - 1 = 0); empty groups too.
    sd[count < 2] = np.nan
    total = np.where(count == 0, np.nan, total)
    return MeanSummary(total=total, count=count, sd=sd)


def mean_from_summary(
    total: Iterable[float] | np.ndarray,
    count: Iterable[float] | np.ndarray,
    sd: Iterable[float] | np.ndarray,
    *,
    levels: Iterable[float] = DEFAULT_LEVELS,
) -> Estimates:
    """Mean = total / count per group, with Student's t limits.

    Limits: mean -/+ t(1 - alpha/2; k - 1) sd / sqrt(k).

    ``Estimates.count`` is the total (value_sum) and ``denominator`` the number of values
    (value_count). Reference rule: one value gives blank limits (no degrees of freedom); no
    values gives a blank value.

    >>> est = mean_from_summary([429.63476], [8], [20.975575], levels=(0.95,))
    >>> round(float(est.value[0]), 6), round(float(est.limits[0.95][0][0]), 4)
    (53.704345, 36.1683)
    """
    s = np.atleast_1d(np.asarray(total, dtype=float))
    k = np.atleast_1d(np.asarray(count, dtype=float))
    sd_ = np.atleast_1d(np.asarray(sd, dtype=float))
    if not s.shape == k.shape == sd_.shape:
        raise ValueError("total, count and sd must have one value per group")
    if (k < 0).any() or (sd_ < 0).any():
        raise ValueError("counts and standard deviations must not be negative")
    with np.errstate(invalid="ignore", divide="ignore"):
        value = s / k
        value[k == 0] = np.nan
        limits = {}
        df = np.where(k >= 2, k - 1, np.nan)
        for level in levels:
            normal_quantile(level)  # validates the level
            half = _scipy_stats.t.ppf(1 - (1 - level) / 2, df) * sd_ / np.sqrt(k)
            limits[level] = (value - half, value + half)
    note = np.full(s.shape, "", dtype=object)
    note[np.isnan(sd_)] = "standard deviation is missing"
    note[np.isnan(s)] = "a value is missing"
    note[(k == 1) & ~np.isnan(s)] = "only one value: no confidence limits"
    note[k == 0] = "no values"
    return Estimates(
        method="Student's t-distribution",
        value=value,
        limits=limits,
        note=note,
        count=s,
        denominator=k,
    )


def mean(
    values: Iterable[float] | np.ndarray,
    groups: Iterable[int] | np.ndarray | None = None,
    *,
    n_groups: int | None = None,
    levels: Iterable[float] = DEFAULT_LEVELS,
) -> Estimates:
    """Mean of the individual values in each group (codes 0..G-1), with Student's t limits.

    :func:`summarise_values` then :func:`mean_from_summary`; the result is indexed by group code.

    >>> est = mean([1.0, 2.0, 3.0, 10.0, 20.0], [0, 0, 0, 1, 1], levels=(0.95,))
    >>> est.value.tolist(), est.denominator.tolist()
    ([2.0, 15.0], [3.0, 2.0])
    """
    summary = summarise_values(values, groups, n_groups=n_groups)
    return mean_from_summary(summary.total, summary.count, summary.sd, levels=levels)
