"""A reader on a small phone: stories before the charts, whole chart labels, nothing scrolling sideways."""

import pytest

from home.models import PrivacyPage
from tests.browser.conftest import ARTIFACTS, fits_the_screen
from tests.factories import IncidentFactory
from tests.testimonials.test_story_index import published_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONGEST_IMPACT = "My care (or someone's care) was delayed or cancelled"


@pytest.fixture
def story(site_pages):
    incident = IncidentFactory(title="Ransomware attack on the regional hospital of the northern valleys")
    return published_story(
        story="My operation was postponed twice and nobody could find my records for a week.",
        role="patient",
        country="IE",
        impacts=["care_delayed", "distress"],
        incident=incident,
    )


@pytest.mark.parametrize("width", [320, 390])
def test_a_reader_on_a_small_phone_reads_every_page_without_scrolling_sideways(
    live_server, site_pages, browser, story, width
):
    context = browser.new_context(viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    index = site_pages["stories"]
    incident = story.incidents[0]
    pages = {
        "story-index": index.url,
        "story": story.url,
        "incident-list": index.url + "incidents/",
        "incident": index.incident_url(incident),
        "call": site_pages["call"].url,
        "privacy": PrivacyPage.objects.get(locale__language_code="en").url,
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        assert fits_the_screen(page), f"{name} scrolls sideways"
        page.screenshot(path=str(ARTIFACTS / f"reader-{name}-{width}px.png"), full_page=True)

    page.goto(live_server.url + index.url)
    first_story = page.locator(".card").first.bounding_box()
    summary = page.locator("section.summary").bounding_box()
    assert first_story["y"] < summary["y"], "the charts come before the stories on a phone"
    label = page.locator(".chart__label", has_text="My care").first
    assert label.inner_text() == LONGEST_IMPACT
    assert label.evaluate("element => element.scrollWidth <= element.clientWidth"), "the chart label is cut off"
    context.close()
