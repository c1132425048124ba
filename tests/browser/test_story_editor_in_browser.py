"""Communications staff edit a story's text: the editor waits, in place, for the worker's check."""

import pytest
from django.urls import reverse

from moderation.services import testimony_approve
from testimonials.models import StoryPage
from testimonials.publishing import text_checks_run
from tests.factories import CommunicationsFactory, ModeratorFactory, redacted_testimony

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_edited_story_is_checked_on_the_worker_and_then_published(
    live_server, site_pages, page, screenshot, sign_in
):
    story = testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())
    communications = CommunicationsFactory(username="communications-editor")
    sign_in(communications)
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[story.pk]))

    body = page.locator("#id_body")
    body.fill(body.input_value() + " The ward reopened in June.")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Checking the edited text for personal data").wait_for()
    screenshot("story-editor-checking")

    text_checks_run()  # the worker
    page.get_by_text("Checked: no personal data found. Publish again").wait_for()
    assert page.locator("#id_body").input_value().endswith("The ward reopened in June.")  # nothing typed is lost
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("has been published").first.wait_for()

    assert StoryPage.objects.get(pk=story.pk).body.endswith("The ward reopened in June.")
    assert StoryPage.objects.get(pk=story.pk).live
