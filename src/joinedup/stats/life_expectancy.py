"""Life expectancy from an abridged life table (Chiang II) with Silcocks' variance, as
``phe_life_expectancy`` in PHEindicatormethods 2.0.0.

The table has exactly 20 age bands, by default 0, 1-4, 5-9, ..., 85-89 and 90+ (open). For band j
with start age a_j, deaths D_j, population P_j and M_j = D_j / P_j:

* width n_j = a_{j+1} - a_j, and n_20 = 2 / M_20 for the open band;
* fraction of the interval lived by those dying f_j = 0.1 at age 0, else 0.5;
* q_j = M_j n_j / (1 + M_j n_j (1 - f_j)) if D_j <= P_j / (n_j f_j), else 1;
* l_1 = 100,000, l_{j+1} = l_j (1 - q_j), d_j = l_j - l_{j+1} (l_21 = 0);
* L_j = n_j (l_{j+1} + f_j d_j), L_20 = l_20 / M_20; T_j = sum_{k>=j} L_k; e_j = T_j / l_j
  (0 where l_j = 0);
* s2_j = q_j^2 (1 - q_j) / D_j (0 where d_j = 0), s2_20 = 4 / (D_20 M_20^2);
* W_j = s2_j l_j^2 ((1 - f_j) n_j + e_{j+1})^2, W_20 = (l_20 / 2)^2 s2_20;
* SE(e_j) = sqrt(sum_{k>=j} W_k / l_j^2); limits e_j -/+ z SE(e_j).
"""

from dataclasses import dataclass

import numpy as np

from joinedup.stats.dsr import _check_levels
from joinedup.stats.result import DEFAULT_LEVELS, Estimates, normal_quantile

LE_START_AGES: tuple[int, ...] = (0, 1) + tuple(range(5, 95, 5))
"""Start ages of the 20 bands of the reference's life table: 0, 1, 5, 10, ..., 85, 90."""

LE_BANDS = 20
"""phe_life_expectancy hard-codes 20 age bands; any other number gives no life expectancy."""

LE_MIN_POPULATION = 5000
"""No life expectancy for a group whose total population is 5,000 or less (the test is <=)."""

LE_MAX_HALF_WIDTH = 10
"""A value whose 95% interval is wider than 20 years (1.959964 x SE > 10) is left blank."""

METHOD = "Chiang, using Silcocks et al for confidence limits"

# Group-level rules of the reference, in the order it checks them; the first one failing names
# the group's note.
NOTE_NEGATIVE_DEATHS = "some age bands have negative deaths"
NOTE_ZERO_POPULATION = "some age bands have a zero or less population"
NOTE_BAND_COUNT = "the life table needs 20 age bands (0, 1-4, 5-9, ..., 85-89, 90+)"
NOTE_DEATHS_OVER_POPULATION = "some age bands have more deaths than population"
NOTE_SMALL_POPULATION = "total population of 5,000 or less"
# Not rules of the reference (it would return NA or Inf here without a message):
NOTE_MISSING = "deaths or population missing in some age bands"
NOTE_NO_FINAL_DEATHS = "no deaths in the final (open) age band"
NOTE_NO_SURVIVORS = "no survivors to this age in the life table: no confidence limits"
# Value-level rule of the reference:
NOTE_WIDE_INTERVAL = "95% confidence interval wider than 20 years"


@dataclass(frozen=True)
class LifeExpectancyEstimates(Estimates):
    """:class:`Estimates` whose ``value``, limits and ``note`` are groups x age bands: life
    expectancy at each band's start age. ``start_ages`` gives the start age of each column;
    ``deaths_used`` and ``population_used`` are the reference's ``dths_used`` and ``pops_used``
    (deaths and population at that age and older).
    """

    start_ages: np.ndarray = None  # type: ignore[assignment]
    deaths_used: np.ndarray = None  # type: ignore[assignment]
    population_used: np.ndarray = None  # type: ignore[assignment]


def life_expectancy(
    deaths_2d,
    population_2d,
    start_ages=LE_START_AGES,
    *,
    levels=DEFAULT_LEVELS,
) -> LifeExpectancyEstimates:
    """Life expectancy at the start of every age band, per group (``phe_life_expectancy``).

    ``deaths_2d`` and ``population_2d`` are groups x age bands (a 1-D array is one group), the
    columns in the order of ``start_ages`` (the youngest must start at 0). Returns values and
    limits of shape groups x bands, with the columns sorted by start age (``start_ages`` of the
    result gives the order).

    Rules of the reference, per group, each leaving the whole group blank with a note: negative
    deaths in any band; a population <= 0 in any band; a number of bands other than 20; deaths
    above the population in any band; a total population of 5,000 or less. Per value: when
    1.959964 x SE > 10 (a 95% interval wider than 20 years) the value is blank but its limits are
    kept. Beyond the reference: missing deaths or populations blank the group; with no deaths in
    the open final band (where the reference returns NA values and infinite limits) the values
    and limits are blank.

    >>> import numpy as np
    >>> deaths = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390,
    ...           1605, 1936, 1937]
    >>> pops = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209,
    ...         56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
    >>> r = life_expectancy([deaths], [pops], levels=(0.95,))
    >>> r.value.shape, round(float(r.value[0, 0]), 6)
    ((1, 20), 80.169608)
    """
    d = np.atleast_2d(np.asarray(deaths_2d, dtype=float))
    p = np.atleast_2d(np.asarray(population_2d, dtype=float))
    a = np.asarray(start_ages, dtype=float)
    if d.ndim != 2 or d.shape != p.shape:
        raise ValueError(
            f"deaths and population must both be groups x bands; got {d.shape} and {p.shape}."
        )
    if a.ndim != 1 or a.shape[0] != d.shape[1]:
        raise ValueError(
            f"start_ages must give one start age per band ({d.shape[1]}); got shape {a.shape}."
        )
    if a.shape[0] == 0 or a.min() != 0:
        raise ValueError("the first age band must start at 0")
    if np.unique(a).shape[0] != a.shape[0]:
        raise ValueError("start_ages must not repeat an age band")
    # The reference sorts each group's rows by start age; the columns may come in any order.
    order = np.argsort(a, kind="stable")
    a, d, p = a[order], d[:, order], p[:, order]
    levels = _check_levels(levels)
    groups, bands = d.shape

    # Group-level rules, in the reference's order (NaN comparisons are False, so a missing value
    # does not trip them; it is caught by the last, non-reference, rule).
    group_note = np.full(groups, "", dtype=object)
    rules = [
        (np.any(d < 0, axis=1), NOTE_NEGATIVE_DEATHS),
        (np.any(p <= 0, axis=1), NOTE_ZERO_POPULATION),
        (np.full(groups, bands != LE_BANDS), NOTE_BAND_COUNT),
        (np.any(d > p, axis=1), NOTE_DEATHS_OVER_POPULATION),
        (np.nansum(p, axis=1) <= LE_MIN_POPULATION, NOTE_SMALL_POPULATION),
        (np.any(np.isnan(d) | np.isnan(p), axis=1), NOTE_MISSING),
    ]
    for failing, text in rules:
        group_note = np.where((group_note == "") & failing, text, group_note)
    suppressed = group_note != ""

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        e, se = _life_table(d, p, a)
    value = e.copy()
    limits = {}
    for level in levels:
        z = normal_quantile(level)
        with np.errstate(invalid="ignore"):  # Inf - Inf where the final band has no deaths
            lower, upper = e - z * se, e + z * se
        lower = np.where(np.isfinite(lower) & ~suppressed[:, None], lower, np.nan)
        upper = np.where(np.isfinite(upper) & ~suppressed[:, None], upper, np.nan)
        limits[level] = (lower, upper)

    note = np.broadcast_to(group_note[:, None], (groups, bands)).astype(object)
    ok = ~suppressed[:, None]
    # The reference turns an infinite value into NA: this happens with no deaths in the final band.
    no_final_deaths = ok & ~np.isfinite(value)
    note = np.where(no_final_deaths, NOTE_NO_FINAL_DEATHS, note)
    # A cell nobody in the table survives to: value 0 as the reference, limits not computable.
    no_survivors = ok & np.isfinite(value) & ~np.isfinite(se)
    note = np.where(no_survivors, NOTE_NO_SURVIVORS, note)
    # Wide-interval rule (the reference since 1.4.0): 95% interval over 20 years -> no value.
    with np.errstate(invalid="ignore"):
        wide = ok & np.isfinite(value) & (normal_quantile(0.95) * se > LE_MAX_HALF_WIDTH)
    note = np.where(wide, NOTE_WIDE_INTERVAL, note)
    value = np.where(suppressed[:, None] | ~np.isfinite(value) | wide, np.nan, value)

    # dths_used / pops_used: deaths and population at that age and older.
    deaths_used = np.cumsum(d[:, ::-1], axis=1)[:, ::-1]
    population_used = np.cumsum(p[:, ::-1], axis=1)[:, ::-1]
    return LifeExpectancyEstimates(
        method=METHOD,
        value=value,
        limits=limits,
        note=note,
        start_ages=a,
        deaths_used=deaths_used,
        population_used=population_used,
    )


def _life_table(d: np.ndarray, p: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Life expectancy e_j and its standard error for every group and band (no rules applied)."""
    groups = d.shape[0]
    m = d / p
    f = np.where(a == 0, 0.1, 0.5)
    width = np.empty_like(d)
    width[:, :-1] = np.diff(a)
    width[:, -1] = 2 / m[:, -1]
    q = np.where(d <= p / width / f, m * width / (1 + m * width * (1 - f)), 1.0)
    survive = 1 - q
    ones = np.ones((groups, 1))
    l_ = 1e5 * np.concatenate([ones, np.cumprod(survive[:, :-1], axis=1)], axis=1)
    l_next = np.concatenate([l_[:, 1:], np.zeros((groups, 1))], axis=1)
    dead = l_ - l_next
    person_years = np.empty_like(d)
    person_years[:, :-1] = width[:, :-1] * (l_next[:, :-1] + f[:-1] * dead[:, :-1])
    person_years[:, -1] = l_[:, -1] / m[:, -1]
    total_years = np.cumsum(person_years[:, ::-1], axis=1)[:, ::-1]
    e = np.where(l_ == 0, 0.0, total_years / l_)

    s2 = np.where(dead == 0, 0.0, q**2 * (1 - q) / d)
    s2[:, -1] = 4 / (d[:, -1] * m[:, -1] ** 2)
    e_next = e[:, 1:]
    w = np.empty_like(d)
    w[:, :-1] = s2[:, :-1] * l_[:, :-1] ** 2 * ((1 - f[:-1]) * width[:, :-1] + e_next) ** 2
    w[:, -1] = (l_[:, -1] / 2) ** 2 * s2[:, -1]
    total_w = np.cumsum(w[:, ::-1], axis=1)[:, ::-1]
    se = np.sqrt(total_w / l_**2)
    return e, se
