"""Who sees what: the place sees aggregates; record-level data is for the submitting
organisation and the place's analysts; other places see nothing at all."""

import pytest
from django.urls import reverse

from joinedup.accounts.models import Role
from joinedup.submissions.models import Submission
from tests.factories import OrganisationFactory, PlaceFactory, member

from .conftest import send

RECORD_LEVEL = ["problems", "errors.csv", "quality.html", "quality.csv", "original"]


@pytest.fixture
def rejected(client, place, county, county_editor, faulty_file, django_capture_on_commit_callbacks):
    client.force_login(county_editor)
    send(client, place, county, faulty_file, capture=django_capture_on_commit_callbacks)
    client.logout()
    return Submission.objects.get()


def status(client, url) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # reading it to the end closes the file
    return response.status_code


def urls(submission):
    kwargs = {"place": submission.place.slug, "pk": submission.pk}
    found = {"problems": reverse("submission_problems", kwargs=kwargs)}
    for name in RECORD_LEVEL[1:]:
        found[name] = reverse("submission_download", kwargs={**kwargs, "file": name})
    return found


def test_members_of_the_submitting_organisation_see_the_records(client, rejected, county_viewer):
    client.force_login(county_viewer)
    for name, url in urls(rejected).items():
        assert status(client, url) == 200, name
    page = client.get(
        reverse("submission_detail", kwargs={"place": "testshire", "pk": rejected.pk})
    )
    assert "4529923127" in page.content.decode()  # a value from the file


def test_other_partners_see_aggregates_only(client, rejected, trust_editor):
    client.force_login(trust_editor)
    page = client.get(
        reverse("submission_detail", kwargs={"place": "testshire", "pk": rejected.pk})
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Problems by rule" in text and "Quality by dimension" in text
    assert "4529923127" not in text and "See all" not in text
    assert "Only people at Testshire County Council and the place&#39;s analysts" in text
    for name, url in urls(rejected).items():
        assert status(client, url) == 403, name


def test_the_place_s_analysts_see_every_organisation_s_records(client, rejected, trust_analyst):
    client.force_login(trust_analyst)
    for name, url in urls(rejected).items():
        assert status(client, url) == 200, name


def test_another_place_sees_nothing(client, rejected):
    elsewhere = OrganisationFactory(name="Elsewhere Council")
    PlaceFactory(name="Elsewhere", slug="elsewhere", organisations=[elsewhere])
    outsider = member(elsewhere, Role.ANALYST)
    client.force_login(outsider)
    detail = reverse("submission_detail", kwargs={"place": "testshire", "pk": rejected.pk})
    assert client.get(detail).status_code == 404
    for url in urls(rejected).values():
        assert status(client, url) == 404
    assert client.get(reverse("submission_list", kwargs={"place": "testshire"})).status_code == 404


def test_viewers_may_not_send_files(
    client, place, county, county_viewer, clean_file, django_capture_on_commit_callbacks
):
    client.force_login(county_viewer)
    url = reverse("submission_create", kwargs={"place": place.slug})
    assert client.get(url).status_code == 403
    response = send(client, place, county, clean_file, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_an_editor_cannot_send_for_another_organisation(
    client, place, county, trust_editor, clean_file, django_capture_on_commit_callbacks
):
    client.force_login(trust_editor)
    response = send(client, place, county, clean_file, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Choose an organisation you send data for" in response.content.decode()
    assert not Submission.objects.exists()


def test_downloads_are_attachments_and_safe_in_a_spreadsheet(
    client, place, county, county_editor, django_capture_on_commit_callbacks
):
    from .conftest import with_errors

    content = with_errors([(4, "First_Name", '=HYPERLINK("http://x")'), (5, "Gender", "+cmd")])
    client.force_login(county_editor)
    send(client, place, county, content, capture=django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    response = client.get(urls(submission)["errors.csv"])
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode()
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@")), line
    original = client.get(urls(submission)["original"])
    received = b"".join(original.streaming_content)
    assert received == content  # the file as received, unchanged
