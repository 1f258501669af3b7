"""Directly standardised rates with Dobson limits, as ``phe_dsr`` in PHEindicatormethods 2.0.0.

For each group g (a row of the 2-D inputs) with age bands i, counts x_gi, populations n_gi and
standard weights w_i:

* O = sum_i x_gi (the ``Count``), N = sum_i n_gi (the ``Denominator``);
* DSR = sum_i (w_i x_gi / n_gi) / sum_i w_i * multiplier;
* Var = sum_i x_gi (w_i / n_gi)^2 / (sum_i w_i)^2;
* Dobson limits: DSR + sqrt(Var / O) * (O_L - O) * multiplier, and the same with O_U, where O_L,
  O_U are Byar's limits of the total count O (always Byar's: the DSR is blank below 10 anyway).

Differences from ``calculate_dsr`` (PHEindicatormethods 2.1.0, which replaced ``phe_dsr``): with
``independent_events = TRUE`` its numbers are identical to these. It also accepts groups with
different numbers of bands, errors on a NA population or standard, a negative standard or a
multiplier <= 0, and has a non-independent-events variant (Var* = sum_f f^2 Var_f over
frequencies f of events per person, method "Dobson, with confidence adjusted for non-independent
events") that is not reproduced here.
"""

from dataclasses import dataclass

import numpy as np

from joinedup.stats.rate import byars_lower, byars_upper
from joinedup.stats.result import DEFAULT_LEVELS, Estimates, normal_quantile
from joinedup.stats.standard_population import european_standard_population_2013

DSR_MIN_COUNT = 10
"""phe_dsr gives no DSR (value and limits NA) when the total count is under 10."""

NOTE_DSR_SMALL_COUNT = "dsr NA for total count < 10"


@dataclass(frozen=True)
class StandardisedEstimates(Estimates):
    """:class:`Estimates` plus the totals behind each group's value.

    ``count`` is the total count per group (the reference's ``total_count`` / ``observed``,
    Fingertips' ``Count``) and ``denominator`` the total population per group (``total_pop``,
    Fingertips' ``Denominator``).
    """

    count: np.ndarray = None  # type: ignore[assignment]
    denominator: np.ndarray = None  # type: ignore[assignment]


def dsr(
    numerator_2d,
    denominator_2d,
    *,
    standard=None,
    levels=DEFAULT_LEVELS,
    multiplier: float = 100000,
) -> StandardisedEstimates:
    """Directly standardised rate per group, with Dobson confidence limits (``phe_dsr`` 2.0.0).

    ``numerator_2d`` and ``denominator_2d`` are groups x age bands (a 1-D array is one group).
    ``standard`` is the standard population per band, matched by position (default: ESP2013, 19
    bands), or a 2-D array with one standard per group. A missing (NaN) count counts as 0, as in
    the reference. Errors, as in the reference: a count below 0, a population that is not > 0 (NaN
    included), or a standard of the wrong length. A group whose total count is under 10 gets no
    value or limits (NaN) and the note ``"dsr NA for total count < 10"``; its count and
    denominator are still given.

    >>> import numpy as np
    >>> counts = np.full((1, 19), 10.0)
    >>> pops = np.full((1, 19), 1000.0)
    >>> r = dsr(counts, pops, levels=(0.95,))
    >>> round(float(r.value[0]), 6), float(r.count[0]), float(r.denominator[0])
    (1000.0, 190.0, 19000.0)
    """
    x = np.atleast_2d(np.asarray(numerator_2d, dtype=float))
    n = np.atleast_2d(np.asarray(denominator_2d, dtype=float))
    if x.ndim != 2 or x.shape != n.shape:
        raise ValueError(
            f"numerator and denominator must both be groups x bands; got {x.shape} and {n.shape}."
        )
    w = european_standard_population_2013() if standard is None else standard
    w = np.asarray(w, dtype=float)
    if w.shape not in ((x.shape[1],), x.shape):
        raise ValueError(
            f"stdpop length must equal the number of bands in each group ({x.shape[1]}); "
            f"got a standard of shape {w.shape}."
        )
    if np.any(x < 0):  # NaN compares False: NaN counts are allowed (treated as 0)
        raise ValueError("numerators must all be greater than or equal to zero")
    if not np.all(n > 0):  # NaN fails too: the reference does not drop NA populations
        raise ValueError("denominators must all be greater than zero")
    levels = _check_levels(levels)

    x = np.nan_to_num(x, nan=0.0)  # the reference's na.zero(x)
    w = np.broadcast_to(w, x.shape)
    total_count = x.sum(axis=1)
    total_pop = n.sum(axis=1)
    w_sum = w.sum(axis=1)
    value = (x * w / n).sum(axis=1) / w_sum * multiplier
    var = (x * (w / n) ** 2).sum(axis=1) / w_sum**2

    # Small-number rule of phe_dsr: no DSR and no limits where the total count is under 10.
    small = total_count < DSR_MIN_COUNT
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.sqrt(var / total_count) * multiplier
    limits = {}
    for level in levels:
        # Byar's limits of the total count (NaN lower at O = 0: suppressed below anyway).
        o_lower, o_upper = byars_lower(total_count, level), byars_upper(total_count, level)
        lower = value + scale * (o_lower - total_count)
        upper = value + scale * (o_upper - total_count)
        limits[level] = (np.where(small, np.nan, lower), np.where(small, np.nan, upper))
    value = np.where(small, np.nan, value)
    note = np.where(small, NOTE_DSR_SMALL_COUNT, "").astype(object)
    return StandardisedEstimates(
        method="Dobson",
        value=value,
        limits=limits,
        note=note,
        count=total_count,
        denominator=total_pop,
    )


def _check_levels(levels) -> tuple[float, ...]:
    levels = tuple(float(level) for level in levels)
    if not levels:
        raise ValueError("At least one confidence level is needed.")
    for level in levels:
        normal_quantile(level)  # raises ValueError outside (0, 1)
    return levels
