"""`make bench`: the indicator engine at national scale, against the floor and pandas.

Synthetic data (seeded): about 33,000 LSOAs in 300 local authorities, 42 ICBs and 9 regions,
population by LSOA x 19 age bands x sex for three years, 10 million events. Twenty indicators
(7 DSRs, 7 crude rates, 6 proportions) for every LSOA, LA, ICB, region and England, in total,
by sex and by deprivation decile, for financial year 2024/25.

Each part runs in its own process so that its peak memory (ru_maxrss) is its own:
generation (timed apart), the engine and the floor on DuckDB, and the pandas baseline.

By default the engine and the floor read the data where the product keeps it, in Parquet files
(the dataset store, ADR 0006), through DuckDB views: both read the same files the same way.
``--in-memory`` loads the tables into DuckDB first (2.4 GB at 10M events), as earlier runs did.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from bench import workload

EVENTS = 10_000_000
TABLES = ("area_lookup", "population", "events")
FY_START, FY_END = "2024-04-01", "2025-04-01"


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def floor_tables(duck) -> list[str]:
    found = duck.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'floor_%'"
    ).fetchall()
    return [name for (name,) in found]


def generate(folder: Path, events: int) -> dict:
    from joinedup.indicators import synthetic

    started = time.perf_counter()
    data = synthetic.generate(events=events, seed=2026)
    for name, table in data.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return {
        "seconds": time.perf_counter() - started,
        "rows": {name: table.num_rows for name, table in data.items()},
        "peak_mb": peak_memory_mb(),
    }


def _sql_condition(row_filter: dict) -> str:
    from joinedup.indicators.datasets import AGE_BANDS

    column, op, value = row_filter["column"], row_filter["op"], row_filter["value"]
    if op == ">=" and column == "age_band":
        op, value = "in", list(AGE_BANDS[AGE_BANDS.index(value) :])
    if op == "in":
        return f"{column} IN ({', '.join(repr(v) for v in value)})"
    return f"{column} {'=' if op == '==' else op} {value!r}"


def _floor_aggregate(measure: dict) -> str:
    condition = " AND ".join(_sql_condition(f) for f in measure["filters"]) or "TRUE"
    count = measure["count"]
    if count == "rows":
        return f"COUNT(*) FILTER (WHERE {condition})"
    return f"SUM({next(iter(count.values()))}) FILTER (WHERE {condition})"


def floor_queries() -> dict[str, list[str]]:
    """Bare GROUP BYs counting the same rows: fused (one scan per table) and one per measure."""
    measures = {"events": {}, "population": {}}
    for _, _, numerator, denominator in workload.INDICATORS.values():
        for measure in (numerator, denominator):
            measures[measure["dataset"]][json.dumps(measure, sort_keys=True)] = measure
    where = {
        "events": f"event_date >= DATE '{FY_START}' AND event_date < DATE '{FY_END}'",
        "population": "year = 2024",
    }
    fused, separate = [], []
    for table, found in measures.items():
        aggregates = [_floor_aggregate(m) for m in found.values()]
        columns = ", ".join(f"{a} AS m{i}" for i, a in enumerate(aggregates))
        fused.append(
            f"CREATE OR REPLACE TEMP TABLE floor_{table} AS SELECT lsoa_code, sex, age_band, "
            f"{columns} FROM {table} WHERE {where[table]} GROUP BY ALL"
        )
        for i, aggregate in enumerate(aggregates):
            separate.append(
                f"CREATE OR REPLACE TEMP TABLE floor_{table}_{i} AS SELECT lsoa_code, sex, "
                f"age_band, {aggregate} AS m FROM {table} WHERE {where[table]} GROUP BY ALL"
            )
    return {"fused": fused, "separate": separate}


def run_engine(folder: Path, in_memory: bool = False) -> dict:
    from joinedup.indicators import DuckDBBackend, count, estimate, nestings

    backend = DuckDBBackend.connect()
    duck = backend.connection.con
    started = time.perf_counter()
    for name in TABLES:
        kind = "TABLE" if in_memory else "VIEW"
        duck.execute(
            f"CREATE {kind} {name} AS SELECT * FROM read_parquet('{folder / name}.parquet')"
        )
    loaded = time.perf_counter() - started
    definitions = workload.definitions()

    def timed(run) -> float:
        started = time.perf_counter()
        run()
        return time.perf_counter() - started

    loaded_mb = peak_memory_mb()
    queries = floor_queries()
    results = {}

    def engine():
        # What compute() does, in its two stages, each timed: counting (the fine counts in the
        # database, rolled up in NumPy), then estimates and suppression in NumPy.
        results.pop("table", None)  # the last run's table is not kept alive through this one
        started = time.perf_counter()
        counts = count(definitions, backend, years=[2024])
        counted = time.perf_counter()
        results["table"] = estimate(counts, nestings=nestings(definitions, backend))
        stages.append((counted - started, time.perf_counter() - counted))

    def floor(kind: str) -> float:
        seconds = timed(lambda: [duck.execute(q) for q in queries[kind]])
        # The floor's results are dropped once timed: kept, they would be counted in the peak
        # memory of this process, which is the engine's figure (2 GB of them at 10M events).
        for name in floor_tables(duck):
            duck.execute(f"DROP TABLE {name}")
        return seconds

    timings = {"engine": [], "floor_fused": [], "floor_separate": []}
    stages = []
    for _ in range(3):  # best of three, the floors and the engine interleaved
        timings["floor_fused"].append(floor("fused"))
        timings["floor_separate"].append(floor("separate"))
        timings["engine"].append(timed(engine))
    table = results["table"]
    england = table.filter(
        (table["Area Type"].to_numpy(zero_copy_only=False) == "England")
        & (table["Breakdown"].to_numpy(zero_copy_only=False) == "All")
    ).to_pandas()
    return {
        "load_seconds": loaded,
        "timings": timings,
        "output_rows": table.num_rows,
        "stages": stages[timings["engine"].index(min(timings["engine"]))],
        "england": dict(zip(england["Indicator ID"], england["Value"], strict=True)),
        "peak_mb": peak_memory_mb(),
        "loaded_mb": loaded_mb,
    }


def run_pandas(folder: Path) -> dict:
    import pandas as pd

    from bench import pandas_baseline

    frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    frames["events"]["event_date"] = pd.to_datetime(frames["events"]["event_date"])
    started = time.perf_counter()
    result = pandas_baseline.compute(
        frames["events"], frames["population"], frames["area_lookup"], workload.INDICATORS
    )
    seconds = time.perf_counter() - started
    england = result[(result["Area Type"] == "England") & (result["Breakdown"] == "All")]
    return {
        "seconds": seconds,
        "output_rows": len(result),
        "england": dict(zip(england["Indicator ID"], england["Value"], strict=True)),
        "peak_mb": peak_memory_mb(),
    }


def _child(phase: str, folder: Path, events: int, *extra: str) -> dict:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.indicators",
            "--phase",
            phase,
            str(folder),
            str(events),
            *extra,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="load the tables into DuckDB first (default: views over the Parquet files)",
    )
    parser.add_argument("--phase", choices=("generate", "engine", "pandas"))
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    if options.phase:
        folder, events = Path(options.args[0]), int(options.args[1])
        work = {
            "generate": lambda: generate(folder, events),
            "engine": lambda: run_engine(folder, options.in_memory),
            "pandas": lambda: run_pandas(folder),
        }
        print(json.dumps(work[options.phase]()))
        return
    with tempfile.TemporaryDirectory(prefix="joinedup-bench-") as temporary:
        report(Path(temporary), options.events, options.in_memory)


def report(folder: Path, events: int, in_memory: bool = False) -> None:
    print(f"Indicator engine benchmark: {events:,} events, 20 indicators, 5 levels x 3 breakdowns")
    generated = _child("generate", folder, events)
    rows = ", ".join(f"{name} {count:,}" for name, count in generated["rows"].items())
    print(f"  generation (excluded from the timings): {generated['seconds']:.1f} s ({rows})")
    engine = _child("engine", folder, events, *(["--in-memory"] if in_memory else []))
    if in_memory:
        print(f"  loading Parquet into DuckDB (excluded): {engine['load_seconds']:.1f} s")
    else:
        print("  the engine and the floor read the Parquet files (views), as the product does")
    pandas = _child("pandas", folder, events)
    best = {name: min(times) for name, times in engine["timings"].items()}
    print(f"  engine (DuckDB, counts + roll-up + estimates, best of 3): {best['engine']:.2f} s")
    runs = ", ".join(f"{seconds:.2f}" for seconds in engine["timings"]["engine"])
    print(f"    runs in order: {runs} s (the first in a new process touches fresh memory)")
    print(f"    -> {engine['output_rows']:,} result rows")
    counting, estimating = engine["stages"]
    print(
        f"    of which counting {counting:.2f} s (fine counts in DuckDB, roll-up in NumPy), "
        f"estimates and suppression {estimating:.2f} s"
    )
    fused = best["floor_fused"]
    print(f"  floor, bare GROUP BY counting the same rows, one scan per table: {fused:.2f} s")
    print(f"  floor, one bare GROUP BY per measure: {best['floor_separate']:.2f} s")
    print(f"  pandas + SciPy baseline: {pandas['seconds']:.2f} s ({pandas['output_rows']:,} rows)")
    fused_ratio = best["engine"] / best["floor_fused"]
    separate_ratio = best["engine"] / best["floor_separate"]
    speedup = pandas["seconds"] / best["engine"]
    print(f"  engine / floor: {fused_ratio:.2f}x (one scan per table)  [goal <= 2x]")
    print(f"  engine / floor: {separate_ratio:.2f}x (one GROUP BY per measure)")
    print(f"  pandas / engine: {speedup:.1f}x  [goal >= 20x]")
    needed = pandas["seconds"] / 20 / fused
    beyond = ", quicker than only counting the rows" if needed < 1 else ""
    print(
        f"    (pandas takes {pandas['seconds'] / fused:.1f}x the floor: 20x faster than pandas "
        f"is {needed:.2f}x the floor{beyond})"
    )
    print(
        f"  peak memory (maxrss): engine process {engine['peak_mb']:,.0f} MB "
        f"(of which {engine['loaded_mb']:,.0f} MB before the first query), "
        f"pandas process {pandas['peak_mb']:,.0f} MB, "
        f"generation {generated['peak_mb']:,.0f} MB  [goal < 4096 MB]"
    )
    mismatched = [
        key
        for key, value in engine["england"].items()
        if abs(value - pandas["england"].get(key, float("nan"))) > 1e-9 * abs(value)
    ]
    agreement = "yes" if not mismatched else "NO: " + ", ".join(mismatched)
    print(f"  England values agree with pandas: {agreement}")
    goals = {
        "within 2x of the floor (one scan per table)": fused_ratio <= 2,
        "at least 20x faster than pandas": speedup >= 20,
        "peak memory under 4 GB": engine["peak_mb"] < 4096,
    }
    for goal, met in goals.items():
        print(f"  goal {goal}: {'met' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
