import re
from pathlib import Path

import pytest

from testimonials.models import Testimony

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_victim_fills_the_form_and_sees_the_receipt(live_server, site_pages, page, screenshot):
    page.goto(live_server.url + site_pages["call"].url)
    screenshot("call-for-testimonials")

    page.get_by_label("What happened, in your own words").fill(
        "The night of the attack my father was moved to another hospital two hours away. "
        "Nobody could see his records for a week."
    )
    page.get_by_label("You are writing as").select_option("relative")
    page.get_by_label("Country").select_option("IE")
    page.get_by_label("Year").select_option("2021")
    page.get_by_label(re.compile("stores my testimony securely")).check()
    page.get_by_label(re.compile("may be published")).check()
    page.get_by_role("button", name="Send my testimony").click()

    page.get_by_role("heading", name="Your receipt").wait_for()
    assert page.get_by_role("button", name="Print this page").is_visible()
    screenshot("receipt")
    reference = page.get_by_test_id("receipt-reference").inner_text()
    secret = page.get_by_test_id("receipt-secret").inner_text()
    assert re.fullmatch(r"T-[A-Z0-9]{6}", reference)
    assert re.fullmatch(r"([A-Z0-9]{4}-){6}[A-Z0-9]{4}", secret)
    testimony = Testimony.objects.get(reference=reference)
    assert testimony.role == "relative" and testimony.consent_publication


def test_a_missing_consent_is_explained_and_nothing_typed_is_lost(live_server, site_pages, page, screenshot):
    page.goto(live_server.url + site_pages["call"].url)
    story = "They cancelled my scan twice and I still do not know whether my data was stolen."
    page.get_by_label("What happened, in your own words").fill(story)
    page.get_by_role("button", name="Send my testimony").click()

    page.get_by_role("alert").get_by_text("We can only keep your story with this consent.").wait_for()
    screenshot("call-for-testimonials-error")
    assert page.get_by_label("What happened, in your own words").input_value() == story
    assert not Testimony.objects.exists()


def test_the_browser_solves_the_proof_of_work_and_a_double_click_stores_one(
    live_server, site_pages, page, monkeypatch, settings, screenshot
):
    # The slower lane closed: only a solved proof of work gets through.
    settings.UNPROVED_SUBMISSIONS_PER_HOUR = 0
    settings.CHALLENGE_MAX_NUMBER = 20_000
    page.goto(live_server.url + site_pages["call"].url)
    page.get_by_label("What happened, in your own words").fill(
        "The ransomware attack closed the radiology department and my scan was postponed for a month."
    )
    page.get_by_label("You are writing as").select_option("patient")
    page.get_by_label(re.compile("stores my testimony securely")).check()
    button = page.get_by_role("button", name="Send my testimony")
    button.dblclick()

    page.get_by_role("heading", name="Your receipt").wait_for()
    assert Testimony.objects.count() == 1

    # A reload neither stores it again nor shows the secret again.
    page.reload()
    page.get_by_role("heading", name="Your testimony has been received").wait_for()
    screenshot("receipt-after-reload")
    assert Testimony.objects.count() == 1
    assert page.get_by_test_id("receipt-secret").count() == 0


@pytest.mark.parametrize("width", [320, 390])
def test_the_receipt_is_easy_to_keep_on_a_small_phone(live_server, site_pages, browser, width):
    from tests.browser.conftest import ARTIFACTS, fits_the_screen

    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + site_pages["call"].url)
    page.get_by_label("What happened, in your own words").fill(
        "The night of the attack my father was moved to another hospital two hours away."
    )
    page.get_by_label("You are writing as").select_option("relative")
    page.get_by_label(re.compile("stores my testimony securely")).check()
    page.get_by_role("button", name="Send my testimony").click()
    page.get_by_role("heading", name="Your receipt").wait_for()

    secret = page.get_by_test_id("receipt-secret")
    line_height = secret.evaluate("element => parseFloat(getComputedStyle(element).lineHeight)")
    groups = secret.locator("span")
    assert groups.count() == 7
    for group in groups.all():
        assert group.bounding_box()["height"] < 1.5 * line_height, "a group of the secret is broken across lines"
    assert fits_the_screen(page), "the page scrolls sideways"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"receipt-{width}px.png"), full_page=True)

    page.get_by_role("button", name="Copy the reference and secret").click()
    page.get_by_text("Copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert secret.inner_text() in copied and page.get_by_test_id("receipt-reference").inner_text() in copied

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"Secret: {secret.inner_text()}" in text and "/en/my-testimony/open/" in text
    context.close()


def test_on_a_phone_a_failed_send_starts_at_a_summary_that_leads_to_each_field(live_server, site_pages, browser):
    from tests.browser.conftest import ARTIFACTS

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + site_pages["call"].url)
    page.get_by_label(re.compile("stores my testimony securely")).check()
    page.get_by_label("Your email (optional)").fill("someone@example.org")
    page.get_by_role("button", name="Send my testimony").click()

    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.bounding_box()["y"] < 844, "the summary is not on the screen"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "call-errors-phone.png"))
    assert summary.get_by_role("link", name="Please tell us what happened.").is_visible()
    assert summary.get_by_role("link", name=re.compile("who you are writing as")).is_visible()

    summary.get_by_role("link", name=re.compile("who you are writing as")).click()
    assert page.evaluate("document.activeElement.id") == "id_role"
    assert page.get_by_label("Your email (optional)").input_value() == "someone@example.org"
    context.close()
