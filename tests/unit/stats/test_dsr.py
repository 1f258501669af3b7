"""phe_dsr (PHEindicatormethods 2.0.0) against its published test data.

Inputs and expected results: ``testdata_DSR_ISR.xlsx`` (sheets ``testdata_multiarea``,
``testdata_1976``, ``testdata_err1..3``, ``testresults_DSR``), from the package's
tests/testthat folder, as used by its tests/testthat/testpheDSRs.R.
"""

import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from joinedup.stats import dsr as dsr_module
from joinedup.stats.dsr import NOTE_DSR_SMALL_COUNT, StandardisedEstimates, dsr
from joinedup.stats.result import Estimates
from joinedup.stats.standard_population import european_standard_population_2013

WORKBOOK = Path(__file__).parents[2] / "data" / "phe-reference" / "testdata_DSR_ISR.xlsx"
RTOL = 1e-6
LIMIT_COLUMNS = {0.95: ("lower95_0cl", "upper95_0cl"), 0.998: ("lower99_8cl", "upper99_8cl")}


@pytest.fixture(scope="module")
def sheets():
    return pd.read_excel(WORKBOOK, sheet_name=None)


def _by_area(sheet):
    areas = list(dict.fromkeys(sheet["area"]))
    count = np.array([sheet.loc[sheet["area"] == a, "count"].to_numpy(float) for a in areas])
    pop = np.array([sheet.loc[sheet["area"] == a, "pop"].to_numpy(float) for a in areas])
    return areas, count, pop


def assert_matches(actual, expected):
    """Relative difference under RTOL where the reference has a number, NaN where it has none."""
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected))
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=0)


@pytest.mark.parametrize(("multiplier", "rows"), [(10000, [0, 1, 2]), (100000, [4, 5, 6])])
def test_multiarea_against_reference(sheets, multiplier, rows):
    areas, count, pop = _by_area(sheets["testdata_multiarea"])
    expected = sheets["testresults_DSR"].iloc[rows]
    assert list(expected["area"]) == areas
    r = dsr(count, pop, multiplier=multiplier)
    assert isinstance(r, Estimates) and isinstance(r, StandardisedEstimates)
    assert r.method == "Dobson"
    np.testing.assert_array_equal(r.count, expected["total_count"])
    np.testing.assert_array_equal(r.denominator, expected["total_pop"])
    assert_matches(r.value, expected["value"])
    for level, (lo, hi) in LIMIT_COLUMNS.items():
        assert_matches(r.limits[level][0], expected[lo])
        assert_matches(r.limits[level][1], expected[hi])
    # testdata_tiny: 9 events -> no DSR, with the reference's reason.
    small = expected["statistic"].to_numpy() == NOTE_DSR_SMALL_COUNT
    assert list(small) == [False, False, True]
    assert list(r.note) == ["", "", NOTE_DSR_SMALL_COUNT]


def test_single_level_and_explicit_standard_give_the_same(sheets):
    _, count, pop = _by_area(sheets["testdata_multiarea"])
    both = dsr(count, pop)
    esp = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500,
           5000, 4000, 2500, 1500, 1000]  # fmt: skip
    for level in (0.95, 0.998):
        one = dsr(count, pop, standard=esp, levels=(level,))
        assert list(one.limits) == [level]
        np.testing.assert_array_equal(one.limits[level][0], both.limits[level][0])
        np.testing.assert_array_equal(one.value, both.value)


@pytest.mark.parametrize(("multiplier", "row"), [(10000, 3), (100000, 7)])
def test_user_standard_1976_against_reference(sheets, multiplier, row):
    data = sheets["testdata_1976"]
    expected = sheets["testresults_DSR"].iloc[row]
    r = dsr(
        data["count"].to_numpy()[None, :],
        data["pop"].to_numpy()[None, :],
        standard=data["esp1976"].to_numpy(),
        multiplier=multiplier,
    )
    assert r.count[0] == expected["total_count"] and r.denominator[0] == expected["total_pop"]
    assert_matches(r.value, [expected["value"]])
    assert_matches(r.limits[0.95][0], [expected["lower95_0cl"]])
    assert_matches(r.limits[0.95][1], [expected["upper95_0cl"]])
    # The sheet's 99.8% cells for testdata_1976 are ten times too large (the reference never
    # compares them): they hold the limits at ten times the row's multiplier.
    assert_matches(r.limits[0.998][0] * 10, [expected["lower99_8cl"]])
    assert_matches(r.limits[0.998][1] * 10, [expected["upper99_8cl"]])


def test_standard_per_group_broadcasts(sheets):
    _, count, pop = _by_area(sheets["testdata_multiarea"])
    esp = european_standard_population_2013()
    per_group = dsr(count, pop, standard=np.tile(esp, (3, 1)))
    np.testing.assert_array_equal(per_group.value, dsr(count, pop).value)


def test_nan_counts_count_as_zero():
    count = np.full((1, 19), 2.0)
    pop = np.full((1, 19), 100.0)
    with_nan = count.copy()
    with_nan[0, 3] = np.nan
    zero = count.copy()
    zero[0, 3] = 0
    a, b = dsr(with_nan, pop), dsr(zero, pop)
    np.testing.assert_array_equal(a.value, b.value)
    assert a.count[0] == 36


def test_count_of_exactly_ten_is_given():
    count = np.zeros((2, 19))
    count[0, 5] = 10
    count[1, 5] = 9.5
    r = dsr(count, np.full((2, 19), 1000.0))
    assert np.isfinite(r.value[0]) and np.isnan(r.value[1])
    assert list(r.note) == ["", NOTE_DSR_SMALL_COUNT]
    assert all(np.isnan(r.limits[level][k][1]) for level in r.limits for k in (0, 1))


def test_dobson_lower_limit_can_be_negative_as_in_the_reference():
    # One band with a single event and a tiny population dominates the weighted rate: the
    # Dobson lower limit goes below zero. phe_dsr does not clamp it, and neither do we.
    count = np.array([[1.0, 100.0]])
    pop = np.array([[1.0, 1e9]])
    r = dsr(count, pop, standard=[1.0, 1.0], levels=(0.95,))
    assert r.value[0] > 0
    assert r.limits[0.95][0][0] < 0


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("testdata_err1", "numerators must all be greater than or equal to zero"),
        ("testdata_err3", "denominators must all be greater than zero"),
    ],
)
def test_reference_error_cases(sheets, sheet, message):
    data = sheets[sheet]
    with pytest.raises(ValueError, match=message):
        dsr(data["count"].to_numpy()[None, :], data["pop"].to_numpy()[None, :])


def test_zero_population_is_an_error(sheets):
    _, count, pop = _by_area(sheets["testdata_err2"])
    with pytest.raises(ValueError, match="denominators must all be greater than zero"):
        dsr(count, pop)


def test_missing_population_is_an_error():
    pop = np.full((1, 19), 100.0)
    pop[0, 0] = np.nan
    with pytest.raises(ValueError, match="denominators"):
        dsr(np.ones((1, 19)), pop)


def test_standard_of_the_wrong_length(sheets):
    _, count, pop = _by_area(sheets["testdata_multiarea"])
    with pytest.raises(ValueError, match="stdpop length"):
        dsr(count, pop, standard=sheets["testdata_1976"]["esp1976"].to_numpy())


def test_shapes_must_agree():
    with pytest.raises(ValueError, match="groups x bands"):
        dsr(np.ones((2, 19)), np.ones((3, 19)))


@pytest.mark.parametrize("levels", [(), (0.0,), (1.0,), (95,)])
def test_bad_levels(levels):
    with pytest.raises(ValueError):
        dsr(np.ones((1, 19)) * 10, np.ones((1, 19)) * 100, levels=levels)


def test_docstring_examples():
    assert doctest.testmod(dsr_module, raise_on_error=False).failed == 0
