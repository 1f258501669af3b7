"""The quality report and the downloads: dimensions, escaping, formula injection."""

import csv
import re
import zlib

from joinedup.specs import CSV_COLUMNS, get_spec, quality_report, safe_cell, validate
from joinedup.specs.model import header_key

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


def test_the_pdf_report_is_a_tagged_pdf_naming_the_file_and_every_dimension(tmp_path):
    rows = asc_cld_rows(seed=3, people=5)
    rows[0]["Gender"] = ""
    path = write_csv(rows, tmp_path / "cld-q4.csv")
    with validate(path, get_spec("asc-cld")) as result:
        report = quality_report(result)
    target = tmp_path / "quality.pdf"
    report.write_pdf(target)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF")
    streams = _inflated_streams(pdf)
    assert any(b"pdfuaid:part" in s for s in streams)  # PDF/UA-1 ...
    assert b"/StructTreeRoot" in pdf or any(b"/StructTreeRoot" in s for s in streams)  # tagged
    assert any(b"cld-q4.csv" in s for s in streams)  # the title names the file
    text = _page_text(streams)
    for words in ("Data quality report", "cld-q4.csv", "Completeness", "Accuracy", "Gender"):
        assert words in text, words


def test_the_html_fragment_is_the_report_without_its_page():
    with validate(SAMPLE, get_spec("asc-cld")) as result:
        report = quality_report(result)
    fragment = report.html_fragment()
    assert "Quality by dimension" in fragment and fragment in report.html()
    assert "<html" not in fragment and "<style" not in fragment


def _inflated_streams(pdf: bytes) -> list[bytes]:
    streams = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            streams.append(zlib.decompress(stream))
        except zlib.error:
            streams.append(stream)
    return streams


def _page_text(streams: list[bytes]) -> str:
    """The text drawn on the pages, decoded through each font's ToUnicode map (no PDF
    library is a dependency). Each font's decoding of every text run is tried."""
    maps = []
    for stream in streams:
        if b"begincmap" not in stream:
            continue
        glyphs = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, flags=re.S):
            for glyph, code in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                glyphs[int(glyph, 16)] = bytes.fromhex(code.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, flags=re.S):
            ranges = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)
            for low, high, code in ranges:
                first = int(code, 16)
                for glyph in range(int(low, 16), int(high, 16) + 1):
                    glyphs[glyph] = chr(first + glyph - int(low, 16))
        maps.append(glyphs)
    runs = [
        b"".join(re.findall(rb"<([0-9A-Fa-f]+)>", array))
        for stream in streams
        for array in re.findall(rb"\[(.*?)\]\s*TJ", stream, flags=re.S)
    ]
    decoded = []
    for glyphs in maps:
        for run in runs:
            ids = [int(run[i : i + 4], 16) for i in range(0, len(run), 4)]
            decoded.append("".join(glyphs.get(glyph, "\ufffd") for glyph in ids))
    return "\n".join(decoded)


def test_fill_counts_are_the_non_blank_cells_of_every_field(tmp_path):
    rows = asc_cld_rows(seed=4, people=8)
    rows[0]["Gender"] = ""  # required
    rows[1]["Postcode"] = ""  # not required
    rows[2]["Gender"] = " "  # spaces count as given
    path = write_csv(rows, tmp_path / "f.csv")
    with validate(path, get_spec("asc-cld")) as result:
        counts = result.fill_counts()
    expected = {header_key(name): sum(1 for row in rows if row[name] != "") for name in rows[0]}
    assert counts == {name: expected[header_key(name)] for name in counts}
    assert counts["Gender"] == len(rows) - 1 and counts["Postcode"] == len(rows) - 1
