"""A testimony the engine could not redact is redacted by hand, on the revealed original, and then reviewed."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from moderation.models import FindingSource
from moderation.services import testimony_approve
from testimonials.models import StoryPage, TestimonyStatus
from testimonials.publishing import text_checks_run
from tests.factories import ModeratorFactory, TestimonyFactory

STORY = (
    "I am a nurse at Beaumont Hospital in Dublin. My colleague Saoirse Vandermeer-Okafor kept the ward going "
    "on paper for three weeks. Write to me at nurse.kelly@example.ie if you need more."
)


@pytest.fixture
def stuck(site_pages):
    return TestimonyFactory(
        story=STORY,
        status=TestimonyStatus.MANUAL_REDACTION,
        redaction_attempts=3,
        redaction_error="OSError",
        removal_terms="Beaumont",
    )


def review(client, testimony):
    return client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()


def reveal(client, testimony):
    client.post(reverse("testimony:reveal", args=[testimony.pk]), {"reason": "The engine failed: redacting by hand."})


def mark(client, testimony, words: str, label: str):
    start = testimony.story.index(words)
    return client.post(
        reverse("testimony:findings", args=[testimony.pk]),
        {"action": "add", "start": start, "end": start + len(words), "label": label, "replacement": ""},
    )


def send_for_review(client, testimony):
    return client.post(reverse("testimony:review", args=[testimony.pk]), {"action": "redacted_by_hand", "note": ""})


def test_without_a_reveal_the_text_stays_hidden_and_nothing_can_be_marked(client, revealer, stuck):
    content = review(client, stuck)
    mark(client, stuck, "Saoirse Vandermeer-Okafor", "PERSON")

    assert "Vandermeer" not in content and "reveal the original below to redact it by hand" in content
    assert not stuck.findings.exists()
    send_for_review(client, stuck)
    stuck.refresh_from_db()
    assert stuck.status == TestimonyStatus.MANUAL_REDACTION


def test_a_moderator_who_cannot_reveal_is_told_who_can(client, site_pages, stuck):
    client.force_login(ModeratorFactory())

    content = review(client, stuck)

    assert "needs a moderator allowed to reveal original texts" in content and "Vandermeer" not in content


def test_a_revealing_moderator_redacts_by_hand_and_sends_it_for_review(client, revealer, stuck):
    reveal(client, stuck)
    assert "redacting by hand" not in review(client, stuck)  # the notice, not the reason, is shown
    assert "this is the original text" in review(client, stuck)

    mark(client, stuck, "Saoirse Vandermeer-Okafor", "PERSON")
    mark(client, stuck, "nurse.kelly@example.ie", "EMAIL")
    send_for_review(client, stuck)

    stuck.refresh_from_db()
    assert stuck.status == TestimonyStatus.AWAITING_REVIEW and stuck.redacted_at is not None
    for private in ("Vandermeer", "nurse.kelly", "Beaumont"):  # Beaumont: the author's own term
        assert private not in stuck.redacted_text
    assert "[PERSON 1]" in stuck.redacted_text and "[EMAIL 1]" in stuck.redacted_text
    assert stuck.findings.filter(source=FindingSource.VICTIM).exists()
    entry = ModelLogEntry.objects.get(action="moderation.redact_by_hand")
    assert entry.user == revealer
    assert entry.data == {"from": "manual_redaction", "to": "awaiting_review", "redactions": 3}


def test_other_moderators_then_read_only_the_redacted_text(client, revealer, stuck):
    reveal(client, stuck)
    mark(client, stuck, "Saoirse Vandermeer-Okafor", "PERSON")
    send_for_review(client, stuck)
    client.force_login(ModeratorFactory(username="second"))

    content = review(client, stuck)

    assert "[PERSON 1]" in content and "Vandermeer" not in content


def test_approval_asks_for_a_reason_when_the_check_cannot_run(revealer, stuck, settings, client):
    reveal(client, stuck)
    mark(client, stuck, "Saoirse Vandermeer-Okafor", "PERSON")
    mark(client, stuck, "nurse.kelly@example.ie", "EMAIL")
    send_for_review(client, stuck)
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"  # the engine still fails
    text_checks_run()  # on the worker

    response = client.post(reverse("testimony:review", args=[stuck.pk]), {"action": "approve", "note": ""})

    assert "the check itself could not run" in response.content.decode()
    stuck.refresh_from_db()
    assert stuck.status == TestimonyStatus.AWAITING_REVIEW
    story = testimony_approve(
        testimony=stuck, moderator=revealer, override_reason="Redacted by hand; the engine is down."
    )
    assert isinstance(story, StoryPage) and "Vandermeer" not in story.body
    assert ModelLogEntry.objects.get(action="moderation.gate_override").data["labels"] == ["UNCHECKED"]
