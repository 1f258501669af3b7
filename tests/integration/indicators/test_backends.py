"""The same definitions give the same results on every engine (Splink-style: one body, all)."""

import dataclasses

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from joinedup.indicators import DuckDBBackend, SparkBackend, compute, count, load_definitions
from joinedup.indicators.backends import plain
from joinedup.indicators.compile import KEYS

# Ibis 12 still calls DuckDB 2's deprecated fetch_arrow_table() inside.
# Spark's py4j leaves sockets to the garbage collector.
pytestmark = [
    pytest.mark.filterwarnings(r"ignore:fetch_arrow_table\(\) is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:unclosed <socket:ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

YEARS = [2024]  # one period of each kind keeps Spark's share of the run short (one stage each)
SORT = ["Indicator ID", "Area Type", "Area Code", "Breakdown", "Category", "Period"]


# Spark in local mode takes about a second a stage on two cores, so it runs one indicator of
# each method and counting rule (a DSR of an age group, a summed rate, a proportion of people),
# which between them take every path of the compiler, rather than all of them.
# It also stops at three levels: every roll-up level is a stage of its own.
SPARK_SUBSET = ("falls-admissions-65", "delayed-transfer-days", "reablement-at-home-91")
SPARK_LEVELS = ("lsoa", "la", "england")


def workload_for(backend):
    """The definitions and levels a backend is tested on (all of them, but for Spark)."""
    definitions = load_definitions()
    if isinstance(backend, SparkBackend):
        return [d for d in definitions if d.id in SPARK_SUBSET], SPARK_LEVELS
    return definitions, None


@pytest.fixture(scope="module")
def duckdb_results(small_data):
    reference = DuckDBBackend.connect()
    for name, table in small_data.items():
        reference.load(name, table)
    return _sorted(compute(load_definitions(), reference, years=YEARS))


def _sorted(table) -> pd.DataFrame:
    return table.to_pandas().sort_values(SORT).reset_index(drop=True)


def test_every_engine_gives_duckdbs_results(backend, duckdb_results, small_data):
    definitions, levels = workload_for(backend)
    results = _sorted(compute(definitions, backend, years=YEARS, levels=levels))
    if levels is None:
        expected = duckdb_results
    else:
        reference = DuckDBBackend.connect()
        for name, table in small_data.items():
            reference.load(name, table)
        expected = _sorted(compute(definitions, reference, years=YEARS, levels=levels))
    pd.testing.assert_frame_equal(results, expected, check_exact=True)


def test_every_level_breakdown_period_and_method_is_computed(duckdb_results):
    results = duckdb_results
    assert set(results["Area Type"]) == {"LSOA", "Ward", "LA", "ICB", "Region", "England"}
    assert {"All", "sex", "deprivation_decile", "ethnicity"} <= set(results["Breakdown"])
    assert set(results["Period"]) == {"2024/25", "2022/23 - 24/25", "2024"}
    assert set(results["Method"]) >= {"Wilson", "Dobson"}
    valued = results[results["Value"].notna()]
    assert set(valued["Indicator ID"]) == {d.id for d in load_definitions()}


def test_nothing_below_the_threshold_leaves_the_engine(duckdb_results):
    shown = duckdb_results["Count"].dropna()
    assert (shown >= 5).all()
    suppressed = duckdb_results[duckdb_results["Note"].str.startswith("Suppressed")]
    assert len(suppressed) > 0
    assert (
        suppressed[["Count", "Value", "Lower CI 95.0 limit", "Upper CI 99.8 limit"]]
        .isna()
        .all()
        .all()
    )


def test_several_periods_at_once_are_each_their_own_rows(small_data):
    engine = DuckDBBackend.connect()
    for name, table in small_data.items():
        engine.load(name, table)
    (self_harm,) = [d for d in load_definitions() if d.id == "self-harm-admissions"]
    both = _sorted(compute([self_harm], engine, years=[2023, 2024]))
    assert set(both["Period"]) == {"2021/22 - 23/24", "2022/23 - 24/25"}
    one = _sorted(compute([self_harm], engine, years=[2024]))
    pd.testing.assert_frame_equal(
        both[both["Period"] == "2022/23 - 24/25"].reset_index(drop=True), one
    )


def test_england_is_the_sum_of_its_areas(backend):
    (falls,) = [d for d in load_definitions() if d.id == "falls-admissions-65"]
    (counts,) = count([falls], backend, years=[2024], levels=SPARK_LEVELS)
    keys = counts.keys.to_pandas()
    totals = pd.DataFrame(counts.numerator.sum(axis=1), columns=["n"]).join(keys)
    everyone = totals[totals.breakdown == "All"].groupby("area_type").n.sum()
    assert everyone["England"] == everyone["LA"] == everyone["LSOA"] > 0
    assert list(keys.columns) == list(KEYS)


def test_a_lookup_listing_an_lsoa_twice_is_refused(small_data):
    engine = DuckDBBackend.connect()
    for name, table in small_data.items():
        engine.load(name, table)
    lookup = small_data["area_lookup"]
    engine.load("area_lookup", pa.concat_tables([lookup, lookup.slice(0, 1)]))
    (falls,) = [d for d in load_definitions() if d.id == "falls-admissions-65"]
    falls = dataclasses.replace(falls, breakdowns=("deprivation_decile",))
    with pytest.raises(ValueError, match="lists an LSOA more than once"):
        count([falls], engine, years=YEARS)


def test_a_blank_lsoa_in_the_lookup_or_the_data_is_not_counted(small_data):
    (falls,) = [d for d in load_definitions() if d.id == "falls-admissions-65"]
    falls = dataclasses.replace(falls, breakdowns=("deprivation_decile",))
    expected = count([falls], _loaded(small_data), years=YEARS)[0]
    lookup, events = plain(small_data["area_lookup"]), plain(small_data["events"])
    blank_area = pa.table(
        {name: pa.nulls(1, lookup.schema.field(name).type) for name in lookup.column_names}
    )
    # Every event again, without its LSOA: none of them is counted anywhere.
    blank_events = events.set_column(
        events.column_names.index("lsoa_code"), "lsoa_code", pa.nulls(len(events), pa.string())
    )
    found = count(
        [falls],
        _loaded(
            {
                **small_data,
                "area_lookup": pa.concat_tables([lookup, blank_area, blank_area]),
                "events": pa.concat_tables([events, blank_events]),
            }
        ),
        years=YEARS,
    )[0]
    assert found.keys.equals(expected.keys)
    assert np.array_equal(found.numerator, expected.numerator)
    assert None not in found.keys["area_code"].to_pylist()


def _loaded(tables) -> DuckDBBackend:
    engine = DuckDBBackend.connect()
    for name, table in tables.items():
        engine.load(name, table)
    return engine
