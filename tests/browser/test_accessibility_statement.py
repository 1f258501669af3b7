"""The accessibility statement: proves the browser and axe harness end to end."""

import pytest

from .axe import assert_accessible


@pytest.mark.browser
def test_accessibility_statement_is_reachable_and_accessible(page):
    page.goto("/")
    page.get_by_role("link", name="Accessibility statement").click()

    assert page.locator("h1").inner_text() == "Accessibility statement for joinedup"
    assert page.title() == "Accessibility statement – joinedup"
    # The generic header, not the GOV.UK one: no crown, our name, Arial.
    assert page.locator(".govuk-generic-header").inner_text().strip() == "joinedup"
    assert page.locator(".govuk-header__crown, .govuk-logo").count() == 0
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert font.lower().startswith("arial")
    # GOV.UK Frontend's JavaScript ran (joinedup.js imported it as a module).
    assert page.locator("body.govuk-frontend-supported").count() == 1
    assert_accessible(page)
