"""Crude rates with Byar's or exact Poisson limits, as ``phe_rate`` (PHEindicatormethods 2.0.0).

Also the Poisson limit helpers for a count, shared with the standardised methods (DSR, ISR):
:func:`byars_lower`, :func:`byars_upper`, :func:`exact_poisson_lower`,
:func:`exact_poisson_upper` and :func:`poisson_limits`, which picks between them as the
reference does (exact below 10 events, Byar's from 10).
"""

from collections.abc import Iterable

import numpy as np
from scipy import stats as _scipy_stats

from joinedup.stats.result import DEFAULT_LEVELS, Estimates, normal_quantile

__all__ = [
    "EXACT_BELOW",
    "byars_lower",
    "byars_upper",
    "exact_poisson_lower",
    "exact_poisson_upper",
    "poisson_limits",
    "poisson_methods",
    "rate",
]

EXACT_BELOW = 10
"""Counts below this get exact Poisson limits, counts from it Byar's (PIM-2.0.0 threshold 10)."""


def _fail_where(bad: np.ndarray, message: str, values: np.ndarray, name: str) -> None:
    """Raise ValueError naming the (first few) group indexes where ``bad`` holds."""
    if not bad.any():
        return
    where = np.flatnonzero(bad)
    shown = ", ".join(f"group {i} ({name} {values[i]:g})" for i in where[:5])
    more = f" and {where.size - 5} more" if where.size > 5 else ""
    raise ValueError(f"{message}: {shown}{more}")


def _counts(count) -> np.ndarray:
    o = np.atleast_1d(np.asarray(count, dtype=float))
    # Reference rule (PIM-2.0.0 byars_lower/byars_upper): negative counts are an error.
    _fail_where(o < 0, "observed events must all be greater than or equal to zero", o, "count")
    return o


def byars_lower(count: Iterable[float] | np.ndarray, level: float = 0.95) -> np.ndarray:
    """Byar's lower confidence limit for a Poisson count O (Breslow & Day 1987).

    O_L = O (1 - 1/(9 O) - z / (3 sqrt(O)))^3. A negative result (small O, high level) is blank
    (NaN), as the reference sets it to NA; O = 0 is blank too (the formula is 0 x -inf).

    >>> [round(float(v), 6) for v in byars_lower([65, 1045, 1])]
    [50.163188, 982.593202, 0.013072]
    >>> bool(np.isnan(byars_lower([1], 0.998)[0]))
    True
    """
    o = _counts(count)
    z = normal_quantile(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
    # Reference rule: "set negative values to NA".
    lower[~(lower >= 0)] = np.nan
    return lower


def byars_upper(count: Iterable[float] | np.ndarray, level: float = 0.95) -> np.ndarray:
    """Byar's upper confidence limit for a Poisson count O (Breslow & Day 1987).

    O_U = (O + 1) (1 - 1/(9 (O + 1)) + z / (3 sqrt(O + 1)))^3.

    >>> [round(float(v), 6) for v in byars_upper([65, 1045, 1])]
    [82.849139, 1110.331213, 5.563756]
    """
    o = _counts(count) + 1
    z = normal_quantile(level)
    return o * (1 - 1 / (9 * o) + z / (3 * np.sqrt(o))) ** 3


def exact_poisson_lower(count: Iterable[float] | np.ndarray, level: float = 0.95) -> np.ndarray:
    """Exact (chi-square) lower confidence limit for a Poisson count O: chi2^-1(alpha/2; 2O) / 2.

    O = 0 gives 0: R's ``qchisq(p, df = 0)`` is 0, where SciPy gives NaN.

    >>> [round(float(v), 6) for v in exact_poisson_lower([0, 1, 5])]
    [0.0, 0.025318, 1.623486]
    """
    o = _counts(count)
    alpha = 1 - level
    normal_quantile(level)  # validates the level
    with np.errstate(invalid="ignore"):
        lower = _scipy_stats.chi2.ppf(alpha / 2, 2 * o) / 2
    # Reference rule (R's qchisq with df = 0): the lower limit of a zero count is 0.
    return np.where(o == 0, 0.0, lower)


def exact_poisson_upper(count: Iterable[float] | np.ndarray, level: float = 0.95) -> np.ndarray:
    """Exact (chi-square) upper confidence limit for a Poisson count O.

    O_U = chi2^-1(1 - alpha/2; 2O + 2) / 2.

    >>> [round(float(v), 6) for v in exact_poisson_upper([0, 1, 5])]
    [3.688879, 5.571643, 11.668332]
    """
    o = _counts(count)
    alpha = 1 - level
    normal_quantile(level)  # validates the level
    return _scipy_stats.chi2.ppf(1 - alpha / 2, 2 * o + 2) / 2


def poisson_methods(count: Iterable[float] | np.ndarray) -> np.ndarray:
    """Which limits :func:`poisson_limits` uses for each count: "Exact", "Byars" or "" (missing).

    >>> poisson_methods([0, 9, 10, float("nan")]).tolist()
    ['Exact', 'Exact', 'Byars', '']
    """
    o = _counts(count)
    methods = np.where(o < EXACT_BELOW, "Exact", "Byars").astype(object)
    methods[np.isnan(o)] = ""
    return methods


def poisson_limits(
    count: Iterable[float] | np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence limits (lower, upper) for Poisson counts, as the reference picks them.

    Reference rule (PIM-2.0.0 ``phe_rate``, ``calculate_ISRatio``, ``calculate_ISRate``):
    counts below 10 get exact chi-square limits, counts of 10 or more Byar's. The limits are
    for the COUNT: divide by the denominator (or expected count) and scale as needed. A
    missing (NaN) count gives NaN limits; negative counts raise ValueError.

    >>> lower, upper = poisson_limits([1, 20], 0.95)
    >>> [round(float(v), 4) for v in lower], [round(float(v), 4) for v in upper]
    ([0.0253, 12.2114], [5.5716, 30.8899])
    """
    o = _counts(count)
    small = o < EXACT_BELOW  # False for NaN
    large = o >= EXACT_BELOW
    lower = np.full(o.shape, np.nan)
    upper = np.full(o.shape, np.nan)
    # Each method runs only on the groups it applies to: the chi-square quantiles of the exact
    # limits are costly, and at national scale most groups have 10 or more events. Small
    # counts take few distinct values (0 to 9, for whole counts): each is worked out once.
    if small.any():
        values, inverse = np.unique(o[small], return_inverse=True)
        lower[small] = exact_poisson_lower(values, level)[inverse]
        upper[small] = exact_poisson_upper(values, level)[inverse]
    lower[large] = byars_lower(o[large], level)
    upper[large] = byars_upper(o[large], level)
    return lower, upper


def rate(
    numerator: Iterable[float] | np.ndarray,
    denominator: Iterable[float] | np.ndarray,
    *,
    levels: Iterable[float] = DEFAULT_LEVELS,
    multiplier: float = 100000,
) -> Estimates:
    """Crude rate x/n x ``multiplier`` per group, with Poisson limits at each level.

    Rules, as ``phe_rate``: counts below 10 get exact chi-square limits, 10 or more Byar's
    (:func:`poisson_limits`; ``Estimates.method`` is "Byars" or "Exact" when all groups agree,
    else "Byars, exact below 10"; per group see :func:`poisson_methods`). x < 0 or n <= 0 raise
    ValueError naming the group indexes (the reference stops); missing values are skipped by the
    checks and give blank value and limits with a note. x may exceed n (a rate, not a
    proportion).

    >>> est = rate([1, 20], [100, 100], levels=(0.95,), multiplier=100)
    >>> [round(float(v), 4) for v in est.limits[0.95][1]]
    [5.5716, 30.8899]
    >>> est.method
    'Byars, exact below 10'
    """
    x = np.atleast_1d(np.asarray(numerator, dtype=float))
    n = np.atleast_1d(np.asarray(denominator, dtype=float))
    if x.shape != n.shape:
        raise ValueError(
            f"numerator and denominator must have one value per group: {x.shape} != {n.shape}"
        )
    # Reference validation (PIM-2.0.0 phe_rate): errors, not blanks; NA is skipped.
    _fail_where(x < 0, "numerators must be greater than or equal to zero", x, "numerator")
    _fail_where(n <= 0, "denominators must be greater than zero", n, "denominator")

    value = x / n * multiplier
    limits = {}
    for level in levels:
        lower, upper = poisson_limits(x, level)
        limits[level] = (lower / n * multiplier, upper / n * multiplier)

    methods = set(poisson_methods(x[~np.isnan(x)]).tolist())
    method = methods.pop() if len(methods) == 1 else "Byars, exact below 10"

    # Reference rule: NA x or n gives NA value and limits (NaN propagates above).
    note = np.full(x.shape, "", dtype=object)
    note[np.isnan(n)] = "denominator is missing"
    note[np.isnan(x)] = "numerator is missing"
    note[np.isnan(x) & np.isnan(n)] = "numerator and denominator are missing"
    return Estimates(method=method, value=value, limits=limits, note=note, count=x, denominator=n)
