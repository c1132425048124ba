"""Communications cannot override the personal-data check: a disputed story goes back to the moderators."""

import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry, Revision

from moderation.models import ReviewDecision
from moderation.services import testimony_approve
from testimonials.models import StoryPage, TestimonyStatus
from testimonials.services import story_return_to_review
from testimonials.tasks import story_revisions_purge_task
from tests.factories import CommunicationsFactory, ModeratorFactory, UserFactory, redacted_testimony
from tests.testimonials.test_publishing import publish

REASON = "The number is the hospital's public switchboard, printed on its website."
FLAGGED = " Call me on +44 20 7946 0018."


@pytest.fixture
def story(site_pages):
    return testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())


@pytest.fixture
def communications(client, site_pages):
    user = CommunicationsFactory()
    client.force_login(user)
    return user


def return_url(story) -> str:
    return reverse("story_return", args=[story.pk])


def draft_with_flagged_text(story, user) -> Revision:
    draft = story.get_latest_revision_as_object()
    draft.body += FLAGGED
    return draft.save_revision(user=user)


def test_returning_a_story_sends_its_testimony_back_to_review_and_leaves_no_trace_of_the_page(story, communications):
    story.save_revision().publish()
    draft_with_flagged_text(story, communications)
    testimony, story_pk = story.testimony, story.pk

    story_return_to_review(story=story, user=communications, reason=f"  {REASON}  ")

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert not StoryPage.objects.filter(pk=story_pk).exists()
    assert not Revision.objects.for_instance(story).exists()
    assert not StoryPage.objects.search("7946")
    entry = ModelLogEntry.objects.get(action="testimonials.story_returned")
    assert entry.user_id == communications.pk and entry.object_id == str(testimony.pk)
    assert REASON not in str(entry.data)
    note = testimony.reviews.get(decision=ReviewDecision.NOTE)
    assert note.moderator == communications and REASON in note.note


def test_moderators_read_the_reason_on_the_review_screen(client, story, communications):
    story_return_to_review(story=story, user=communications, reason=REASON)
    client.force_login(ModeratorFactory())

    content = client.get(reverse("testimony:review", args=[story.testimony.pk])).content.decode()

    assert "Sent back from the story editor" in content
    assert escape(REASON) in content


def test_approving_a_returned_testimony_creates_a_fresh_draft(story, communications):
    testimony, story_pk = story.testimony, story.pk
    story_return_to_review(story=story, user=communications, reason=REASON)

    fresh = testimony_approve(testimony=testimony, moderator=ModeratorFactory())

    assert fresh.pk != story_pk and not fresh.live
    assert fresh.body == testimony.redacted_text


def test_the_reason_is_kept_whole_in_the_moderators_note_and_never_in_the_log(story, communications):
    reason = "The scan flags Dr Okonkwo-Brennan, the ward's name in our style guide. " * 10
    testimony = story.testimony

    story_return_to_review(story=story, user=communications, reason=reason)

    assert "Okonkwo" not in str(ModelLogEntry.objects.filter(object_id=str(testimony.pk)).values_list("data"))
    assert " ".join(reason.split()) in testimony.reviews.get(decision=ReviewDecision.NOTE).note


@pytest.mark.parametrize("role", ["moderator", "staff without page rights"])
def test_only_someone_who_can_edit_the_story_can_return_it(story, role):
    user = ModeratorFactory() if role == "moderator" else UserFactory()

    with pytest.raises(PermissionDenied):
        story_return_to_review(story=story, user=user, reason=REASON)

    assert StoryPage.objects.filter(pk=story.pk).exists()
    story.testimony.refresh_from_db()
    assert story.testimony.status == TestimonyStatus.APPROVED


def test_a_reason_shorter_than_ten_characters_is_refused(story, communications):
    with pytest.raises(ValidationError, match="10 characters"):
        story_return_to_review(story=story, user=communications, reason="  too    short  ")

    assert StoryPage.objects.filter(pk=story.pk).exists()


def test_the_story_editor_and_listing_offer_to_send_the_story_back(client, story, communications):
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    listing = client.get(reverse("wagtailadmin_explore", args=[story.get_parent().pk])).content.decode()

    assert return_url(story) in editor
    assert return_url(story) in listing


def test_the_return_page_says_what_will_happen_before_anything_does(client, story, communications):
    response = client.get(return_url(story))

    assert response.status_code == 200
    content = response.content.decode()
    assert "deletes this story page, with every saved version of it" in content
    assert 'name="reason"' in content
    assert StoryPage.objects.filter(pk=story.pk).exists()


def test_sending_back_from_the_return_page_goes_to_the_story_listing(client, story, communications):
    response = client.post(return_url(story), {"reason": REASON}, follow=True)

    index = story.get_parent()
    assert response.redirect_chain[0] == (reverse("wagtailadmin_explore", args=[index.pk]), 302)
    assert "went back to the moderators" in response.content.decode()
    assert not StoryPage.objects.filter(pk=story.pk).exists()
    story.testimony.refresh_from_db()
    assert story.testimony.status == TestimonyStatus.AWAITING_REVIEW


def test_the_return_page_refuses_a_short_reason(client, story, communications):
    response = client.post(return_url(story), {"reason": "not PII"})

    assert response.status_code == 200
    assert "10 characters" in response.content.decode()
    assert StoryPage.objects.filter(pk=story.pk).exists()


def test_a_moderator_is_turned_away_from_the_return_page(client, story):
    client.force_login(ModeratorFactory())

    for response in (client.get(return_url(story)), client.post(return_url(story), {"reason": REASON})):
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")

    assert StoryPage.objects.filter(pk=story.pk).exists()


def test_publishing_queues_the_purge_of_earlier_revisions(
    client, story, communications, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(client, story)

    queued = DBTaskResult.objects.get(task_path="testimonials.tasks.story_revisions_purge_task")
    assert queued.args_kwargs["kwargs"] == {"page_id": story.pk}


def test_the_purge_deletes_a_flagged_draft_once_a_clean_text_is_published(client, story, communications):
    clean_draft = story.latest_revision
    flagged = draft_with_flagged_text(story, communications)
    assert publish(client, story).status_code == 302  # the clean text again
    story.refresh_from_db()

    story_revisions_purge_task.call(page_id=story.pk)

    remaining = set(Revision.objects.for_instance(story).values_list("pk", flat=True))
    assert flagged.pk not in remaining
    assert {clean_draft.pk, story.live_revision_id} <= remaining
    assert client.get(reverse("wagtailadmin_pages:history", args=[story.pk])).status_code == 200


def test_the_purge_keeps_a_revision_it_could_not_check(client, story, communications, settings, caplog):
    flagged = draft_with_flagged_text(story, communications)
    publish(client, story)
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"  # the engine fails

    with caplog.at_level(logging.WARNING):
        story_revisions_purge_task.call(page_id=story.pk)

    assert Revision.objects.filter(pk=flagged.pk).exists()
    assert "could not be checked" in caplog.text and "7946" not in caplog.text


def test_stories_published_past_the_check_by_a_reason_alone_are_scanned_again(site_pages):
    """Migration 0018: the old override's clearance is revoked, so the next save of the live page scans it."""
    import importlib

    from django.apps import apps
    from wagtail.log_actions import log

    revoke = importlib.import_module("testimonials.migrations.0018_stories_cleared_by_override_scanned_again")
    overridden, untouched = (
        testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory()) for _ in range(2)
    )
    log(instance=overridden, action="testimonials.publish_override", data={"labels": ["PERSON"], "reason": "x" * 10})

    revoke.clearances_revoke(apps, None)

    overridden.refresh_from_db()
    untouched.refresh_from_db()
    assert overridden.scan_cleared_digest == ""
    assert untouched.scan_cleared_digest != ""


def test_an_anonymous_post_to_the_return_page_changes_nothing(client, story):
    response = client.post(return_url(story), {"reason": REASON})

    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    story.testimony.refresh_from_db()
    assert story.testimony.status == TestimonyStatus.APPROVED
    assert StoryPage.objects.filter(pk=story.pk).exists()
