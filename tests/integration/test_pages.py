"""Every register page through the whole stack: URLs, middleware, scoping, templates."""

import pytest
from django.urls import reverse

from joinedup.audit.trail import history
from joinedup.partnerships.models import PartnerRole, Partnership, Visibility
from joinedup.places.models import Service
from tests.factories import PartnershipFactory


@pytest.fixture
def private_partnership(place, county, trust):
    return PartnershipFactory(
        place=place,
        name="Confidential mental health pilot",
        visibility=Visibility.PARTNERS,
        partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)],
    )


def _url(name, place, **kwargs):
    return reverse(name, kwargs={"place": place.slug, **kwargs})


def test_pages_need_a_sign_in(client, place):
    response = client.get(_url("place_dashboard", place))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_and_go_to_the_only_place(client, place, county_viewer):
    response = client.post(
        reverse("login"), {"username": "county.viewer", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == _url("place_dashboard", place)
    assert "Testshire" in response.content.decode()


def test_wrong_passwords_lock_the_sign_in(client, place, county_viewer):
    for _ in range(5):
        client.post(reverse("login"), {"username": "county.viewer", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "county.viewer", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 429
    assert "locked for 30 minutes" in response.content.decode()


def test_a_private_partnership_is_404_to_other_organisations_by_any_url(
    client, place, private_partnership, district_editor
):
    client.force_login(district_editor)
    for name in (
        "partnership_detail",
        "partnership_edit",
        "partnership_archive",
    ):
        response = client.get(_url(name, place, pk=private_partnership.pk))
        assert response.status_code == 404, name
        response = client.post(_url(name, place, pk=private_partnership.pk), {"name": "x"})
        assert response.status_code == 404, name
    listing = client.get(_url("partnership_list", place)).content.decode()
    assert "Confidential mental health pilot" not in listing
    private_partnership.refresh_from_db()
    assert not private_partnership.is_archived


def test_partners_see_their_private_partnership(client, place, private_partnership, county_viewer):
    client.force_login(county_viewer)
    response = client.get(_url("partnership_detail", place, pk=private_partnership.pk))
    assert response.status_code == 200
    assert "Partner organisations only" in response.content.decode()


def test_another_place_is_404(client, place, county_viewer):
    from tests.factories import OrganisationFactory, PlaceFactory

    other = PlaceFactory(slug="otherton", organisations=[OrganisationFactory()])
    client.force_login(county_viewer)
    assert client.get(_url("place_dashboard", other)).status_code == 404
    assert client.get(_url("service_list", other)).status_code == 404


def test_editor_records_a_partnership_through_the_form(client, place, county, trust, county_editor):
    client.force_login(county_editor)
    form = client.get(_url("partnership_create", place))
    assert form.status_code == 200
    response = client.post(
        _url("partnership_create", place),
        {
            "name": "Integrated discharge team",
            "purpose": "Gets people home from hospital quickly.",
            f"partner_{county.pk}": "lead",
            f"partner_{trust.pk}": "host",
            "client_groups": ["older_people"],
            "mechanisms": ["pooled_budget", "joint_team"],
            "visibility": "place",
            "start_date": "2025-04-01",
        },
    )
    partnership = Partnership.objects.get(name="Integrated discharge team")
    assert response.status_code == 302
    assert response["Location"] == _url("partnership_detail", place, pk=partnership.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Pooled budget" in page and "Host" in page and "History" in page
    dashboard = client.get(_url("place_dashboard", place)).content.decode()
    assert "Pooled budget" in dashboard


def test_the_form_explains_errors_and_saves_nothing(client, place, county, county_editor):
    client.force_login(county_editor)
    response = client.post(
        _url("partnership_create", place),
        {
            "name": "",
            "purpose": "",
            f"partner_{county.pk}": "lead",
            "visibility": "place",
            "start_date": "2025-04-01",
            "end_date": "2024-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the partnership&#39;s name." in page or "Enter the partnership's name." in page
    assert "Choose a role for at least two partner organisations." in page
    assert "The end date must be the same as or after the start date." in page
    assert "<title>Error: " in page
    assert not Partnership.objects.exists()


def test_viewers_cannot_open_the_create_form(client, place, county_viewer):
    client.force_login(county_viewer)
    assert client.get(_url("partnership_create", place)).status_code == 403


def test_archive_and_restore_through_the_pages(client, place, county, trust, county_editor):
    partnership = PartnershipFactory(
        place=place, partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)]
    )
    client.force_login(county_editor)
    url = _url("partnership_archive", place, pk=partnership.pk)
    assert "Archive this partnership?" in client.get(url).content.decode()
    client.post(url)
    partnership.refresh_from_db()
    assert partnership.is_archived
    listing = client.get(_url("partnership_list", place)).content.decode()
    link = f">{partnership.name}</a>"
    assert link not in listing
    listing = client.get(_url("partnership_list", place) + "?archived=yes").content.decode()
    assert link in listing
    client.post(url)
    partnership.refresh_from_db()
    assert not partnership.is_archived
    assert [e.action for e in history(partnership)] == ["restore", "archive"]


def test_edit_changes_and_shows_history(client, place, county, trust, county_editor):
    partnership = PartnershipFactory(
        place=place, partners=[(county, PartnerRole.LEAD), (trust, PartnerRole.PARTNER)]
    )
    client.force_login(county_editor)
    url = _url("partnership_edit", place, pk=partnership.pk)
    form = client.get(url).content.decode()
    assert 'value="lead" selected' in form
    client.post(
        url,
        {
            "name": "Renamed partnership",
            "purpose": partnership.purpose,
            f"partner_{county.pk}": "lead",
            f"partner_{trust.pk}": "partner",
            "client_groups": ["older_people", "carers"],
            "visibility": "place",
        },
    )
    page = client.get(_url("partnership_detail", place, pk=partnership.pk)).content.decode()
    assert "Renamed partnership" in page
    assert "county.editor" in page  # who, in the history


def test_service_catalogue_create_and_filter(client, place, county, trust, trust_editor):
    client.force_login(trust_editor)
    response = client.post(
        _url("service_create", place),
        {
            "name": "Virtual ward",
            "provider": trust.pk,
            "commissioners": [county.pk],
            "client_group": "older_people",
            "function": "hospital",
            "capacity": "40",
            "capacity_unit": "beds",
            "annual_cost": "2400000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get()
    assert str(service.annual_cost) == "2400000.00"
    listing = client.get(_url("service_list", place) + "?client_group=older_people").content
    assert b"Virtual ward" in listing and "£2,400,000".encode() in listing
    listing = client.get(_url("service_list", place) + "?client_group=carers").content
    assert b"Virtual ward" not in listing


def test_service_form_names_the_field_at_fault(client, place, trust, trust_editor):
    client.force_login(trust_editor)
    page = client.post(
        _url("service_create", place),
        {
            "name": "X",
            "provider": trust.pk,
            "client_group": "older_people",
            "function": "hospital",
            "annual_cost": "lots",
            "capacity": "3",
        },
    ).content.decode()
    assert "Enter the annual cost as a number of pounds" in page
    assert "Choose what the capacity is counted in." in page
    assert 'href="#id_annual_cost"' in page
    assert not Service.objects.exists()


def test_organisation_pages_and_edit(client, place, county, county_editor, district_editor):
    client.force_login(county_editor)
    assert client.get(_url("organisation_list", place)).status_code == 200
    assert client.get(_url("organisation_detail", place, pk=county.pk)).status_code == 200
    response = client.post(
        _url("organisation_edit", place, pk=county.pk),
        {
            "name": "Testshire Council",
            "code": "e10000099",
            "kind": "county_council",
            "sectors": ["adult_social_care", "public_health"],
        },
    )
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.code == "E10000099" and county.sectors == ["adult_social_care", "public_health"]
    client.force_login(district_editor)
    assert client.get(_url("organisation_edit", place, pk=county.pk)).status_code == 403


def test_admins_manage_people_and_others_cannot(client, place, county, county_admin, county_editor):
    client.force_login(county_editor)
    assert client.get(_url("member_list", place, pk=county.pk)).status_code == 403
    client.force_login(county_admin)
    assert client.get(_url("member_list", place, pk=county.pk)).status_code == 200
    response = client.post(
        _url("member_add", place, pk=county.pk),
        {
            "username": "new.starter",
            "email": "n@example.org",
            "password": "a-long-passphrase-1",
            "role": "editor",
        },
    )
    assert response.status_code == 302
    assert b"new.starter" in client.get(_url("member_list", place, pk=county.pk)).content


def test_area_pages(client, place, county_viewer):
    from joinedup.places import actions
    from tests.factories import UserFactory

    installer = UserFactory(is_superuser=True)
    england = actions.create_area(by=installer, code="E92000001", name="England")
    region = actions.create_area(by=installer, code="E12000001", name="North", parent=england)
    icb = actions.create_area(by=installer, code="E54000099", name="Test ICB", parent=region)
    county_area = actions.create_area(by=installer, code="E10000099", name="Testshire", parent=icb)
    place.areas.add(county_area)
    client.force_login(county_viewer)
    assert b"E10000099" in client.get(_url("area_list", place)).content
    assert client.get(_url("area_detail", place, code="E10000099")).status_code == 200
    assert client.get(_url("area_detail", place, code="E10000098")).status_code == 404
