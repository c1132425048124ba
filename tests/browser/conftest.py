"""Headless Chromium from Debian's package, driven by Playwright's sync API.

Playwright's own browser download does not work on these machines, so the browser is
launched from its installed path. Screenshots land in test-artifacts/ for people to look at.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start.
    "--disable-gpu",
    "--no-first-run",
    # The machines have no network beyond package registries: no background connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = "Debian's chromium is not installed (apt-get install chromium), so browser tests cannot run"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def fits_the_screen(page) -> bool:
    """Nothing on the page scrolls sideways (a phone's first failure)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# What tests.factories gives every staff account.
STAFF_PASSWORD = "correct horse battery staple"


@pytest.fixture
def sign_in(live_server, page):
    """Sign a staff account in through the admin's login form (the second factor, if any, is the caller's)."""
    from django.urls import reverse

    def sign_in_as(user) -> None:
        page.goto(live_server.url + reverse("wagtailadmin_login"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.click("button[type=submit]")

    return sign_in_as
