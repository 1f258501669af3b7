"""Estimates from counts: small counts suppressed, unusable groups blank with a reason."""

import numpy as np
import pyarrow as pa
import pytest

from joinedup.indicators import Counts, column_names, estimate, load_definitions


def definition(method):
    return next(d for d in load_definitions() if d.method == method)


def keys(groups):
    return pa.table(
        {
            "area_type": ["LA"] * groups,
            "area_code": [f"E06900{i:03d}" for i in range(groups)],
            "breakdown": ["All"] * groups,
            "category": ["All"] * groups,
            "period": ["2024/25"] * groups,
        }
    )


def test_counts_under_the_threshold_are_suppressed_with_the_reason():
    counts = Counts(definition("rate"), keys(3), np.array([4.0, 5.0, 0.0]), np.array([1e4] * 3))
    table = estimate([counts]).to_pylist()
    assert table[0]["Count"] is None and table[0]["Value"] is None
    assert table[0]["Lower CI 95.0 limit"] is None and table[0]["Upper CI 99.8 limit"] is None
    assert table[0]["Note"] == "Suppressed: count below 5"
    assert table[1]["Count"] == 5 and table[1]["Value"] == pytest.approx(50.0)
    assert table[2]["Note"] == "Suppressed: count below 5"


def test_the_threshold_is_configurable():
    counts = Counts(definition("rate"), keys(1), np.array([4.0]), np.array([1e4]))
    (row,) = estimate([counts], suppress_below=3).to_pylist()
    assert row["Count"] == 4 and row["Note"] == ""


def test_groups_a_method_cannot_take_are_blank_not_fatal():
    counts = Counts(
        definition("proportion"),
        keys(3),
        np.array([30.0, 40.0, 10.0]),
        np.array([20.0, np.nan, 50.0]),
    )
    rows = estimate([counts]).to_pylist()
    assert [row["Note"] for row in rows] == [
        "No value: numerator above denominator",
        "No value: no denominator",
        "",
    ]
    assert rows[2]["Value"] == pytest.approx(20.0)
    assert rows[2]["Method"] == "Wilson"


def test_a_dsr_needs_a_population_in_every_age_band():
    numerator = np.full((2, 19), 3.0)
    denominator = np.full((2, 19), 100.0)
    denominator[1, 18] = 0
    all_ages = next(d for d in load_definitions() if d.id == "self-harm-admissions")
    rows = estimate([Counts(all_ages, keys(2), numerator, denominator)]).to_pylist()
    assert rows[0]["Count"] == 57 and rows[0]["Denominator"] == 1900 and rows[0]["Value"] > 0
    assert rows[1]["Note"] == "No value: population missing or 0 in an age band"


def test_the_table_has_fingertips_columns_and_says_what_it_is():
    counts = Counts(definition("rate"), keys(1), np.array([50.0]), np.array([1e4]))
    table = estimate([counts])
    assert table.column_names == column_names()
    assert "Lower CI 99.8 limit" in table.column_names
    (row,) = table.to_pylist()
    assert row["Indicator ID"] == counts.definition.id
    assert row["Definition version"] == counts.definition.version
    assert row["Source"] == counts.definition.source and row["Period"] == "2024/25"


def test_a_dsr_of_an_age_group_is_standardised_over_its_bands_only():
    numerator = np.full((1, 19), 3.0)
    denominator = np.full((1, 19), 100.0)
    denominator[0, :13] = np.nan  # under 65: not counted, as the denominator's filter says
    falls = next(d for d in load_definitions() if d.id == "falls-admissions-65")
    (row,) = estimate([Counts(falls, keys(1), numerator, denominator)]).to_pylist()
    assert row["Count"] == 18 and row["Denominator"] == 600
    assert row["Value"] == pytest.approx(3000.0)  # 3 per 100 in every band


def breakdown_keys(categories, breakdown="sex", area="E06900001"):
    """An area's total row, then one row per category of ``breakdown``."""
    return pa.table(
        {
            "area_type": ["LA"] * (len(categories) + 1),
            "area_code": [area] * (len(categories) + 1),
            "breakdown": ["All"] + [breakdown] * len(categories),
            "category": ["All", *categories],
            "period": ["2024/25"] * (len(categories) + 1),
        }
    )


def notes(counts_by_row, categories, breakdown="sex"):
    total = float(sum(counts_by_row))
    counts = Counts(
        definition("rate"),
        breakdown_keys(categories, breakdown),
        np.array([total, *map(float, counts_by_row)]),
        np.full(len(categories) + 1, 1e4),
    )
    return {row["Category"]: row for row in estimate([counts]).to_pylist()}


WORKED_OUT = "Suppressed: hidden so that a count below 5 cannot be worked out by subtraction"


def test_one_suppressed_category_hides_the_next_smallest_so_it_cannot_be_subtracted():
    rows = notes([3, 17, 40], ["Female", "Male", "Unknown"])
    assert rows["All"]["Count"] == 60  # the total is shown ...
    assert rows["Female"]["Note"] == "Suppressed: count below 5"
    # ... so Female = 60 - Male - Unknown unless Male (the smaller of the two) is hidden too.
    assert rows["Male"]["Count"] is None and rows["Male"]["Value"] is None
    assert rows["Male"]["Note"] == WORKED_OUT
    assert rows["Unknown"]["Count"] == 40 and rows["Unknown"]["Note"] == ""


def test_suppressed_categories_that_add_up_to_under_the_threshold_hide_one_more():
    deciles = [str(d) for d in range(1, 11)]
    rows = notes([1, 2, 9, 8, 30, 30, 30, 30, 30, 30], deciles, "deprivation_decile")
    assert rows["1"]["Note"] == rows["2"]["Note"] == "Suppressed: count below 5"
    # 1 + 2 = 3 could be worked out together: the smallest shown (8, decile 4) goes too.
    assert rows["4"]["Note"] == WORKED_OUT
    assert rows["3"]["Count"] == 9
    assert sum(row["Count"] is None for row in rows.values()) == 3


def test_suppressed_categories_that_add_up_to_the_threshold_need_nothing_more():
    rows = notes([3, 4, 30], ["Female", "Male", "Unknown"])
    assert rows["Female"]["Count"] is None and rows["Male"]["Count"] is None
    assert rows["Unknown"]["Count"] == 30 and rows["Unknown"]["Note"] == ""


def test_areas_are_suppressed_apart():
    one = breakdown_keys(["Female", "Male"], area="E06900001")
    two = breakdown_keys(["Female", "Male"], area="E06900002")
    counts = Counts(
        definition("rate"),
        pa.concat_tables([one, two]),
        np.array([20.0, 2.0, 18.0, 20.0, 10.0, 10.0]),
        np.full(6, 1e4),
    )
    rows = estimate([counts]).to_pylist()
    assert [row["Count"] for row in rows] == [20, None, None, 20, 10, 10]
