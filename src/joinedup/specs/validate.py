"""Validating a file against a specification, in DuckDB, over the whole file at once.

>>> from joinedup.specs import get_spec, validate
>>> with validate("tests/data/specs/asc-cld-sample.csv", get_spec("asc-cld")) as result:
...     result.errors
0

The file is read once, in one scan that checks every row rule and keeps only what the
whole-table checks need (table ``checked``): the problems of the rows that have any, a hash of
each key and of the row, a person's identifiers, and which cells are filled. The text of the
file is not kept: the few rows whose hashes repeat are read again to compare their values.
Keys, exact copies and probable duplicates of a person are then GROUP BYs over ``checked``.
The scratch database is in memory and spills to a scratch folder past ``memory_limit``;
nothing is written next to the input, which is only ever read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import nhs_number, reading, statements
from .errors import UnusableInput
from .model import Spec, header_key
from .rules import Rule, row_rules
from .safe_csv import sql_safe
from .sql import Columns, ident, literal

CSV_COLUMNS = ("row", "field", "value", "rule", "severity", "message")
# A column of the scan in SQL: the file's text (c*), parsed values (t*, n*), shared tests (_s*).
_COLUMN = re.compile(r'"(?:c|t|n|_s)\d+"')
# Filled-cell flags are packed this many to a BIGINT column.
FLAGS_PER_COLUMN = 62


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    field: str
    value: str
    rule: str
    severity: str
    message: str


@dataclass(frozen=True)
class RuleSummary:
    rule: str
    field: str
    severity: str
    dimension: str
    description: str
    count: int
    first_row: int | None


def validate(
    path: str | Path,
    spec: Spec,
    *,
    earlier: str | Path | None = None,
    progress: reading.Progress | None = None,
    memory_limit: str = "3GB",
    areas: Collection[str] | None = None,
) -> Validation:
    """Check ``path`` against ``spec``; :class:`UnusableInput` if it cannot be read at all.

    ``areas`` is the area lookup's codes: fields marked ``x-area-lookup`` must be one of them
    (without it, those fields are checked for their shape only).

    ``earlier`` is accepted data (a Parquet file, or a ``db.table`` name with ``earlier_con``
    in :func:`joinedup.specs.duplicates.against_earlier`) to look for the same people in.
    ``progress(stage, done, total)`` is called as work advances. Close the result (or use it
    in a ``with`` block) to delete the scratch database.
    """
    workdir = Path(tempfile.mkdtemp(prefix="joinedup-validate-"))
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = {literal(memory_limit)}")
        # Memory freed by one statement is kept for the next (up to the limit), not handed
        # back to the system and faulted in again, page by page, by the next GROUP BY.
        for setting in ("allocator_flush_threshold", "allocator_bulk_deallocation_flush_threshold"):
            with contextlib.suppress(duckdb.Error):
                con.execute(f"SET {setting} = {literal(memory_limit)}")
        con.execute(f"SET temp_directory = {literal(str(workdir / 'spill'))}")
        con.execute("SET preserve_insertion_order = true")
        # DuckDB turns a long IN list into a join, which does not keep the file's order.
        # (Should a later DuckDB not know the name, the plan is checked before the scan.)
        with contextlib.suppress(duckdb.Error):
            con.execute("SET disabled_optimizers = 'in_clause'")
        # Progress is measured (for query_progress) but never printed by DuckDB itself.
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        if progress:
            progress("Reading the file", 0, 1)
        loaded = reading.open_source(con, Path(path), workdir, progress)
        validation = Validation(
            con, workdir, str(path), spec, loaded, None if areas is None else frozenset(areas)
        )
        validation._run(progress, earlier)
        return validation
    except BaseException:
        con.close()
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def match_columns(spec: Spec, headers: tuple[str, ...], path: str) -> dict[str, int]:
    """Which column of the file holds each field; refuses repeats and missing required ones."""
    keys: dict[str, str] = {}
    for field in spec.fields:
        for name in (field.name, *field.aliases):
            keys[header_key(name)] = field.name
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = keys.get(header_key(header)) if header else None
        if name is None:
            continue
        if name in found:
            raise UnusableInput(
                path,
                f"columns {found[name] + 1} ({headers[found[name]]!r}) and {index + 1} "
                f"({header!r}) are both {name}: keep one.",
            )
        found[name] = index
    missing = [f.name for f in spec.fields if f.expected and f.name not in found]
    if missing:
        raise UnusableInput(
            path,
            f"required column{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)} "
            f"(the {spec.name} specification needs them; check the header row).",
        )
    return found


class Validation:
    """The outcome of :func:`validate`: problems, summaries and the quality report's inputs."""

    def __init__(
        self,
        con,
        workdir: Path,
        path: str,
        spec: Spec,
        loaded: reading.Loaded,
        areas: frozenset[str] | None = None,
    ):
        self.con, self.workdir, self.path, self.spec, self.loaded = con, workdir, path, spec, loaded
        self.rows = loaded.rows
        try:
            self.found = match_columns(spec, loaded.headers, path)
        except UnusableInput:
            # A file that cannot be read, or has no records, is refused for that first.
            reading.count_records(con, loaded, Path(path))
            raise
        physical = {name: f"c{index}" for name, index in self.found.items()}
        fields = {f.name: f for f in spec.fields}
        # Dates, numbers and NHS numbers are parsed once per row (columns t*, n*), and
        # expressions several rules share once (s*), not once for every rule that uses them.
        typed = {n: f"t{i}" for n, i in self.found.items() if fields[n].type != "string"}
        numbers = {n: f"n{i}" for n, i in self.found.items() if fields[n].format == "nhs-number"}
        first = reading.first_record(con, loaded) or ()
        usual = {
            name: first[index]
            for name, index in self.found.items()
            if index < len(first) and first[index] is not None
        }
        self.columns = Columns(
            fields, physical, typed, numbers, share=True, areas=areas, usual=usual
        )
        self.rules: list[Rule] = row_rules(spec, self.columns)

    def written(self, field: str | None) -> str:
        """A field's name as the file writes it (the specification's name if it is absent)."""
        if field in self.found:
            return self.loaded.headers[self.found[field]]
        return field or ""

    def cells(self, source: str) -> str:
        """``source`` (text columns c0, c1, ...) with the parsed and shared columns added."""
        parsed = [
            f"{self.columns.parse(n)} AS {ident(a)}" for n, a in self.columns.typed_columns.items()
        ]
        # NHS numbers are used only where their text has the shape (sql_shape_ok).
        parsed += [
            f"{nhs_number.sql_shaped_number(self.columns.text(n))} AS {ident(a)}"
            for n, a in self.columns.number_columns.items()
        ]
        for layer in (parsed, *self.columns.shared_layers()):
            if layer:
                source = f"(SELECT *, {', '.join(layer)} FROM {source})"
        return source

    def _run(self, progress, earlier) -> None:
        from . import duplicates, whole_table

        # Rules on columns the file lacks cannot fire (except "required when ...").
        active = [
            (order, rule)
            for order, rule in enumerate(self.rules)
            if all(name in self.found for name in rule.needs)
        ]
        table_rules = whole_table.rules(self)
        person_rules = duplicates.rules(self, earlier)
        kept = whole_table.pass_columns(self) + duplicates.pass_columns(self) + self._flags()
        total = len(self.rules) + len(table_rules) + len(person_rules) + 1
        steps = len(self.rules)

        def scanned(fraction: float) -> None:
            if progress:
                progress("Checking rules", int(fraction * steps), total)

        self._scan(active, kept, scanned)
        self.rows = reading.check_records(
            self.con.execute("SELECT count(*) FROM checked").fetchone()[0], Path(self.path)
        )
        self.loaded = dataclasses.replace(self.loaded, rows=self.rows)
        self.con.execute(
            "CREATE TABLE problems (row BIGINT, ord INTEGER, field VARCHAR, value VARCHAR, "
            "rule VARCHAR, severity VARCHAR, message VARCHAR)"
        )
        self._name_problems(active)
        run_table_rules = bool(table_rules) and whole_table.read_candidates(self)
        versions = duplicates.versions_sql(self)
        if person_rules and versions:
            self.con.execute(f"CREATE TEMP TABLE person_versions AS {versions}")
        # Without candidate rows, no key or row repeats: the table checks find nothing.
        checks = [(rule, sql, run_table_rules) for rule, sql in table_rules]
        checks += [(rule, sql, True) for rule, sql in person_rules]
        for offset, (rule, sql, run) in enumerate(checks, start=len(self.rules)):
            if progress:
                progress("Checking rules", offset, total)
            if run:
                self.con.execute(self.columns.inline(sql(offset)))
            self.rules.append(rule)
        self._unknown_columns(total)
        self._src_view()
        if progress:
            progress("Checking rules", total, total)

    def _flagged(self) -> list[str]:
        """The fields whose filled cells the scan counts: those in the file that are not
        required (a required field's blank cells are its "required" problems)."""
        fields = {f.name: f for f in self.spec.fields}
        return [name for name in self.found if not fields[name].required]

    def _flags(self) -> list[str]:
        """Which cells are filled, one bit per field of :meth:`_flagged`."""
        names = self._flagged()
        columns = []
        for start in range(0, len(names), FLAGS_PER_COLUMN):
            bits = [
                f"(CAST({ident(f'c{self.found[n]}')} IS NOT NULL AS BIGINT) << {i})"
                for i, n in enumerate(names[start : start + FLAGS_PER_COLUMN])
            ]
            columns.append(f"({' | '.join(bits)}) AS f{start // FLAGS_PER_COLUMN}")
        return columns

    def _scan(self, active: list[tuple[int, Rule]], kept: list[str], scanned) -> None:
        """The one scan of the file: every row rule, and what the whole-table checks need.

        A row that breaks any rule keeps its cells (``failed``, NULL for the others), for
        :meth:`_name_problems` to say which rules and why.
        """
        failed = "CAST(NULL AS VARCHAR[])"
        if active:
            # Each distinct screen once (rules of a field often share one).
            screens: dict[str, list[Rule]] = {}
            for _, rule in active:
                screens.setdefault(rule.screen or rule.fails, []).append(rule)
            any_fails = " OR ".join(
                self._usual_passes(screen, rules) for screen, rules in screens.items()
            )
            cells = ", ".join(ident(name) for name in self.loaded.physical)
            failed = f"CASE WHEN {any_fails} THEN [{cells}] END"
        select = ", ".join([f"{failed} AS failed", *kept])
        self.columns.plan_sharing(select)
        select = self.columns.inline(select)
        sql = f"CREATE TABLE checked AS SELECT {select} FROM {self.cells(self.loaded.sql)}"
        self.scan_sql = sql
        if not statements.keeps_order(self.con, sql):  # a guard against a new optimisation
            self.con.execute("SET threads = 1")
        try:
            statements.run_with_progress(self.con, sql, scanned)
        except duckdb.Error as error:
            if isinstance(error, statements.OUR_MISTAKES):
                raise
            raise UnusableInput(self.path, reading.explain(str(error))) from None
        self.con.execute("RESET threads")

    def _usual_passes(self, screen: str, rules: list[Rule]) -> str:
        """``screen``, skipped for the field's usual cell when that cell passes its rules.

        Only for rules that read nothing but one field's text (a pattern, a format, a list
        of areas): ``(cell is not usual OR any rule fails(usual)) AND screen``, in which DuckDB
        works out ``fails(usual)`` once. If the usual cell fails, the test is the screen as
        before.
        """
        names = {rule.field for rule in rules}
        name = next(iter(names))
        if (
            len(names) > 1
            or any(rule.kind == "required" for rule in rules)  # a blank test costs less
            or name not in self.columns.usual
            or name not in self.found
        ):
            return screen
        column = ident(f"c{self.found[name]}")
        if any(
            set(_COLUMN.findall(sql)) != {column} for sql in [screen, *(r.fails for r in rules)]
        ):
            return screen
        usual = literal(self.columns.usual[name])
        # IS DISTINCT FROM: a blank cell is not the usual one (and may fail "required").
        fails = " OR ".join(rule.fails.replace(column, usual) for rule in rules)
        return f"(({column} IS DISTINCT FROM {usual} OR {fails}) AND {screen})"

    def _name_problems(self, active: list[tuple[int, Rule]]) -> None:
        """Each rule each failing row breaks, with its value and message (few rows: again)."""
        if not active:
            return
        cells = ", ".join(
            f"failed[{index + 1}] AS {ident(name)}"
            for index, name in enumerate(self.loaded.physical)
        )
        self.con.execute(
            f"CREATE TEMP TABLE failed AS SELECT rowid AS _r, {cells} "
            "FROM checked WHERE failed IS NOT NULL"
        )
        hits = ", ".join(f"CASE WHEN {rule.fails} THEN {order} END" for order, rule in active)

        def pick(attribute) -> str:
            cases = " ".join(f"WHEN {order} THEN {attribute(rule)}" for order, rule in active)
            return f"CASE k {cases} END"

        inline = self.columns.inline
        self.con.execute(
            f"""INSERT INTO problems
            WITH hits AS (SELECT *, unnest([{inline(hits)}]) AS k FROM {self.cells("failed")})
            SELECT _r + 2, k, {pick(lambda r: literal(self.written(r.field)))},
                   {pick(lambda r: inline(r.value))}, {pick(lambda r: literal(r.id))},
                   {pick(lambda r: literal(r.severity))}, {pick(lambda r: inline(r.message))}
            FROM hits WHERE k IS NOT NULL"""
        )

    def _src_view(self) -> None:
        """``src``: the file's cells (c0, c1, ...) with ``rowid``, read again when queried.

        For code that reads the checked file once more (writing accepted data); the
        validator itself does not keep the text of the file.
        """
        self.con.execute(
            f"CREATE TEMP VIEW src AS SELECT row_number() OVER () - 1 AS rowid, * "
            f"FROM {self.loaded.sql}"
        )

    def _unknown_columns(self, order: int) -> None:
        used = set(self.found.values())
        for index, header in enumerate(self.loaded.headers):
            if index in used:
                continue
            shown = header or f"(column {index + 1}, no heading)"
            self.con.execute(
                "INSERT INTO problems VALUES (1, ?, ?, ?, 'unknown-column', 'warning', ?)",
                [
                    order,
                    shown,
                    header,
                    f"This column is not in the {self.spec.name} specification: not checked.",
                ],
            )
        if len(used) < len(self.loaded.headers):
            self.rules.append(
                Rule(
                    "unknown-column",
                    "unknown-column",
                    None,
                    "warning",
                    "consistency",
                    "Every column is in the specification",
                )
            )

    # -- results -------------------------------------------------------------------------
    def count(self, severity: str | None = None) -> int:
        where = f"WHERE severity = {literal(severity)}" if severity else ""
        return self.con.execute(f"SELECT count(*) FROM problems {where}").fetchone()[0]

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def ok(self) -> bool:
        """No errors (warnings alone do not stop a file)."""
        return self.errors == 0

    def summary(self) -> list[RuleSummary]:
        """Every rule, with how many problems it found and the first row it found one in."""
        found = {
            rule: (count, first)
            for rule, count, first in self.con.execute(
                "SELECT rule, count(*), min(row) FROM problems GROUP BY rule"
            ).fetchall()
        }
        return [
            RuleSummary(
                rule.id,
                self.written(rule.field),
                rule.severity,
                rule.dimension,
                rule.description,
                *found.get(rule.id, (0, None)),
            )
            for rule in self.rules
        ]

    def problems(self, limit: int | None = None, severity: str | None = None) -> list[Problem]:
        """Problems in the order of the file (row, then the specification's rule order)."""
        where = f"WHERE severity = {literal(severity)}" if severity else ""
        cap = f"LIMIT {int(limit)}" if limit is not None else ""
        rows = self.con.execute(
            f"SELECT row, field, coalesce(value, ''), rule, severity, message FROM problems "
            f"{where} ORDER BY row, ord {cap}"
        ).fetchall()
        return [Problem(self.path, *row) for row in rows]

    def write_errors_csv(self, target: str | Path) -> None:
        """Write every problem with the columns row, field, value, rule, severity, message.

        Cells that a spreadsheet would run as a formula start with a single quote.
        """
        target = Path(target).resolve()
        if target == Path(self.path).resolve():
            raise ValueError("Refusing to write the errors over the file being validated.")
        value = sql_safe("coalesce(value, '')")
        self.con.execute(
            f"COPY (SELECT row, {sql_safe('field')} AS field, {value} AS value, rule, severity, "
            f"{sql_safe('message')} AS message FROM problems ORDER BY row, ord) "
            f"TO {literal(str(target))} (HEADER, DELIMITER ',')"
        )

    def fill_counts(self) -> dict[str, int]:
        """Non-blank cells per field present in the file (for completeness)."""
        flagged = self._flagged()
        counts = {}
        if flagged:
            sums = ", ".join(
                f"sum((f{i // FLAGS_PER_COLUMN} >> {i % FLAGS_PER_COLUMN}) & 1)"
                for i in range(len(flagged))
            )
            values = self.con.execute(f"SELECT {sums} FROM checked").fetchone()
            counts = {name: int(value or 0) for name, value in zip(flagged, values, strict=True)}
        blank = dict(
            self.con.execute(
                "SELECT rule, count(*) FROM problems WHERE rule LIKE '%:required' GROUP BY rule"
            ).fetchall()
        )
        return {
            name: counts[name] if name in counts else self.rows - blank.get(f"{name}:required", 0)
            for name in self.found
        }

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Validation:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
