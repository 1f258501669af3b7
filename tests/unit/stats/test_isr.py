"""calculate_ISRatio and calculate_ISRate (PHEindicatormethods 2.0.0) against their test data.

Inputs and expected results: ``testdata_DSR_ISR.xlsx`` (sheets ``testdata_multiarea``,
``testdata_multiarea_isr``, ``refdata``, ``testdata_err1..3``, ``testresults_ISR``), from the
package's tests/testthat folder, as used by tests/testthat/testISRates.R and testISRatios.R.
"""

import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from joinedup.stats import isr as isr_module
from joinedup.stats.isr import NOTE_NO_EXPECTED, IndirectEstimates, israte, isratio
from joinedup.stats.result import Estimates

WORKBOOK = Path(__file__).parents[2] / "data" / "phe-reference" / "testdata_DSR_ISR.xlsx"
RTOL = 1e-6
LIMIT_COLUMNS = {0.95: ("lower95_0cl", "upper95_0cl"), 0.998: ("lower99_8cl", "upper99_8cl")}


@pytest.fixture(scope="module")
def sheets():
    return pd.read_excel(WORKBOOK, sheet_name=None)


def _by_area(sheet, column):
    areas = list(dict.fromkeys(sheet["area"]))
    return areas, np.array([sheet.loc[sheet["area"] == a, column].to_numpy(float) for a in areas])


def assert_matches(actual, expected):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected))
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=0)


def check(r, expected, levels=(0.95, 0.998), rate=True):
    assert isinstance(r, Estimates) and isinstance(r, IndirectEstimates)
    np.testing.assert_array_equal(r.count, expected["observed"])
    assert_matches(r.expected, expected["expected"])
    if rate:
        assert_matches(r.reference_rate, expected["ref_rate"])
    else:
        assert np.all(np.isnan(r.reference_rate))
    assert_matches(r.value, expected["value"])
    for level in levels:
        lo, hi = LIMIT_COLUMNS[level]
        assert_matches(r.limits[level][0], expected[lo])
        assert_matches(r.limits[level][1], expected[hi])
    assert list(r.limit_method) == list(expected["method"])
    assert list(r.note) == [""] * len(expected)


@pytest.fixture(scope="module")
def multiarea(sheets):
    areas, count = _by_area(sheets["testdata_multiarea"], "count")
    _, pop = _by_area(sheets["testdata_multiarea"], "pop")
    ref = sheets["refdata"]
    return areas, count, pop, ref["refcount"].to_numpy(float), ref["refpop"].to_numpy(float)


@pytest.mark.parametrize(("multiplier", "rows"), [(100000, [0, 1, 2]), (1000, [3, 4, 5])])
def test_israte_against_reference(sheets, multiarea, multiplier, rows):
    areas, count, pop, xref, nref = multiarea
    expected = sheets["testresults_ISR"].iloc[rows]
    assert list(expected["area"]) == areas
    check(israte(count, pop, xref, nref, multiplier=multiplier), expected)


@pytest.mark.parametrize(("multiplier", "rows"), [(1, [6, 7, 8]), (100, [9, 10, 11])])
def test_isratio_against_reference(sheets, multiarea, multiplier, rows):
    areas, count, pop, xref, nref = multiarea
    expected = sheets["testresults_ISR"].iloc[rows]
    check(isratio(count, pop, xref, nref, multiplier=multiplier), expected, rate=False)


def test_own_reference_data_with_missing_values(sheets):
    # testdata_multiarea_isr: the tiny area has a missing count and population in one band
    # (both count as 0); reference data taken from the first area's rows.
    data = sheets["testdata_multiarea_isr"]
    _, count = _by_area(data, "count")
    _, pop = _by_area(data, "pop")
    xref = data["refcount"].to_numpy(float)[:19]
    nref = data["refpop"].to_numpy(float)[:19]
    expected = sheets["testresults_ISR"]
    check(israte(count, pop, xref, nref), expected.iloc[[0, 1, 2]])
    check(isratio(count, pop, xref, nref, multiplier=100), expected.iloc[[9, 10, 11]], rate=False)
    assert np.isnan(pop).sum() == 1 and israte(count, pop, xref, nref).denominator[2] == 8361


def test_missing_reference_count_counts_as_zero(sheets, multiarea):
    # testISRates.R "test ref as specified vector": x_ref with NA in the band where it is 0.
    _, count, pop, xref, nref = multiarea
    assert xref[2] == 0
    xref = xref.copy()
    xref[2] = np.nan
    check(israte(count, pop, xref, nref), sheets["testresults_ISR"].iloc[[0, 1, 2]])


@pytest.mark.parametrize(("rate", "rows"), [(True, [12, 13]), (False, [14, 15])])
def test_zero_population_band_against_reference(sheets, multiarea, rate, rows):
    # testdata_err2: Area1 has a population of 0 in one band (allowed for ISRs).
    _, _, _, xref, nref = multiarea
    _, count = _by_area(sheets["testdata_err2"], "count")
    _, pop = _by_area(sheets["testdata_err2"], "pop")
    expected = sheets["testresults_ISR"].iloc[rows]
    if rate:
        r = israte(count, pop, xref, nref, levels=(0.95,))
    else:
        r = isratio(count, pop, xref, nref, levels=(0.95,), multiplier=100)
    check(r, expected, levels=(0.95,), rate=rate)
    assert list(r.limits) == [0.95]


def test_single_level_gives_the_same_limits(multiarea):
    _, count, pop, xref, nref = multiarea
    both = israte(count, pop, xref, nref)
    one = israte(count, pop, xref, nref, levels=(0.998,))
    np.testing.assert_array_equal(one.limits[0.998][1], both.limits[0.998][1])


def test_reference_value_overrides_the_reference_rate(multiarea):
    _, count, pop, xref, nref = multiarea
    r = israte(count, pop, xref, nref, reference_value=50.0)
    ratio = isratio(count, pop, xref, nref)
    np.testing.assert_allclose(r.value, ratio.value * 50.0, rtol=1e-15)
    np.testing.assert_allclose(r.limits[0.95][0], ratio.limits[0.95][0] * 50.0, rtol=1e-15)
    assert np.all(r.reference_rate == 50.0)


def test_exact_below_ten_byars_from_ten():
    count = np.array([[0.0, 0.0], [9.0, 0.0], [10.0, 0.0]])
    pop = np.full((3, 2), 100.0)
    r = isratio(count, pop, [1, 1], [100, 100], levels=(0.95,))
    assert list(r.limit_method) == ["Exact", "Exact", "Byars"]
    e = 2.0
    # O = 0: lower 0, upper 1/2 chi2(0.975; 2) = 3.688879...
    assert r.limits[0.95][0][0] == 0
    np.testing.assert_allclose(r.limits[0.95][1][0], 3.6888794541139363 / e, rtol=1e-12)
    np.testing.assert_allclose(r.limits[0.95][0][1], 4.115373 / e, rtol=1e-6)
    z = 1.959963984540054
    byars_lower_10 = 10 * (1 - 1 / 90 - z / (3 * np.sqrt(10))) ** 3  # 4.787450 (exact: 4.795389)
    np.testing.assert_allclose(r.limits[0.95][0][2], byars_lower_10 / e, rtol=1e-12)


def test_no_expected_events_is_blank():
    r = isratio([[3.0, 0.0]], [[0.0, 0.0]], [1, 1], [100, 100])
    assert np.isnan(r.value[0]) and r.note[0] == NOTE_NO_EXPECTED
    assert np.isnan(r.limits[0.95][0][0]) and np.isnan(r.limits[0.998][1][0])


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("testdata_err1", "numerators must all be greater than or equal to zero"),
        ("testdata_err3", "denominators must all be greater than or equal to zero"),
    ],
)
def test_reference_error_cases(sheets, multiarea, sheet, message):
    _, _, _, xref, nref = multiarea
    data = sheets[sheet]
    for fn in (isratio, israte):
        with pytest.raises(ValueError, match=message):
            fn(data["count"].to_numpy()[None, :], data["pop"].to_numpy()[None, :], xref, nref)


def test_reference_lengths(multiarea):
    _, count, pop, xref, nref = multiarea
    with pytest.raises(ValueError, match="x_ref length"):
        israte(count, pop, xref[:18], nref)
    with pytest.raises(ValueError, match="n_ref length"):
        isratio(count, pop, xref, nref[1:])


def test_docstring_examples():
    assert doctest.testmod(isr_module, raise_on_error=False).failed == 0
