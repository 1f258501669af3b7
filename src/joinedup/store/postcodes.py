"""Postcode to LSOA: the lookup that puts a person's record in a small area.

Social care records carry a postcode, not an LSOA; the indicator engine counts by LSOA. The
lookup is a Parquet file in the store (``<root>/reference/postcodes.parquet``, columns
``postcode`` written without spaces in capitals, and ``lsoa_code``), replaced whole by an
atomic rename. It is read from an extract of the ONS Postcode Directory (columns ``pcds`` or
``pcd``, and ``lsoa21cd`` or ``lsoa11cd``) or any CSV with ``postcode`` and ``lsoa_code``.
"""

from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from joinedup.specs.reading import explain
from joinedup.specs.sql import literal

POSTCODE_COLUMNS = ("postcode", "pcds", "pcd", "pcd7", "pcd8")
LSOA_COLUMNS = ("lsoa_code", "lsoa21cd", "lsoa21", "lsoa11cd", "lsoa11")


class PostcodeLookupError(ValueError):
    """The lookup file cannot be used; the message names the file, row and column."""


def lookup_path(root: str | Path) -> Path:
    return Path(root) / "reference" / "postcodes.parquet"


def normalise_sql(expression: str) -> str:
    """SQL that writes a postcode as the lookup does: capitals, no spaces."""
    return f"upper(replace({expression}, ' ', ''))"


def write_lookup(root: str | Path, pairs: Iterable[tuple[str, str]]) -> int:
    """Replace the lookup with ``(postcode, lsoa_code)`` pairs; returns how many were kept."""
    kept = [(p, lsoa) for p, lsoa in pairs if p and lsoa]
    table = pa.table(
        {
            "postcode": pa.array([p for p, _ in kept], pa.string()),
            "lsoa_code": pa.array([lsoa for _, lsoa in kept], pa.string()),
        }
    )
    with duckdb.connect() as con:
        con.register("pairs", table)
        return _replace(con, "SELECT postcode, lsoa_code FROM pairs", root)


def import_csv(root: str | Path, path: str | Path) -> int:
    """Read an ONS Postcode Directory extract (or ``postcode,lsoa_code``) into the lookup.

    Read and checked by DuckDB in one pass (an ONSPD extract has about 2.7 million rows); the
    first row with a code that is not an LSOA's is named, and nothing is changed.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise PostcodeLookupError(f"{path}: the file is empty.")
    header = [h.strip().lower() for h in header]
    postcode = next((header.index(c) for c in POSTCODE_COLUMNS if c in header), None)
    lsoa = next((header.index(c) for c in LSOA_COLUMNS if c in header), None)
    if postcode is None or lsoa is None:
        raise PostcodeLookupError(
            f"{path}: row 1 needs a postcode column ({', '.join(POSTCODE_COLUMNS)}) and an "
            f"LSOA column ({', '.join(LSOA_COLUMNS)})."
        )
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    source = (
        f"read_csv({literal(str(path))}, header = true, auto_detect = false, "
        f"columns = {columns}, strict_mode = true, null_padding = false)"
    )
    with duckdb.connect() as con:
        try:
            con.execute(
                "CREATE TEMP TABLE rows AS SELECT row_number() OVER () + 1 AS row, "
                f"c{postcode} AS postcode, trim(c{lsoa}) AS lsoa_code FROM {source}"
            )
        except duckdb.Error as error:
            raise PostcodeLookupError(f"{path}: {explain(str(error))}") from None
        bad = con.execute(
            "SELECT row, lsoa_code FROM rows WHERE lsoa_code <> '' AND NOT "
            "regexp_full_match(lsoa_code, '[EW]01[0-9]{6}') ORDER BY row LIMIT 1"
        ).fetchone()
        if bad:
            raise PostcodeLookupError(
                f"{path}: row {bad[0]}, column {header[lsoa]}: {bad[1]!r} is not an LSOA code "
                "(E01 or W01 and six digits)."
            )
        return _replace(con, "SELECT postcode, lsoa_code FROM rows", root)


def _replace(con: duckdb.DuckDBPyConnection, select: str, root: str | Path) -> int:
    """Write the pairs ``select`` gives as the new lookup (normalised, one row a postcode)."""
    target = lookup_path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".staging-{secrets.token_hex(4)}.parquet")
    normalised = (
        f"SELECT DISTINCT ON (postcode) {normalise_sql('postcode')} AS postcode, "
        f"trim(lsoa_code) AS lsoa_code FROM ({select}) "
        "WHERE postcode IS NOT NULL AND coalesce(trim(lsoa_code), '') <> '' ORDER BY postcode"
    )
    try:
        con.execute(f"CREATE TEMP TABLE lookup AS {normalised}")
        con.execute(f"COPY lookup TO {literal(str(staging))} (FORMAT parquet)")
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return con.execute("SELECT count(*) FROM lookup").fetchone()[0]
