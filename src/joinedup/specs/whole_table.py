"""Checks that need the whole table: unique keys and rows that are exact copies of another.

The scan of the file (:mod:`.validate`) keeps, per row, only a hash of each key (``NULL``
where the key does not apply) and one for exact copies: :func:`pass_columns`. Hashes that repeat
point at the few *candidate* rows; only those are read again, with their cells, into the
table ``cand`` (column ``_r``: the record's index in the file), where each check is a GROUP BY
on the real values, so that two values with the same hash are never taken for a repeat.
:func:`rules` returns ``(rule, sql_for(order))`` pairs for :class:`Validation` to run on
``cand``; without candidates there is nothing to run.
"""

from __future__ import annotations

from collections.abc import Callable

from .rules import Rule
from .sql import ident, literal


def _keys(validation) -> list:
    return [
        key
        for key in validation.spec.unique
        if all(name in validation.found for name in key.fields)
    ]


def _key_where(validation, key) -> tuple[list[str], str]:
    columns = [ident(f"c{validation.found[name]}") for name in key.fields]
    # Blank parts of a key are values like any other (an open event has no end date); a row
    # whose key is wholly blank is left to the "required" rules.
    where = "(" + " OR ".join(f"{c} IS NOT NULL" for c in columns) + ")"
    if key.when is not None:
        where += f" AND {validation.columns.condition(key.when)}"
    return columns, where


def _row_key(validation) -> list[str]:
    """The columns whose hash finds candidate exact copies: those of the longest key.

    Copies of a row agree on every column, so on these too; the candidates are then compared
    cell by cell. Hashing a key (a few columns, usually telling rows apart) costs much less
    than hashing every cell; without a key, every column is hashed.
    """
    keys = sorted(_keys(validation), key=lambda key: -len(key.fields))
    if keys:
        return [ident(f"c{validation.found[name]}") for name in keys[0].fields]
    return [ident(name) for name in validation.loaded.physical]


def _exclusive(keys) -> bool:
    """Whether no row can fall under two of ``keys``: each applies only where one same field
    is in a list of values (as written) that no other key's list shares."""
    whens = [key.when for key in keys]
    if len(keys) < 2 or any(
        w is None or w.op != "in" or w.ignore_case or w.field != whens[0].field for w in whens
    ):
        return False
    values = [value for w in whens for value in w.values]
    return len(values) == len(set(values))


def _hashed(validation) -> list[str]:
    """The hash columns the scan keeps (``u0``, ...; ``x``), for :func:`candidates_sql`."""
    keys = _keys(validation)
    if _exclusive(keys):
        return ["u0"]
    return [f"u{index}" for index in range(len(keys))] + ["x"] * bool(
        validation.spec.exact_duplicates
    )


def pass_columns(validation) -> list[str]:
    """What the scan keeps per row: the hash of each applicable key, and of the row's key.

    When no row can fall under two keys (:func:`_exclusive`: one key per event type, say),
    one column holds the hash of the key the row falls under, or else of the row's key for
    exact copies (copies of a row fall under the same key, so repeat its hash): one hash per
    row, and one GROUP BY, instead of one per key and one more for the row.
    """
    columns = validation.columns
    keys = _keys(validation)
    row_key = ", ".join(_row_key(validation))
    if _exclusive(keys):
        branches = []
        for key in keys:
            key_columns, where = _key_where(validation, key)
            branches.append(f"WHEN {where} THEN hash({', '.join(key_columns)})")
        other = f"hash({row_key})" if validation.spec.exact_duplicates else "NULL"
        return [f"CASE {' '.join(branches)} ELSE {other} END AS u0"]
    items = []
    for index, key in enumerate(keys):
        key_columns, where = _key_where(validation, key)
        hashed = columns.shared(f"hash({', '.join(key_columns)})")
        items.append(f"CASE WHEN {where} THEN {hashed} END AS u{index}")
    if validation.spec.exact_duplicates:
        items.append(f"{columns.shared(f'hash({row_key})')} AS x")
    return items


def candidates_sql(validation) -> str | None:
    """The records (``r``: index in the file) whose key or row hash repeats."""
    hashed = _hashed(validation)
    if not hashed:
        return None
    repeated = ", ".join(
        f"r_{h} AS (SELECT {h} FROM checked WHERE {h} IS NOT NULL GROUP BY {h} HAVING count(*) > 1)"
        for h in hashed
    )
    # One more scan of the hashes, whatever the number of keys.
    found = " OR ".join(f"{h} IN (SELECT {h} FROM r_{h})" for h in hashed)
    return f"WITH {repeated} SELECT rowid AS r FROM checked WHERE {found}"


def read_candidates(validation) -> bool:
    """Read the rows whose key or row hash repeats again, with their cells, into ``cand``;
    whether there are any."""
    candidates, con = candidates_sql(validation), validation.con
    if candidates is None:
        return False
    con.execute(f"CREATE TEMP TABLE candidates AS {candidates}")
    if not con.execute("SELECT count(*) FROM candidates").fetchone()[0]:
        return False
    # row_number() over the file in its order: the record's index, as the scan's row ids.
    numbered = (
        f"(SELECT * FROM (SELECT row_number() OVER () - 1 AS _r, * FROM {validation.loaded.sql})"
        " WHERE _r IN (SELECT r FROM candidates))"
    )
    con.execute(f"CREATE TEMP TABLE cand AS SELECT * FROM {validation.cells(numbered)}")
    return True


def rules(validation) -> list[tuple[Rule, Callable[[int], str]]]:
    checks = [_unique(validation, key) for key in _keys(validation)]
    if validation.spec.exact_duplicates:
        checks.append(_exact(validation, validation.spec.exact_duplicates))
    return checks


def _unique(validation, key) -> tuple[Rule, Callable[[int], str]]:
    columns, where = _key_where(validation, key)
    shown = " + ".join(validation.written(name) for name in key.fields)
    names = " + ".join(key.fields)
    rule = Rule(key.id, "unique", key.fields[0], key.severity, "uniqueness", key.description)
    keys = ", ".join(columns)
    shown_keys = ", ".join(f"keyed.{c}" for c in columns)
    same = " AND ".join(f"keyed.{c} IS NOT DISTINCT FROM repeated.{c}" for c in columns)

    def sql(order: int) -> str:
        return f"""
        INSERT INTO problems
        WITH keyed AS (SELECT _r AS r, {keys} FROM cand WHERE {where}),
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

    # Cell by cell, among the candidates only.
    def sql(order: int) -> str:
        return f"""
        INSERT INTO problems
        WITH firsts AS (SELECT _r AS r, min(_r) OVER (PARTITION BY {columns}) AS first FROM cand)
        SELECT r + 2, {order}, '(whole row)', '', 'exact-duplicate', {literal(severity)},
               'This row is an exact copy of row ' || (first + 2) || '.'
        FROM firsts WHERE r <> first
        """

    return rule, sql
