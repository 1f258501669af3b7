"""Checks that need the whole table: unique keys and rows that are exact copies of another.

Each check is a GROUP BY that finds the repeated keys (few), joined back to name every row
after the first one, and the first row it repeats. Returns ``(rule, sql_for(order))`` pairs
for :class:`Validation` to run.
"""

from __future__ import annotations

from collections.abc import Callable

from .rules import Rule
from .sql import ident, literal


def rules(validation) -> list[tuple[Rule, Callable[[int], str]]]:
    checks = []
    for key in validation.spec.unique:
        if all(name in validation.found for name in key.fields):
            checks.append(_unique(validation, key))
    if validation.spec.exact_duplicates:
        checks.append(_exact(validation, validation.spec.exact_duplicates))
    return checks


def _unique(validation, key) -> tuple[Rule, Callable[[int], str]]:
    columns = [ident(f"c{validation.found[name]}") for name in key.fields]
    shown = " + ".join(validation.written(name) for name in key.fields)
    names = " + ".join(key.fields)
    # Blank parts of a key are values like any other (an open event has no end date); a row
    # whose key is wholly blank is left to the "required" rules.
    where = "(" + " OR ".join(f"{c} IS NOT NULL" for c in columns) + ")"
    if key.when is not None:
        where += f" AND {validation.columns.condition(key.when)}"
    rule = Rule(key.id, "unique", key.fields[0], key.severity, "uniqueness", key.description)
    keys = ", ".join(columns)
    shown_keys = ", ".join(f"keyed.{c}" for c in columns)
    same = " AND ".join(f"keyed.{c} IS NOT DISTINCT FROM repeated.{c}" for c in columns)

    def sql(order: int) -> str:
        return f"""
        INSERT INTO problems
        WITH keyed AS (SELECT src.rowid AS r, {keys} FROM {validation.source} WHERE {where}),
        repeated AS (SELECT {keys}, min(r) AS first FROM keyed GROUP BY ALL HAVING count(*) > 1)
        SELECT keyed.r + 2, {order}, {literal(shown)}, concat_ws(' | ', {shown_keys}),
               {literal(rule.id)}, {literal(rule.severity)},
               {literal(f"The same {names} as row ")} || (repeated.first + 2)
               || {literal(f": {key.description.rstrip('.')}.")}
        FROM keyed JOIN repeated ON {same}
        WHERE keyed.r <> repeated.first
        """

    return rule, sql


def _exact(validation, severity: str) -> tuple[Rule, Callable[[int], str]]:
    columns = ", ".join(ident(name) for name in validation.loaded.physical)
    rule = Rule(
        "exact-duplicate",
        "exact-duplicate",
        None,
        severity,
        "uniqueness",
        "No row is an exact copy of another",
    )

    # Hash first (cheap), then compare the few candidate rows cell by cell.
    def sql(order: int) -> str:
        return f"""
        INSERT INTO problems
        WITH hashed AS (SELECT hash({columns}) AS h FROM src),
        candidates AS (SELECT h FROM hashed GROUP BY h HAVING count(*) > 1),
        rows AS (SELECT rowid AS r, * FROM src WHERE hash({columns}) IN (SELECT h FROM candidates)),
        firsts AS (SELECT r, min(r) OVER (PARTITION BY {columns}) AS first FROM rows)
        SELECT r + 2, {order}, '(whole row)', '', 'exact-duplicate', {literal(severity)},
               'This row is an exact copy of row ' || (first + 2) || '.'
        FROM firsts WHERE r <> first
        """

    return rule, sql
