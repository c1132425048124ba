"""The whole service, as each of its people uses it, on a phone and on a desktop, with a screenshot of
every step in test-artifacts/journey-<size>-NN-<step>.png:

a victim sends a story and keeps the receipt; the worker redacts it; the victim reads and accepts the
proposed text; a moderator approves it; communications staff give it a title and publish it; a reader
finds it by filter and by search; the victim takes it off the website again.
"""

import re

import pytest
from django.urls import reverse

from testimonials.models import StoryPage, Testimony, TestimonyStatus
from tests.browser.conftest import ARTIFACTS, STAFF_PASSWORD, fits_the_screen
from tests.factories import CommunicationsFactory, ModeratorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
STORY = (
    "My name is Philippa Ashdown-Okonkwo. My hip operation at the county hospital was postponed for seven "
    "weeks after the ransomware attack, and nobody could tell me when it would happen. Call me on 07700 900123."
)
TITLE = "Seven weeks waiting for a hip operation"


class Journey:
    """Screenshots numbered in the order the steps happen, whoever takes them."""

    def __init__(self, size: str):
        self.size, self.step = size, 0
        ARTIFACTS.mkdir(exist_ok=True)

    def shot(self, page, name: str) -> None:
        self.step += 1
        assert fits_the_screen(page), f"{name} scrolls sideways"
        page.screenshot(path=str(ARTIFACTS / f"journey-{self.size}-{self.step:02d}-{name}.png"), full_page=True)


def _person(browser, size: str):
    context = browser.new_context(viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _sign_in(page, live_server, user) -> None:
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize("size", SIZES)
def test_a_story_goes_from_the_victim_to_the_reader_and_back_off_the_site(
    live_server, site_pages, browser, run_worker, size
):
    journey = Journey(size)
    victim_context, victim = _person(browser, size)

    # The victim tells their story and keeps the receipt.
    victim.goto(live_server.url + "/")
    journey.shot(victim, "home")
    victim.goto(live_server.url + site_pages["call"].url)
    victim.get_by_label("What happened, in your own words").fill(STORY)
    victim.get_by_label("You are writing as").select_option("patient")
    victim.get_by_label(re.compile("stores my testimony securely")).check()
    victim.get_by_label(re.compile("may be published")).check()
    journey.shot(victim, "call-filled")
    victim.get_by_role("button", name="Send my testimony").click()
    victim.get_by_role("heading", name="Your receipt").wait_for()
    journey.shot(victim, "receipt")
    reference = victim.get_by_test_id("receipt-reference").inner_text()
    secret = victim.get_by_test_id("receipt-secret").inner_text()

    run_worker()  # redaction, on the real worker
    assert Testimony.objects.get(reference=reference).status == TestimonyStatus.AWAITING_REVIEW

    # The victim reads the proposed text, in words they understand, and accepts it.
    victim.get_by_role("link", name="My testimony").first.click()
    victim.get_by_label("Reference").fill(reference)
    victim.get_by_label("Secret").fill(secret)
    victim.get_by_role("button", name="Open my testimony").click()
    proposed = victim.get_by_test_id("proposed-text")
    proposed.wait_for()
    assert "Ashdown" not in proposed.inner_text() and "[a name]" in proposed.inner_text()
    journey.shot(victim, "my-testimony-in-review")
    victim.get_by_role("button", name="I accept this text").click()
    victim.get_by_text("you accepted the text").wait_for()

    # A moderator finds it waiting on the dashboard and approves it.
    moderator_context, moderator = _person(browser, size)
    _sign_in(moderator, live_server, ModeratorFactory(username=f"moderator-{size}"))
    journey.shot(moderator, "moderator-dashboard")
    moderator.get_by_role("link", name=reference).click()
    moderator.get_by_test_id("redacted-text").wait_for()
    assert "Ashdown" not in moderator.get_by_test_id("redacted-text").inner_text()
    journey.shot(moderator, "review")
    moderator.locator("#review-decision").get_by_role("button", name="Approve for publication").click()
    moderator.get_by_text("approved").first.wait_for()
    journey.shot(moderator, "approved")
    moderator_context.close()
    run_worker()

    # Communications staff find the draft on their dashboard, write a title and publish it.
    communications_context, communications = _person(browser, size)
    _sign_in(communications, live_server, CommunicationsFactory(username=f"communications-{size}"))
    journey.shot(communications, "communications-dashboard")
    story = StoryPage.objects.get(testimony__reference=reference)
    communications.get_by_role("link", name=story.title).click()
    communications.get_by_role("textbox", name=re.compile("Title")).first.fill(TITLE)
    journey.shot(communications, "story-editor")
    communications.locator("[data-w-dropdown-target=toggle]").last.click()
    communications.get_by_role("button", name="Publish").click()
    communications.get_by_text("has been published").first.wait_for()
    journey.shot(communications, "published")
    communications_context.close()

    # A reader finds the story by a filter, and by a word of it.
    reader_context, reader = _person(browser, size)
    reader.goto(live_server.url + site_pages["stories"].url)
    reader.get_by_label("Told by").select_option("patient")
    reader.get_by_role("button", name="Show stories").click()
    reader.get_by_role("link", name=TITLE).wait_for()
    journey.shot(reader, "reader-filtered")
    reader.get_by_label("Search").fill("hip operation")
    reader.get_by_role("button", name="Show stories").click()
    reader.get_by_role("link", name=TITLE).click()
    reader.get_by_role("heading", name=TITLE).wait_for()
    body = reader.locator(".story__body").inner_text()
    assert "Ashdown" not in body and "07700" not in body and "[a name]" in body
    journey.shot(reader, "reader-story")
    story_url = reader.url

    # The victim sees it published, then takes it off the website, after being told what will happen.
    victim.reload()
    victim.get_by_role("link", name="Read your published story").wait_for()
    journey.shot(victim, "my-testimony-published")
    victim.get_by_role("link", name="Take my story off the website").click()
    victim.get_by_role("heading", name="What will happen").wait_for()
    journey.shot(victim, "take-off-confirmation")
    victim.get_by_role("button", name="Take my story off the website").click()
    victim.get_by_text("Your story is off this website").wait_for()
    journey.shot(victim, "taken-off")
    victim_context.close()

    assert reader.goto(story_url).status == 404
    reader_context.close()
