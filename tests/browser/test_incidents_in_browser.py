"""Communications staff link a story to incidents with Wagtail's chooser, and readers follow the link."""

import pytest
from django.urls import reverse

from moderation.services import testimony_approve
from testimonials.models import StoryPage
from tests.factories import CommunicationsFactory, ModeratorFactory, redacted_testimony

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_story_is_linked_to_incidents_with_the_chooser_and_published(
    live_server, site_pages, page, screenshot, sign_in
):
    story = testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())
    communications = CommunicationsFactory(username="communications-browser")
    sign_in(communications)

    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[story.pk]))
    page.get_by_role("button", name="Add incident").click()
    modal = page.locator(".modal-dialog")
    modal.wait_for()
    modal.get_by_text("2024-06-03").wait_for()  # when, beside the title: titles alone are ambiguous
    modal.get_by_role("checkbox", name="Synnovis").first.check()
    modal.get_by_role("checkbox", name="WannaCry").first.check()
    screenshot("incident-chooser")
    modal.get_by_role("button", name="Confirm selection").click()
    page.wait_for_selector("text=Qilin ransomware attack on Synnovis")
    screenshot("story-editor-incidents-chosen")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("has been published").first.wait_for()  # the edit view's own address says nothing yet

    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    assert sorted(incident.slug for incident in story.incidents) == [
        "synnovis-ransomware-attack-2024",
        "wannacry-ransomware-attack-nhs-2017",
    ]
    page.goto(live_server.url + story.url)
    page.get_by_role("link", name="Qilin ransomware attack on Synnovis pathology services").click()
    assert page.get_by_role("link", name=story.title).is_visible()
    screenshot("incident-page-with-story")
    page.goto(live_server.url + story.get_parent().url + "incidents/")
    page.get_by_label("With stories only").check()
    page.get_by_role("button", name="Show incidents").click()
    page.get_by_text("2 incidents").wait_for()
    screenshot("incident-list-with-stories")

    page.goto(live_server.url + reverse("wagtailsnippets_testimonials_incident:list"))
    page.get_by_role("link", name="Qilin ransomware attack on Synnovis pathology services").click()
    assert page.locator("[name=organisations-2-name]").input_value() == "Guy's and St Thomas' NHS Foundation Trust"
    page.locator("[name=attribution]").scroll_into_view_if_needed()
    screenshot("incident-editor-attack")
