"""Probable duplicates of a person: within the file, and against data accepted earlier.

A specification names the fields that identify a person (``x-person``: the local identifier,
the NHS number, and details such as date of birth, postcode and gender). A person usually has
many rows (one per event), so rows are first reduced to *versions* of a person: each distinct
combination of identifier, NHS number and details, found at its first row. Then:

* the same NHS number in versions with a different identifier or different details, and
* the same details (all given) in versions with a different identifier or NHS number

are each reported once, at the first row of the later version, naming the earlier row and what
differs. These are warnings: twins share details and people move house. Against earlier data
(a Parquet file, or ``file.duckdb#table``, with the specification's field names), the same NHS
number with a different identifier, birth date or gender, and the same details with a
different identifier and NHS number, are reported the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import nhs_number
from .rules import Rule
from .sql import ident, literal


def _person_parts(validation):
    """The SQL of a person's NHS number (as a number, if usable) and the details in the file."""
    person, columns = validation.spec.person, validation.columns
    nhs = person.nhs_number if person.nhs_number in validation.found else None
    number = columns.nhs(nhs) if nhs else None
    usable = (
        f"CASE WHEN {columns.shared(nhs_number.sql_shape_ok(columns.text(nhs)))} AND NOT "
        f"{columns.shared(nhs_number.sql_placeholder(number))} THEN {number} END"
        if nhs
        else "CAST(NULL AS BIGINT)"
    )
    details = [name for name in person.details if name in validation.found]
    return nhs, usable, details


def _applies(validation) -> bool:
    person = validation.spec.person
    return person is not None and all(name in validation.found for name in person.identifier)


def pass_columns(validation) -> list[str]:
    """What the scan keeps per row for the person checks (none if they do not apply).

    Cells are kept as written (copying them costs less than working on them); a date of
    birth as the date it parses to.
    """
    if not _applies(validation):
        return []
    person, columns = validation.spec.person, validation.columns
    _, usable, details = _person_parts(validation)
    items = [f"{columns.text(n)} AS p_id{i}" for i, n in enumerate(person.identifier)]
    items.append(f"{usable} AS p_nhs")
    for i, name in enumerate(details):
        field = columns.fields[name]
        value = columns.typed(name) if field.type == "date" else columns.text(name)
        items.append(f"{value} AS p_d{i}")
    return items


def versions_sql(validation) -> str | None:
    """Each distinct version of a person, at its first row (``r``: index in the file).

    Two steps: the distinct cells as written (few, next to the rows), then the identifier
    and the details as compared (a postcode without spaces, in capitals).
    """
    if not _applies(validation):
        return None
    person, columns = validation.spec.person, validation.columns
    _, _, details = _person_parts(validation)
    ids = [f"p_id{i}" for i in range(len(person.identifier))]
    written = ids + ["p_nhs"] + [f"p_d{i}" for i in range(len(details))]
    compared = [f"concat_ws(' | ', {', '.join(ids)}) AS pid", "p_nhs AS nhs"]
    for i, name in enumerate(details):
        value = f"p_d{i}"
        if columns.fields[name].format == "uk-postcode":
            value = f"upper(replace({value}, ' ', ''))"
        compared.append(f"{value} AS d{i}")
    return (
        f"SELECT {', '.join(compared)}, min(r) AS r FROM "
        f"(SELECT {', '.join(written)}, min(rowid) AS r FROM checked GROUP BY ALL) "
        "GROUP BY ALL"
    )


def rules(validation, earlier: str | Path | None) -> list[tuple[Rule, Callable[[int], str]]]:
    """The person checks, to run once the table ``person_versions`` exists."""
    if not _applies(validation):
        return []
    person = validation.spec.person
    nhs, _, details = _person_parts(validation)
    full_details = len(details) == len(person.details) and details
    detail_names = details
    versions = "SELECT * FROM person_versions"
    id_words = " + ".join(person.identifier)
    checks = []
    if nhs:
        checks.append(
            _within(
                "person-same-nhs-number",
                nhs,
                "nhs IS NOT NULL",
                "nhs",
                versions,
                [("pid", id_words)] + [(f"d{i}", n) for i, n in enumerate(detail_names)],
                "The same NHS number is given at row ",
                "One NHS number is one person in every row",
            )
        )
    if full_details:
        present = " AND ".join(f"d{i} IS NOT NULL" for i in range(len(detail_names)))
        group = ", ".join(f"d{i}" for i in range(len(detail_names)))
        checks.append(
            _within(
                "person-same-details",
                " + ".join(detail_names),
                present,
                group,
                versions,
                [("pid", id_words), ("nhs", nhs or "NHS number")],
                f"The same {' + '.join(detail_names)} are given at row ",
                "People with the same details have the same identifiers",
                both_given=("nhs",),
            )
        )
    if earlier is not None:
        checks += _against_earlier(validation, earlier, versions, nhs, detail_names, id_words)
    return checks


def _within(
    rule_id, field, present, group, versions, compare, opening, description, both_given=()
) -> tuple[Rule, Callable[[int], str]]:
    rule = Rule(
        rule_id, "probable-duplicate", field.split(" + ")[0], "warning", "uniqueness", description
    )
    differs = []
    for column, words in compare:
        test = f"v.{column} IS DISTINCT FROM f.{column}"
        if column in both_given:
            test = f"(v.{column} IS NOT NULL AND f.{column} IS NOT NULL AND {test})"
        differs.append((test, words))
    any_differs = " OR ".join(test for test, _ in differs)
    what = ", ".join(f"CASE WHEN {test} THEN {literal(words)} END" for test, words in differs)
    names = [c.strip() for c in group.split(",")]
    join = " AND ".join(f"v.{c} = f.{c}" for c in names)
    shared = " AND ".join(f"v.{c} = m.{c}" for c in names)

    # Only the groups of more than one version can hold a problem: a GROUP BY finds them
    # and their first row (a window over every version cost more).
    def sql(order: int) -> str:
        return f"""
        INSERT INTO problems
        WITH versions AS ({versions}),
        multi AS (SELECT {group}, min(r) AS first_r FROM versions WHERE {present}
                  GROUP BY {group} HAVING count(*) > 1),
        ranked AS (SELECT v.*, m.first_r FROM versions v JOIN multi m ON {shared}),
        firsts AS (SELECT * FROM ranked WHERE r = first_r)
        SELECT v.r + 2, {order}, {literal(field)}, concat_ws(' | ', v.pid, v.nhs),
               {literal(rule_id)}, 'warning',
               {literal(opening)} || (f.r + 2) || ' with a different ' || concat_ws(', ', {what})
               || ': probably the same person recorded twice, or a typing error.'
        FROM ranked v JOIN firsts f ON {join}
        WHERE v.r <> f.r AND ({any_differs})
        """

    return rule, sql


def _earlier_source(validation, earlier: str | Path) -> str:
    text = str(earlier)
    if "#" in text:
        database, table = text.rsplit("#", 1)
        validation.con.execute(f"ATTACH {literal(database)} AS earlier_db (READ_ONLY)")
        return f"earlier_db.{ident(table)}"
    if not Path(text).exists():
        raise ValueError(f"The earlier data {text!r} does not exist.")
    return f"read_parquet({literal(text)})"


def _against_earlier(validation, earlier, versions, nhs, detail_names, id_words):
    person, columns = validation.spec.person, validation.columns
    source = _earlier_source(validation, earlier)
    have = {row[0] for row in validation.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    needed = [*person.identifier, *([nhs] if nhs else []), *detail_names]
    missing = [name for name in needed if name not in have]
    if missing:
        raise ValueError(f"The earlier data lacks the column(s) {', '.join(missing)}.")

    def text(name):
        return f"CAST({ident(name)} AS VARCHAR)"

    def typed(name, index):
        field = columns.fields[name]
        if field.type == "date":
            formats = ", ".join(literal(f) for f in field.date_formats)
            return f"CAST(try_strptime({text(name)}, [{formats}]) AS DATE) AS d{index}"
        if field.format == "uk-postcode":
            return f"upper(replace({text(name)}, ' ', '')) AS d{index}"
        return f"{text(name)} AS d{index}"

    identifiers = ", ".join(text(n) for n in person.identifier)
    old = (
        f"SELECT DISTINCT concat_ws(' | ', {identifiers}) AS pid, "
        + (f"{nhs_number.sql_number(text(nhs))} AS nhs" if nhs else "NULL AS nhs")
        + "".join(f", {typed(n, i)}" for i, n in enumerate(detail_names))
        + f" FROM {source}"
    )
    checks = []
    stable = [
        (f"d{i}", n)
        for i, n in enumerate(detail_names)
        if columns.fields[n].format != "uk-postcode"
    ]
    if nhs:
        checks.append(
            _earlier_rule(
                "earlier-same-nhs-number",
                nhs,
                versions,
                old,
                "v.nhs = e.nhs",
                [("pid", id_words)] + stable,
                "The NHS number is in the earlier data with a different ",
                "An NHS number means the same person as in earlier data",
            )
        )
    if detail_names and len(detail_names) == len(person.details):
        same = " AND ".join(f"v.d{i} = e.d{i}" for i in range(len(detail_names)))
        checks.append(
            _earlier_rule(
                "earlier-same-details",
                " + ".join(detail_names),
                versions,
                old,
                same,
                [("pid", id_words)],
                f"The same {' + '.join(detail_names)} are in the earlier data with a different ",
                "People with the same details as in earlier data keep their identifiers",
                extra="AND (v.nhs IS NULL OR e.nhs IS NULL OR v.nhs <> e.nhs)",
            )
        )
    return checks


def _earlier_rule(rule_id, field, versions, old, join, compare, opening, description, extra=""):
    rule = Rule(
        rule_id, "probable-duplicate", field.split(" + ")[0], "warning", "uniqueness", description
    )
    differs = " OR ".join(f"v.{c} IS DISTINCT FROM e.{c}" for c, _ in compare)
    what = ", ".join(
        f"CASE WHEN v.{c} IS DISTINCT FROM e.{c} THEN {literal(w)} END" for c, w in compare
    )

    def sql(order: int) -> str:
        return f"""
        INSERT INTO problems
        WITH versions AS ({versions}), old AS ({old}),
        hits AS (SELECT v.r, v.pid, v.nhs, min(concat_ws(', ', {what})) AS what
                 FROM versions v JOIN old e ON {join}
                 WHERE ({differs}) {extra} GROUP BY ALL)
        SELECT r + 2, {order}, {literal(field)}, concat_ws(' | ', pid, nhs), {literal(rule_id)},
               'warning', {literal(opening)} || what || ': check it is the same person.'
        FROM hits
        """

    return rule, sql
