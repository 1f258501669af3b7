"""The HTML quality report (a download, opened on its own) under a browser: it reflows."""

import pytest
from playwright.sync_api import expect

from joinedup.specs import get_spec, quality_report, validate
from tests.unit.specs.builders import asc_cld_rows, write_csv

from .axe import assert_accessible


@pytest.mark.browser
def test_the_html_report_reflows_on_a_narrow_screen(page, tmp_path):
    rows = asc_cld_rows(seed=3, people=8)
    rows[0]["Gender"] = "Woman"  # a problem, so that every table of the report is there
    with validate(write_csv(rows, tmp_path / "f.csv"), get_spec("asc-cld")) as result:
        quality_report(result).write_html(tmp_path / "report.html")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto((tmp_path / "report.html").as_uri())
    # Tables scroll sideways in their own boxes, and the summary stacks: the page never does.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    regions = page.get_by_role("region")
    assert regions.count() == 4
    for name in ("Dimensions", "Rules that found problems", "Completeness and problems by field"):
        expect(page.get_by_role("region", name=name)).to_have_attribute("tabindex", "0")
    wide = page.get_by_role("region", name="Completeness and problems by field")
    assert wide.evaluate("box => box.scrollWidth > box.clientWidth")
    wide.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "[...document.querySelectorAll('.joinedup-table-scroll')].some(b => b.scrollLeft > 0)"
    )
    assert_accessible(page)
