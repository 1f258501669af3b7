"""Sending a file on the web: kept as received, checked, its problems named by row and field,
accepted data loaded all-or-nothing, resubmissions replacing it with the history kept."""

import csv
import datetime as dt
import hashlib
import html
import io

import duckdb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.specs import shipped_specs
from joinedup.store import DatasetStore
from joinedup.submissions import files
from joinedup.submissions.models import Status, Submission

from .conftest import PLANTED, as_csv, sample_rows, send


def store_rows(dataset="asc-cld"):
    store = DatasetStore(files.store_dir())
    if not store.files(dataset):
        return []
    with duckdb.connect() as con:
        view = store.view(con, dataset)
        return con.execute(
            f'SELECT "LA_Person_Unique_Identifier", "Event_Reference", "Unit_Cost" FROM {view} '
            "ORDER BY 1, 2"
        ).fetchall()


def test_a_clean_file_is_kept_as_received_checked_and_loaded(sent, clean_file, client, place):
    submission = sent(clean_file)
    assert submission.status == Status.IN_USE
    assert (submission.rows, submission.errors, submission.warnings) == (40, 0, 0)
    stored = files.uploads_dir() / submission.stored_name
    assert stored.read_bytes() == clean_file
    assert submission.sha256 == hashlib.sha256(clean_file).hexdigest()
    assert not stored.stat().st_mode & 0o222  # read-only
    rows = store_rows()
    assert len(rows) == 40
    header, records = sample_rows()
    assert sorted(r[header.index("LA_Person_Unique_Identifier")] for r in records) == [
        r[0] for r in rows
    ]
    page = client.get(
        reverse("submission_detail", kwargs={"place": place.slug, "pk": submission.pk})
    )
    assert b"Accepted and in use" in page.content
    assert b"40 records are in the data the needs assessment reads" in page.content


def test_money_is_loaded_as_a_decimal_not_a_float(sent, clean_file):
    sent(clean_file)
    store = DatasetStore(files.store_dir())
    with duckdb.connect() as con:
        view = store.view(con, "asc-cld")
        kinds = dict(
            con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {view})").fetchall()
        )
    assert kinds["Unit_Cost"].startswith("DECIMAL")
    assert kinds["Event_Start_Date"] == "DATE"


def test_every_planted_error_is_named_by_row_and_field_and_nothing_is_loaded(
    sent, faulty_file, client, place
):
    submission = sent(faulty_file)
    assert submission.status == Status.REJECTED
    assert submission.errors >= len(PLANTED)
    assert store_rows() == []
    page = client.get(
        reverse("submission_problems", kwargs={"place": place.slug, "pk": submission.pk})
    )
    # A field's name may wrap at its underscores (<wbr>), which shows no text.
    text = page.content.decode().replace("<wbr>", "")
    for row, field, value in PLANTED:
        assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{row}</td>' in text
        assert f'<td class="govuk-table__cell">{field}</td>' in text
        assert value in text
    download = client.get(
        reverse(
            "submission_download",
            kwargs={"place": place.slug, "pk": submission.pk, "file": "errors.csv"},
        )
    )
    problems = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    found = {(int(p["row"]), p["field"]) for p in problems if p["severity"] == "error"}
    assert {(row, field) for row, field, _ in PLANTED} <= found
    assert download["Content-Disposition"].startswith("attachment")


def test_a_corrected_resubmission_replaces_the_data_and_the_history_is_kept(
    sent, clean_file, faulty_file, client, place
):
    first = sent(clean_file)
    header, rows = sample_rows()
    cost = header.index("Unit_Cost")
    changed = [list(r) for r in rows]
    for r in changed:
        if r[cost]:
            r[cost] = "99.99"
    rejected = sent(faulty_file)
    assert rejected.status == Status.REJECTED
    assert len(store_rows()) == 40  # the rejected file changed nothing
    second = sent(as_csv(header, changed), name="asc-cld-corrected.csv")
    first.refresh_from_db()
    assert (first.status, first.replaced_by_id) == (Status.REPLACED, second.pk)
    assert second.status == Status.IN_USE
    costs = {r[2] for r in store_rows() if r[2] is not None}
    assert {str(c) for c in costs} == {"99.9900"}
    assert len(store_rows()) == 40
    page = client.get(reverse("submission_detail", kwargs={"place": place.slug, "pk": second.pk}))
    text = page.content.decode()
    assert "asc-cld-corrected.csv (this file)" in text
    assert "Accepted, then replaced" in text and "Not accepted: it has errors" in text
    assert AuditEvent.objects.filter(
        object_id=str(first.pk), changes__status__after="Accepted, then replaced"
    ).exists()


def test_another_period_is_kept_beside_the_first(sent, clean_file):
    sent(clean_file, period="2025-26")
    sent(clean_file, period="2024-25")
    assert len(store_rows()) == 80
    assert Submission.objects.filter(status=Status.IN_USE).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.csv", b"", "is empty"),
        ("book.xlsx", b"LA_Code,NHS_Number\nE1,2\n", "is not an Excel workbook"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old Excel (.xls)"),
        (
            "latin.csv",
            "LA_Code,First_Name\nE10000034,Zo\u00eb\n".encode("cp1252"),
            "is not UTF-8 text (line 2",
        ),
        ("wide.csv", "LA_Code\n".encode("utf-16"), "UTF-16"),
        ("data.txt", b"LA_Code\nE1\n", "is not a CSV, Excel workbook (.xlsx) or Parquet file"),
        ("fake.parquet", b"LA_Code\nE1\n", "is not a Parquet file"),
        ("table.csv", b"PAR1" + b"\x00" * 100, "is a Parquet file, not a CSV file"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_on_the_page(
    client, place, county, county_editor, django_capture_on_commit_callbacks, name, content, says
):
    client.force_login(county_editor)
    response = send(
        client, place, county, content, name=name, capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Submission.objects.exists()
    assert not any(files.uploads_dir().glob("*")) if files.uploads_dir().exists() else True


def test_too_large_a_file_is_refused(
    client, place, county, county_editor, clean_file, settings, django_capture_on_commit_callbacks
):
    settings.SUBMISSION_MAX_BYTES = 1000
    client.force_login(county_editor)
    response = send(client, place, county, clean_file, capture=django_capture_on_commit_callbacks)
    assert "is larger than 1,000 bytes" in response.content.decode().replace("1,000.0", "1,000")
    assert not Submission.objects.exists()
    assert not any(files.uploads_dir().iterdir())  # no part of it is kept


def test_an_upload_goes_straight_to_the_uploads_folder(sent, clean_file, settings, tmp_path):
    """Written once, where it is kept: Django's own handler would need its temporary folder
    (which does not exist here) for any file over FILE_UPLOAD_MAX_MEMORY_SIZE."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "no-such-folder")
    submission = sent(clean_file)
    kept = files.uploads_dir() / submission.stored_name
    assert kept.read_bytes() == clean_file
    assert submission.sha256 == hashlib.sha256(clean_file).hexdigest()
    assert [p.name for p in files.uploads_dir().iterdir()] == [submission.stored_name]


def test_a_post_without_the_csrf_token_is_refused_and_keeps_nothing(
    place, county, county_editor, clean_file
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_editor)
    url = reverse("submission_create", kwargs={"place": place.slug})
    data = {
        "organisation": county.pk,
        "spec_name": "asc-cld",
        "period": "2025-26",
        "file": SimpleUploadedFile("asc-cld.csv", clean_file),
    }
    response = client.post(url, data)
    assert response.status_code == 403
    assert not Submission.objects.exists()
    assert not files.uploads_dir().exists() or not any(files.uploads_dir().iterdir())


def test_the_progress_panel_tells_htmx_to_stop_once_done(sent, clean_file, client, place):
    submission = sent(clean_file)
    response = client.get(
        reverse("submission_progress", kwargs={"place": place.slug, "pk": submission.pk})
    )
    assert response.status_code == 286
    assert response["HX-Refresh"] == "true"


def test_a_waiting_submission_shows_progress_and_polls(queued, client, place):
    kwargs = {"place": place.slug, "pk": queued.pk}
    text = client.get(reverse("submission_detail", kwargs=kwargs)).content.decode()
    assert "Waiting to be checked" in text
    assert 'hx-trigger="every 1s"' in text and "<progress" in text
    progress = client.get(reverse("submission_progress", kwargs=kwargs))
    assert progress.status_code == 200 and 'hx-trigger="every 1s"' in progress.content.decode()


def test_a_submission_whose_worker_died_can_be_started_again(
    queued, client, place, settings, django_capture_on_commit_callbacks
):
    kwargs = {"place": place.slug, "pk": queued.pk}
    # A worker took it, then went quiet (killed): no progress for ten minutes.
    Submission.objects.filter(pk=queued.pk).update(
        status=Status.LOADING, heartbeat=timezone.now() - dt.timedelta(minutes=10)
    )
    page = client.get(reverse("submission_detail", kwargs=kwargs)).content.decode()
    assert "no progress for more than two minutes" in page and "Start the checks again" in page
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submission_check_again", kwargs=kwargs))
    queued.refresh_from_db()
    assert queued.status == Status.IN_USE and queued.attempts == 1


def test_a_submission_still_at_work_is_not_started_twice(queued, client, place):
    Submission.objects.filter(pk=queued.pk).update(status=Status.CHECKING, heartbeat=timezone.now())
    again = reverse("submission_check_again", kwargs={"place": place.slug, "pk": queued.pk})
    response = client.post(again, follow=True)
    assert "This submission is not stuck" in response.content.decode()
    queued.refresh_from_db()
    assert queued.status == Status.CHECKING


def test_the_specifications_say_what_to_send(client, place, county_viewer):
    client.force_login(county_viewer)
    listing = client.get(reverse("spec_list", kwargs={"place": place.slug})).content.decode()
    for spec in shipped_specs().values():
        assert html.escape(spec.title, quote=False) in listing
    page = client.get(reverse("spec_detail", kwargs={"place": place.slug, "spec": "asc-cld"}))
    text = page.content.decode()
    assert "NHS_Number" in text and "a 10-digit NHS number with a valid check digit" in text
    assert "Short term support: ST-Max" in text  # a code list value, escaped in a list
    assert "When Event_Type" in text  # a conditional requirement in words
    template = client.get(
        reverse("spec_download", kwargs={"place": place.slug, "spec": "asc-cld", "kind": "csv"})
    )
    assert template.content.decode().startswith("LA_Code,Reporting_Period_Start_Date,")
    schema = client.get(
        reverse("spec_download", kwargs={"place": place.slug, "spec": "asc-cld", "kind": "json"})
    )
    assert b'"x-rules"' in schema.content
    missing = reverse("spec_detail", kwargs={"place": place.slug, "spec": "no-such"})
    assert client.get(missing).status_code == 404


def test_items_collected_more_than_once_show_who_sends_them(sent, clean_file, client, place):
    sent(clean_file)
    page = client.get(reverse("data_items", kwargs={"place": place.slug})).content.decode()
    assert "NHS number" in page
    assert "Testshire County Council: 1" in page


def test_people_already_in_accepted_data_with_other_details_are_flagged(sent, clean_file):
    sent(clean_file, period="2024-25")
    header, rows = sample_rows()
    rows[0][header.index("Date_of_Birth")] = "1964-01-21"  # was 1964-01-20
    later = sent(as_csv(header, rows), period="2025-26")
    found = {r["rule"]: r["count"] for r in later.summary["rules"]}
    assert found["earlier-same-nhs-number"] == 1
    assert later.status == Status.IN_USE  # a warning, not an error: people's records change


def test_a_workbook_with_xml_entities_is_refused_unexpanded(sent, tmp_path):
    # An uploaded workbook whose sheet declares entities (an expansion bomb, an external file)
    # is refused as damaged: the reader (calamine) never expands them, nor reads the file.
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["LA_Code"])
    book.active.append(["PLACEHOLDER"])
    book.save(tmp_path / "plain.xlsx")
    entities = '<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 7)
    )
    with (
        zipfile.ZipFile(tmp_path / "plain.xlsx") as plain,
        zipfile.ZipFile(tmp_path / "bomb.xlsx", "w") as bomb,
    ):
        for part in plain.infolist():
            data = plain.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                head, _, body = data.decode().rpartition("?>")  # after any XML declaration
                body = body.replace("PLACEHOLDER", "&xxe;&l6;")
                data = f"{head}{'?>' if head else ''}<!DOCTYPE worksheet [{entities}]>{body}"
                data = data.encode()
            bomb.writestr(part, data)
    submission = sent((tmp_path / "bomb.xlsx").read_bytes(), name="bomb.xlsx")
    assert submission.status == Status.UNUSABLE
    assert "workbook is damaged" in submission.message
    assert "root:" not in submission.message and "lollol" not in submission.message


def test_a_workbook_and_a_parquet_file_are_checked_and_loaded_like_a_csv(sent, tmp_path):
    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    header, rows = sample_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "asc.xlsx")
    workbook = sent((tmp_path / "asc.xlsx").read_bytes(), name="asc.xlsx")
    assert (workbook.status, workbook.rows, workbook.errors) == (Status.IN_USE, 40, 0)

    columns = {name: [row[i] or None for row in rows] for i, name in enumerate(header)}
    pq.write_table(pa.table(columns), tmp_path / "asc.parquet")
    parquet = sent((tmp_path / "asc.parquet").read_bytes(), name="asc.parquet", period="2024-25")
    assert (parquet.status, parquet.rows, parquet.errors) == (Status.IN_USE, 40, 0)
    assert len(store_rows()) == 80


def test_a_file_no_worker_has_picked_up_says_what_to_do(queued, client, place):
    detail = reverse("submission_detail", kwargs={"place": place.slug, "pk": queued.pk})
    assert "will start in a moment" in client.get(detail).content.decode()
    Submission.objects.filter(pk=queued.pk).update(
        submitted_at=timezone.now() - dt.timedelta(minutes=7)
    )
    page = client.get(detail).content.decode()
    assert "have not started after 7 minutes" in page and "joinedup worker" in page


def test_the_quality_report_is_also_a_pdf(sent, faulty_file, client, place, settings):
    settings.SUBMISSION_PDF_REPORTS = True
    submission = sent(faulty_file)
    page = client.get(
        reverse("submission_detail", kwargs={"place": place.slug, "pk": submission.pk})
    )
    assert "Quality report (PDF)" in page.content.decode()
    pdf = client.get(
        reverse(
            "submission_download",
            kwargs={"place": place.slug, "pk": submission.pk, "file": "quality.pdf"},
        )
    )
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"


def test_an_la_code_outside_the_installation_s_areas_is_an_error(sent, clean_file):
    from joinedup.places.models import Area

    Area.objects.create(code="E10000099", name="Elsewhere", kind="county")
    submission = sent(clean_file)
    assert submission.status == Status.REJECTED
    found = {r["rule"]: r["count"] for r in submission.summary["rules"]}
    assert found["LA_Code:known-area"] == 40
    Area.objects.create(code="E10000034", name="Testshire", kind="county")
    assert sent(clean_file).status == Status.IN_USE


def test_the_list_pages_through_many_submissions(sent, clean_file, client, place, settings):
    from joinedup.submissions import views

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for number in range(3):
        sent(clean_file, name=f"file-{number}.csv")
    url = reverse("submission_list", kwargs={"place": place.slug})
    original = views.LIST_PAGE_SIZE
    views.LIST_PAGE_SIZE = 2
    try:
        first = client.get(url).content.decode()
        second = client.get(url + "?page=2").content.decode()
    finally:
        views.LIST_PAGE_SIZE = original

    def listed(page):
        return {n for n in range(3) if f">file-{n}.csv</a>" in page}

    assert listed(first) == {1, 2} and listed(second) == {0}  # newest first
    assert "(1 to 2 of 3)" in first and 'rel="next"' in first
