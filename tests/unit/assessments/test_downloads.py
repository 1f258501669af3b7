"""Downloads keep the suppression: the CSV and XLSX files, read back, reveal no group of fewer
than five people, directly or by subtraction (the core's property test, run on the files)."""

import io
from types import SimpleNamespace

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings

from joinedup.assessments.downloads import csv_text, safe_text, table_csv, workbook_bytes
from joinedup.instruments import publishable_results
from tests.unit.instruments.test_suppression import assert_nothing_small_is_derivable, rounds

CHECKED = ("respondents", "sections", "items")


def _from_csv(results):
    return SimpleNamespace(
        **{
            name: pd.read_csv(io.StringIO(table_csv(results, name)), keep_default_na=True)
            for name in CHECKED
        }
    )


def _from_xlsx(results):
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(results, about=[("Round", "R")])))
    tables = {}
    for name in CHECKED:
        rows = list(book[name].values)
        frame = pd.DataFrame(rows[1:], columns=rows[0])
        tables[name] = frame.replace({"": float("nan"), None: float("nan")}).infer_objects()
    return SimpleNamespace(**tables)


def _numbers(frame: pd.DataFrame, columns) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_numeric(frame[column])
    frame["suppressed"] = frame["suppressed"].astype(str).str.lower() == "true"
    return frame


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_no_download_reveals_a_group_under_five(drawn):
    data, cross_cut = drawn
    breakdowns = [("organisation",), ("sector",), ("stakeholder_group",)]
    if cross_cut:
        breakdowns.append(("organisation", "stakeholder_group"))
    results = publishable_results(data, breakdowns=breakdowns, resamples=19)
    for read in (_from_csv, _from_xlsx):
        tables = read(results)
        _numbers(tables.respondents, ["respondents"])
        _numbers(tables.sections, ["n", "score"])
        _numbers(tables.items, ["n", "mean"])
        for frame in (tables.respondents, tables.sections, tables.items):
            frame["group"] = frame["group"].astype(str)
            frame["breakdown"] = frame["breakdown"].astype(str)
        tables.items["item"] = tables.items["item"].astype(str)
        assert_nothing_small_is_derivable(data, tables)


def test_text_that_a_spreadsheet_would_run_is_neutralised():
    assert safe_text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for start in "+-@\t\r":
        assert safe_text(start + "1") == "'" + start + "1"
    assert safe_text("Council") == "Council"
    assert safe_text(-1.5) == -1.5
    assert csv_text([["=1+1", -2]]) == "'=1+1,-2\r\n"


def test_the_workbook_has_an_about_sheet_with_the_rule_and_every_table():
    from tests.unit.instruments.builders import responses, tiny

    data = responses(tiny(), [[3] * 5] * 6, ["=Evil Org"] * 6)
    results = publishable_results(data, resamples=19)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(results, about=[("Round", "@R")])))
    assert book.sheetnames[0] == "About" and "sections" in book.sheetnames
    about = dict(book["About"].values)
    assert about["Round"] == "'@R" and "fewer than 5" in about["Suppression"]
    groups = [row[1] for row in book["respondents"].values]
    assert "'=Evil Org" in groups and "=Evil Org" not in groups
