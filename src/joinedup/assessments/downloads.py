"""Downloads of a round's published tables: CSV (one table), XLSX (every table) and a PDF
report. Like the pages, they read only :class:`~joinedup.instruments.PublishedResults`.

Text cells that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab
or carriage return) are prefixed with an apostrophe; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
from openpyxl import Workbook

from joinedup.instruments import PublishedResults

from .results import TABLES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """Neutralise text that a spreadsheet would treat as a formula; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "item"):  # NumPy scalars
        value = value.item()
    return safe_text(value)


def _rows(table: pd.DataFrame):
    yield list(table.columns)
    for row in table.itertuples(index=False):
        yield [_cell(value) for value in row]


def csv_text(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def table_csv(results: PublishedResults, table: str) -> str:
    if table not in TABLES:
        raise KeyError(table)
    return csv_text(_rows(getattr(results, table)))


def workbook_bytes(results: PublishedResults, *, about: list[tuple[str, str]]) -> bytes:
    """One sheet per table, after an "About" sheet naming the round and the suppression rule."""
    book = Workbook()
    sheet = book.active
    sheet.title = "About"
    for key, value in [*about, ("Suppression", results.rule)]:
        sheet.append([safe_text(key), safe_text(value)])
    for name in TABLES:
        sheet = book.create_sheet(name)
        for row in _rows(getattr(results, name)):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf_bytes(html: str, base_url: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the report page, for a partnership board."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
