"""Proportions with Wilson score limits, as ``phe_proportion`` (PHEindicatormethods 2.0.0).

The value is x / n x multiplier; the limits are Wilson's score interval without continuity
correction (Wilson 1927), as in Fingertips.
"""

from collections.abc import Iterable

import numpy as np

from joinedup.stats.result import DEFAULT_LEVELS, Estimates, normal_quantile

__all__ = ["proportion", "wilson_limits"]


def _fail_where(bad: np.ndarray, message: str, values: np.ndarray, name: str) -> None:
    """Raise ValueError naming the (first few) group indexes where ``bad`` holds."""
    if not bad.any():
        return
    where = np.flatnonzero(bad)
    shown = ", ".join(f"group {i} ({name} {values[i]:g})" for i in where[:5])
    more = f" and {where.size - 5} more" if where.size > 5 else ""
    raise ValueError(f"{message}: {shown}{more}")


def wilson_limits(
    numerator: Iterable[float] | np.ndarray, denominator: Iterable[float] | np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits of the proportion x/n (as a fraction 0..1), at one confidence level.

    L, U = [2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))] / [2(n + z^2)]   (PIM-2.0.0 ``wilson_lower``,
    ``wilson_upper``). No validation here (see :func:`proportion`); NaN in gives NaN out.

    >>> lower, upper = wilson_limits([65], [100], 0.95)
    >>> round(float(lower[0]), 6), round(float(upper[0]), 6)
    (0.552544, 0.736358)
    """
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    z = normal_quantile(level)
    z2 = z * z
    with np.errstate(invalid="ignore", divide="ignore"):
        root = z * np.sqrt(z2 + 4 * x * (1 - x / n))
        lower = (2 * x + z2 - root) / (2 * (n + z2))
        upper = (2 * x + z2 + root) / (2 * (n + z2))
    # Reference rule: at x = 0 the lower limit is 0 and at x = n the upper limit is 1 (the
    # formula gives them only up to rounding); set them exactly.
    lower = np.where((x == 0) & (n > 0), 0.0, lower)
    upper = np.where(x == n, 1.0, upper)
    return lower, upper


def proportion(
    numerator: Iterable[float] | np.ndarray,
    denominator: Iterable[float] | np.ndarray,
    *,
    levels: Iterable[float] = DEFAULT_LEVELS,
    multiplier: float = 100,
) -> Estimates:
    """Proportion x/n x ``multiplier`` per group, with Wilson score limits at each level.

    One element per group (sum rows into groups first: the reference sums, so a missing row
    makes its group missing). Rules, as ``phe_proportion``:

    - x < 0, n <= 0 or x > n raise ValueError naming the group indexes (the reference stops with
      "numerators must be greater than or equal to zero", "denominators must be greater than
      zero", "numerators must be less than or equal to denominator for a proportion
      statistic"); missing (NaN) values are skipped by these checks.
    - a missing x or n gives a blank (NaN) value and limits, with a note.
    - x = 0 gives value 0, lower limit 0; x = n gives upper limit 1 x multiplier.

    ``multiplier=100`` gives a percentage (the reference's default is 1, a proportion).

    >>> est = proportion([20, 0], [100, 50], levels=(0.95,))
    >>> [round(float(v), 4) for v in est.value]
    [20.0, 0.0]
    >>> [round(float(v), 4) for v in est.limits[0.95][0]]
    [13.3367, 0.0]
    """
    x = np.atleast_1d(np.asarray(numerator, dtype=float))
    n = np.atleast_1d(np.asarray(denominator, dtype=float))
    if x.shape != n.shape:
        raise ValueError(
            f"numerator and denominator must have one value per group: {x.shape} != {n.shape}"
        )
    # Reference validation (PIM-2.0.0 phe_proportion): errors, not blanks; NA is skipped.
    _fail_where(x < 0, "numerators must be greater than or equal to zero", x, "numerator")
    _fail_where(n <= 0, "denominators must be greater than zero", n, "denominator")
    _fail_where(
        x > n,
        "numerators must be less than or equal to denominator for a proportion statistic",
        x,
        "numerator",
    )

    value = x / n * multiplier
    limits = {}
    for level in levels:
        lower, upper = wilson_limits(x, n, level)
        limits[level] = (lower * multiplier, upper * multiplier)

    # Reference rule: a row with NA x or n gets NA value and limits (NaN propagates above).
    note = np.full(x.shape, "", dtype=object)
    note[np.isnan(n)] = "denominator is missing"
    note[np.isnan(x)] = "numerator is missing"
    note[np.isnan(x) & np.isnan(n)] = "numerator and denominator are missing"
    return Estimates(method="Wilson", value=value, limits=limits, note=note, count=x, denominator=n)
