"""Section scores, group summaries and bands against examples worked by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from joinedup.instruments import group_sums, measure_values, publishable_results

from .builders import responses, tiny

NAN = math.nan
# Columns a1 a2 | b1 b2 b3 (b3 is reversed: scored as 5 - answer).
ANSWERS = [
    [4, 3, 2, 2, 1],
    [3, NAN, 1, NAN, NAN],
    [NAN, NAN, 4, 4, 4],
]


def test_section_mean_needs_half_the_items_and_reverses_reversed_items():
    instrument = tiny("mean")
    values = measure_values(responses(instrument, ANSWERS, ["A", "A", "A"]))
    # Measures: s1, s2, then the items a1 a2 b1 b2 b3.
    # s1: r1 (4 + 3) / 2 = 3.5; r2 answered 1 of 2 (half is enough): 3.0; r3 answered none.
    np.testing.assert_allclose(values[:, 0], [3.5, 3.0, NAN])
    # s2: r1 (2 + 2 + (5 - 1)) / 3 = 8/3; r2 answered 1 of 3 (fewer than half): none;
    #     r3 (4 + 4 + (5 - 4)) / 3 = 3.0.
    np.testing.assert_allclose(values[:, 1], [8 / 3, NAN, 3.0])
    # Items are reported as answered (b3 not reversed here).
    np.testing.assert_allclose(values[:, 6], [1, NAN, 4])


def test_section_total_needs_every_item():
    instrument = tiny("total")
    values = measure_values(responses(instrument, ANSWERS, ["A", "A", "A"]))
    # s1: r1 4 + 3 = 7; r2 and r3 skipped an item, so no total.
    np.testing.assert_allclose(values[:, 0], [7, NAN, NAN])
    # s2: r1 2 + 2 + 4 = 8; r3 4 + 4 + 1 = 9.
    np.testing.assert_allclose(values[:, 1], [8, NAN, 9])


def test_group_sums_give_mean_sd_and_answers_per_point():
    instrument = tiny("mean")
    sums = group_sums(responses(instrument, ANSWERS, ["A", "A", "A"]), np.ones((1, 3)))
    # s1 scores 3.5 and 3.0: mean 3.25; sd sqrt(((0.25)^2 + (0.25)^2) / 1) = sqrt(0.125).
    assert sums.count[0, 0] == 2
    assert sums.mean[0, 0] == pytest.approx(3.25)
    assert sums.sd[0, 0] == pytest.approx(math.sqrt(0.125))
    # s2 scores 8/3 and 3: mean 17/6.
    assert sums.mean[0, 1] == pytest.approx(17 / 6)
    # s1 answers 4, 3, 3 -> per point 1..4: 0, 0, 2, 1.
    assert sums.points[0, 0].tolist() == [0, 0, 2, 1]
    # s2 answers as given 2, 2, 1 | 1 | 4, 4, 4 -> 2, 2, 0, 3.
    assert sums.points[0, 1].tolist() == [2, 2, 0, 3]
    # Mean answer in s2 as scored: (2 + 2 + 4 + 1 + 4 + 4 + 1) / 7 = 18/7.
    assert sums.mean_answer[0, 1] == pytest.approx(18 / 7)


def test_published_sections_and_items_carry_their_bands():
    instrument = tiny("mean")
    result = publishable_results(
        responses(instrument, ANSWERS, ["A", "A", "A"]), threshold=1, resamples=99
    )
    overall = result.sections.query("breakdown == 'all'").set_index("section")
    # s1 3.25 is in [3, 4]: celebration; s2 17/6 = 2.83 is in [2, 3): needs attention.
    assert overall.loc["s1", ["n", "band", "area"]].tolist() == [
        2,
        "Area for celebration",
        "celebration",
    ]
    assert overall.loc["s2", "score"] == pytest.approx(17 / 6)
    assert overall.loc["s2", "band"] == "Needs attention"
    items = result.items.query("breakdown == 'all'").set_index("item")
    # a1 (4 + 3) / 2 = 3.5: celebration. b3 answers 1 and 4, mean 2.5, scored 5 - 2.5 = 2.5.
    assert items.loc["a1", "band"] == "Area for celebration"
    assert items.loc["b3", ["mean", "band"]].tolist() == [2.5, "Needs attention"]
    areas = result.areas.query("breakdown == 'all' and kind == 'section'")
    assert areas[["section", "area"]].values.tolist() == [
        ["s1", "celebration"],
        ["s2", "further_work"],
    ]
    share = result.distribution.query(
        "breakdown == 'all' and kind == 'section' and section == 's2' and value == 4"
    )["share"]
    assert share.item() == pytest.approx(3 / 7)


def test_a_top_score_falls_in_the_top_band_and_a_boundary_in_the_band_above():
    instrument = tiny("mean")
    bands = instrument.band_set_for("s1", "rating")
    assert bands.band_for(4.0).label == "Area for celebration"
    assert bands.band_for(3.0).label == "Area for celebration"
    assert bands.band_for(2.999).label == "Needs attention"
    assert bands.band_for(1.0).label == "In difficulty"
    assert bands.band_for(NAN) is None


def test_item_bands_under_total_scoring_scale_the_item_mean_to_the_section_total():
    instrument = tiny("total")
    answers = [[4, 3, 1, 1, 1]] * 2
    result = publishable_results(
        responses(instrument, answers, ["A", "A"]), threshold=1, resamples=99
    )
    items = result.items.query("breakdown == 'all'").set_index("item")
    # s1 totals 2..8 with "High" from 5: a1 mean 4 -> 4 x 2 items = 8 (High); a2 3 -> 6 (High).
    assert items.loc["a1", "band"] == "High"
    sections = result.sections.query("breakdown == 'all'").set_index("section")
    assert sections.loc["s1", ["score", "band"]].tolist() == [7.0, "High"]
    assert sections.loc["s1", "mean_answer"] == pytest.approx(3.5)
    assert pd.isna(sections.loc["s2", "band"])  # section two has no bands


def test_answers_off_the_scale_are_refused():
    instrument = tiny("mean")
    with pytest.raises(ValueError, match=r"Question 'a2' has answers \[5.0\] that are not on"):
        responses(instrument, [[1, 5, 1, 1, 1]], ["A"])


def test_an_organisation_in_two_sectors_is_refused():
    instrument = tiny("mean")
    with pytest.raises(ValueError, match=r"Organisation\(s\) \['A'\] appear in more than one"):
        responses(instrument, [[1] * 5, [2] * 5], ["A", "A"], sector=["NHS", "council"])
