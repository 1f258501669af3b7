"""Fingertips comparisons with a comparator (notes section 8), on hand-made cases."""

import doctest

import numpy as np
import pytest

import joinedup.stats.significance as significance_module
from joinedup.stats.proportion import proportion
from joinedup.stats.significance import (
    Polarity,
    as_polarity,
    compare,
    compare_spc_proportion,
    compare_two_levels,
    quintiles,
)

# value, lower, upper against comparator 10: above, overlapping (touching), below.
VALUE = [12.0, 10.5, 8.0]
LOWER = [11.0, 10.0, 7.0]
UPPER = [13.0, 11.0, 9.9]


@pytest.mark.parametrize(
    ("polarity", "labels"),
    [
        ("HighIsGood", ["Better", "Similar", "Worse"]),
        ("LowIsGood", ["Worse", "Similar", "Better"]),
        ("NoJudgement", ["Higher", "Similar", "Lower"]),
        ("NotApplicable", ["Not compared"] * 3),
        (1, ["Better", "Similar", "Worse"]),
        (0, ["Worse", "Similar", "Better"]),
        (99, ["Higher", "Similar", "Lower"]),
        (-1, ["Not compared"] * 3),
    ],
)
def test_overlap_labels_follow_polarity(polarity, labels):
    assert compare(VALUE, LOWER, UPPER, 10.0, polarity).tolist() == labels


def test_limits_touching_the_comparator_are_similar():
    assert compare([10.5, 9.5], [10.0, 9.0], [11.0, 10.0], 10.0).tolist() == ["Similar"] * 2


def test_missing_anything_is_not_compared():
    nan = np.nan
    labels = compare([nan, 12, 12, 12], [11, nan, 11, 11], [13, 13, nan, 13], [10, 10, 10, nan])
    assert labels.tolist() == ["Not compared"] * 4


def test_proportions_use_their_wilson_limits():
    # 30/100 = 30%: Wilson 95% limits 21.89% to 39.6%; against 20% it is higher, against 25%
    # similar (hand: Wilson lower = (60 + z^2 - z sqrt(z^2 + 84)) / (2 (100 + z^2))
    # = (63.841459 - 1.959964 x 9.372377) / 207.682918 = 0.218949).
    est = proportion([30, 30], [100, 100], levels=(0.95,))
    lower, upper = est.limits[0.95]
    assert lower[0] == pytest.approx(21.8949, abs=1e-4)
    labels = compare(est.value, lower, upper, [20.0, 25.0], "HighIsGood")
    assert labels.tolist() == ["Better", "Similar"]


def test_two_levels():
    # comparator 10: inside 95% -> similar; between L99.8 and L95 -> higher at 95% only;
    # below L99.8 -> beyond 99.8%; and the mirror images.
    value = [10.5, 11.0, 14.0, 9.0, 6.0]
    l95 = [9.5, 10.2, 12.0, 7.0, 4.0]
    u95 = [11.5, 11.8, 16.0, 9.8, 8.0]
    l998 = [9.0, 9.5, 11.0, 6.5, 3.0]
    u998 = [12.0, 12.5, 17.0, 10.5, 9.0]
    assert compare_two_levels(value, l95, u95, l998, u998, 10.0, "HighIsGood").tolist() == [
        "Similar",
        "Better",
        "Best",
        "Worse",
        "Worst",
    ]
    assert compare_two_levels(value, l95, u95, l998, u998, 10.0, "LowIsGood").tolist() == [
        "Similar",
        "Worse",
        "Worst",
        "Better",
        "Best",
    ]
    assert compare_two_levels(value, l95, u95, l998, u998, 10.0).tolist() == [
        "Similar",
        "Higher",
        "Higher",
        "Lower",
        "Lower",
    ]
    missing = compare_two_levels([10.5], [9.5], [11.5], [np.nan], [12.0], 10.0)
    assert missing.tolist() == ["Not compared"]


def test_spc_for_proportions():
    # Limits around 20% at N = 100: Wilson for E = 20 of 100, 13.34% to 28.88% (the reference's
    # testdata_Proportion Area3 row); 30% is above, 12% below, 28% inside.
    labels = compare_spc_proportion([30, 12, 28, 5], [100, 100, 100, np.nan], 20.0, polarity=1)
    assert labels.tolist() == ["Better", "Worse", "Similar", "Not compared"]


def test_quintiles():
    values = np.arange(1.0, 11.0)
    assert quintiles(values, "NoJudgement").tolist() == [
        "Lowest",
        "Lowest",
        "Low",
        "Low",
        "Middle",
        "Middle",
        "High",
        "High",
        "Highest",
        "Highest",
    ]
    assert quintiles(values, "LowIsGood")[0] == "Best"
    assert quintiles([1, 2, 3, 4, np.nan]).tolist() == ["Not compared"] * 5
    with_blank = quintiles([1, 2, np.nan, 3, 4, 5])
    assert with_blank.tolist() == ["Lowest", "Low", "Not compared", "Middle", "High", "Highest"]


def test_polarity_names_and_ids():
    assert as_polarity(Polarity.HIGH_IS_GOOD) is Polarity.HIGH_IS_GOOD
    assert as_polarity("LowIsGood") is Polarity.LOW_IS_GOOD
    with pytest.raises(ValueError, match="polarity"):
        as_polarity("Sideways")
    with pytest.raises(ValueError, match="id"):
        as_polarity(7)


def test_docstring_examples():
    assert doctest.testmod(significance_module).failed == 0
