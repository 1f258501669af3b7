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
    rows = [(p.replace(" ", "").upper(), lsoa.strip()) for p, lsoa in pairs if p and lsoa]
    target = lookup_path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".staging-{secrets.token_hex(4)}.parquet")
    try:
        with duckdb.connect() as con:
            con.execute("CREATE TABLE pairs (postcode VARCHAR, lsoa_code VARCHAR)")
            con.executemany("INSERT INTO pairs VALUES (?, ?)", rows)
            con.execute(
                "COPY (SELECT DISTINCT ON (postcode) postcode, lsoa_code FROM pairs "
                f"ORDER BY postcode) TO '{staging}' (FORMAT parquet)"
            )
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return len({p for p, _ in rows})


def import_csv(root: str | Path, path: str | Path) -> int:
    """Read an ONS Postcode Directory extract (or ``postcode,lsoa_code``) into the lookup."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            raise PostcodeLookupError(f"{path}: the file is empty.") from None
        postcode = next((header.index(c) for c in POSTCODE_COLUMNS if c in header), None)
        lsoa = next((header.index(c) for c in LSOA_COLUMNS if c in header), None)
        if postcode is None or lsoa is None:
            raise PostcodeLookupError(
                f"{path}: row 1 needs a postcode column ({', '.join(POSTCODE_COLUMNS)}) and an "
                f"LSOA column ({', '.join(LSOA_COLUMNS)})."
            )
        pairs = []
        for number, row in enumerate(reader, start=2):
            if len(row) <= max(postcode, lsoa):
                raise PostcodeLookupError(
                    f"{path}: row {number} has {len(row)} columns, not {len(header)}."
                )
            code = row[lsoa].strip()
            if code and not (code[:3] in ("E01", "W01") and len(code) == 9):
                raise PostcodeLookupError(
                    f"{path}: row {number}, column {header[lsoa]}: {code!r} is not an LSOA code "
                    "(E01 or W01 and six digits)."
                )
            pairs.append((row[postcode], code))
    return write_lookup(root, pairs)
