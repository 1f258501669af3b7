"""Benchmark of the validator (issue 5): `uv run python -m bench.validate_bench [--rows N]`.

Not a test. Writes a synthetic asc-cld file (5 million rows, 32 columns by default) with a
known sprinkling of planted errors, outside the timings; then, each in a fresh process so that
peak memory is its own:

* the floor: DuckDB reading the file (the validator's CSV dialect) and counting the rows;
  for context only, DuckDB reading every cell (counting the filled cells of each column),
  the least any validator must do, and the validator's time against it;
* the validator: :func:`joinedup.specs.validate` with every rule, and a check that every planted
  error is reported at its row with its rule;
* the frictionless baseline, on the first 200,000 rows, scaled per row (the same fields, types,
  required, code lists as enums, patterns and ranges: frictionless cannot express the
  conditional, cross-field, NHS-number or duplicate rules, so it does less work).

* an XLSX workbook of the first ``--xlsx-rows`` records (50,000 by default; dates as Excel
  dates, amounts as numbers), validated against the same records as CSV: the time of each,
  their ratio, and a check that both report the same problems at the same rows.

Prints wall times, the ratio to the floor, the speed-up over frictionless per row and peak
memory (RSS), against the goals: within 3x of the floor, 20x faster, under 4 GB.

On a machine shared with other work, ``--repeat N`` runs the floor, the reading of every cell
and the validator N times each, one after the other in turn, and judges the median of the N
ratios of a validator run to the floor run of the same round (each pair measured under much
the same load).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from joinedup.specs import get_spec
from joinedup.specs.nhs_number import WEIGHTS

ROWS = 5_000_000
SAMPLE = 200_000
PER_KIND = 40
GOALS = {"floor_ratio": 3.0, "speedup": 20.0, "peak_gb": 4.0}

# kind -> (column, SQL for the bad value, which event rows may carry it, expected rule)
PLANTS = {
    "check-digit": (
        "NHS_Number",
        "substr(nhs, 1, 9) || ((CAST(substr(nhs, 10, 1) AS INT) + 1) % 10)",
        None,
        "NHS_Number:check-digit",
    ),
    "placeholder": ("NHS_Number", "'0000000000'", None, "NHS_Number:placeholder"),
    "blank-gender": ("Gender", "NULL", None, "Gender:required"),
    "gender-case": ("Gender", "'female'", None, "Gender:codelist"),
    "bad-date": ("Event_Start_Date", "'2025-13-01'", None, "Event_Start_Date:type"),
    "end-before-start": ("Event_End_Date", "'2025-01-01'", 0, "event-end-not-before-start"),
    "postcode": ("Postcode", "'NOT A CODE'", None, "Postcode:format"),
    "la-code": ("LA_Code", "'X123'", None, "LA_Code:format"),
    "ethnicity": ("Ethnicity", "'White'", None, "Ethnicity:codelist"),
    "blank-service-type": ("Service_Type", "NULL", 2, "Service_Type:required-when"),
    "unit-cost": ("Unit_Cost", "'12,50'", 2, "Unit_Cost:type"),
}


def planted_rows(rows: int) -> dict[str, list[int]]:
    """Record indexes (0-based) of each kind's planted errors, spread through the file."""
    spacing = rows // (PER_KIND * len(PLANTS) + 1)
    result, slot = {}, 0
    for kind, (_, _, event, _) in PLANTS.items():
        indexes = []
        for _ in range(PER_KIND):
            slot += 1
            index = slot * spacing
            if event is not None:
                index = index - index % 4 + event  # that event type's row of the person
            indexes.append(index)
        result[kind] = indexes
    return result


def generate(path: Path, rows: int) -> dict[str, list[int]]:
    """Write the synthetic file with DuckDB (no Python loop per row)."""
    plants = planted_rows(rows)
    check = " + ".join(
        f"{w} * CAST(substr(nine, {i + 1}, 1) AS INT)" for i, w in enumerate(WEIGHTS)
    )
    columns = {
        "LA_Code": "'E10000034'",
        "Reporting_Period_Start_Date": "'2025-04-01'",
        "Reporting_Period_End_Date": "'2026-03-31'",
        "NHS_Number": "nhs",
        "LA_Person_Unique_Identifier": "'P' || lpad(CAST(p AS VARCHAR), 8, '0')",
        "Gender": "CASE p % 2 WHEN 0 THEN 'Female' ELSE 'Male' END",
        "Ethnicity": "['White: Irish', 'Asian or Asian British: Indian', "
        "'White: English, Welsh, Scottish, Northern Irish or British', "
        "'Black, Black British, Caribbean or African: African'][p % 4 + 1]",
        "Date_of_Birth": "strftime(DATE '1935-01-01' + CAST(p % 25000 AS INT), '%Y-%m-%d')",
        "Client_Type": "'Service user'",
        "Primary_Support_Reason": "['Physical Support: Personal care support', "
        "'Support with Memory & Cognition', 'Mental Health Support'][p % 3 + 1]",
        "Postcode": "'NE' || (p // 25000 % 90 + 1) || ' 4XF'",
        "Accommodation_Status": "'Owner occupier or shared ownership scheme'",
        "Employment_Status": "'Not in Paid Employment (not actively seeking work / retired)'",
        "Has_Unpaid_Carer": "['Yes', 'No', 'Unknown'][p % 3 + 1]",
        "Client_Funding_Status": "'Fully social care funded'",
        "Event_Type": "['Request', 'Assessment', 'Service', 'Review'][k + 1]",
        "Event_Reference": "'EV' || i",
        "Event_Start_Date": "strftime(start, '%Y-%m-%d')",
        "Event_End_Date": "CASE WHEN k = 2 AND p % 2 = 0 THEN NULL "
        "ELSE strftime(start + 14, '%Y-%m-%d') END",
        "Event_Outcome": "'Progress to support planning or services'",
        "Request_Route_of_Access": "CASE k WHEN 0 THEN 'Community / other route' END",
        "Assessment_Type": "CASE k WHEN 1 THEN 'Long term assessment' END",
        "Method_of_Assessment": "CASE k WHEN 1 THEN 'Face to face' END",
        "Service_Type": "CASE k WHEN 2 THEN 'Long term support: Community' END",
        "Service_Component": "CASE k WHEN 2 THEN 'Home support or domiciliary care' END",
        "Delivery_Mechanism": "CASE k WHEN 2 THEN 'Direct payment' END",
        "Unit_Cost": "CASE k WHEN 2 THEN CAST(round(20 + p % 700 + 0.25, 2) AS VARCHAR) END",
        "Cost_Frequency_(Unit_Type)": "CASE k WHEN 2 THEN 'Weekly' END",
        "Planned_units_per_week": "CASE k WHEN 2 THEN CAST(p % 28 + 1 AS VARCHAR) END",
        "Review_Reason": "CASE k WHEN 3 THEN 'Planned review of long term support' END",
        "Review_Outcomes_Achieved": "CASE k WHEN 3 THEN 'Fully achieved' END",
        "Method_of_Review": "CASE k WHEN 3 THEN 'Face to face' END",
    }
    for kind, (column, bad, _, _) in PLANTS.items():
        listed = ", ".join(str(i) for i in plants[kind])
        columns[column] = f"CASE WHEN i IN ({listed}) THEN {bad} ELSE {columns[column]} END"
    select = ", ".join(f'{sql} AS "{name}"' for name, sql in columns.items())
    con = duckdb.connect()
    con.execute(
        f"""COPY (
        WITH base AS (
            SELECT i, i // 4 AS p, i % 4 AS k,
                   '4' || lpad(CAST((i // 4) * 7919 % 100000000 AS VARCHAR), 8, '0') AS nine4,
                   DATE '2025-04-01' + CAST(((i // 4) * 13 + (i % 4) * 40) % 300 AS INT) AS start
            FROM range({rows}) t(i)),
        checked AS (
            SELECT *, (11 - ({check.replace("nine", "nine4")}) % 11) % 11 AS check4 FROM base),
        numbered AS (
            -- A first digit of 6 instead of 4 shifts the remainder, so a check of 10 goes away.
            SELECT *, CASE WHEN check4 = 10 THEN '6' || substr(nine4, 2) ELSE nine4 END AS nine
            FROM checked),
        final AS (SELECT *, nine || ((11 - ({check}) % 11) % 11) AS nhs FROM numbered)
        SELECT {select} FROM final ORDER BY i
        ) TO '{path}' (HEADER, DELIMITER ',')"""
    )
    con.close()
    return plants


def write_workbook(path: Path, rows: int, folder: Path) -> tuple[Path, Path]:
    """The first ``rows`` records of ``path`` as an XLSX workbook, and as CSV (not timed).

    Cells are what a council's workbook holds: ISO dates as Excel dates, amounts as numbers,
    the rest as text (a blank cell is no cell).
    """
    import datetime as dt

    import openpyxl

    csv_path, xlsx_path = folder / f"asc-{rows}.csv", folder / f"asc-{rows}.xlsx"
    duckdb.execute(
        f"COPY (SELECT * FROM read_csv('{path}', header = true, all_varchar = true) "
        f"LIMIT {rows}) TO '{csv_path}' (HEADER, DELIMITER ',')"
    )
    amounts = {"Unit_Cost", "Planned_units_per_week"}

    def cell(name: str, text: str):
        if text is None:
            return None
        if name.endswith("_Date") or name == "Date_of_Birth":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text  # a planted bad date stays as typed
        if name in amounts:
            try:
                return float(text)
            except ValueError:
                return text
        return text

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    table = duckdb.execute(f"SELECT * FROM read_csv('{csv_path}', all_varchar = true)")
    names = [column[0] for column in table.description]
    sheet.append(names)
    for record in table.fetchall():
        sheet.append([cell(n, v) for n, v in zip(names, record, strict=True)])
    workbook.save(xlsx_path)
    return xlsx_path, csv_path


def child(task: str, path: str, sample: int) -> dict:
    """One measured task, run in a fresh process; prints wall time and peak RSS as JSON."""
    started = time.perf_counter()
    result: dict = {}
    if task in ("floor", "cells"):
        from joinedup.specs.reading import open_source

        con = duckdb.connect()
        # The validator's own CSV dialect (explicit, nothing sniffed), so that the floor
        # reads the file exactly as the validator must.
        loaded = open_source(con, Path(path), Path(tempfile.gettempdir()))
        what = "count(*)" if task == "floor" else ", ".join(f"count({c})" for c in loaded.physical)
        result["rows"] = con.execute(f"SELECT {what} FROM {loaded.sql}").fetchone()[0]
    elif task == "validate":
        from joinedup.specs import quality_report, validate

        with validate(path, get_spec("asc-cld")) as validation:
            result["validated"] = time.perf_counter() - started
            result["validated_cpu"] = _cpu()
            result["rows"] = validation.rows
            result["errors"], result["warnings"] = validation.errors, validation.warnings
            result["found"] = validation.con.execute(
                "SELECT rule, list(row) FROM problems WHERE severity = 'error' GROUP BY rule"
            ).fetchall()
            result["rules"] = len(validation.rules)
            quality_report(validation)
    elif task == "frictionless":
        # Only the validation is timed (not writing the sample, nor importing frictionless).
        result["rows"], result["checked"] = _frictionless(path, sample)
    result["seconds"] = time.perf_counter() - started
    result["cpu"] = _cpu()
    result["peak_bytes"] = _peak_rss()
    print(json.dumps(result))
    return result


def _cpu() -> float:
    """CPU seconds (user + system, every thread) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss() -> int:
    """This process's peak resident memory. VmHWM, not getrusage: ru_maxrss survives exec,
    so a child started by a parent that has just generated the file would report the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def frictionless_schema() -> dict:
    """The asc-cld specification as plain Table Schema (what frictionless can check)."""
    spec, fields = get_spec("asc-cld"), []
    for field in spec.fields:
        constraints = {}
        if field.required:
            constraints["required"] = True
        if field.codelist:
            constraints["enum"] = list(field.codelist.values) + [
                old for old, _ in field.codelist.deprecated
            ]
        if field.pattern:
            constraints["pattern"] = field.pattern
        if field.minimum is not None and field.type != "date":
            constraints["minimum"] = field.minimum
        entry = {"name": field.name, "type": field.type}
        if field.type == "date":
            entry["format"] = "any"
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {"fields": fields, "missingValues": [""]}


def _frictionless(path: str, sample: int) -> int:
    import frictionless

    with tempfile.TemporaryDirectory() as folder:
        head = Path(folder) / "sample.csv"
        duckdb.execute(
            f"COPY (SELECT * FROM read_csv('{path}', header = true, all_varchar = true) "
            f"LIMIT {sample}) TO '{head}' (HEADER)"
        )
        schema = frictionless_schema()
        wanted = {f["name"] for f in schema["fields"]}
        header = head.open(encoding="utf-8").readline().strip().split(",")
        # The file's own names: Cost_Frequency_(Unit_Type) is the spec's Cost_Frequency_Unit_Type.
        schema["fields"] = [f for f in schema["fields"] if f["name"] in header] + [
            {"name": name, "type": "string"} for name in header if name not in wanted
        ]
        order = {name: index for index, name in enumerate(header)}
        schema["fields"].sort(key=lambda f: order[f["name"]])
        started = time.perf_counter()
        # A relative path and its folder: frictionless refuses an absolute path as "not safe"
        # (and then checks nothing, in no time).
        resource_ = frictionless.Resource(
            path=head.name, basepath=folder, schema=frictionless.Schema.from_descriptor(schema)
        )
        report = frictionless.validate(resource_, limit_errors=10**9)
        elapsed = time.perf_counter() - started
        task = report.tasks[0]
        checked = task.stats.get("rows")
        refused = [e.type for e in task.errors if e.type in ("resource-error", "scheme-error")]
        if refused or checked != sample:
            raise RuntimeError(
                f"frictionless did not check the sample ({checked} rows; {refused}): "
                f"{report.flatten(['type', 'note'])[:3]}"
            )
        print(f"  frictionless: {len(task.errors)} problems in {elapsed:.1f} s", file=sys.stderr)
    return sample, elapsed


def measure(task: str, path: Path, sample: int = SAMPLE) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.validate_bench",
            "--child",
            task,
            str(path),
            "--sample",
            str(sample),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--sample", type=int, default=SAMPLE)
    parser.add_argument("--file", type=Path, help="where to write the synthetic file")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the --file written by an earlier run with the same --rows (quicker repeats)",
    )
    parser.add_argument("--no-frictionless", action="store_true")
    parser.add_argument(
        "--xlsx-rows",
        type=int,
        default=50_000,
        help="records in the XLSX workbook validated against the same records as CSV (0: none)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the floor and the validator this many times each, in turn (medians judged)",
    )
    parser.add_argument("--child", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], args.sample)
        return 0
    folder = tempfile.TemporaryDirectory(prefix="joinedup-bench-")
    path = args.file or Path(folder.name) / "asc-cld-synthetic.csv"
    started = time.perf_counter()
    reused = args.reuse and args.file and path.exists()
    # A reused file has the same rows, so the same plants.
    plants = planted_rows(args.rows) if reused else generate(path, args.rows)
    size = path.stat().st_size / 1e9
    print(
        f"{'Reused' if reused else 'Generated'} {args.rows:,} rows ({size:.2f} GB) in "
        f"{time.perf_counter() - started:.1f} s"
        f" (not timed); {sum(len(v) for v in plants.values())} planted errors."
    )

    floors, readings, runs = [], [], []
    for _ in range(max(1, args.repeat)):
        floors.append(measure("floor", path))
        readings.append(measure("cells", path))
        runs.append(measure("validate", path))
    ratios = [r["validated"] / f["seconds"] for f, r in zip(floors, runs, strict=True)]
    # Context: what a validator must do at the least (read every cell) takes this long.
    over_cells = statistics.median(
        r["validated"] / c["seconds"] for c, r in zip(readings, runs, strict=True)
    )
    # The run of median validator time (and the floor run paired with it) stands for all.
    middle = sorted(range(len(runs)), key=lambda i: runs[i]["validated"])[(len(runs) - 1) // 2]
    floor, cells, run = floors[middle], readings[middle], runs[middle]
    missed = []
    for each in runs:  # every run must find every planted error
        found = {rule: set(rows) for rule, rows in each["found"]}
        missed += [
            (kind, index + 2)
            for kind, indexes in plants.items()
            for index in indexes
            if index + 2 not in found.get(PLANTS[kind][3], set())
        ]
    peak = max(each["peak_bytes"] for each in runs)
    ratio = statistics.median(ratios)
    if len(ratios) > 1:
        print(
            f"{len(ratios)} runs of each, in turn; validator / floor of each pair: "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + f" (median {ratio:.2f}); figures below are the median validator run's"
        )
    print(
        f"Floor (DuckDB read + count):   {floor['seconds']:7.2f} s  "
        f"peak {floor['peak_bytes'] / 1e9:.2f} GB"
    )
    print(
        f"  reading every cell (context): {cells['seconds']:7.2f} s  "
        f"({cells['seconds'] / floor['seconds']:.2f}x the floor)"
    )
    print(
        f"Validator ({run['rules']} rules):        {run['validated']:7.2f} s  "
        f"peak {peak / 1e9:.2f} GB  ({ratio:.2f}x the floor; goal <= "
        f"{GOALS['floor_ratio']:.0f}x)"
    )
    print(f"  against reading every cell:  {over_cells:.2f}x (median of the runs' ratios)")
    print(f"  with the quality report:     {run['seconds']:7.2f} s")
    print(
        f"  CPU time (user + system, all threads): validator {run['validated_cpu']:.1f} s, "
        f"floor {floor['cpu']:.1f} s ({run['validated_cpu'] / floor['cpu']:.1f}x; less "
        "sensitive than wall time to other work on the machine)"
    )
    print(
        f"  {run['errors']:,} errors, {run['warnings']:,} warnings; planted errors found: "
        f"{'all' if not missed else f'MISSED {len(missed)}: {missed[:5]}'}"
    )
    ok = not missed and ratio <= GOALS["floor_ratio"]
    ok = ok and peak / 1e9 < GOALS["peak_gb"]
    if not args.no_frictionless:
        base = measure("frictionless", path, min(args.sample, args.rows))
        per_row_frictionless = base["checked"] / base["rows"]
        per_row_ours = run["validated"] / run["rows"]
        speedup = per_row_frictionless / per_row_ours
        print(
            f"frictionless ({base['rows']:,} rows): {base['checked']:7.2f} s = "
            f"{per_row_frictionless * 1e6:.1f} us/row, scaled to {args.rows:,} rows "
            f"{per_row_frictionless * args.rows:.0f} s; ours {per_row_ours * 1e6:.2f} us/row: "
            f"{speedup:.0f}x faster (goal >= {GOALS['speedup']:.0f}x)"
        )
        ok = ok and speedup >= GOALS["speedup"]
    if args.xlsx_rows:
        ok = _xlsx_part(path, min(args.xlsx_rows, args.rows), Path(folder.name)) and ok
    print("All goals met." if ok else "A goal was missed (see above).")
    folder.cleanup()
    return 0 if ok else 1


def _xlsx_part(path: Path, rows: int, folder: Path) -> bool:
    """The same records as XLSX and as CSV: times, ratio, and the same problems in both."""
    started = time.perf_counter()
    xlsx_path, csv_path = write_workbook(path, rows, folder)
    print(
        f"XLSX workbook of the first {rows:,} records written in "
        f"{time.perf_counter() - started:.0f} s (not timed)"
    )
    book, text = measure("validate", xlsx_path), measure("validate", csv_path)
    same = sorted(map(tuple, book["found"])) == sorted(map(tuple, text["found"]))
    same = same and (book["errors"], book["warnings"]) == (text["errors"], text["warnings"])
    print(
        f"  validator on the XLSX: {book['validated']:6.2f} s; on the same records as CSV: "
        f"{text['validated']:6.2f} s ({book['validated'] / text['validated']:.1f}x); "
        f"{book['errors']} errors, {book['warnings']} warnings; "
        + ("the same problems at the same rows" if same else "PROBLEMS DIFFER from the CSV's")
    )
    return same


if __name__ == "__main__":
    sys.exit(main())
