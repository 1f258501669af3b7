"""Funnel plot control limits and significance, as PHEindicatormethods 2.0.0 ``R/Funnels.R``.

:func:`calculate_funnel_limits` gives the 100 points of the funnel lines (95% "2s" and 99.8%
"3s" limits around the overall average) for proportions, ratios and rates;
:func:`assign_funnel_significance` says, for each area, whether it lies outside them.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import stats as _scipy_stats

from joinedup.stats.rate import poisson_limits
from joinedup.stats.result import normal_quantile

__all__ = [
    "SIGNIFICANCE_LEVELS",
    "FunnelLimits",
    "assign_funnel_significance",
    "calculate_funnel_limits",
    "poisson_funnel",
]

# The funnels' two levels: "2s" = 95% (tail 0.025 each side), "3s" = 99.8% (tail 0.001).
_LEVELS = {0.95: ("2s", 0.025), 0.998: ("3s", 0.001)}

SIGNIFICANCE_LEVELS = (
    "High (0.001)",
    "High (0.025)",
    "Low (0.001)",
    "Low (0.025)",
    "Not significant",
    "Not applicable for events less than 10 for dsrs",
)
"""The labels :func:`assign_funnel_significance` gives, in the reference's factor order."""


@dataclass(frozen=True)
class FunnelLimits:
    """The points of a funnel plot's control limits (100 of them), as the reference's table.

    ``points`` is the reference's first column (``Population`` for proportions,
    ``Observed_events`` for ratios, ``Events`` for rates). ``limits`` maps 0.95 ("2s") and
    0.998 ("3s") to (lower, upper) arrays. ``limit_denominators`` (ratios and rates) gives the
    x position of each limit point: the expected events (ratios) or the population per year
    (rates). ``baseline`` is the average x multiplier (none for ratios).
    """

    kind: str
    statistic: str
    method: str
    points: np.ndarray
    limits: dict[float, tuple[np.ndarray, np.ndarray]]
    limit_denominators: dict[float, tuple[np.ndarray, np.ndarray]] | None = None
    baseline: float | None = None

    def columns(self) -> dict[str, np.ndarray]:
        """The reference's columns (``type = "standard"``), by name, in its order."""
        first = {"proportion": "Population", "ratio": "Observed_events", "rate": "Events"}
        middle = {"ratio": "exp_events", "rate": "population_1_year"}
        out = {first[self.kind]: self.points}
        for level, (tag, _) in _LEVELS.items():
            for side, i in (("lower", 0), ("upper", 1)):
                if self.limit_denominators is not None:
                    out[f"{side}_{tag}_{middle[self.kind]}"] = self.limit_denominators[level][i]
                out[f"{side}_{tag}_limit"] = self.limits[level][i]
        if self.baseline is not None:
            out["baseline"] = np.full(self.points.shape, self.baseline)
        return out


def _floats(values, name: str) -> np.ndarray:
    a = np.atleast_1d(np.asarray(values, dtype=float))
    if np.isnan(a).any():
        # The reference's sums and minima would turn the whole funnel into NA.
        raise ValueError(f"{name} must not be missing: groups {np.flatnonzero(np.isnan(a))[:5]}")
    return a


def _fail_where(bad: np.ndarray, message: str) -> None:
    if bad.any():
        where = ", ".join(str(i) for i in np.flatnonzero(bad)[:5])
        raise ValueError(f"{message}: group(s) {where}")


def _sigma_adjustment(p: float, population, average, side: str, multiplier: float) -> np.ndarray:
    """The reference's ``sigma_adjustment``: the proportion whose Wilson limit at ``population``
    equals ``average`` (an inverted Wilson interval), written as the R code writes it."""
    q2 = normal_quantile(2 * p - 1) ** 2  # qnorm(p)^2 for p = 0.975 or 0.999
    n = np.asarray(population, dtype=float)
    first_part = average * (n / q2 + 1)
    with np.errstate(invalid="ignore"):
        adj = np.sqrt(
            (-8 * average * (n / q2 + 1)) ** 2
            - 64
            * (1 / q2 + 1 / n)
            * average
            * (n * (average * (n / q2 + 2) - 1) + q2 * (average - 1))
        )
    last_part = 1 / q2 + 1 / n
    if side == "low":
        out = (first_part - adj / 8) / last_part
    else:
        out = (first_part + adj / 8) / last_part
    return out / n * multiplier


def _series_stop(mu: np.ndarray) -> np.ndarray:
    """Where the reference's Poisson series stops: the first k > mu whose term is at most 1e-10
    of the sum of the terms before it (vectorised bisection on k; the condition only turns from
    false to true as k grows past mu)."""
    lo = np.floor(mu) + 1
    hi = np.ceil(mu + 40 * np.sqrt(mu) + 100)
    while (hi > lo).any():
        mid = np.floor((lo + hi) / 2)
        done = _scipy_stats.poisson.pmf(mid, mu) <= 1e-10 * _scipy_stats.poisson.cdf(mid - 1, mu)
        hi = np.where(done, mid, hi)
        lo = np.where(done, lo, mid + 1)
    return lo


def _series_tail(mu: np.ndarray, observed: np.ndarray, side: str) -> np.ndarray:
    """The reference's ``poisson_cis``: a Poisson probability from its series, summed from k = 0
    until k > mu and the next term is below 1e-10 of the running total, and divided by that
    (truncated) total. The truncation shifts the tail probability by up to ~1e-6 relative, which
    can flip a bisection step, so it is reproduced: with K the first term left out, the sum of
    terms a..b over the sum of terms 0..K-1 is P(a <= X <= min(b, K-1)) / P(X <= K-1).
    """
    stop = _series_stop(mu)
    kept = _scipy_stats.poisson.cdf(stop - 1, mu)
    if side == "low":  # terms observed..infinity: P(X >= O)
        part = _scipy_stats.poisson.sf(observed - 1, mu) - _scipy_stats.poisson.sf(stop - 1, mu)
    else:  # terms 0..observed: P(X <= O)
        part = _scipy_stats.poisson.cdf(np.minimum(observed, stop - 1), mu)
    return np.maximum(part, 0.0) / kept


def poisson_funnel(observed: Iterable[float] | np.ndarray, p: float, side: str) -> np.ndarray:
    """Poisson mean at which an observed count is just significant, found as the reference does.

    ``side="high"``: the mean mu with P(X <= O | mu) = p; ``side="low"``: P(X >= O | mu) = p
    (mathematically chi2^-1(1-p; 2O+2)/2 and chi2^-1(p; 2O)/2). Reference rule: the
    reference (and Fingertips' ``PoisLow``/``PoisHigh``) finds these by bisection on
    v in (0, 1) with mu = (1 + O) v / (1 - v), halving the step from 0.5 until it is at most
    1e-7, with tail probabilities from a truncated series; the result differs from the exact
    quantile by up to ~5e-5 relative, so the bisection and the series' truncation are copied
    (vectorised over all counts at once) to match the reference's numbers.

    >>> round(float(poisson_funnel([1], 0.025, "low")[0]), 9)
    0.025317898
    """
    if side not in ("low", "high"):
        raise ValueError(f'side must be "low" or "high", not {side!r}')
    o = np.atleast_1d(np.asarray(observed, dtype=float))
    v = np.full(o.shape, 0.5)
    dv = 0.5
    while dv > 1e-7:
        dv /= 2
        tail = _series_tail((1 + o) * v / (1 - v), o, side)
        down = tail > p if side == "low" else tail < p
        v = np.where(down, v - dv, v + dv)
    return (1 + o) * v / (1 - v)


def _r_nchar(value: float) -> int:
    """Length of R's ``as.character`` of a whole number: R writes 100000 as "1e+05" (5 chars)
    when the scientific form is shorter than the fixed one. The reference's axis rounding
    counts these characters, so copy it."""
    if value == 0:
        return 1
    digits = f"{abs(value):.0f}"
    significant = len(digits.rstrip("0"))
    exponent = len(digits) - 1
    sci = significant + (1 if significant > 1 else 0) + 2 + max(2, len(str(exponent)))
    sign = 1 if value < 0 else 0
    return sign + (sci if len(digits) > sci else len(digits))


def _signif_floor(x: float) -> float:
    """The reference's ``signif.floor``: 95% of x rounded down to one significant figure."""
    if x == 0:
        return 0.0
    n = _r_nchar(math.floor(x * 0.95)) - 1
    return math.floor(x * 0.95 / 10.0**n) * 10.0**n


def _signif_ceiling(x: float) -> float:
    """The reference's ``signif.ceiling``: 105% of x rounded up to two significant figures."""
    if x == 0:
        return 0.0
    n = _r_nchar(math.ceil(x * 1.05)) - 2
    return math.ceil(x * 1.05 / 10.0**n) * 10.0**n


def _axis_points(axis_min: float, axis_max: float, ratio: bool) -> np.ndarray:
    """The reference's 100 x positions, spaced geometrically from max(1, axis_min) to axis_max.

    Each depends on the one before, so this is a loop of 99 steps for the one funnel (not a
    loop per group). ``round`` is R's (half to even, as NumPy's).
    """
    points = np.empty(100)
    points[0] = max(1.0, axis_min)
    for j in range(2, 101):
        offset = j - 1 if ratio else j  # the reference's offset differs for ratios
        prev = points[j - 2]
        points[j - 1] = max(np.round((axis_max / prev) ** (1 / (101 - offset)) * prev), prev + 1)
    return points


def _derived_denominator(o, rate, denominator, rate_type, multiplier) -> np.ndarray:
    r = np.atleast_1d(np.asarray(rate, dtype=float))
    if r.shape != o.shape:
        raise ValueError("numerator and rate must have one value per area")
    # The rate is not used where there are no events (a DSR is often blank there).
    _fail_where(np.isnan(r) & (o != 0), "rates must not be missing where there are events")
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = multiplier * o / r
    if rate_type == "dsr":
        # Reference rule: a DSR with no events gives no denominator (NA).
        return np.where(o == 0, np.nan, derived)
    if rate_type == "crude":
        if denominator is None:
            return derived
        # Reference rule: a crude rate with no events uses the supplied denominator.
        return np.where(o == 0, _floats(denominator, "denominator"), derived)
    raise ValueError(f'rate_type must be "dsr" or "crude", not {rate_type!r}')


def _check_rate_inputs(o, denominator, rate, rate_type, multiplier) -> None:
    if rate is None or rate_type is None or multiplier is None:
        raise ValueError("rates need a rate, a rate_type and a multiplier")
    if (o == 0).any() and denominator is None:
        raise ValueError(
            "for rates, where there are 0 events for a record, the denominator is needed"
        )


def calculate_funnel_limits(
    numerator: Iterable[float] | np.ndarray,
    denominator: Iterable[float] | np.ndarray | None = None,
    *,
    statistic: str,
    rate: Iterable[float] | np.ndarray | None = None,
    multiplier: float = 100,
    ratio_type: str | None = None,
    rate_type: str | None = None,
    years_of_data: float | None = None,
) -> FunnelLimits:
    """Funnel plot control limits (100 points) at 95% and 99.8%, as ``calculate_funnel_limits``.

    - ``statistic="proportion"``: numerator and denominator per area; Wilson-based limits
      around the overall proportion, x ``multiplier``, clamped to [0, 100] (the reference clamps
      at 100 whatever the multiplier).
    - ``statistic="ratio"``: observed and expected per area; exact Poisson limits (by the
      reference's bisection) of the ratio; ``ratio_type="count"`` subtracts 1, ``"isr"``
      multiplies by 100.
    - ``statistic="rate"``: events and rate (and the denominator where an area has no events);
      ``rate_type`` "dsr" or "crude"; ``years_of_data`` divides the population axis.

    >>> f = calculate_funnel_limits([30, 50, 70], [100, 200, 300], statistic="proportion")
    >>> f.points[:3].tolist(), round(f.baseline, 4)
    ([1.0, 2.0, 3.0], 25.0)
    """
    kind = statistic
    o = _floats(numerator, "numerator")
    # Reference validation: no negative numerators; proportions and ratios need a denominator.
    _fail_where(o < 0, "numerators must be greater than or equal to zero")
    if kind in ("proportion", "ratio"):
        if denominator is None:
            raise ValueError("proportions and ratios need a denominator")
        derived = _floats(denominator, "denominator")
        if derived.shape != o.shape:
            raise ValueError("numerator and denominator must have one value per area")
        if kind == "ratio" and ratio_type not in ("count", "isr"):
            raise ValueError(f'ratio_type must be "count" or "isr", not {ratio_type!r}')
    elif kind == "rate":
        _check_rate_inputs(o, denominator, rate, rate_type, multiplier)
        if years_of_data is None:
            raise ValueError("years_of_data is required for rates")
        derived = _derived_denominator(o, rate, denominator, rate_type, multiplier)
    else:
        raise ValueError(f'statistic must be "proportion", "ratio" or "rate", not {statistic!r}')

    # Reference: the average is sum(numerator) / sum(derived denominator, NA removed).
    average = o.sum() / np.nansum(derived)
    dmin, dmax = float(np.nanmin(derived)), float(np.nanmax(derived))

    # Axis (reference rule): start at 0 when the denominators vary more than two-fold, else
    # at 95% of the smallest rounded down to 1 significant figure; end at 105% of the largest
    # rounded up to 2 significant figures. For rates per year of data, then in events.
    years = years_of_data if kind == "rate" else 1
    axis_min = 0.0 if dmax > 2 * dmin else _signif_floor(dmin / years) * years
    axis_max = _signif_ceiling(dmax / years) * years
    if kind == "rate":
        axis_min = math.floor(axis_min * average)
        axis_max = math.ceil(axis_max * average)
    points = _axis_points(axis_min, axis_max, ratio=kind == "ratio")

    limits: dict[float, tuple[np.ndarray, np.ndarray]] = {}
    if kind == "proportion":
        for level, (_, tail) in _LEVELS.items():
            p = 1 - tail
            lower = np.maximum(0, _sigma_adjustment(p, points, average, "low", multiplier))
            upper = np.minimum(100, _sigma_adjustment(p, points, average, "high", multiplier))
            limits[level] = (lower, upper)
        return FunnelLimits(
            kind="proportion",
            statistic="proportion",
            method="Wilson",
            points=points,
            limits=limits,
            baseline=float(average * multiplier),
        )

    denominators: dict[float, tuple[np.ndarray, np.ndarray]] = {}
    for level, (_, tail) in _LEVELS.items():
        # The lower limit uses the mean at which O is just in the upper tail, and vice versa.
        mu_for_lower = poisson_funnel(points, tail, "high")
        mu_for_upper = poisson_funnel(points, tail, "low")
        if kind == "ratio":
            lower, upper = points / mu_for_lower, points / mu_for_upper
            if ratio_type == "count":
                lower, upper = lower - 1, upper - 1
            else:
                lower, upper = lower * 100, upper * 100
            denominators[level] = (mu_for_lower, mu_for_upper)
        else:
            pop_lower, pop_upper = mu_for_lower / average, mu_for_upper / average
            lower = points / pop_lower * multiplier
            upper = points / pop_upper * multiplier
            denominators[level] = (pop_lower / years_of_data, pop_upper / years_of_data)
        limits[level] = (lower, upper)
    if kind == "ratio":
        return FunnelLimits(
            kind="ratio",
            statistic=f"ratio ({ratio_type})",
            method="Poisson",
            points=points,
            limits=limits,
            limit_denominators=denominators,
        )
    return FunnelLimits(
        kind="rate",
        statistic=f"rate ({rate_type} per {multiplier:,.15g})",
        method="Poisson",
        points=points,
        limits=limits,
        limit_denominators=denominators,
        baseline=float(average * multiplier),
    )


def assign_funnel_significance(
    numerator: Iterable[float] | np.ndarray,
    denominator: Iterable[float] | np.ndarray | None = None,
    *,
    statistic: str,
    rate: Iterable[float] | np.ndarray | None = None,
    rate_type: str | None = None,
    multiplier: float | None = None,
) -> np.ndarray:
    """Each area's position against the funnel, as ``assign_funnel_significance``.

    Returns one label per area from :data:`SIGNIFICANCE_LEVELS`. Reference rules:

    - proportion: the area's x/n against the inverted-Wilson limits at N = n around the overall
      proportion; tested Low (0.001), Low (0.025), High (0.001), High (0.025) in that order.
    - ratio (observed, expected): the ratio's own limits (exact below 10 events, Byar's from
      10; 0 events has lower limit 0) against 1; tested High first, then Low.
    - rate: the same limits with the derived denominator (m x O / rate; for a crude rate with
      no events the supplied denominator; for a DSR with no events none, so "Not significant")
      against the weighted average; DSRs with fewer than 10 events are
      "Not applicable for events less than 10 for dsrs".

    >>> assign_funnel_significance([10, 50, 90], [100, 100, 100], statistic="proportion").tolist()
    ['Low (0.001)', 'Not significant', 'High (0.001)']
    """
    o = _floats(numerator, "numerator")
    _fail_where(o < 0, "numerators must be greater than or equal to zero")
    n = None if denominator is None else _floats(denominator, "denominator")
    if n is not None:
        _fail_where(n <= 0, "denominators must be greater than zero")
    labels = np.full(o.shape, "Not significant", dtype=object)

    if statistic == "proportion":
        if n is None:
            raise ValueError("proportions need a denominator")
        _fail_where(
            o > n, "numerators must be less than or equal to denominator for a proportion statistic"
        )
        average = o.sum() / n.sum()
        p = o / n
        rules = [
            (p > _sigma_adjustment(0.975, n, average, "high", 1), "High (0.025)"),
            (p > _sigma_adjustment(0.999, n, average, "high", 1), "High (0.001)"),
            (p < _sigma_adjustment(0.975, n, average, "low", 1), "Low (0.025)"),
            (p < _sigma_adjustment(0.999, n, average, "low", 1), "Low (0.001)"),
        ]
    elif statistic in ("ratio", "rate"):
        if statistic == "ratio":
            if n is None:
                raise ValueError("ratios need a denominator (the expected count)")
            base, target = n, 1.0
        else:
            _check_rate_inputs(o, n, rate, rate_type, multiplier)
            base = _derived_denominator(o, rate, n, rate_type, multiplier)
            target = o.sum() / np.nansum(base)
        lower95, upper95 = poisson_limits(o, 0.95)
        lower998, upper998 = poisson_limits(o, 0.998)
        with np.errstate(invalid="ignore", divide="ignore"):
            rules = [
                (target > upper95 / base, "Low (0.025)"),
                (target > upper998 / base, "Low (0.001)"),
                (target < lower95 / base, "High (0.025)"),
                (target < lower998 / base, "High (0.001)"),
            ]
    else:
        raise ValueError(f'statistic must be "proportion", "ratio" or "rate", not {statistic!r}')

    # Rules are listed from the last the reference tests to the first, so the first that holds
    # (in the reference's order) is written last and wins; NaN comparisons are False, as NA
    # conditions are in R's case_when.
    for holds, label in rules:
        labels[holds] = label
    if statistic == "rate" and rate_type == "dsr":
        # Reference rule: DSRs of fewer than 10 events are not assessed.
        labels[o < 10] = "Not applicable for events less than 10 for dsrs"
    return labels
