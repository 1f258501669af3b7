"""Downloads through the pages: CSV, XLSX and the PDF report, all from published tables."""

import contextlib
import csv
import io
import random
import re
import zlib
from collections import Counter

import openpyxl
import pytest
from django.urls import reverse

from joinedup.assessments.models import StakeholderGroup
from tests.unit.assessments.builders import answer_all, links, make_round


def url(name, assessment_round):
    return reverse(
        name, kwargs={"place": assessment_round.partnership.place.slug, "pk": assessment_round.pk}
    )


def test_csv_download_of_a_table_hides_the_small_group(client, answered_round, county_viewer):
    client.force_login(county_viewer)
    response = client.get(url("assessment_results_csv", answered_round) + "?table=sections")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    clinicians = [r for r in rows if r["group"] == "Clinicians and practitioners"]
    assert clinicians and all(r["n"] == "" and r["score"] == "" for r in clinicians)
    assert client.get(url("assessment_results_csv", answered_round) + "?table=x").status_code == 404


def test_xlsx_download_has_every_table(client, answered_round, county_viewer):
    client.force_login(county_viewer)
    response = client.get(url("assessment_results_xlsx", answered_round))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"About", "sections", "gaps", "benchmark"} <= set(book.sheetnames)
    about = dict(book["About"].values)
    assert about["Partnership"] == "Hospital discharge fund"


def test_the_pdf_report_is_a_tagged_pdf(client, answered_round, county_viewer):
    client.force_login(county_viewer)
    response = client.get(url("assessment_results_pdf", answered_round))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _inflated(response.content)
    assert b"pdfuaid:part" in text and b"/StructTreeRoot" in text  # PDF/UA-1, tagged
    assert b"Hospital discharge fund" in text


def _inflated(pdf: bytes) -> bytes:
    """The PDF with every compressed stream expanded, to search its text and metadata."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"\n".join(parts)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_small_groups_never_show_in_a_download(
    client, partnership, county_editor, county, trust, seed
):
    rng = random.Random(seed)
    groups = [StakeholderGroup.COUNCIL_MANAGERS, StakeholderGroup.FRONT_LINE]
    counts = {(org, g): rng.randint(0, 9) for org in (county, trust) for g in groups}
    counts = {key: n for key, n in counts.items() if n} or {(county, groups[0]): 2}
    assessment_round = make_round(partnership, county_editor)
    answer_all(assessment_round, links(assessment_round, county_editor, counts), seed=seed)
    sizes = Counter()
    for (org, group), n in counts.items():
        sizes[("organisation", org.name)] += n
        sizes[("stakeholder_group", StakeholderGroup(group).label)] += n
    client.force_login(county_editor)
    for table in ("respondents", "sections", "items", "distribution"):
        text = client.get(url("assessment_results_csv", assessment_round) + f"?table={table}")
        for row in csv.DictReader(io.StringIO(text.content.decode())):
            size = sizes.get((row["breakdown"], row["group"]))
            if size is not None and size < 5:
                figures = {k: row.get(k) for k in ("respondents", "n", "score", "mean", "count")}
                assert all(value in (None, "") for value in figures.values()), (table, row)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(url("assessment_results_xlsx", assessment_round)).content)
    )
    header, *rows = list(book["sections"].values)
    for row in rows:
        record = dict(zip(header, row, strict=True))
        size = sizes.get((record["breakdown"], record["group"]))
        if size is not None and size < 5:
            assert record["n"] in (None, "") and record["score"] in (None, "")
