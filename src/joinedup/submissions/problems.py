"""Reading a submission's problems a page at a time from its errors CSV (DuckDB, no pandas).

The CSV is the one the validator wrote (``row, field, value, rule, severity, message``), kept
beside the submission, so a file with a million problems pages as fast as one with ten.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from joinedup.specs import CSV_COLUMNS, Problem

from . import files

PAGE_SIZE = 100
# The validator's errors CSV, read with its own column names: the row number as a number.
COLUMNS = (
    "{" + ", ".join(f"'{c}': '{'BIGINT' if c == 'row' else 'VARCHAR'}'" for c in CSV_COLUMNS) + "}"
)


@dataclass(frozen=True)
class Page:
    rows: list[Problem]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)


def page(
    submission, *, page: int, size: int, severity: str | None = None, rule: str | None = None
) -> Page:
    path = files.reports_dir(submission.pk) / "errors.csv"
    if not path.is_file():
        return Page([], 1, size, 0)
    where, params = [], []
    if severity:
        where.append("severity = ?")
        params.append(severity)
    if rule:
        where.append("rule = ?")
        params.append(rule)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    source = (
        f"read_csv(?, header = true, auto_detect = false, columns = {COLUMNS}, quote = '\"', "
        "escape = '\"')"
    )
    with duckdb.connect() as con:
        total = con.execute(
            f"SELECT count(*) FROM {source} {clause}", [str(path), *params]
        ).fetchone()[0]
        number = min(max(page, 1), max(1, -(-total // size)))
        rows = con.execute(
            f"SELECT row, field, coalesce(value, ''), rule, severity, message FROM {source} "
            f"{clause} LIMIT {int(size)} OFFSET {int((number - 1) * size)}",
            [str(path), *params],
        ).fetchall()
    return Page([Problem(submission.original_name, *r) for r in rows], number, size, total)
