"""phe_mean's test data: grouped and ungrouped means with Student's t limits."""

import doctest

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import joinedup.stats.mean as mean_module
from joinedup.stats.mean import mean, mean_from_summary, summarise_values

from . import REFERENCE, assert_matches


@pytest.fixture(scope="module")
def values():
    return pd.read_excel(REFERENCE / "testdata_Mean.xlsx", sheet_name="testdata_Mean")


@pytest.fixture(scope="module")
def results():
    return pd.read_excel(REFERENCE / "testdata_Mean.xlsx", sheet_name="testdata_Mean_results")


def check(est, summary, expected):
    assert_matches(summary.total, expected["value_sum"])
    assert_matches(summary.count, expected["value_count"])
    assert_matches(summary.sd, expected["stdev"])
    assert_matches(est.value, expected["value"])
    assert_matches(est.count, expected["value_sum"])
    assert_matches(est.denominator, expected["value_count"])
    assert_matches(est.limits[0.95][0], expected["lower95_0cl"])
    assert_matches(est.limits[0.95][1], expected["upper95_0cl"])
    assert_matches(est.limits[0.998][0], expected["lower99_8cl"])
    assert_matches(est.limits[0.998][1], expected["upper99_8cl"])
    assert est.method == "Student's t-distribution"


def test_grouped_means_match_the_reference(values, results):
    codes, areas = pd.factorize(values["area"])
    expected = results.set_index("area").loc[list(areas)]
    summary = summarise_values(values["values"], codes)
    check(mean(values["values"], codes), summary, expected)


def test_ungrouped_mean_matches_the_reference(values, results):
    expected = results[results["area"] == "No grouping"]
    check(mean(values["values"]), summarise_values(values["values"]), expected)


def test_summary_route_gives_the_same_answer(values):
    codes, _ = pd.factorize(values["area"])
    s = summarise_values(values["values"], codes)
    direct = mean(values["values"], codes)
    via = mean_from_summary(s.total, s.count, s.sd)
    np.testing.assert_array_equal(direct.value, via.value)
    for level in direct.limits:
        np.testing.assert_array_equal(direct.limits[level][0], via.limits[level][0])


def test_small_and_missing_groups_by_hand():
    # Group 0: one value, so no sd and no limits. Group 1: a missing value makes the sum, sd
    # and mean missing but still counts. Group 2: no values at all. Group 3: 2, 4 -> mean 3,
    # sd sqrt(2), limits 3 -/+ t(0.975; 1) sqrt(2)/sqrt(2).
    est = mean([5.0, 1.0, np.nan, 2.0, 4.0], [0, 1, 1, 3, 3], n_groups=4, levels=(0.95,))
    assert est.value[0] == 5.0 and np.isnan(est.limits[0.95][0][0])
    assert np.isnan(est.value[1]) and est.denominator[1] == 2
    assert np.isnan(est.value[2]) and est.denominator[2] == 0
    half = stats.t.ppf(0.975, 1)
    assert est.limits[0.95][0][3] == pytest.approx(3 - half, rel=1e-12)
    assert est.limits[0.95][1][3] == pytest.approx(3 + half, rel=1e-12)
    assert est.note.tolist() == [
        "only one value: no confidence limits",
        "a value is missing",
        "no values",
        "",
    ]


def test_group_codes_must_be_integers():
    with pytest.raises(ValueError, match="integers"):
        summarise_values([1.0, 2.0], ["a", "b"])


def test_docstring_examples():
    assert doctest.testmod(mean_module).failed == 0
