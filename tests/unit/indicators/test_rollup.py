"""The NumPy roll-up sums fine counts to every level and breakdown as a plain loop would."""

import math
from collections import defaultdict

import numpy as np
import pyarrow as pa
import pytest

from joinedup.indicators.datasets import AGE_BANDS
from joinedup.indicators.rollup import Areas, Relation, roll_up

LOOKUP = pa.table(
    {
        "lsoa_code": ["L1", "L2", "L3", "L4"],
        "la_code": ["A", "A", "B", None],  # L4 has no local authority
        "deprivation_decile": [1, 2, 2, None],
    }
)
PARENT = {"L1": "A", "L2": "A", "L3": "B", "L4": None}
DECILE = {"L1": "1", "L2": "2", "L3": "2", "L4": "Unknown"}

# Fine counts as the database returns them: m0 counts rows (0: none), m1 sums a column (NULL:
# no row had a value, which is not the same as a sum of 0).
EVENTS = pa.table(
    {
        "lsoa_code": ["L1", "L1", "L2", "L3", "L4", "L9", "L1"],  # L9 is not in the lookup
        "period": ["2024/25"] * 7,
        "sex": ["Female", "Male", None, "Female", "Male", "Female", "Unknown"],
        "age_band": ["0-4", "0-4", "65-69", "90+", "0-4", "0-4", None],
        "m0": pa.array([3, 0, 2, 4, 1, 9, 5], pa.int64()),
        "m1": pa.array([10, None, 0, None, 7, 9, 1], pa.int64()),
    }
)
POPULATION = pa.table(
    {
        "lsoa_code": ["L1", "L2", "L2"],
        "period": ["2024/25"] * 3,
        "sex": ["Female", "Male", "Male"],
        "age_band": ["0-4", "0-4", "5-9"],
        "m2": pa.array([100, 0, 50], pa.int64()),
    }
)
COMBOS = tuple(
    (level, breakdown)
    for level in ("lsoa", "la", "england")
    for breakdown in (None, "sex", "deprivation_decile")
)


def expected(by_age: bool) -> dict:
    """{(area type, code, breakdown, category, period[, band]): {measure: total or None}}"""
    totals = defaultdict(lambda: defaultdict(list))
    for table in (EVENTS, POPULATION):
        for row in table.to_pylist():
            lsoa = row["lsoa_code"]
            if lsoa not in PARENT or (by_age and row["age_band"] is None):
                continue
            for level, breakdown in COMBOS:
                code = {"lsoa": lsoa, "la": PARENT[lsoa], "england": "E92000001"}[level]
                if code is None:
                    continue
                category = {
                    None: "All",
                    "sex": row["sex"] or "Unknown",
                    "deprivation_decile": DECILE[lsoa],
                }[breakdown]
                name = {"lsoa": "LSOA", "la": "LA", "england": "England"}[level]
                key = (name, code, breakdown or "All", category, row["period"])
                if by_age:
                    key += (row["age_band"],)
                for measure in ("m0", "m1", "m2"):
                    if measure in row:
                        totals[key][measure].append(row[measure])
    result = {}
    for key, found in totals.items():
        result[key] = {
            "m0": sum(found["m0"]) or None,  # a count of 0: not counted
            "m1": sum(v for v in found["m1"] if v is not None)
            if any(v is not None for v in found["m1"])
            else None,
            "m2": sum(found["m2"]) if found["m2"] else None,
        }
    # A group is there when some measure was counted in it.
    return {
        key: value for key, value in result.items() if any(v is not None for v in value.values())
    }


def rolled_up(by_age: bool) -> dict:
    relation = Relation(("m0", "m1", "m2"), by_age, COMBOS)
    (rolled,) = roll_up(
        [EVENTS, POPULATION],
        Areas(LOOKUP),
        row_counts=["m0"],
        periods=["2024/25"],
        columns=["sex"],
        by_age=True,
        relations={"grain0": relation},
    ).values()
    everything = np.arange(rolled.size)
    keys = rolled.keys(everything).to_pylist()
    columns = {}
    for name in ("m0", "m1", "m2"):
        columns[name] = rolled.sums(name, everything)
        columns[name][~rolled.counted(name)] = np.nan
    found = {}
    for i, key in enumerate(keys):
        key = tuple(key.values())
        for band in range(19) if by_age else [None]:
            values = {}
            for name, column in columns.items():
                value = column[i] if band is None else column[i, band]
                values[name] = None if math.isnan(value) else value
            if any(v is not None for v in values.values()):
                found[key if band is None else (*key, AGE_BANDS[band])] = values
    return found


@pytest.mark.parametrize("by_age", [False, True], ids=["in total", "by age band"])
def test_every_level_and_breakdown_is_the_sum_of_its_rows(by_age):
    assert rolled_up(by_age) == expected(by_age)


def test_a_sum_of_zero_is_kept_apart_from_nothing_counted():
    found = rolled_up(False)
    # L2's population in 2024/25 is 0 + 50; its events sum m1 = 0 (counted, a real 0).
    assert found[("LSOA", "L2", "All", "All", "2024/25")] == {"m0": 2, "m1": 0, "m2": 50}
    # L1 Male: m0 counted 0 rows (not counted) and m1 had no value.
    assert ("LSOA", "L1", "sex", "Male", "2024/25") not in found


def test_an_lsoa_without_a_parent_is_left_out_of_that_level_only():
    found = rolled_up(False)
    assert ("LSOA", "L4", "All", "All", "2024/25") in found
    assert {key[1] for key in found if key[0] == "LA"} == {"A", "B"}
    assert found[("England", "E92000001", "All", "All", "2024/25")]["m0"] == 3 + 2 + 4 + 1 + 5
