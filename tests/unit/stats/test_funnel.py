"""The funnel tests of PHEindicatormethods (testFunnels.R) against its published files."""

import doctest

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import joinedup.stats.funnel as funnel_module
from joinedup.stats.funnel import (
    assign_funnel_significance,
    calculate_funnel_limits,
    poisson_funnel,
)

from . import REFERENCE, assert_matches


def read(name):
    return pd.read_csv(REFERENCE / name, encoding="utf-8-sig")


def check_columns(funnel, expected: pd.DataFrame):
    columns = funnel.columns()
    assert list(columns) == list(expected.columns)
    for name, values in columns.items():
        assert_matches(values, expected[name])


def test_proportion_limits():
    inputs = read("testdata_funnel_prop_inputs.csv")
    expected = read("testdata_funnel_prop_outputs.csv")
    expected.columns = [
        "Population",
        "lower_2s_limit",
        "upper_2s_limit",
        "lower_3s_limit",
        "upper_3s_limit",
        "baseline",
    ]
    funnel = calculate_funnel_limits(
        inputs["numerator"], inputs["denominator"], statistic="proportion", multiplier=100
    )
    assert len(expected) == 100
    check_columns(funnel, expected)
    assert (funnel.statistic, funnel.method) == ("proportion", "Wilson")


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits(ratio_type):
    inputs = read("testdata_funnel_ratio_inputs.csv")
    outputs = read("testdata_funnel_ratio_outputs.csv")
    outputs = outputs.rename(columns={outputs.columns[0]: "Observed_events"})
    other = "isr" if ratio_type == "count" else "count"
    expected = outputs[[c for c in outputs.columns if not c.endswith(other)]]
    expected.columns = [c.replace(ratio_type, "limit") for c in expected.columns]
    funnel = calculate_funnel_limits(
        inputs["obs"], inputs["expected"], statistic="ratio", ratio_type=ratio_type
    )
    check_columns(funnel, expected)
    assert funnel.statistic == f"ratio ({ratio_type})"


def test_dsr_rate_limits():
    inputs = read("testdata_funnel_rate_input_funnels.csv")
    expected = read("testdata_funnel_rate_outputs.csv")
    funnel = calculate_funnel_limits(
        inputs["ev"],
        rate=inputs["rate"],
        statistic="rate",
        rate_type="dsr",
        multiplier=1e5,
        years_of_data=3,
    )
    check_columns(funnel, expected.drop(columns=["statistic", "method"]))
    assert funnel.statistic == expected["statistic"].iloc[0] == "rate (dsr per 100,000)"
    assert funnel.method == expected["method"].iloc[0]


def test_proportion_significance():
    inputs = read("testdata_funnel_prop_inputs.csv")
    labels = assign_funnel_significance(
        inputs["numerator"], inputs["denominator"], statistic="proportion"
    )
    assert len(labels) == 303
    assert labels.tolist() == inputs["significance"].tolist()


def test_ratio_significance():
    inputs = read("testdata_funnel_ratio_inputs.csv")
    labels = assign_funnel_significance(inputs["obs"], inputs["expected"], statistic="ratio")
    assert len(labels) == 300
    assert labels.tolist() == inputs["significance"].tolist()


@pytest.mark.parametrize(
    ("column", "rate_column", "rate_type", "multiplier", "with_zero"),
    [
        ("dsr_per_100000_with_0", "rate_dsr", "dsr", 1e5, True),
        ("dsr_per_100000_without_0", "rate_dsr", "dsr", 1e5, False),
        ("dsr_per_100_without_0", "rate_dsr", "dsr", 100, False),
        ("crude_per_100000_with_0", "rate_crude_per_100000", "crude", 1e5, True),
        ("crude_per_100_with_0", "rate_crude_per_100", "crude", 100, True),
        ("crude_per_100000_without_0", "rate_crude_per_100000", "crude", 1e5, False),
        ("crude_per_100_without_0", "rate_crude_per_100", "crude", 100, False),
    ],
)
def test_rate_significance(column, rate_column, rate_type, multiplier, with_zero):
    inputs = read("testdata_funnel_rate_dsr_inputs.csv")
    if not with_zero:
        inputs = inputs[inputs["count"] != 0]
    labels = assign_funnel_significance(
        inputs["count"],
        inputs["pop"],
        rate=inputs[rate_column],
        statistic="rate",
        rate_type=rate_type,
        multiplier=multiplier,
    )
    assert labels.tolist() == inputs[column].tolist()


def test_bisection_is_close_to_the_exact_quantiles():
    # mu with P(X >= O) = p is chi2^-1(p; 2O)/2; the bisection stops with a step of 6e-8 in v.
    counts = np.array([1, 5, 30, 300])
    exact = stats.chi2.ppf(0.025, 2 * counts) / 2
    np.testing.assert_allclose(poisson_funnel(counts, 0.025, "low"), exact, rtol=1e-4)
    exact = stats.chi2.ppf(0.975, 2 * counts + 2) / 2
    np.testing.assert_allclose(poisson_funnel(counts, 0.025, "high"), exact, rtol=1e-4)


def test_invalid_input():
    with pytest.raises(ValueError, match="denominators must be greater than zero"):
        assign_funnel_significance([65, 80, 30], [100, 100, 0], statistic="proportion")
    with pytest.raises(ValueError, match="numerators must be greater than or equal to zero"):
        assign_funnel_significance([65, -80, 30], [100, 100, 200], statistic="proportion")
    with pytest.raises(ValueError, match="less than or equal to denominator"):
        assign_funnel_significance([65, 101, 30], [100, 100, 200], statistic="proportion")
    with pytest.raises(ValueError, match="0 events"):
        assign_funnel_significance(
            [0, 5], rate=[0, 10], statistic="rate", rate_type="crude", multiplier=100
        )
    with pytest.raises(ValueError, match="statistic"):
        calculate_funnel_limits([1], [2], statistic="pop")


def test_docstring_examples():
    assert doctest.testmod(funnel_module).failed == 0
