"""An integration manager signs in, records a partnership with a pooled budget, and finds it
on the place's dashboard. Every page on the way passes the accessibility check."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD

from .axe import assert_accessible


def test_manager_records_a_pooled_budget_partnership_and_finds_it_on_the_dashboard(
    page, place, county, trust, county_editor
):
    # Given I am signed in as an editor at the county council
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill("county.editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testshire")
    assert_accessible(page)

    # When I record a partnership with the trust, pooling a budget
    page.get_by_role("button", name="Record a partnership").click()
    expect(page).to_have_title("Record a partnership – joinedup")
    assert_accessible(page)
    page.get_by_label("Name").fill("Hospital discharge fund")
    page.get_by_label("Purpose").fill("Pools council and NHS money to get people home sooner.")
    page.get_by_label("Testshire County Council").select_option("lead")
    page.get_by_label("Testshire Hospitals NHS Trust").select_option("partner")
    page.get_by_label("Older people").check()
    page.get_by_label("Pooled budget").check()
    page.get_by_role("button", name="Save partnership").click()

    # Then I see it recorded, with its partners and mechanism
    expect(page.get_by_role("heading", level=1)).to_have_text("Hospital discharge fund")
    expect(page.get_by_text("Hospital discharge fund is recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Lead", exact=True)).to_be_visible()
    assert_accessible(page)

    # And the dashboard counts it under its mechanism
    page.get_by_role("link", name="Dashboard").click()
    pooled = page.get_by_role("row", name=re.compile(r"^Pooled budget"))
    expect(pooled.get_by_role("cell").first).to_have_text("1")
    expect(page.get_by_role("link", name=re.compile("1 partnerships"))).to_be_visible()


def test_the_form_shows_errors_in_a_summary_that_links_to_each_field(
    page, place, county, county_editor
):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("county.editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/places/{place.slug}/partnerships/new/")
    page.get_by_role("button", name="Save partnership").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the partnership's name.")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the partnership's name.").click()
    expect(page.get_by_label("Name")).to_be_focused()
