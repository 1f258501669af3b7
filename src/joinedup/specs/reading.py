"""Opening a submitted file as a DuckDB source of text cells, refusing what cannot be read.

The kind of file is judged by its first bytes, not its name. CSV is read by DuckDB itself
(explicit dialect, no guessing of types: every cell stays text, as written); XLSX is read by
fastexcel into Arrow and written as CSV first (DuckDB's excel extension cannot be installed
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
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

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


def first_record(con: duckdb.DuckDBPyConnection, loaded: Loaded) -> tuple | None:
    """The cells of the first record (reading only the start of the file), or ``None`` when
    there is none or it cannot be read (the scan then says why)."""
    try:
        return con.execute(f"SELECT * FROM {loaded.sql} LIMIT 1").fetchone()
    except duckdb.Error:
        return None


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


# Cell text that differs from what Excel shows: a date at midnight shows as the date, and a
# time of day alone (a fraction of a day, read as a time on Excel's day 0) as the time. Each
# is looked for only in a column with a cell that may be one (``hint``): most columns have none.
_EXCEL_SHOWS = (
    (pc.ends_with, " 00:00:00", r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) 00:00:00$", r"\1"),
    (pc.starts_with, "1899-12-31 ", r"^1899-12-31 ([0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?)$", r"\1"),
)


# A workbook's cells are zipped XML, about 45 bytes a cell unpacked: 300,000 rows of asc-cld's
# 32 columns unpack to 436 MB and are read in 9 s at a peak of 0.9 GB, so a sheet at Excel's
# limit (1,048,576 rows) unpacks to about 1.5 GB and needs about 3 GB. The sheet is read into
# memory whole, so a workbook that says it unpacks to more than this is refused unread (a
# "zip bomb" is small packed and vast unpacked).
XLSX_MAX_UNPACKED = 2 * 1024**3


def _xlsx_to_csv(path: Path, workdir: Path, progress) -> Path:
    """The first sheet as CSV, each cell's text as Excel shows it, row for row.

    fastexcel (calamine, in Rust) reads the sheet into Arrow columns of text, without a
    Python loop per row (openpyxl took over a minute for 100,000 rows). Leading blank rows are
    kept, so that row numbers are the sheet's; the first row is the header, and the columns
    are those up to its last heading. Blank and whitespace-only cells are blank. Records run
    to the last row with a value under a heading: blank rows count only if a record follows.
    """
    import fastexcel

    if progress:
        progress("Reading the workbook", 0, 1)
    with zipfile.ZipFile(path) as archive:  # first_look has opened it already
        unpacked = sum(part.file_size for part in archive.infolist())
    if unpacked > XLSX_MAX_UNPACKED:
        raise UnusableInput(
            str(path),
            f"the workbook unpacks to {unpacked / 1024**3:.1f} GB, more than a sheet of Excel's "
            f"largest size needs ({XLSX_MAX_UNPACKED / 1024**3:.0f} GB): save it as CSV.",
        )
    try:  # first_look has seen that it is a zip with a workbook in it
        batch, errors = (
            fastexcel.read_excel(str(path))
            .load_sheet(0, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True)
            .to_arrow_with_errors()
        )
    except Exception:  # calamine reports a damaged workbook in many ways
        raise UnusableInput(
            str(path), "the Excel workbook is damaged and cannot be read."
        ) from None
    if not batch.num_rows:
        raise UnusableInput(str(path), "the first row (the header) is empty.")
    shown = _error_cells(errors.errors if errors else [], batch.num_rows)
    cells = [
        _as_excel_shows(column, shown.get(index)) for index, column in enumerate(batch.columns)
    ]
    header = [column[0].as_py() for column in cells]
    while header and header[-1] is None:
        header.pop()
    if not header:
        raise UnusableInput(str(path), "the first row (the header) is empty.")
    columns = [column.slice(1) for column in cells[: len(header)]]
    filled = np.zeros(batch.num_rows - 1, dtype=bool)
    for column in columns:
        filled |= column.is_valid().to_numpy(zero_copy_only=False)
    rows = int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0
    body = pa.table(
        [column.slice(0, rows) for column in columns], names=[f"c{i}" for i in range(len(columns))]
    )
    target = workdir / "converted.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerow(
            ["" if name is None else name for name in header]
        )
    with target.open("ab") as out:
        pa_csv.write_csv(body, out, pa_csv.WriteOptions(include_header=False))
    if progress:
        progress("Reading the workbook", 1, 1)
    return target


# Excel's words for the errors a formula can give, by calamine's names for them.
_EXCEL_ERRORS = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_ERROR_CELL = re.compile(r"Error\((\w+)\)")


def _error_cells(errors, rows: int) -> dict[int, tuple[np.ndarray, list[str]]]:
    """Cells holding a formula's error (``#N/A``), which come back blank, by column: where
    they are and what Excel shows there (one step per such cell, not per row)."""
    found: dict[int, dict[int, str]] = {}
    for error in errors:
        match = _ERROR_CELL.search(error.detail)
        if match:
            row, column = error.position
            name = match.group(1)
            found.setdefault(column, {})[row] = _EXCEL_ERRORS.get(name, f"#{name.upper()}")
    shown = {}
    for column, texts in found.items():
        where = np.zeros(rows, dtype=bool)
        where[sorted(texts)] = True
        shown[column] = (where, [texts[row] for row in sorted(texts)])
    return shown


def _as_excel_shows(column: pa.Array, errors=None) -> pa.Array:
    """A column of cell text with dates, times, errors and empty text as
    :func:`_xlsx_to_csv` says."""
    column = column.cast(pa.string())
    if errors is not None:
        where, texts = errors
        column = pc.replace_with_mask(column, pa.array(where), pa.array(texts, pa.string()))
    for test, hint, pattern, replacement in _EXCEL_SHOWS:
        if pc.any(test(column, hint)).as_py():
            column = pc.replace_substring_regex(column, pattern=pattern, replacement=replacement)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
