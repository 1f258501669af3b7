"""The assessment pages through the test client: scope, permission, and what they show."""

import datetime
import re

import pytest
from django.urls import reverse

from joinedup.assessments.models import AssessmentRound, Invitation
from joinedup.partnerships.models import Visibility
from tests.factories import OrganisationFactory, PlaceFactory, member
from tests.unit.assessments.builders import make_round, partnership_of


def page(name, assessment_round, **extra):
    kwargs = {"place": assessment_round.partnership.place.slug, "pk": assessment_round.pk}
    return reverse(name, kwargs=kwargs)


def test_the_list_shows_rounds_and_the_nav_item(client, answered_round, county_viewer):
    client.force_login(county_viewer)
    response = client.get(reverse("assessment_list", kwargs={"place": "testshire"}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Health check 2026" in text and ">Assessments<" in text
    assert "Start a round" not in text  # viewers cannot


def test_an_editor_starts_a_round_through_the_form(client, partnership, county_editor):
    client.force_login(county_editor)
    url = reverse("assessment_create", kwargs={"place": "testshire"})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "partnership": partnership.pk,
            "instrument": "partnership-readiness@1.0",
            "title": "Readiness 2026",
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
        },
    )
    created = AssessmentRound.objects.get(title="Readiness 2026")
    assert response.status_code == 302 and response["Location"].endswith(f"/{created.pk}/")
    assert created.instrument_id == "partnership-readiness"


def test_the_round_form_explains_its_errors(client, partnership, county_editor):
    client.force_login(county_editor)
    url = reverse("assessment_create", kwargs={"place": "testshire"})
    response = client.post(
        url,
        {
            "partnership": partnership.pk,
            "opens_on": "2026-03-01",
            "closes_on": "2026-02-01",
            "title": "",
        },
    )
    text = response.content.decode()
    assert "Enter a title for the round." in text and "Choose an instrument." in text
    assert "on or after the opening date" in text


def test_a_viewer_cannot_open_the_new_round_form(client, partnership, county_viewer):
    client.force_login(county_viewer)
    assert (
        client.get(reverse("assessment_create", kwargs={"place": "testshire"})).status_code == 403
    )


def test_links_are_shown_once_with_a_csv_and_work(client, partnership, county_editor, county):
    client.force_login(county_editor)
    assessment_round = make_round(
        partnership,
        county_editor,
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2099, 1, 1),
    )
    url = page("assessment_links", assessment_round)
    assert client.get(url).status_code == 200
    response = client.post(url, {f"links_{county.pk}_front_line_staff": "2"})
    text = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    found = re.findall(r"http://testserver/respond/([A-Za-z0-9_-]{43})/", text)
    assert len(set(found)) == 2
    assert "data:text/csv;charset=utf-8," in text
    assert Invitation.objects.filter(round=assessment_round).count() == 2
    client.logout()
    assert client.get(f"/respond/{found[0]}/").status_code == 200


def test_the_round_page_counts_answers_but_hides_small_groups(
    client, answered_round, county_viewer
):
    client.force_login(county_viewer)
    text = client.get(page("assessment_round", answered_round)).content.decode()
    assert "Answers sent" in text
    rows = dict(
        re.findall(
            r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
            r"<td[^>]*>\d+</td>\s*<td[^>]*>([^<]+)</td>",
            text,
        )
    )
    assert rows["All partners"] == "28"
    assert rows["Clinicians and practitioners"] == "hidden"


def test_results_pages_show_scores_and_hide_small_groups(client, answered_round, county_viewer):
    client.force_login(county_viewer)
    overview = client.get(page("assessment_results", answered_round)).content.decode()
    assert "28 people answered" in overview
    assert 'role="img"' in overview and "<title" in overview
    assert "We share risks fairly." in overview
    groups = client.get(page("assessment_results_groups", answered_round) + "?by=stakeholder_group")
    text = groups.content.decode()
    assert groups.status_code == 200
    assert "Council managers" in text and "Clinicians and practitioners" in text
    assert "hidden" in text
    for name in ("assessment_results_statements", "assessment_results_analysts"):
        assert client.get(page(name, answered_round)).status_code == 200
    assert (
        client.get(page("assessment_results_groups", answered_round) + "?by=nope").status_code
        == 404
    )


def test_comments_are_not_shown_while_fewer_than_five_have_answered(
    client, partnership, county_editor, county
):
    from joinedup.assessments.models import StakeholderGroup
    from tests.unit.assessments.builders import answer_all, links

    assessment_round = make_round(partnership, county_editor)
    made = links(assessment_round, county_editor, {(county, StakeholderGroup.FRONT_LINE): 3})
    answer_all(assessment_round, made, comments={"need": "Only three of us."})
    client.force_login(county_editor)
    text = client.get(page("assessment_results", assessment_round)).content.decode()
    assert "Only three of us." not in text
    assert "Fewer than 5 people have answered so far" in text


def test_someone_outside_a_private_partnership_gets_404_everywhere(
    client, place, county, trust, county_editor, district
):
    private = partnership_of(place, county, trust, visibility=Visibility.PARTNERS)
    assessment_round = make_round(private, county_editor)
    outsider = member(district)
    client.force_login(outsider)
    for name in (
        "assessment_round",
        "assessment_results",
        "assessment_results_csv",
        "assessment_links",
    ):
        assert client.get(page(name, assessment_round)).status_code == 404, name


def test_other_places_rounds_are_not_found(client, answered_round):
    elsewhere = OrganisationFactory()
    PlaceFactory(slug="elsewhere", organisations=[elsewhere])
    client.force_login(member(elsewhere))
    assert client.get(page("assessment_round", answered_round)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_pages_need_a_sign_in_except_answering(client, answered_round, method):
    response = getattr(client, method)(page("assessment_results", answered_round))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
