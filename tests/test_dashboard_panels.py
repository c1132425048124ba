"""The admin dashboard: the queue's age for moderators, the drafts to publish for communications staff."""

import pytest
from django.urls import reverse

from moderation.services import testimony_approve
from testimonials.models import Testimony
from tests.factories import (
    STORY_WITH_PERSONAL_DATA,
    CommunicationsFactory,
    ModeratorFactory,
    redacted_testimony,
)

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("wagtailadmin_home")).content.decode()


def test_moderators_see_the_oldest_waiting_testimonies_and_not_a_word_of_them(client, site_pages):
    testimony = redacted_testimony()

    content = dashboard(client, ModeratorFactory())

    assert "Testimonies waiting for a moderator" in content
    assert "1 testimony is waiting; it arrived " in content  # "now", "a second ago": as the clock says
    assert reverse("testimony:review", args=[testimony.pk]) in content and testimony.reference in content
    assert "Oyelaran" not in content and "[PERSON 1]" not in content and "surgery" not in content


def test_the_queue_panel_says_when_nothing_waits(client, site_pages):
    assert "No testimony is waiting" in dashboard(client, ModeratorFactory())


def test_communications_staff_see_approved_drafts_and_not_the_queue(client, site_pages):
    redacted_testimony()  # waiting for a moderator: not theirs to see
    story = testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())

    content = dashboard(client, CommunicationsFactory())

    assert "Stories waiting to be published" in content and "1 approved story waits" in content
    assert reverse("wagtailadmin_pages:edit", args=[story.pk]) in content
    assert "Testimonies waiting for a moderator" not in content
    assert not any(word in content for word in STORY_WITH_PERSONAL_DATA.split()[2:4])


def test_a_draft_whose_author_withdrew_consent_is_not_offered_for_publishing(client, site_pages):
    story = testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())
    Testimony.objects.filter(story_page=story).update(consent_publication=False)

    content = dashboard(client, CommunicationsFactory())

    assert reverse("wagtailadmin_pages:edit", args=[story.pk]) not in content
    assert "No approved story is waiting to be published." in content


def test_moderators_do_not_get_the_publishing_panel(client, site_pages):
    testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())

    assert "Stories waiting to be published" not in dashboard(client, ModeratorFactory())
