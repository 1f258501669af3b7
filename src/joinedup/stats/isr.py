"""Indirectly standardised ratios and rates, as ``calculate_ISRatio`` and ``calculate_ISRate``
in PHEindicatormethods 2.0.0.

For each group g (a row of the 2-D inputs) with age bands i, observed counts x_gi, populations
n_gi and reference counts X_i and populations N_i (matched to the bands by position):

* O = sum_i x_gi (NaN counts removed), E = sum_i (X_i / N_i) n_gi (NaN X_i or n_gi count as 0);
* ratio = O / E * multiplier (the reference's ``refvalue``: 1, or 100 for an SMR-style "x 100");
* rate = O / E * R, where R = sum_i X_i / sum_i N_i * multiplier is the reference rate;
* limits: the Poisson limits of O, divided by E and multiplied as the value. Below 10 observed
  events they are exact (chi-squared based): 1/2 chi2^-1(a/2; 2O) and 1/2 chi2^-1(1 - a/2; 2O+2)
  (lower 0 at O = 0); from 10 events, Byar's approximation.
"""

from dataclasses import dataclass

import numpy as np

from joinedup.stats.dsr import StandardisedEstimates, _check_levels
from joinedup.stats.rate import EXACT_BELOW, poisson_limits
from joinedup.stats.result import DEFAULT_LEVELS

NOTE_NO_EXPECTED = "no expected events: the expected count is zero or missing"


@dataclass(frozen=True)
class IndirectEstimates(StandardisedEstimates):
    """:class:`StandardisedEstimates` (``count`` = observed O, ``denominator`` = total population)
    plus ``expected`` E per group, ``reference_rate`` (per multiplier; NaN for ratios) and
    ``limit_method`` per group: ``"Exact"`` (O < 10) or ``"Byars"``, as the reference's ``method``.
    """

    expected: np.ndarray = None  # type: ignore[assignment]
    reference_rate: np.ndarray = None  # type: ignore[assignment]
    limit_method: np.ndarray = None  # type: ignore[assignment]


def isratio(
    observed_2d,
    population_2d,
    reference_numerator_1d,
    reference_denominator_1d,
    *,
    levels=DEFAULT_LEVELS,
    multiplier: float = 1,
) -> IndirectEstimates:
    """Indirectly standardised ratio O/E per group (``calculate_ISRatio`` 2.0.0).

    ``observed_2d`` and ``population_2d`` are groups x bands; the reference counts and populations
    are 1-D (one per band) or 2-D (one row per group). ``multiplier`` is the reference's
    ``refvalue`` (1 for a ratio, 100 for "x 100"). Errors: an observed count or a population
    below 0 (zero populations are allowed, as in the reference), reference arrays of the wrong
    length. Where E is 0 or missing the value and limits are NaN with a note (the reference
    returns Inf or NaN there).

    >>> import numpy as np
    >>> r = isratio([[5, 5]], [[100, 100]], [10, 10], [100, 100], levels=(0.95,))
    >>> float(r.value[0]), float(r.expected[0]), str(r.limit_method[0])
    (0.5, 20.0, 'Byars')
    """
    o, e, total_pop, _ = _observed_expected(
        observed_2d, population_2d, reference_numerator_1d, reference_denominator_1d
    )
    return _finish(o, e, total_pop, np.full(o.shape, float(multiplier)), levels, np.nan)


def israte(
    observed_2d,
    population_2d,
    reference_numerator_1d,
    reference_denominator_1d,
    *,
    levels=DEFAULT_LEVELS,
    multiplier: float = 100000,
    reference_value: float | None = None,
) -> IndirectEstimates:
    """Indirectly standardised rate O/E x reference rate per group (``calculate_ISRate`` 2.0.0).

    The reference rate is sum(reference numerator, NaN removed) / sum(reference denominator) x
    ``multiplier``, unless ``reference_value`` gives it directly (per ``multiplier``, e.g. the
    England rate per 100,000). Inputs, errors and limits are as :func:`isratio`.

    >>> import numpy as np
    >>> r = israte([[5, 5]], [[100, 100]], [10, 10], [100, 100], levels=(0.95,))
    >>> float(r.value[0]), float(r.reference_rate[0])
    (5000.0, 10000.0)
    """
    o, e, total_pop, ref_rate = _observed_expected(
        observed_2d, population_2d, reference_numerator_1d, reference_denominator_1d
    )
    ref_rate = ref_rate * multiplier if reference_value is None else float(reference_value)
    ref_rate = np.broadcast_to(np.asarray(ref_rate, dtype=float), o.shape).copy()
    return _finish(o, e, total_pop, ref_rate, levels, ref_rate)


def _observed_expected(observed_2d, population_2d, ref_num, ref_den):
    x = np.atleast_2d(np.asarray(observed_2d, dtype=float))
    n = np.atleast_2d(np.asarray(population_2d, dtype=float))
    if x.ndim != 2 or x.shape != n.shape:
        raise ValueError(
            f"observed and population must both be groups x bands; got {x.shape} and {n.shape}."
        )
    bands = x.shape[1]
    xr = np.asarray(ref_num, dtype=float)
    nr = np.asarray(ref_den, dtype=float)
    for name, arr in (("x_ref", xr), ("n_ref", nr)):
        if arr.shape not in ((bands,), x.shape):
            raise ValueError(
                f"{name} length must equal the number of bands in each group ({bands}); "
                f"got shape {arr.shape}."
            )
    if np.any(x < 0):
        raise ValueError("numerators must all be greater than or equal to zero")
    if np.any(n < 0):
        raise ValueError("denominators must all be greater than or equal to zero")
    if np.any(xr < 0) or np.any(nr < 0):
        raise ValueError("reference counts and populations must be greater than or equal to zero")
    xr = np.broadcast_to(xr, x.shape)
    nr = np.broadcast_to(nr, x.shape)
    observed = np.nansum(x, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        # the reference's na.zero(x_ref) / n_ref * na.zero(n)
        expected = (np.nan_to_num(xr, nan=0.0) / nr * np.nan_to_num(n, nan=0.0)).sum(axis=1)
    total_pop = np.nansum(n, axis=1)
    ref_rate = np.nansum(xr, axis=1) / nr.sum(axis=1)
    return observed, expected, total_pop, ref_rate


def _finish(o, e, total_pop, factor, levels, reference_rate) -> IndirectEstimates:
    levels = _check_levels(levels)
    # No expected events: the reference divides by zero (Inf/NaN); we leave the group blank.
    blank = ~(np.isfinite(e) & (e > 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = factor / e
    with np.errstate(invalid="ignore"):
        value = np.where(blank, np.nan, o * scale)
    # Small-number rule of the reference: exact Poisson limits below 10 observed events.
    exact = o < EXACT_BELOW
    limits = {}
    for level in levels:
        o_lower, o_upper = poisson_limits(o, level)  # exact below EXACT_BELOW = 10, else Byar's
        with np.errstate(invalid="ignore"):  # 0 x inf where E = 0: blanked just below
            lower = o_lower * scale
            upper = o_upper * scale
        limits[level] = (np.where(blank, np.nan, lower), np.where(blank, np.nan, upper))
    return IndirectEstimates(
        method="Exact Poisson below 10 events, Byar's from 10",
        value=value,
        limits=limits,
        note=np.where(blank, NOTE_NO_EXPECTED, "").astype(object),
        count=o,
        denominator=total_pop,
        expected=e,
        reference_rate=np.broadcast_to(np.asarray(reference_rate, dtype=float), o.shape).copy(),
        limit_method=np.where(exact, "Exact", "Byars").astype(object),
    )
