"""The base layout when signed in, and form fields rendered by joinedup.web.forms, under axe."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from playwright.sync_api import expect

from tests.unit.test_web_templating import SampleForm

from .axe import assert_accessible

WIDE_TABLE_PAGE = """
{% extends "layout.html" %}
{% block title %}Wide table{% endblock %}
{% block content %}
  <h1 class="govuk-heading-l">Wide table</h1>
  <div class="joinedup-table-scroll"><table class="govuk-table">
    <caption class="govuk-table__caption">Events by month</caption>
    <thead><tr>{% for m in months %}<th scope="col" class="govuk-table__header">{{ m }}<span
      class="govuk-visually-hidden"> (events)</span></th>{% endfor %}</tr></thead>
    <tbody><tr>{% for m in months %}<td class="govuk-table__cell">1,234</td>{% endfor %}</tr>
    </tbody>
  </table></div>
{% endblock %}
"""

FORM_PAGE = """
{% extends "layout.html" %}
{% block title %}Sample form{% endblock %}
{% block content %}
  {{ error_summary(form) }}
  <h1 class="govuk-heading-l">Sample form</h1>
  <form method="post" novalidate>
    {% for f in form %}{{ field(f) }}{% endfor %}
  </form>
{% endblock %}
"""


@pytest.mark.browser
def test_signed_in_layout_is_accessible_and_signs_out(page, sign_in):
    user = get_user_model().objects.create_user("layout.tester", password="x" * 12)
    sign_in(user)
    page.goto("/accessibility/")
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link", name="Home").is_visible()
    assert_accessible(page)

    nav.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")
    assert page.get_by_role("link", name="Sign in").count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("bound", [False, True], ids=["blank", "with-errors"])
def test_form_fields_are_accessible(page, bound):
    if bound:
        form = SampleForm(
            data={"name": "x" * 30, "kind": "a", "level": "3", "starts": "2026-13-01"}
        )
        form.is_valid()
    else:
        form = SampleForm(initial={"starts": dt.date(2026, 4, 1)})
    html = engines["jinja2"].from_string(FORM_PAGE).render({"form": form})
    page.goto("/accessibility/")  # the live server's origin, so /static/ URLs load
    page.set_content(html)
    assert page.title() == ("Error: Sample form – joinedup" if bound else "Sample form – joinedup")
    if bound:
        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible()
        summary.get_by_role("link").first.click()
        assert page.evaluate("document.activeElement.id") == "id_name"
    assert_accessible(page)


@pytest.mark.browser
def test_a_wide_table_scrolls_in_its_box_and_the_page_never_sideways(page):
    months = [f"{m} 2026" for m in ("January", "February", "March", "April", "May", "June")]
    html = engines["jinja2"].from_string(WIDE_TABLE_PAGE).render({"months": months})
    page.set_viewport_size({"width": 320, "height": 640})
    # A fresh page at the live server's origin (so that /static/ loads, and the layout's
    # module script runs as it does on every page).
    page.route("**/wide-table/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto("/wide-table/")
    box = page.locator(".joinedup-table-scroll")
    # The table is wider than the screen; its box scrolls, the page does not (nor does the
    # visually hidden text, absolutely positioned, push the page wider).
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # While it scrolls, keyboard users can reach the box, named by its caption, and scroll it.
    region = page.get_by_role("region", name="Events by month (scrolls sideways)")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.joinedup-table-scroll').scrollLeft > 0")
    assert_accessible(page)

    # Wide enough: no scrolling, so no needless tab stop or landmark.
    page.locator("h1").click()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(box).not_to_have_attribute("tabindex", "0")
    assert page.get_by_role("region").count() == 0
