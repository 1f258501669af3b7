"""`joinedup validate` as a data officer types it: exit codes, the errors CSV, the report."""

import csv
from pathlib import Path

from typer.testing import CliRunner

from joinedup.cli import app

SAMPLE = Path(__file__).parents[1] / "data" / "specs" / "asc-cld-sample.csv"
runner = CliRunner()


def _rows():
    with SAMPLE.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def test_a_clean_file_exits_0(tmp_path):
    result = runner.invoke(app, ["validate", str(SAMPLE), "--spec", "asc-cld"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_errors_exit_1_and_are_written_with_row_and_field(tmp_path):
    rows = _rows()
    rows[5][rows[0].index("Gender")] = "=1+1"
    path = _write(tmp_path / "bad.csv", rows)
    errors, report = tmp_path / "errors.csv", tmp_path / "report.html"
    result = runner.invoke(
        app,
        [
            "validate",
            str(path),
            "--spec",
            "asc-cld",
            "--errors",
            str(errors),
            "--report",
            str(report),
        ],
    )
    assert result.exit_code == 1, result.output
    with errors.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == ["row", "field", "value", "rule", "severity", "message"]
    assert (table[0]["row"], table[0]["field"], table[0]["value"], table[0]["rule"]) == (
        "6",
        "Gender",
        "'=1+1",
        "Gender:codelist",
    )
    assert "Data quality report" in report.read_text(encoding="utf-8")


def test_warnings_alone_exit_0(tmp_path):
    rows = _rows()
    column = rows[0].index("Service_Type")
    service = next(i for i, row in enumerate(rows) if i and row[column])
    rows[service][column] = "Long Term Support: Community"  # a Release 1 value
    path = _write(tmp_path / "r1.csv", rows)
    result = runner.invoke(app, ["validate", str(path), "--spec", "asc-cld"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 1 warnings" in result.output


def test_unusable_input_exits_2_with_one_clear_message(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = runner.invoke(app, ["validate", str(path), "--spec", "asc-cld"])
    assert result.exit_code == 2
    assert "cannot be validated: the file is empty" in result.output


def test_missing_columns_exit_2(tmp_path):
    path = _write(tmp_path / "few.csv", [["LA_Code", "NHS_Number"], ["E10000034", "4010232137"]])
    result = runner.invoke(app, ["validate", str(path), "--spec", "asc-cld"])
    assert result.exit_code == 2
    assert "required columns missing" in result.output


def test_an_unknown_specification_exits_2(tmp_path):
    result = runner.invoke(app, ["validate", str(SAMPLE), "--spec", "no-such-spec"])
    assert result.exit_code == 2
    assert "No specification 'no-such-spec'" in result.output


def test_a_report_named_pdf_is_written_as_pdf_and_any_other_as_html(tmp_path):
    pdf, html = tmp_path / "quality.PDF", tmp_path / "quality.htm"
    for report in (pdf, html):
        result = runner.invoke(
            app, ["validate", str(SAMPLE), "--spec", "asc-cld", "--report", str(report)]
        )
        assert result.exit_code == 0, result.output
        assert f"Quality report: {report}" in result.output.replace("\n", "")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
