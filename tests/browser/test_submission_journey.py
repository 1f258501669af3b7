"""A data officer sends the demo's social care file with planted errors, reads every error by row
and field, sends the corrected file and sees it accepted, with both files in its history. Every
page on the way passes the accessibility check.

The checks run inside the upload's request here (the test settings' ImmediateBackend), so each
page shows its final state; in use, the page follows the background task's progress.
"""

import re

import pytest
from playwright.sync_api import expect

from joinedup.demo.geography import plan_geography
from joinedup.demo.load import seeded_random
from joinedup.demo.submissions import CLEAN_NAME, PLANTED, WITH_ERRORS_NAME, make_files

from .axe import assert_accessible

SPEC_LABEL = re.compile(r"\(asc-cld\)")


@pytest.fixture(scope="module")
def demo_files():
    """The demo's 2025-26 files: clean, and with the errors listed in PLANTED."""
    return make_files(
        seeded_random(2026, "submissions"), plan_geography(seeded_random(2026, "geography"))
    )


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def csv_file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def test_a_data_officer_sends_a_file_reads_its_errors_and_sends_it_corrected(
    page, sign_in, place, county, county_editor, demo_files
):
    # Given I am a data officer of the county council
    sign_in(county_editor)
    page.goto(f"/places/{place.slug}/")

    # When I open Data and choose to send a file
    page.get_by_role("navigation").get_by_role("link", name="Data", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data submissions")
    expect(page.get_by_text("No files have been sent yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a file")
    assert_accessible(page)

    # And I send the form without choosing anything, I am told what is missing
    page.get_by_role("button", name="Send and check the file").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(3)  # data, period and file
    assert_accessible(page)

    # When I choose the organisation, data and period, and upload the file with errors
    form = page.locator("form[enctype='multipart/form-data']")
    form.get_by_label("Organisation sending the data").select_option(label=county.name)
    form.get_by_label(SPEC_LABEL).check()
    form.get_by_label("Reporting period").select_option("2025-26")
    form.get_by_label("Upload a file").set_input_files(
        csv_file(WITH_ERRORS_NAME, demo_files.with_errors)
    )
    form.get_by_role("button", name="Send and check the file").click()

    # Then it is not accepted, and each planted error is named by row and field
    expect(page.get_by_role("heading", level=1)).to_have_text(WITH_ERRORS_NAME)
    expect(page.locator(".govuk-summary-list")).to_contain_text("Not accepted")
    expect(
        page.get_by_role("heading", name=re.compile(rf"^Not accepted: {len(PLANTED)} errors in "))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^See all .* problems")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problems")
    assert_accessible(page)
    page.get_by_label("Kind").select_option("error")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("caption")).to_have_text(
        f"Problems 1 to {len(PLANTED)} of {len(PLANTED)}"
    )
    shown = {
        (cells[0], cells[1])
        for cells in (
            row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()
        )
    }
    assert shown == {(str(row), field) for row, field, _ in PLANTED}
    # The rule filter lists long descriptions: the page still never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    # When I go back to the file and send a corrected one
    page.get_by_role("link", name=WITH_ERRORS_NAME).click()
    page.get_by_role("button", name="Send a corrected file").click()
    form = page.locator("form[enctype='multipart/form-data']")
    expect(form.get_by_label(SPEC_LABEL)).to_be_checked()
    expect(form.get_by_label("Reporting period")).to_have_value("2025-26")
    form.get_by_label("Upload a file").set_input_files(csv_file(CLEAN_NAME, demo_files.clean))
    form.get_by_role("button", name="Send and check the file").click()

    # Then it is accepted and in use, and the history lists both files
    expect(page.get_by_role("heading", level=1)).to_have_text(CLEAN_NAME)
    expect(page.get_by_role("heading", name="Accepted and in use")).to_be_visible()
    history = page.get_by_role("table", name=re.compile("^Every file for"))
    expect(history.get_by_role("row")).to_have_count(3)
    expect(history.get_by_role("row", name=re.compile(CLEAN_NAME))).to_contain_text(
        "Accepted and in use"
    )
    expect(history.get_by_role("row", name=re.compile(WITH_ERRORS_NAME))).to_contain_text(
        "Not accepted"
    )
    assert_accessible(page)

    # And the list of submissions shows both
    page.get_by_role("link", name="Data", exact=True).first.click()
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Accepted and in use")
    assert_accessible(page)
