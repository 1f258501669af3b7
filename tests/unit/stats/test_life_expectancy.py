"""phe_life_expectancy (PHEindicatormethods 2.0.0) against the answers in its test script.

The reference has no spreadsheet for life expectancy: the inputs (df1, df_low_pops,
df_grouped_with_warnings, ...) and the expected values (answer1) are written in
tests/testthat/testLifeExpectancy.R of ukhsa-collaboration/PHEindicatormethods, copied below.
answer1's limits were made with z = 1.96 rather than 1.959964 (the test rounds to 4 dp), so they
are compared both directly and through the standard error they imply.
"""

import doctest

import numpy as np
import pytest

from joinedup.stats import life_expectancy as le_module
from joinedup.stats.life_expectancy import (
    LE_START_AGES,
    METHOD,
    NOTE_BAND_COUNT,
    NOTE_DEATHS_OVER_POPULATION,
    NOTE_NEGATIVE_DEATHS,
    NOTE_NO_FINAL_DEATHS,
    NOTE_SMALL_POPULATION,
    NOTE_WIDE_INTERVAL,
    NOTE_ZERO_POPULATION,
    LifeExpectancyEstimates,
    life_expectancy,
)
from joinedup.stats.result import Estimates

RTOL = 1e-6

# testLifeExpectancy.R, df1
POPS = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209, 56416,
        46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]  # fmt: skip
DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936,
          1937]  # fmt: skip
# testLifeExpectancy.R, answer1
VALUE = [80.16960813, 79.36245674, 75.44193645, 70.47299936, 65.52909542, 60.67510088,
         55.78835987, 50.92752727, 46.06740425, 41.24505636, 36.49322717, 31.83343842,
         27.26027992, 22.9719144, 18.76856852, 14.95858336, 11.51684445, 8.618849241,
         6.163942934, 6.16210635]  # fmt: skip
LOWER = [79.88268548, 79.0898816, 75.17407307, 70.20675732, 65.26548673, 60.41876577,
         55.53801579, 50.68279939, 45.82666794, 41.00842831, 36.26223216, 31.60996318,
         27.04337271, 22.76653134, 18.57570352, 14.77985004, 11.34831778, 8.451134045,
         5.978358351, 5.887683386]  # fmt: skip
UPPER = [80.45653078, 79.63503188, 75.70979983, 70.7392414, 65.79270412, 60.931436,
         56.03870395, 51.17225516, 46.30814055, 41.48168441, 36.72422219, 32.05691365,
         27.47718713, 23.17729746, 18.96143352, 15.13731667, 11.68537112, 8.786564437,
         6.349527517, 6.436529314]  # fmt: skip
# testLifeExpectancy.R, df_low_pops
LOW_POPS = [128, 152, 120, 176, 194, 180, 145, 149, 107, 185, 165, 109, 100, 122, 133, 189, 123,
            121, 147, 138]  # fmt: skip
LOW_DEATHS = [58, 93, 78, 94, 59, 71, 80, 73, 69, 72, 91, 69, 78, 71, 54, 91, 82, 53, 50, 84]


def assert_matches(actual, expected, rtol=RTOL):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected))
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=0)


def test_answer1_values_and_limits():
    r = life_expectancy([DEATHS], [POPS], levels=(0.95,))
    assert isinstance(r, Estimates) and isinstance(r, LifeExpectancyEstimates)
    assert r.method == METHOD
    assert r.value.shape == (1, 20) and r.limits[0.95][0].shape == (1, 20)
    assert_matches(r.value[0], VALUE)
    # The answers' limits use z = 1.96: about 1e-7 relative from ours.
    assert_matches(r.limits[0.95][0][0], LOWER)
    assert_matches(r.limits[0.95][1][0], UPPER)
    # Through the standard error they imply, the match is to the answers' printed precision.
    se_reference = (np.array(UPPER) - np.array(LOWER)) / (2 * 1.96)
    lower, upper = r.limits[0.95]
    se = (upper[0] - lower[0]) / (2 * 1.959963984540054)
    assert_matches(se, se_reference)
    assert list(r.note[0]) == [""] * 20
    np.testing.assert_array_equal(r.start_ages, LE_START_AGES)


def test_pops_used_and_deaths_used():
    r = life_expectancy([DEATHS], [POPS])
    assert r.population_used[0, 0] == sum(POPS) and r.deaths_used[0, 0] == sum(DEATHS)
    assert r.population_used[0, 2] == sum(POPS[2:]) and r.deaths_used[0, -1] == DEATHS[-1]


def test_two_levels_and_several_groups():
    r = life_expectancy([DEATHS, DEATHS], [POPS, POPS])
    assert set(r.limits) == {0.95, 0.998}
    for level in r.limits:
        np.testing.assert_array_equal(r.limits[level][0][0], r.limits[level][0][1])
    assert np.all(r.limits[0.998][0] < r.limits[0.95][0])
    assert_matches(r.value[1], VALUE)


def test_bands_in_another_order():
    # testLifeExpectancy.R df2: the 65 band comes last.
    order = list(range(14)) + list(range(15, 20)) + [14]
    ages = [LE_START_AGES[i] for i in order]
    r = life_expectancy(
        [[DEATHS[i] for i in order]], [[POPS[i] for i in order]], ages, levels=(0.95,)
    )
    np.testing.assert_array_equal(r.start_ages, LE_START_AGES)
    assert_matches(r.value[0], VALUE)


GROUPED_POPS = [list(POPS) for _ in range(5)]
GROUPED_DEATHS = [list(DEATHS) for _ in range(5)]
# df_grouped_with_warnings (its "Good data" group has 43219 in the 20-24 band)
for _pops in GROUPED_POPS:
    _pops[5] = 43219
GROUPED_DEATHS[1][2] = -2  # Negative deaths
GROUPED_POPS[2][3] = -10  # Negative pops
GROUPED_DEATHS[3][5] = 50000  # Deaths more than pops
GROUPED_POPS[4] = [100] * 20  # Low pops
GROUPED_DEATHS[4] = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71] + [80] * 10


def test_grouped_with_warnings():
    r = life_expectancy(GROUPED_DEATHS, GROUPED_POPS)
    assert np.all(np.isfinite(r.value[0]))
    assert np.all(np.isnan(r.value[1:]))
    for level in r.limits:
        assert np.all(np.isnan(r.limits[level][0][1:])) and np.all(np.isnan(r.limits[level][1][1:]))
    notes = [
        "",
        NOTE_NEGATIVE_DEATHS,
        NOTE_ZERO_POPULATION,
        NOTE_DEATHS_OVER_POPULATION,
        NOTE_SMALL_POPULATION,
    ]
    assert [set(row) for row in r.note] == [{n} for n in notes]


@pytest.mark.parametrize(
    ("band", "deaths", "pops", "note"),
    [
        (3, -5, None, NOTE_NEGATIVE_DEATHS),  # df_neg_deaths
        (5, None, 0, NOTE_ZERO_POPULATION),  # df_zero_pop
        (18, None, 119, NOTE_DEATHS_OVER_POPULATION),  # df_deaths_greater_pops
    ],
)
def test_reference_suppression_cases(band, deaths, pops, note):
    d, p = list(DEATHS), list(POPS)
    if deaths is not None:
        d[band] = deaths
    if pops is not None:
        p[band] = pops
    r = life_expectancy([d, DEATHS], [p, POPS])
    assert np.all(np.isnan(r.value[0])) and set(r.note[0]) == {note}
    assert np.all([np.isnan(r.limits[lv][k][0]).all() for lv in r.limits for k in (0, 1)])
    assert_matches(r.value[1], VALUE)


def test_low_population():
    r = life_expectancy([LOW_DEATHS], [LOW_POPS])
    assert np.all(np.isnan(r.value)) and set(r.note[0]) == {NOTE_SMALL_POPULATION}


def test_total_population_of_exactly_5000_is_suppressed():
    p = [250] * 20
    d = [1] * 20
    assert life_expectancy([d], [p]).note[0, 0] == NOTE_SMALL_POPULATION
    p[0] += 1
    assert life_expectancy([d], [p]).note[0, 0] != NOTE_SMALL_POPULATION


def test_missing_age_band():
    # df_missing_age: 19 bands (no 90+) -> no life expectancy at all.
    r = life_expectancy([DEATHS[:19]], [POPS[:19]], LE_START_AGES[:19])
    assert r.value.shape == (1, 19)
    assert np.all(np.isnan(r.value)) and set(r.note[0]) == {NOTE_BAND_COUNT}


def test_no_deaths_in_the_final_band():
    d = list(DEATHS)
    d[-1] = 0
    r = life_expectancy([d], [POPS])
    assert np.all(np.isnan(r.value)) and set(r.note[0]) == {NOTE_NO_FINAL_DEATHS}
    assert np.all(np.isnan(r.limits[0.95][0])) and np.all(np.isnan(r.limits[0.95][1]))


def test_wide_interval_blanks_the_value_but_keeps_limits():
    # 3 deaths among 30 people aged 90+: e = 1/M = 10 years, SE = e / sqrt(3), 95% interval
    # about 22.6 years wide.
    p = list(POPS)
    d = list(DEATHS)
    p[-1], d[-1] = 30, 3
    r = life_expectancy([d], [p])
    assert np.isnan(r.value[0, -1]) and r.note[0, -1] == NOTE_WIDE_INTERVAL
    lower, upper = r.limits[0.95]
    assert np.isfinite(lower[0, -1]) and upper[0, -1] - lower[0, -1] > 20
    assert np.all(np.isfinite(r.value[0, :-1])) and set(r.note[0, :-1]) == {""}
    np.testing.assert_allclose(r.value[0, -1:], np.nan)  # blank, not 10
    np.testing.assert_allclose((upper[0, -1] - lower[0, -1]) / 2 / 1.959963984540054, 10 / 3**0.5)


def test_argument_errors():
    with pytest.raises(ValueError, match="start at 0"):
        life_expectancy([DEATHS], [POPS], [a + 1 for a in LE_START_AGES])
    with pytest.raises(ValueError, match="repeat"):
        life_expectancy([DEATHS], [POPS], [0, 0] + list(LE_START_AGES[2:]))
    with pytest.raises(ValueError, match="one start age per band"):
        life_expectancy([DEATHS], [POPS], LE_START_AGES[:19])
    with pytest.raises(ValueError, match="groups x bands"):
        life_expectancy([DEATHS], [POPS[:19]])
    with pytest.raises(ValueError):
        life_expectancy([DEATHS], [POPS], levels=(1.5,))


def test_docstring_examples():
    assert doctest.testmod(le_module, raise_on_error=False).failed == 0
