"""Unusable input is refused with one clear sentence; usable input is never modified."""

import hashlib
import zipfile

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from joinedup.specs import UnusableInput, get_spec, validate

from .conftest import SAMPLE


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def spec():
    return get_spec("population-estimates")


HEADER = "area_code,year,sex,age_band,count\n"


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", HEADER.encode(), "no records"),
        ("utf16.csv", HEADER.encode("utf-16"), "UTF-16"),
        ("latin1.csv", (HEADER + "E01000001,2022,F,0-4,Caf\xe9\n").encode("latin-1"), "not UTF-8"),
        ("binary.csv", b"\x00\x01\x02garbage", "not a CSV, XLSX or Parquet"),
        (
            "fake.xlsx",
            b"area_code,year\n",
            "the name ends .xlsx but the file is not an Excel workbook",
        ),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
        ("ragged.csv", (HEADER + "E01000001,2022,F,0-4,17,extra\n").encode(), "number of cells"),
        ("missing.csv", b"area_code,year,sex\nE01000001,2022,F\n", "required columns missing"),
        (
            "twice.csv",
            (HEADER.strip() + ",Year\n" + "E01000001,2022,F,0-4,1,2022\n").encode(),
            "are both year",
        ),
    ],
)
def test_unusable_input_is_refused_with_a_clear_message(tmp_path, spec, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnusableInput) as raised:
        validate(path, spec)
    assert words in raised.value.problem


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, spec):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnusableInput, match="not an Excel workbook"):
        validate(path, spec)


def test_the_input_is_never_modified(tmp_path):
    copy = tmp_path / "sample.csv"
    copy.write_bytes(SAMPLE.read_bytes())
    before = digest(copy)
    with validate(copy, get_spec("asc-cld")) as result:
        result.write_errors_csv(tmp_path / "errors.csv")
    assert digest(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["errors.csv", "sample.csv"]


def _planted(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [list(csv_row) for csv_row in __import__("csv").reader(lines[1:])]
    rows[4][header.index("Gender")] = "female"  # row 6
    rows[9][header.index("NHS_Number")] = "0000000000"  # row 11
    return header, rows


EXPECTED = [(6, "Gender", "Gender:codelist"), (11, "NHS_Number", "NHS_Number:placeholder")]


def _errors(path):
    with validate(path, get_spec("asc-cld")) as result:
        return [(p.row, p.field, p.rule) for p in result.problems(severity="error")]


def test_xlsx_gives_the_same_rows_as_csv(tmp_path):
    header, rows = _planted(tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append([None] * len(header))  # trailing blank rows are not records
    path = tmp_path / "cld.xlsx"
    workbook.save(path)
    assert _errors(path) == EXPECTED


def test_parquet_gives_the_same_rows_as_csv(tmp_path):
    header, rows = _planted(tmp_path)
    table = pa.table({name: [row[i] or None for row in rows] for i, name in enumerate(header)})
    path = tmp_path / "cld.parquet"
    pq.write_table(table, path)
    assert _errors(path) == EXPECTED


def test_semicolon_separated_files_are_read(tmp_path, spec):
    path = tmp_path / "semi.csv"
    path.write_text(
        "area_code;year;sex;age_band;count\nE01000001;2022;F;0-4;17\n", encoding="utf-8"
    )
    with validate(path, spec) as result:
        assert result.rows == 1 and result.errors == 0


def _cells(path, tmp_path):
    import duckdb

    from joinedup.specs import reading

    con = duckdb.connect()
    loaded = reading.open_source(con, path, tmp_path)
    return loaded.headers, con.execute(f"SELECT * FROM {loaded.sql}").fetchall()


def test_xlsx_cells_are_read_as_excel_shows_them_row_for_row(tmp_path):
    import datetime as dt

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Id", "Date", "When", "Time", "Whole", "Part", "Blank", "Text"])
    sheet.append(
        ["1", dt.date(2025, 4, 1), dt.datetime(2025, 4, 1, 13, 30), dt.time(13, 30), 3.0, 12.5]
        + ["   ", 'a, "quoted"\nline']
    )
    sheet.append([None] * 8)  # a blank row between records is a row (numbers stay the sheet's)
    sheet.append(["3", "2025-04-01", None, None, 10, None, None, "x", "beyond the header"])
    sheet.append(["   "] * 8)  # blank rows after the last record are not records
    sheet["B5"], sheet["B5"].data_type = "#N/A", "e"  # a formula's error: a row of its own
    sheet["E5"], sheet["E5"].data_type = "#DIV/0!", "e"
    path = tmp_path / "kinds.xlsx"
    workbook.save(path)
    headers, rows = _cells(path, tmp_path)
    assert headers == ("Id", "Date", "When", "Time", "Whole", "Part", "Blank", "Text")
    assert rows == [
        (
            "1",
            "2025-04-01",
            "2025-04-01 13:30:00",
            "13:30:00",
            "3",
            "12.5",
            None,
            'a, "quoted"\nline',
        ),
        (None,) * 8,
        ("3", "2025-04-01", None, None, "10", None, None, "x"),
        (None, "#N/A", None, None, "#DIV/0!", None, None, None),
    ]


@pytest.mark.parametrize("cells", [{"B3": "area_code", "B4": "E01000001"}, {}])
def test_a_workbook_whose_first_row_is_blank_is_refused(tmp_path, spec, cells):
    workbook = openpyxl.Workbook()  # the header lower down, or an empty sheet
    sheet = workbook.active
    for where, value in cells.items():
        sheet[where] = value
    path = tmp_path / "low.xlsx"
    workbook.save(path)
    with pytest.raises(UnusableInput, match="the first row \\(the header\\) is empty"):
        validate(path, spec)


def test_a_workbook_that_unpacks_to_too_much_is_refused_unread(tmp_path, spec, monkeypatch):
    from joinedup.specs import reading

    workbook = openpyxl.Workbook()
    workbook.active.append(["area_code"])
    workbook.active.append(["E01000001"])
    path = tmp_path / "bomb.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(part.file_size for part in archive.infolist())
    monkeypatch.setattr(reading, "XLSX_MAX_UNPACKED", unpacked - 1)
    with pytest.raises(UnusableInput, match="unpacks to .* save it as CSV"):
        validate(path, spec)
    monkeypatch.setattr(reading, "XLSX_MAX_UNPACKED", unpacked)
    assert _cells(path, tmp_path) == (("area_code",), [("E01000001",)])  # at the limit: read
