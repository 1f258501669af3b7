"""Validating a file against a specification, in DuckDB, over the whole file at once.

>>> from joinedup.specs import get_spec, validate
>>> with validate("tests/data/specs/asc-cld-sample.csv", get_spec("asc-cld")) as result:
...     result.errors
0

The file is loaded once into a scratch DuckDB database (on disk, so that large files spill
rather than exhaust memory); each rule is one ``INSERT ... SELECT ... WHERE <fails>`` into the
``problems`` table; whole-table checks (unique keys, exact copies, probable duplicates of a
person) are GROUP BYs. Nothing is written next to the input, which is only ever read.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import nhs_number, reading
from .errors import UnusableInput
from .model import Spec, header_key
from .rules import Rule, row_rules
from .safe_csv import sql_safe
from .sql import Columns, ident, literal

CSV_COLUMNS = ("row", "field", "value", "rule", "severity", "message")
# Rules checked in one scan of the table: more is faster, fewer updates progress more often.
RULES_PER_SCAN = 40


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
) -> Validation:
    """Check ``path`` against ``spec``; :class:`UnusableInput` if it cannot be read at all.

    ``earlier`` is accepted data (a Parquet file, or a ``db.table`` name with ``earlier_con``
    in :func:`joinedup.specs.duplicates.against_earlier`) to look for the same people in.
    ``progress(stage, done, total)`` is called as work advances. Close the result (or use it
    in a ``with`` block) to delete the scratch database.
    """
    workdir = Path(tempfile.mkdtemp(prefix="joinedup-validate-"))
    con = duckdb.connect(str(workdir / "scratch.duckdb"))
    try:
        con.execute(f"SET memory_limit = {literal(memory_limit)}")
        con.execute(f"SET temp_directory = {literal(str(workdir / 'spill'))}")
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = false")
        if progress:
            progress("Reading the file", 0, 1)
        loaded = reading.load(con, Path(path), workdir, progress)
        validation = Validation(con, workdir, str(path), spec, loaded)
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

    def __init__(self, con, workdir: Path, path: str, spec: Spec, loaded: reading.Loaded):
        self.con, self.workdir, self.path, self.spec, self.loaded = con, workdir, path, spec, loaded
        self.rows = loaded.rows
        self.found = match_columns(spec, loaded.headers, path)
        physical = {name: f"c{index}" for name, index in self.found.items()}
        fields = {f.name: f for f in spec.fields}
        # Dates, numbers and NHS numbers are parsed once, into the ``typed`` table that is
        # read beside ``src`` (POSITIONAL JOIN), not once for every rule that uses them.
        typed = {n: f"t{i}" for n, i in self.found.items() if fields[n].type != "string"}
        numbers = {n: f"n{i}" for n, i in self.found.items() if fields[n].format == "nhs-number"}
        self.columns = Columns(fields, physical, typed, numbers)
        self.rules: list[Rule] = row_rules(spec, self.columns)
        self.source = "src POSITIONAL JOIN typed"

    def written(self, field: str | None) -> str:
        """A field's name as the file writes it (the specification's name if it is absent)."""
        if field in self.found:
            return self.loaded.headers[self.found[field]]
        return field or ""

    def _run(self, progress, earlier) -> None:
        from . import duplicates, whole_table

        parsed = [
            f"{self.columns.parse(n)} AS {ident(a)}" for n, a in self.columns.typed_columns.items()
        ]
        parsed += [
            f"{nhs_number.sql_number(self.columns.text(n))} AS {ident(a)}"
            for n, a in self.columns.number_columns.items()
        ]
        self.con.execute(
            f"CREATE TABLE typed AS SELECT {', '.join(parsed) or 'NULL AS none'} FROM src"
        )
        self.con.execute(
            "CREATE TABLE problems (row BIGINT, ord INTEGER, field VARCHAR, value VARCHAR, "
            "rule VARCHAR, severity VARCHAR, message VARCHAR)"
        )
        # Rules on columns the file lacks cannot fire (except "required when ...").
        active = [
            (order, rule)
            for order, rule in enumerate(self.rules)
            if all(name in self.found for name in rule.needs)
        ]
        table_rules = whole_table.rules(self)
        person_rules = duplicates.rules(self, earlier)
        total = len(self.rules) + len(table_rules) + len(person_rules) + 1
        for start in range(0, len(active), RULES_PER_SCAN):
            if progress:
                progress("Checking rules", active[start][0], total)
            self._insert(active[start : start + RULES_PER_SCAN])
        for offset, (rule, sql) in enumerate(table_rules + person_rules, start=len(self.rules)):
            if progress:
                progress("Checking rules", offset, total)
            self.con.execute(sql(offset))
            self.rules.append(rule)
        self._unknown_columns(total)
        if progress:
            progress("Checking rules", total, total)

    def _insert(self, batch: list[tuple[int, Rule]]) -> None:
        """Check several rules in one scan: filter the failing rows, then name each failure."""
        any_fails = " OR ".join(rule.fails for _, rule in batch)
        hits = ", ".join(f"CASE WHEN {rule.fails} THEN {order} END" for order, rule in batch)

        def pick(attribute) -> str:
            cases = " ".join(f"WHEN {order} THEN {attribute(rule)}" for order, rule in batch)
            return f"CASE k {cases} END"

        self.con.execute(
            f"""INSERT INTO problems
            WITH failing AS (SELECT src.rowid AS _r, * FROM {self.source} WHERE {any_fails}),
            hits AS (SELECT *, unnest([{hits}]) AS k FROM failing)
            SELECT _r + 2, k, {pick(lambda r: literal(self.written(r.field)))},
                   {pick(lambda r: r.value)}, {pick(lambda r: literal(r.id))},
                   {pick(lambda r: literal(r.severity))}, {pick(lambda r: r.message)}
            FROM hits WHERE k IS NOT NULL"""
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
        if not self.found:
            return {}
        names = list(self.found)
        counts = ", ".join(f"count({ident(f'c{self.found[n]}')})" for n in names)
        values = self.con.execute(f"SELECT {counts} FROM src").fetchone()
        return dict(zip(names, values, strict=True))

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Validation:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
