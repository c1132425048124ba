"""Decisions beyond approve and reject: second reviews, the four-eyes rule, notes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from moderation.models import Review, ReviewDecision
from moderation.services import (
    testimony_approve,
    testimony_note_add,
    testimony_second_review_request,
)
from testimonials.models import StoryPage, TestimonyStatus
from tests.factories import ModeratorFactory, redacted_testimony


@pytest.fixture
def testimony(site_pages):
    return redacted_testimony()


@pytest.fixture
def first(site_pages):
    return ModeratorFactory(username="first")


@pytest.fixture
def second(site_pages):
    return ModeratorFactory(username="second")


def test_a_moderator_can_ask_for_a_second_review_that_someone_else_gives(testimony, first, second):
    testimony_second_review_request(testimony=testimony, moderator=first, note="Is the ward too specific?")
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.SECOND_REVIEW

    with pytest.raises(ValidationError, match="different moderator"):
        testimony_approve(testimony=testimony, moderator=first)

    assert testimony_approve(testimony=testimony, moderator=second) is not None
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.APPROVED


def test_with_four_eyes_one_approval_is_not_enough(testimony, first, second, settings):
    settings.MODERATION_FOUR_EYES = True

    assert testimony_approve(testimony=testimony, moderator=first) is None
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.SECOND_REVIEW
    assert not StoryPage.objects.exists()
    with pytest.raises(ValidationError, match="different moderator"):
        testimony_approve(testimony=testimony, moderator=first)

    story = testimony_approve(testimony=testimony, moderator=second)

    assert story.testimony == testimony
    assert list(
        ModelLogEntry.objects.filter(action__startswith="moderation.approve")
        .values_list("action", flat=True)
        .order_by("timestamp")
    ) == [
        "moderation.approve_first",
        "moderation.approve",
    ]


def test_without_four_eyes_one_approval_publishes_a_draft(testimony, first):
    assert testimony_approve(testimony=testimony, moderator=first) is not None


def test_notes_between_moderators_are_kept_and_shown(client, testimony, first, second):
    testimony_note_add(testimony=testimony, moderator=first, note="Check the second paragraph.")
    client.force_login(second)

    content = client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    assert "Check the second paragraph." in content
    assert Review.objects.get(decision=ReviewDecision.NOTE).moderator == first
    assert "Check" not in str(ModelLogEntry.objects.get(action="moderation.note").data)


def test_an_empty_note_is_refused(testimony, first):
    with pytest.raises(ValidationError):
        testimony_note_add(testimony=testimony, moderator=first, note="   ")


def test_the_second_review_button_works_from_the_screen(client, testimony, first):
    client.force_login(first)

    client.post(reverse("testimony:review", args=[testimony.pk]), {"action": "second_review", "note": "Unsure."})

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.SECOND_REVIEW
