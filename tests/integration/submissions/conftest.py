"""Files to send: the 40-record ASC-CLD sample, and copies of it with planted errors."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.accounts.models import Role
from joinedup.submissions.models import Submission
from tests.factories import member

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "specs" / "asc-cld-sample.csv"


def sample_rows() -> tuple[list[str], list[list[str]]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def as_csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def repeated(copies: int) -> bytes:
    """The 40-record sample repeated, each copy with its own people and event references."""
    header, rows = sample_rows()
    person, event = header.index("LA_Person_Unique_Identifier"), header.index("Event_Reference")
    out = []
    for copy in range(copies):
        for index, row in enumerate(rows):
            row = list(row)
            row[person] = f"Q{copy:06d}{index:02d}"
            row[event] = f"EQ{copy:06d}{index:02d}"
            out.append(row)
    return as_csv(header, out)


# Planted errors: (file row as a spreadsheet shows it, field, bad value).
PLANTED = [
    (3, "NHS_Number", "4529923127"),  # wrong check digit
    (6, "Gender", "Unknown gender"),  # not in the code list
    (9, "Event_Start_Date", "31/02/2025"),  # no such date
    (14, "Postcode", "NOT A POSTCODE"),
]


def with_errors(planted=PLANTED) -> bytes:
    header, rows = sample_rows()
    for row, field, value in planted:
        rows[row - 2][header.index(field)] = value
    return as_csv(header, rows)


@pytest.fixture
def clean_file() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture
def faulty_file() -> bytes:
    return with_errors()


@pytest.fixture
def county_analyst(county):
    return member(county, Role.ANALYST, username="county.analyst")


@pytest.fixture
def trust_analyst(trust):
    return member(trust, Role.ANALYST, username="trust.analyst")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test's uploads, reports and store in a folder of its own."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def send(
    client, place, organisation, content: bytes, name="asc-cld.csv", period="2025-26", capture=None
):
    data = {
        "organisation": organisation.pk,
        "spec_name": "asc-cld",
        "period": period,
        "file": SimpleUploadedFile(name, content),
    }
    url = reverse("submission_create", kwargs={"place": place.slug})
    with capture(execute=True):
        return client.post(url, data)


@pytest.fixture
def sent(client, place, county, county_editor, django_capture_on_commit_callbacks):
    """Send a file as the county's editor; returns the response's submission."""

    def _send(content, **kwargs):
        client.force_login(county_editor)
        response = send(
            client, place, county, content, capture=django_capture_on_commit_callbacks, **kwargs
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return Submission.objects.latest("submitted_at")

    return _send


@pytest.fixture
def queued(
    client, place, county, county_editor, clean_file, settings, django_capture_on_commit_callbacks
):
    """A clean file sent by the county's editor (signed in), queued for a worker that never
    comes (the dummy backend keeps tasks and runs none)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(county_editor)
    send(client, place, county, clean_file, capture=django_capture_on_commit_callbacks)
    return Submission.objects.get()
