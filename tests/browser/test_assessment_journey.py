"""A respondent answers a survey through a link without signing in; an integration manager then
reads the results. Every page on the way passes the accessibility check, and so do the other
assessment pages."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from joinedup.assessments.models import StakeholderGroup as G
from tests.unit.assessments.builders import answer_all, links, make_round, partnership_of

from .axe import assert_accessible

OPEN_NOW = dict(opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2099, 12, 31))
TODAY = datetime.date.today()


@pytest.fixture
def open_round(place, county, trust, county_editor):
    partnership = partnership_of(place, county, trust, name="Hospital discharge fund")
    assessment_round = make_round(
        partnership, county_editor, instrument="barriers-and-principles", **OPEN_NOW
    )
    # Six colleagues have answered already, so that results can be shown.
    made = links(
        assessment_round,
        county_editor,
        {(county, G.FRONT_LINE): 3, (trust, G.FRONT_LINE): 3},
        today=TODAY,
    )
    answer_all(assessment_round, made, today=TODAY)
    return assessment_round


def test_a_respondent_answers_through_a_link_and_the_manager_reads_the_results(
    page, sign_in, open_round, county, county_editor
):
    ((_, token),) = links(open_round, county_editor, {(county, G.FRONT_LINE): 1}, today=TODAY)

    # Given a link, without signing in, I open the survey
    page.goto(f"/respond/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(open_round.instrument.title)
    assert_accessible(page)

    # When I answer the first statement, save, and come back later
    first = page.get_by_role("group").filter(has=page.locator("input[type=radio]")).first
    first.get_by_label("A great deal").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    page.goto(f"/respond/{token}/")
    expect(first.get_by_label("A great deal")).to_be_checked()

    # And I answer the rest, write a comment, and send my answers
    for radio in page.locator("input[type=radio][value='2']").all():
        radio.check()
    page.get_by_role("textbox", name=re.compile("Structural barriers")).fill(
        "Budgets never line up."
    )
    page.get_by_role("button", name="Send my answers").click()

    # Then my answers are sent, and the link cannot send again
    expect(page.get_by_role("heading", name="Answers sent")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/respond/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("These answers have been sent")
    assert_accessible(page)

    # When the integration manager signs in and opens the round's results
    sign_in(county_editor)
    page.goto(f"/places/{open_round.partnership.place.slug}/assessments/")
    page.get_by_role("link", name=open_round.title).click()
    expect(page.get_by_role("row", name=re.compile("^All partners"))).to_contain_text("7")
    page.get_by_role("button", name="See the results").click()

    # Then they see the scores of all seven respondents, with a chart and its table
    expect(page.get_by_text("7 people answered.")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Section scores")).first).to_be_visible()
    expect(page.get_by_text("Budgets never line up.")).to_be_visible()
    assert_accessible(page)


OTHER_PAGES = [
    "assessment_list",
    "assessment_create",
    "assessment_round",
    "assessment_links",
    "assessment_results_groups",
    "assessment_results_statements",
    "assessment_results_analysts",
]


def test_the_other_assessment_pages_are_accessible(page, sign_in, open_round, county_editor):
    from django.urls import reverse

    sign_in(county_editor)
    slug = open_round.partnership.place.slug
    for name in OTHER_PAGES:
        kwargs = (
            {"place": slug}
            if name in ("assessment_list", "assessment_create")
            else {
                "place": slug,
                "pk": open_round.pk,
            }
        )
        page.goto(reverse(name, kwargs=kwargs))
        assert_accessible(page)
    # The links page, shown once after making links
    page.goto(reverse("assessment_links", kwargs={"place": slug, "pk": open_round.pk}))
    county_links = page.get_by_role("group", name="Testshire County Council")
    county_links.get_by_label("Front-line staff").fill("2")
    page.get_by_role("button", name="Make links").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your 2 new links")
    assert_accessible(page)
    # A forged link's plain message
    page.goto("/respond/not-a-real-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)
