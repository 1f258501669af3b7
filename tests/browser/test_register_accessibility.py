"""Every page of the register, filled with the demo place, passes axe-core's WCAG 2.2 A/AA
rules with no serious or critical violation. A new page belongs in PAGES."""

import pytest
from django.contrib.auth import get_user_model

from joinedup.accounts.models import Membership
from joinedup.demo.load import load_demo
from joinedup.partnerships.models import Partnership
from joinedup.places.models import Area, Organisation, Service
from joinedup.submissions.models import Submission

from .axe import FAILING_IMPACTS, axe_violations, format_violation


def register_pages() -> list[tuple[str, str]]:
    """(who, path) for every page of the register, with real records of the demo place."""
    place = "/places/northshire"
    partnership = Partnership.objects.active().filter(visibility="place").first()
    archived = Partnership.objects.filter(archived_at__isnull=False).first()
    service = Service.objects.active().filter(annual_cost__isnull=False).first()
    county = Organisation.objects.get(code="E10900001")
    district = Area.objects.filter(kind="district").first()
    lsoa = Area.objects.filter(kind="lsoa").first()
    membership = Membership.objects.filter(organisation=county).exclude(role="admin").first()
    accepted = Submission.objects.get(status="in_use")
    refused = Submission.objects.get(status="rejected")
    return [
        ("ncc.analyst", f"{place}/indicators/"),
        ("avdc.viewer", f"{place}/indicators/?period=2024"),
        ("ncc.data", f"{place}/submissions/"),
        ("ncc.data", f"{place}/submissions/{accepted.pk}/"),
        ("avdc.viewer", f"{place}/submissions/{refused.pk}/"),  # aggregates only
        ("ncc.analyst", f"{place}/submissions/{refused.pk}/problems/"),
        ("ncc.data", f"{place}/data/specifications/"),
        ("ncc.data", f"{place}/data/specifications/asc-cld/"),
        ("ncc.data", f"{place}/data/items/"),
        ("ncc.editor", f"{place}/"),
        ("ncc.editor", f"{place}/partnerships/"),
        ("ncc.editor", f"{place}/partnerships/?client_group=older_people&archived=yes"),
        ("ncc.editor", f"{place}/partnerships/{partnership.pk}/"),
        ("ncc.editor", f"{place}/partnerships/{archived.pk}/"),
        ("ncc.editor", f"{place}/partnerships/new/"),
        ("ncc.editor", f"{place}/partnerships/{partnership.pk}/edit/"),
        ("ncc.editor", f"{place}/partnerships/{partnership.pk}/archive/"),
        ("ncc.editor", f"{place}/services/"),
        ("ncc.editor", f"{place}/services/{service.pk}/"),
        ("ncc.editor", f"{place}/services/new/"),
        ("ncc.editor", f"{place}/services/{service.pk}/edit/"),
        ("ncc.editor", f"{place}/services/{service.pk}/archive/"),
        ("ncc.editor", f"{place}/organisations/"),
        ("ncc.editor", f"{place}/organisations/{county.pk}/"),
        ("ncc.editor", f"{place}/organisations/new/"),
        ("ncc.editor", f"{place}/organisations/{county.pk}/edit/"),
        ("ncc.editor", f"{place}/areas/"),
        ("ncc.editor", f"{place}/areas/{district.code}/"),
        ("ncc.editor", f"{place}/areas/{lsoa.code}/"),
        ("ncc.admin", f"{place}/organisations/{county.pk}/people/"),
        ("ncc.admin", f"{place}/organisations/{county.pk}/people/add/"),
        ("ncc.admin", f"{place}/organisations/{county.pk}/people/{membership.pk}/"),
        ("avdc.viewer", f"{place}/partnerships/new/"),  # the 403 page
        ("avdc.viewer", f"{place}/partnerships/999999/"),  # the 404 page
        (None, "/sign-in/"),
        (None, "/accessibility/"),
    ]


@pytest.mark.django_db(transaction=True)
def test_every_register_page_passes_axe(page, sign_in, browser_context):
    load_demo(seed=2026, echo=lambda *args: None)
    users = {u.username: u for u in get_user_model().objects.all()}
    failures = []
    refused = []  # what the Content-Security-Policy blocked: nothing may be
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    visited = 0
    current = "nobody"
    for who, path in register_pages():
        if who != current:
            browser_context.clear_cookies()
            if who:
                sign_in(users[who])
            current = who
        page.goto(path)
        visited += 1
        failing = [v for v in axe_violations(page) if v.get("impact") in FAILING_IMPACTS]
        failures += [f"{path} (as {who}):\n{format_violation(v)}" for v in failing]
    assert visited == len(register_pages())
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)
    assert not refused, "the Content-Security-Policy blocked:\n" + "\n".join(refused)


@pytest.mark.django_db(transaction=True)
def test_form_pages_with_errors_pass_axe(page, sign_in):
    load_demo(seed=2026, echo=lambda *args: None)
    sign_in(get_user_model().objects.get(username="ncc.editor"))
    failures = []
    for path, button in [
        ("/places/northshire/partnerships/new/", "Save partnership"),
        ("/places/northshire/services/new/", "Save"),
        ("/places/northshire/organisations/new/", "Save"),
    ]:
        page.goto(path)
        page.get_by_role("button", name=button).click()
        assert page.locator(".govuk-error-summary").is_visible(), path
        failing = [v for v in axe_violations(page) if v.get("impact") in FAILING_IMPACTS]
        failures += [f"{path} with errors:\n{format_violation(v)}" for v in failing]
    assert not failures, "\n".join(failures)
