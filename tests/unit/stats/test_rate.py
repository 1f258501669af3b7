"""phe_rate's test data, and Byar's and exact Poisson limits for a count."""

import doctest
import math

import numpy as np
import pandas as pd
import pytest

import joinedup.stats.rate as rate_module
from joinedup.stats.rate import (
    byars_lower,
    byars_upper,
    exact_poisson_lower,
    exact_poisson_upper,
    poisson_limits,
    poisson_methods,
    rate,
)

from . import REFERENCE, assert_matches

COLUMNS = {
    0.95: ("lower95_0cl", "upper95_0cl"),
    0.998: ("lower99_8cl", "upper99_8cl"),
}


@pytest.fixture(scope="module")
def rows():
    return pd.read_excel(REFERENCE / "testdata_Rate.xlsx", sheet_name="testdata_Rate")


@pytest.fixture(scope="module")
def grouped():
    return pd.read_excel(REFERENCE / "testdata_Rate.xlsx", sheet_name="testdata_Rate_g")


def check(est, expected):
    assert_matches(est.value, expected["value"])
    for level, (lower, upper) in COLUMNS.items():
        assert_matches(est.limits[level][0], expected[lower])
        assert_matches(est.limits[level][1], expected[upper])


@pytest.mark.parametrize(("multiplier", "first"), [(100, 0), (100000, 8)])
def test_rows_match_the_reference_at_both_levels(rows, multiplier, first):
    expected = rows.iloc[first : first + 8]
    assert (expected["multiplier"] == multiplier).all()
    est = rate(expected["Numerator"], expected["Denominator"], multiplier=multiplier)
    check(est, expected)
    # The reference's method column: exact below 10 events, Byar's from 10.
    assert poisson_methods(expected["Numerator"]).tolist() == expected["method"].tolist()
    assert est.method == "Byars, exact below 10"


def test_numerator_above_denominator_is_a_rate(rows):
    expected = rows[rows["Area"] == "Area12"]
    check(rate(expected["Numerator"], expected["Denominator"]), expected)


def test_missing_values_give_blanks_with_notes(rows):
    expected = rows[rows["Area"].isin(["Area09", "Area10", "Area11"])]
    est = rate(expected["Numerator"], expected["Denominator"])
    check(est, expected)
    assert est.note.tolist() == [
        "numerator is missing",
        "denominator is missing",
        "numerator and denominator are missing",
    ]


def test_areas_summed_first_match_the_grouped_reference(rows, grouped):
    # The reference's grouped test sums the first 8 rows of each area (both multipliers).
    sums = rows.groupby("Area", sort=True)[["Numerator", "Denominator"]].sum(min_count=1)
    expected = grouped.set_index("Area").loc[sums.index]
    est = rate(sums["Numerator"], sums["Denominator"], levels=(0.95,))
    assert_matches(est.value, expected["value"])
    assert_matches(est.limits[0.95][0], expected["lowercl"])
    assert_matches(est.limits[0.95][1], expected["uppercl"])
    methods = poisson_methods(sums["Numerator"])
    known = expected["method"].notna().to_numpy()
    assert methods[known].tolist() == expected["method"][known].tolist()


def test_byars_limits_match_byars_lower_and_upper():
    data = pd.read_excel(REFERENCE / "testdata_Byars_Wilson.xlsx", sheet_name="testdata_B_W")
    byars = data[data["method"] == "Byars"]
    assert len(byars) == 7
    for confidence, level in (("95%", 0.95), ("99.8%", 0.998)):
        subset = byars[byars["confidence"] == confidence]
        assert_matches(byars_lower(subset["x"], level), subset["lowercl"])
        assert_matches(byars_upper(subset["x"], level), subset["uppercl"])


def test_byars_lower_is_blank_when_negative():
    # Hand check: 1 x (1 - 1/9 - 3.0902/3)^3 < 0, so the reference gives NA.
    assert (1 - 1 / 9 - 3.0902 / 3) < 0
    assert np.isnan(byars_lower([1], 0.998)[0])


def test_exact_limits_of_zero_by_hand():
    # chi2 with 2 df is exponential with mean 2: the upper limit of 0 events is -ln(alpha/2).
    assert exact_poisson_lower([0], 0.95)[0] == 0.0
    assert exact_poisson_upper([0], 0.95)[0] == pytest.approx(-math.log(0.025), rel=1e-12)
    assert exact_poisson_upper([0], 0.998)[0] == pytest.approx(-math.log(0.001), rel=1e-12)
    est = rate([0], [1000], levels=(0.95,))
    assert est.value[0] == 0.0
    assert est.limits[0.95][0][0] == 0.0
    assert est.limits[0.95][1][0] == pytest.approx(-math.log(0.025) / 1000 * 100000, rel=1e-12)


def test_threshold_is_ten():
    lower, upper = poisson_limits([9, 10], 0.95)
    assert lower[0] == exact_poisson_lower([9])[0]
    assert upper[0] == exact_poisson_upper([9])[0]
    assert lower[1] == byars_lower([10])[0]
    assert upper[1] == byars_upper([10])[0]
    assert rate([9], [100]).method == "Exact"
    assert rate([10], [100]).method == "Byars"


def test_poisson_limits_keep_the_shape_of_the_counts():
    counts = np.array([[0, 3, 12], [np.nan, 40, 7]])
    lower, upper = poisson_limits(counts, 0.95)
    assert lower.shape == upper.shape == (2, 3)
    assert np.isnan(lower[1, 0]) and np.isnan(upper[1, 0])


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (
            [-65, 80, 30],
            [100, 100, 100],
            "numerators must be greater than or equal to zero: group 0",
        ),
        ([65, 80, 30], [100, 100, 0], "denominators must be greater than zero: group 2"),
        ([65, 80, 30], [100, -100, 100], "denominators must be greater than zero: group 1"),
    ],
)
def test_invalid_input_raises_naming_the_group(numerator, denominator, message):
    with pytest.raises(ValueError, match=message):
        rate(numerator, denominator)


def test_negative_counts_are_refused_by_the_helpers():
    with pytest.raises(ValueError, match="observed events must all be greater than or equal"):
        byars_upper([65, 0, -4])


def test_docstring_examples():
    assert doctest.testmod(rate_module).failed == 0
