"""Complementary suppression: no hidden count can be worked out from the counts shown."""

import numpy as np
import pyarrow as pa
import pytest

from joinedup.indicators import DuckDBBackend, load_definitions, nestings
from joinedup.indicators.suppression import Nesting, complementary

LSOA_IN_LA = Nesting(
    "LSOA", "LA", pa.array(["E01000001", "E01000002", "E01000003"]), pa.array(["E06000001"] * 3)
)


def rows(*spec):
    """(area type, area code, breakdown, category, count) rows; one period."""
    keys = pa.table(
        {
            "area_type": [r[0] for r in spec],
            "area_code": [r[1] for r in spec],
            "breakdown": [r[2] for r in spec],
            "category": [r[3] for r in spec],
            "period": ["2024/25"] * len(spec),
        }
    )
    return keys, np.array([float(r[4]) for r in spec])


def hidden(keys, count, nestings=(), threshold=5):
    primary = count < threshold
    further = complementary(keys, count, primary, threshold, nestings)
    assert not (further & primary).any()
    return [bool(h) for h in primary | further]


def test_an_lsoa_cannot_be_worked_out_as_its_local_authority_less_the_others():
    keys, count = rows(
        ("LA", "E06000001", "All", "All", 53),
        ("LSOA", "E01000001", "All", "All", 3),
        ("LSOA", "E01000002", "All", "All", 20),
        ("LSOA", "E01000003", "All", "All", 30),
    )
    assert hidden(keys, count) == [False, True, False, False]  # without the nesting
    assert hidden(keys, count, [LSOA_IN_LA]) == [False, True, True, False]


def test_hiding_for_geography_can_expose_a_breakdown_and_is_followed_through():
    a, b = "E01000001", "E01000002"
    keys, count = rows(
        ("LA", "E06000001", "sex", "Female", 22),
        ("LA", "E06000001", "sex", "Male", 48),
        ("LSOA", a, "sex", "Female", 2),
        ("LSOA", a, "sex", "Male", 28),
        ("LSOA", b, "sex", "Female", 20),
        ("LSOA", b, "sex", "Male", 20),
    )
    # a's Female (2) is hidden; so a's Male (its breakdown) and b's Female (the LA's Female
    # less a's); then b's Male, which b's breakdown would otherwise give away.
    assert hidden(keys, count, [LSOA_IN_LA]) == [False, False, True, True, True, True]


def test_a_family_with_no_hidden_member_is_left_alone():
    keys, count = rows(
        ("LSOA", "E01000001", "All", "All", 12),
        ("LSOA", "E01000002", "All", "All", 20),
    )
    assert hidden(keys, count, [LSOA_IN_LA]) == [False, False]


# Ibis 12 still calls DuckDB 2's deprecated fetch_arrow_table() inside.
@pytest.mark.filterwarnings(r"ignore:fetch_arrow_table\(\) is deprecated:DeprecationWarning")
def test_nestings_are_read_from_the_lookup_and_only_the_nearest_are_kept():
    backend = DuckDBBackend.connect()
    backend.load(
        "area_lookup",
        pa.table(
            {
                "lsoa_code": ["L1", "L2", "L3", "L4"],
                "la_code": ["A", "A", "B", "B"],
                "icb_code": ["X", "X", "X", "Y"],  # LA B lies in two ICBs
                "region_code": ["R", "R", "R", "R"],
                "deprivation_decile": [1, 2, 3, 4],
            }
        ),
    )
    found = nestings(
        load_definitions()[:1], backend, levels=["lsoa", "la", "icb", "region", "england"]
    )
    pairs = {(n.child_type, n.parent_type) for n in found}
    assert pairs == {
        ("LSOA", "LA"),
        ("LSOA", "ICB"),
        ("LA", "Region"),
        ("ICB", "Region"),
        ("Region", "England"),
    }
    by_lsoa = next(n for n in found if (n.child_type, n.parent_type) == ("LSOA", "LA"))
    assert dict(zip(by_lsoa.children.to_pylist(), by_lsoa.parents.to_pylist(), strict=True)) == {
        "L1": "A",
        "L2": "A",
        "L3": "B",
        "L4": "B",
    }
