"""The base layout when signed in, and form fields rendered by joinedup.web.forms, under axe."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.template import engines

from tests.unit.test_web_templating import SampleForm

from .axe import assert_accessible

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
