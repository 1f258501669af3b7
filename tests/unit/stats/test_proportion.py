"""phe_proportion's test data: Wilson limits at 95% and 99.8%, per row and per area."""

import doctest

import numpy as np
import pandas as pd
import pytest

import joinedup.stats.proportion as proportion_module
from joinedup.stats.proportion import proportion, wilson_limits
from joinedup.stats.result import normal_quantile

from . import REFERENCE, assert_matches

COLUMNS = {
    0.95: ("lower95_0cl", "upper95_0cl"),
    0.998: ("lower99_8cl", "upper99_8cl"),
}


@pytest.fixture(scope="module")
def rows():
    return pd.read_excel(REFERENCE / "testdata_Proportion.xlsx", sheet_name="testdata_Prop")


@pytest.fixture(scope="module")
def grouped():
    return pd.read_excel(REFERENCE / "testdata_Proportion.xlsx", sheet_name="testdata_Prop_g")


@pytest.mark.parametrize(("multiplier", "first"), [(1, 0), (100, 8)])
def test_rows_match_the_reference_at_both_levels(rows, multiplier, first):
    expected = rows.iloc[first : first + 8]
    assert (expected["multiplier"] == multiplier).all()
    est = proportion(expected["Numerator"], expected["Denominator"], multiplier=multiplier)
    assert est.method == "Wilson"
    assert_matches(est.value, expected["value"])
    for level, (lower, upper) in COLUMNS.items():
        assert_matches(est.limits[level][0], expected[lower])
        assert_matches(est.limits[level][1], expected[upper])
    assert (est.note == "").all()
    np.testing.assert_array_equal(est.count, expected["Numerator"])
    np.testing.assert_array_equal(est.denominator, expected["Denominator"])


def test_missing_numerator_or_denominator_gives_blanks_with_notes(rows):
    expected = rows[rows["Area"].isin(["Area09", "Area10", "Area11"])]
    est = proportion(expected["Numerator"], expected["Denominator"], multiplier=1)
    assert_matches(est.value, expected["value"])
    for level, (lower, upper) in COLUMNS.items():
        assert_matches(est.limits[level][0], expected[lower])
        assert_matches(est.limits[level][1], expected[upper])
    assert est.note.tolist() == [
        "numerator is missing",
        "denominator is missing",
        "numerator and denominator are missing",
    ]


def test_areas_summed_first_match_the_grouped_reference(rows, grouped):
    # The reference's grouped test sums the two rows of each area (multiplier 1 and 100 rows
    # share numerator and denominator); a missing row makes the area missing.
    sums = rows.groupby("Area", sort=True)[["Numerator", "Denominator"]].sum(min_count=1)
    expected = grouped.set_index("Area").loc[sums.index]
    est = proportion(sums["Numerator"], sums["Denominator"], levels=(0.95,), multiplier=1)
    assert_matches(est.value, expected["value"])
    assert_matches(est.limits[0.95][0], expected["lowercl"])
    assert_matches(est.limits[0.95][1], expected["uppercl"])


def test_wilson_limits_match_wilson_lower_and_upper():
    data = pd.read_excel(REFERENCE / "testdata_Byars_Wilson.xlsx", sheet_name="testdata_B_W")
    wilson = data[data["method"] == "Wilson"]
    assert len(wilson) == 6
    for confidence, level in (("95%", 0.95), ("99.8%", 0.998)):
        subset = wilson[wilson["confidence"] == confidence]
        lower, upper = wilson_limits(subset["x"], subset["n"], level)
        assert_matches(lower, subset["lowercl"])
        assert_matches(upper, subset["uppercl"])


def test_zero_and_all_successes_by_hand():
    # x = 0: lower 0 and upper z^2 / (n + z^2); x = n: upper 1 (times the multiplier).
    z2 = normal_quantile(0.95) ** 2
    est = proportion([0, 50], [50, 50], levels=(0.95,))
    assert est.value.tolist() == [0.0, 100.0]
    assert est.limits[0.95][0][0] == 0.0
    assert est.limits[0.95][1][0] == pytest.approx(100 * z2 / (50 + z2), rel=1e-12)
    assert est.limits[0.95][1][1] == 100.0
    # x = n: lower from the formula, (2n + z^2 - z^2) / (2(n + z^2)) = n / (n + z^2).
    assert est.limits[0.95][0][1] == pytest.approx(100 * 50 / (50 + z2), rel=1e-12)


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (
            [65, -80, 30],
            [100, 100, 100],
            "numerators must be greater than or equal to zero: group 1",
        ),
        ([65, 80, 30], [100, 0, 100], "denominators must be greater than zero: group 1"),
        ([65, 80, 30], [100, 100, -100], "denominators must be greater than zero: group 2"),
        ([101, 80, 30], [100, 100, 100], "less than or equal to denominator .*: group 0"),
    ],
)
def test_invalid_input_raises_naming_the_group(numerator, denominator, message):
    with pytest.raises(ValueError, match=message):
        proportion(numerator, denominator)


def test_docstring_examples():
    assert doctest.testmod(proportion_module).failed == 0
