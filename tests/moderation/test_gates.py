"""Before anything goes public, the public text is checked afresh (on the worker); findings block until handled."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from moderation.services import PersonalDataLeft, finding_decide, testimony_approve
from testimonials.models import StoryPage, TestimonyStatus
from testimonials.publishing import TextRefused, text_checks_run
from tests.factories import CommunicationsFactory, ModeratorFactory, redacted_testimony
from tests.testimonials.test_publishing import editor_form_data

STORY = "My colleague Saoirse Vandermeer-Okafor kept the ward going on paper for three weeks after the attack."


@pytest.fixture
def moderator(site_pages):
    return ModeratorFactory()


@pytest.fixture
def testimony(site_pages):
    return redacted_testimony(story=STORY)


@pytest.fixture
def leaky_testimony(testimony, moderator):
    """A name kept in the public text (by a moderator who had revealed the original)."""
    person = testimony.findings.get(label="PERSON")
    finding_decide(finding=person, moderator=moderator, decision="keep", may_uncover=True)
    text_checks_run()  # the worker checks the changed text
    testimony.refresh_from_db()
    return testimony


def test_approval_waits_for_the_worker_to_check_a_changed_text(testimony, moderator):
    person = testimony.findings.get(label="PERSON")
    finding_decide(finding=person, moderator=moderator, decision="keep", may_uncover=True)

    with pytest.raises(TextRefused, match="being checked for personal data"):
        testimony_approve(testimony=testimony, moderator=moderator, override_reason="No reason skips the check.")

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert not StoryPage.objects.exists()


def test_approval_is_blocked_while_the_public_text_holds_personal_data(leaky_testimony, moderator):
    with pytest.raises(PersonalDataLeft, match="Vandermeer-Okafor"):
        testimony_approve(testimony=leaky_testimony, moderator=moderator)

    leaky_testimony.refresh_from_db()
    assert leaky_testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert not StoryPage.objects.exists()


def test_the_review_screen_explains_the_block_and_offers_a_reasoned_override(client, leaky_testimony, moderator):
    client.force_login(moderator)
    url = reverse("testimony:review", args=[leaky_testimony.pk])

    blocked = client.post(url, {"action": "approve"}).content.decode()
    assert "still looks like it holds personal data" in blocked
    assert 'name="override_reason"' in blocked

    client.post(url, {"action": "approve", "override_reason": "A colleague who asked to be named in full."})

    leaky_testimony.refresh_from_db()
    assert leaky_testimony.status == TestimonyStatus.APPROVED
    entry = ModelLogEntry.objects.get(action="moderation.gate_override")
    assert entry.data == {"labels": ["PERSON"], "reason": "A colleague who asked to be named in full."}


def test_a_clean_text_is_approved_without_any_override(testimony, moderator):
    testimony_approve(testimony=testimony, moderator=moderator)

    assert not ModelLogEntry.objects.filter(action="moderation.gate_override").exists()


@pytest.fixture
def story(testimony, moderator):
    return testimony_approve(testimony=testimony, moderator=moderator)


def publish(client, story, **changes):
    data = editor_form_data(story, **changes)
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)


def publish_edited(client, story, **changes):
    """Publish an edited text as staff do: the first try asks the worker to check it, and says so."""
    first = publish(client, story, **changes)
    assert first.status_code == 200 and "being checked for personal data" in first.content.decode()
    assert not StoryPage.objects.get(pk=story.pk).live
    text_checks_run()
    return publish(client, story, **changes)


def test_publishing_is_blocked_when_an_edit_brings_personal_data_back(client, story):
    client.force_login(CommunicationsFactory())

    response = publish_edited(client, story, body=story.body + " Call me on +44 20 7946 0018.")

    assert response.status_code == 200
    assert "+44 20 7946 0018" in response.content.decode()
    assert "still looks like it holds personal data" in response.content.decode()
    assert not StoryPage.objects.get(pk=story.pk).live


def test_communications_cannot_publish_a_flagged_text_even_with_a_reason(client, story):
    client.force_login(CommunicationsFactory())

    response = publish_edited(
        client,
        story,
        body=story.body + " Call the hospital switchboard on +44 20 7946 0018.",
        scan_override_reason="The hospital's public switchboard, printed on its website.",
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "+44 20 7946 0018" in content
    assert "send the story back to a moderator" in content
    assert 'name="scan_override_reason"' not in content
    assert not StoryPage.objects.get(pk=story.pk).live
    assert not PageLogEntry.objects.filter(action="testimonials.publish_override").exists()


def test_publishing_an_edited_text_is_refused_while_the_check_cannot_run(client, story, settings):
    client.force_login(CommunicationsFactory())
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"  # the engine fails

    response = publish_edited(
        client,
        story,
        body=story.body + " The ward reopened in June.",
        scan_override_reason="The engine is down and this sentence is harmless.",
    )

    assert response.status_code == 200
    assert "cannot be published now" in response.content.decode()
    assert not StoryPage.objects.get(pk=story.pk).live


def test_a_text_a_moderator_approved_with_a_reason_can_be_published_unchanged(client, leaky_testimony, moderator):
    story = testimony_approve(
        testimony=leaky_testimony, moderator=moderator, override_reason="A colleague who asked to be named in full."
    )
    client.force_login(CommunicationsFactory())

    response = publish(client, story)

    assert response.status_code == 302
    assert StoryPage.objects.get(pk=story.pk).live


def test_no_publishing_path_skips_the_scan_of_an_edited_text(story):
    story.body += " Write to saoirse.vo@example.ie."
    revision = story.save_revision()  # asks the worker to check the draft's text
    text_checks_run()

    with pytest.raises(ValidationError, match="still looks like it holds personal data"):
        revision.publish()

    assert not StoryPage.objects.get(pk=story.pk).live


def test_the_editor_waits_in_place_for_the_check_of_an_edited_text(client, story):
    client.force_login(CommunicationsFactory())
    edited = story.body + " The ward reopened in June."

    first = publish(client, story, body=edited).content.decode()

    assert "Checking the edited text for personal data" in first
    check_url = re.search(r'data-text-check="([^"]+)"', first).group(1)
    assert client.get(check_url).json()["state"] == "pending"
    text_checks_run()  # the worker
    answer = client.get(check_url).json()
    assert answer["state"] == "clear"
    assert answer["message"] == "Checked: no personal data found. Publish again to publish it."
    assert answer["html"] == f"<p>{answer['message']}</p>"
    assert publish(client, story, body=edited).status_code == 302
    assert StoryPage.objects.get(pk=story.pk).live


def test_only_someone_who_can_edit_the_story_reads_where_its_check_stands(client, story):
    client.force_login(CommunicationsFactory())
    first = publish(client, story, body=story.body + " The ward reopened in June.").content.decode()
    check_url = re.search(r'data-text-check="([^"]+)"', first).group(1)

    client.force_login(ModeratorFactory())
    response = client.get(check_url)

    assert response.status_code in (302, 403)
    assert b"state" not in response.content


def test_a_check_of_another_testimony_is_not_found_through_a_story(client, story):
    client.force_login(CommunicationsFactory())
    other = redacted_testimony().text_checks.get()

    response = client.get(reverse("story_text_check", args=[story.pk, other.pk]))

    assert response.status_code == 404
