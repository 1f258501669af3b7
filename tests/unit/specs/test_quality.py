"""The quality report and the downloads: dimensions, escaping, formula injection."""

import csv

from joinedup.specs import CSV_COLUMNS, get_spec, quality_report, safe_cell, validate

from .builders import asc_cld_rows, write_csv
from .conftest import SAMPLE


def test_a_clean_file_scores_full_marks_in_every_judged_dimension():
    with validate(SAMPLE, get_spec("asc-cld")) as result:
        report = quality_report(result)
    scores = {d.dimension: d.score for d in report.dimensions}
    assert list(scores) == [
        "completeness",
        "uniqueness",
        "consistency",
        "timeliness",
        "validity",
        "accuracy",
    ]
    assert all(score == 1 for score in scores.values())


def test_problems_count_against_their_dimension(tmp_path):
    rows = asc_cld_rows(seed=2, people=10)
    rows[0]["Gender"] = ""
    rows[1]["Gender"] = "Woman"
    path = write_csv(rows, tmp_path / "f.csv")
    with validate(path, get_spec("asc-cld")) as result:
        report = quality_report(result)
    by = {d.dimension: d for d in report.dimensions}
    assert by["completeness"].records_with_errors == 1
    assert by["validity"].records_with_errors == 1
    assert by["completeness"].score == 1 - 1 / report.rows
    gender = next(f for f in report.fields if f.field == "Gender")
    assert gender.errors == 2 and gender.filled == report.rows - 1


def test_the_errors_csv_has_exactly_the_agreed_columns_and_escapes_formulas(tmp_path):
    rows = asc_cld_rows(seed=4, people=5)
    rows[0]["Ethnicity"] = '=HYPERLINK("http://evil.example","click")'
    rows[1]["Ethnicity"] = "@SUM(A1)"
    rows[2]["Unit_Cost"] = "-1"
    rows[2]["Event_Type"] = "Service"
    path = write_csv(rows, tmp_path / "f.csv")
    with validate(path, get_spec("asc-cld")) as result:
        result.write_errors_csv(tmp_path / "errors.csv")
    with (tmp_path / "errors.csv").open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert (
        tuple(table[0]) == CSV_COLUMNS == ("row", "field", "value", "rule", "severity", "message")
    )
    values = {row[2] for row in table[1:]}
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert "'@SUM(A1)" in values
    assert not any(cell[:1] in "=+-@\t\r" for row in table[1:] for cell in row if cell)


def test_the_html_report_escapes_what_the_file_contains(tmp_path):
    rows = asc_cld_rows(seed=4, people=3)
    rows[0]["Ethnicity"] = "<script>alert(1)</script>"
    path = write_csv(rows, tmp_path / "f.csv")
    with validate(path, get_spec("asc-cld")) as result:
        html = quality_report(result).html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'lang="en-GB"' in html and "<caption" in html


def test_the_quality_csv_is_formula_safe(tmp_path):
    with validate(SAMPLE, get_spec("asc-cld")) as result:
        quality_report(result).write_csv(tmp_path / "q.csv")
    text = (tmp_path / "q.csv").read_text(encoding="utf-8")
    assert text.startswith("section,name,measure,value")


def test_safe_cell_prefixes_every_formula_trigger():
    for trigger in "=+-@\t\r":
        assert safe_cell(trigger + "1") == "'" + trigger + "1"
    assert safe_cell("Male") == "Male" and safe_cell(None) is None
