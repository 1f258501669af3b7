"""Accepted records as typed Parquet: one column per field of the specification.

Columns are named as the specification names them (whatever the file called them), in the
specification's order, with the specification's types: dates as DATE, integers as BIGINT,
numbers as DECIMAL(18, 4) (money is never a float), text as written. A field the file left
out is a column of NULLs, so every part of a dataset has the same columns.
"""

from __future__ import annotations

from pathlib import Path

from joinedup.specs.sql import ident, literal

NUMBER_TYPE = "DECIMAL(18, 4)"


def column_expressions(validation) -> list[str]:
    columns, fields = validation.columns, validation.spec.fields
    expressions = []
    for field in fields:
        text = columns.text(field.name)
        if field.type == "date":
            value = columns.parse(field.name)
        elif field.type == "integer":
            value = f"TRY_CAST(trim({text}) AS BIGINT)"
        elif field.type == "number":
            value = f"TRY_CAST(trim({text}) AS {NUMBER_TYPE})"
        elif field.type == "boolean":
            value = f"TRY_CAST(trim({text}) AS BOOLEAN)"
        else:
            value = text
        expressions.append(f"{value} AS {ident(field.name)}")
    return expressions


def write_parquet(validation, target: str | Path) -> None:
    """Write every record of a checked file to ``target`` (Parquet, zstd).

    The validator's ``src`` holds the file's cells as text (``c0``, ``c1``, ...); the
    specification's parsing turns them into typed columns here, in the file's order (DuckDB
    keeps insertion order, which the validator's connection asks for).
    """
    select = ", ".join(column_expressions(validation))
    validation.con.execute(
        f"COPY (SELECT {select} FROM src) TO {literal(str(target))} "
        "(FORMAT parquet, COMPRESSION zstd)"
    )
