"""Opening a submitted file as a DuckDB source of text cells, refusing what cannot be read.

The kind of file is judged by its first bytes, not its name. CSV is read by DuckDB itself
(explicit dialect, no guessing of types: every cell stays text, as written); XLSX is streamed
row by row through openpyxl into a CSV first (DuckDB's excel extension cannot be installed
offline); Parquet is read by DuckDB and every column cast to text. :func:`open_source` reads
only the header: :attr:`Loaded.sql` is the query that yields the cells as columns ``c0``,
``c1``, ... in file order, for the validator to scan (once). Empty cells become ``NULL`` (a CSV
cell of only spaces counts as given, and fails the checks on its value; trimming every cell
would cost more than the rules). Errors in the body of the file (a ragged row, a character
that is not UTF-8) surface while it is scanned: :func:`explain` turns them into
:class:`UnusableInput`. The input is only ever read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from .errors import UnusableInput
from .sql import ident, literal

SNIFF_BYTES = 1 << 20
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Loaded:
    """The kind of file, its headings as written, the query for its cells, its records."""

    kind: str
    headers: tuple[str, ...]
    rows: int
    sql: str = ""

    @property
    def physical(self) -> tuple[str, ...]:
        return tuple(f"c{index}" for index in range(len(self.headers)))


CLAIMED = {".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook", ".parquet": "a Parquet file"}


def first_look(path: Path) -> tuple[str, bytes]:
    """The kind of file (``csv``, ``xlsx`` or ``parquet``) by its first bytes, and those bytes.

    Reads at most the first megabyte (and an XLSX's list of parts); :class:`UnusableInput`
    for a file that could never be read: missing, empty, an old ``.xls``, a zip that is not a
    workbook, a name that claims a kind the bytes are not, or text that is not UTF-8.
    """
    path = Path(path)
    if not path.is_file():
        raise UnusableInput(str(path), "there is no such file.")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise UnusableInput(str(path), "the file is empty.")
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1"):
        return "parquet", head
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                is_workbook = "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            raise UnusableInput(
                str(path), "the Excel workbook is damaged and cannot be read."
            ) from None
        if not is_workbook:
            raise UnusableInput(str(path), "this is a zip file, not an Excel workbook.")
        return "xlsx", head
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnusableInput(str(path), "this is an old Excel (.xls) file: save it as .xlsx or CSV.")
    if suffix in CLAIMED:
        raise UnusableInput(
            str(path), f"the name ends {suffix} but the file is not {CLAIMED[suffix]}."
        )
    _check_text(path, head)
    return "csv", head


def open_source(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, progress=None) -> Loaded:
    """Judge ``path`` and read its header; :class:`UnusableInput` if it cannot be used."""
    path = Path(path)
    kind, head = first_look(path)
    if kind == "parquet":
        return _parquet(con, path)
    if kind == "xlsx":
        csv_path = _xlsx_to_csv(path, workdir, progress)
        return replace(_csv(csv_path, path, ","), kind="xlsx")
    return _csv(path, path, _check_text(path, head))


def count_records(con: duckdb.DuckDBPyConnection, loaded: Loaded, path: Path) -> int:
    """Read the whole file once to count its records, refusing it if it cannot be read."""
    try:
        rows = con.execute(f"SELECT count(*) FROM {loaded.sql}").fetchone()[0]
    except duckdb.Error as error:
        raise UnusableInput(str(path), explain(str(error))) from None
    return check_records(rows, path)


def check_records(rows: int, path: Path) -> int:
    if rows == 0:
        raise UnusableInput(str(path), "the file has a header row but no records.")
    return rows


def _check_text(path: Path, head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnusableInput(str(path), "the file is UTF-16 text: save it as CSV UTF-8.")
    if b"\x00" in head:
        raise UnusableInput(str(path), "this is not a CSV, XLSX or Parquet file.")
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as error:
        raise UnusableInput(str(path), _not_utf8(head, error.start)) from None
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _not_utf8(head: bytes, offset: int) -> str:
    line = head[:offset].count(b"\n") + 1
    return (
        f"the file is not UTF-8 text (line {line} has a character in another encoding, perhaps "
        "Windows-1252): save it as 'CSV UTF-8' and send it again."
    )


def _csv(csv_path: Path, original: Path, delimiter: str) -> Loaded:
    with csv_path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        try:
            headers = next(csv.reader(handle, delimiter=delimiter))
        except (StopIteration, csv.Error):
            raise UnusableInput(str(original), "the file has no header row.") from None
    headers = [h.strip() for h in headers]
    if not any(headers):
        raise UnusableInput(str(original), "the first row (the header) is empty.")
    names = [f"c{index}" for index in range(len(headers))]
    columns = "{" + ", ".join(f"{literal(n)}: 'VARCHAR'" for n in names) + "}"
    source = (
        f"read_csv({literal(str(csv_path))}, header = true, auto_detect = false, "
        f"columns = {columns}, delim = {literal(delimiter)}, quote = '\"', escape = '\"', "
        "strict_mode = true, null_padding = false)"
    )
    return Loaded("csv", tuple(headers), 0, source)


def _parquet(con, path: Path) -> Loaded:
    source = f"read_parquet({literal(str(path))})"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error:
        raise UnusableInput(str(path), "the Parquet file is damaged or incomplete.") from None
    headers = [row[0] for row in described]
    casts = []
    for index, (name, kind, *_) in enumerate(described):
        column = ident(name)
        if kind.startswith("TIMESTAMP"):
            # A date stored as a midnight timestamp is shown as the date a person typed.
            text = (
                f"CASE WHEN {column} = date_trunc('day', {column}) "
                f"THEN strftime({column}, '%Y-%m-%d') ELSE CAST({column} AS VARCHAR) END"
            )
        else:
            text = f"CAST({column} AS VARCHAR)"
        casts.append(f"{text} AS c{index}")
    return Loaded("parquet", tuple(headers), 0, f"(SELECT {', '.join(casts)} FROM {source})")


def explain(error: str) -> str:
    """A DuckDB error met while reading the file, in words for the person who sent it."""
    lowered = error.lower()
    if "unicode" in lowered or "utf" in lowered:
        return (
            "the file is not UTF-8 text (a character is in another encoding, perhaps "
            "Windows-1252): save it as 'CSV UTF-8' and send it again."
        )
    line = next((part for part in error.split("\n") if "line" in part.lower()), "")
    if "expected" in lowered and "column" in lowered or "too many" in lowered:
        return (
            "a row has a different number of cells from the header "
            f"({line.strip() or 'see the file'}): check for stray commas or unclosed quotes."
        )
    return f"the file cannot be read as CSV: {error.splitlines()[0]}"


def _xlsx_to_csv(path: Path, workdir: Path, progress) -> Path:
    import openpyxl

    try:  # first_look has seen that it is a zip with a workbook in it
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise UnusableInput(
            str(path), "the Excel workbook is damaged and cannot be read."
        ) from None
    target = workdir / "converted.csv"
    try:
        sheet = workbook.worksheets[0]
        total = sheet.max_row or 0
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            width, pending = None, 0
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(value) for value in row]
                if width is None:
                    while cells and cells[-1] == "":
                        cells.pop()
                    width = len(cells)
                    if not width:
                        raise UnusableInput(str(path), "the first row (the header) is empty.")
                cells = (cells + [""] * width)[:width]
                if not any(cells):
                    pending += 1  # blank rows count only if a record follows them
                    continue
                writer.writerows([[""] * width] * pending + [cells])
                pending = 0
                if progress and number % 10000 == 0:
                    progress("Reading the workbook", number, total)
    finally:
        workbook.close()
    return target


def _cell(value) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)
