"""SECURITY-PLAN row 16: the language pipeline failing inside the worker loses nothing and logs no text."""

import pytest
from django.conf import settings

from moderation.redaction import load_pipeline
from moderation.services import testimony_redact
from testimonials.models import TestimonyStatus
from tests.factories import TestimonyFactory

STORY = "Dr Ottoline Featherstonehaugh-Quist cancelled my chemotherapy the week of the attack on the hospital."


@pytest.fixture
def pipeline():
    return load_pipeline(settings.REDACTION_SPACY_MODEL)


def redacted_after_fault(caplog):
    testimony = TestimonyFactory(story=STORY)
    testimony_redact(testimony_id=testimony.pk)
    testimony.refresh_from_db()
    assert "Featherstonehaugh" not in caplog.text and "chemotherapy" not in caplog.text
    return testimony


def test_a_text_longer_than_the_pipeline_takes_goes_back_to_the_queue(db, pipeline, monkeypatch, caplog):
    monkeypatch.setattr(pipeline, "max_length", 40)  # spaCy's E088

    testimony = redacted_after_fault(caplog)

    assert testimony.status == TestimonyStatus.RECEIVED
    assert testimony.redaction_error == "ValueError"
    assert testimony.story == STORY


def test_running_out_of_memory_goes_back_to_the_queue(db, pipeline, monkeypatch, caplog):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pipeline, "pipe", exhausted)

    testimony = redacted_after_fault(caplog)

    assert testimony.status == TestimonyStatus.RECEIVED
    assert testimony.redaction_error == "MemoryError"
    assert not testimony.redacted_text


def test_repeated_faults_hand_the_testimony_to_a_person_never_to_the_public(db, pipeline, monkeypatch, caplog):
    monkeypatch.setattr(pipeline, "max_length", 40)
    testimony = redacted_after_fault(caplog)

    for _ in range(settings.REDACTION_MAX_ATTEMPTS - 1):
        testimony_redact(testimony_id=testimony.pk)

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.MANUAL_REDACTION
    assert not testimony.redacted_text and not testimony.can_be_published
