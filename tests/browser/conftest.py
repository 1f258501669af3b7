"""Fixtures for browser tests: one Chromium per session, a fresh context per test.

Playwright cannot download its own browsers here, so the tests drive Debian's ``chromium``
(``make system-deps`` installs it; ``JOINEDUP_CHROMIUM`` points elsewhere). Mark browser
tests with ``@pytest.mark.browser``; tests in this folder get the mark automatically.

    @pytest.mark.browser
    def test_something(page, sign_in, user):
        sign_in(user)                       # optional: a signed-in session for `user`
        page.goto("/places/northshire/")    # relative to the live server
        assert_accessible(page)             # from .axe

Each test's page fails the test if the page throws an uncaught JavaScript error or a static
file (CSS, JS, image) fails to load.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    configured = os.environ.get("JOINEDUP_CHROMIUM")
    if configured:
        return Path(configured)
    found = shutil.which("chromium")
    return Path(found) if found else Path("/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = chromium_path()
    if not executable.exists():
        pytest.fail(
            f"Chromium is not installed ({executable} not found): the browser tests need it. "
            "Run `make system-deps` (Debian's chromium package), or set JOINEDUP_CHROMIUM.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop registered as running on this thread, and
    # Django then refuses ORM calls from it ("You cannot call this from an async context").
    # The tests are plain synchronous code, so lift the check while the browser is up.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(browser, live_server) -> Iterator:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context, live_server) -> Iterator:
    """A new tab in a fresh context; ``page.goto("/path/")`` is relative to the live server."""
    page = browser_context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))

    def check_response(response) -> None:
        if response.url.startswith(f"{live_server.url}/static/") and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    page.on("response", check_response)

    def check_failure(request) -> None:
        # A request the browser cancels because the page moved on (a form posted while the
        # icon was loading) is not a fault of the page; every other failure is.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", check_failure)
    yield page
    if problems:
        pytest.fail("The page had problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def sign_in(browser_context, live_server):
    """``sign_in(user)`` gives the browser a signed-in session for ``user``."""
    from django.conf import settings
    from django.test import Client

    def _sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return _sign_in
