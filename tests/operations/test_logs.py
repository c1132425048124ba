"""Logs as JSON lines: parseable, a fixed set of fields, and through the flows that handle a testimony, not a
word of it, nor its author's name, address or email."""

import io
import json
import logging
import sys

import pytest
from django.core.management import call_command

from moderation.tasks import testimony_redact_task
from operations.logging import JsonFormatter
from testimonials.models import Testimony, TestimonyStatus
from tests.factories import ModeratorFactory, TestimonyFactory
from tests.testimonials.test_outbox import PROVIDER_DOWN, UNREACHABLE_POSTMARK
from tests.testimonials.test_submission import submit

SENTENCE = "The screens in the day ward at 27 Harcourt Terrace went black and nobody could find my file."
STORY = f"{SENTENCE} I waited six hours for my dialysis and was sent home twice that week."
AUTHOR = "Éabha Quinlan-Marchetti"
AUTHOR_EMAIL = "eabha.qm@example.ie"
ADDRESS = "27 Harcourt Terrace"
MODERATOR_EMAIL = "moderator.on.duty@example.org"
PRIVATE = (SENTENCE, "screens in the day ward", "dialysis", AUTHOR, "Quinlan-Marchetti", AUTHOR_EMAIL, ADDRESS)
FIELDS = {"time", "level", "logger", "message", "exception", "trace", "stack"}


class JsonLines(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(JsonFormatter())

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def json_log():
    """Every record at DEBUG, from the root logger, as the production handler writes it."""
    handler = JsonLines()
    root = logging.getLogger()
    # The worker sets its loggers' levels from its verbosity: put them back afterwards.
    touched = [root, logging.getLogger("django.tasks"), logging.getLogger("django_tasks_db")]
    levels = [logger.level for logger in touched]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    for logger, level in zip(touched, levels, strict=True):
        logger.setLevel(level)


def run_worker_logging_everything() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=3, stdout=io.StringIO())


def test_the_json_formatter_writes_the_fields_and_the_exception_and_drops_extra_values():
    record = logging.LogRecord("testimonials.emails", logging.ERROR, __file__, 1, "Email %s failed", (7,), None)
    record.request = f"<WSGIRequest: GET '/?email={AUTHOR_EMAIL}'>"
    try:
        raise ConnectionError("refused")
    except ConnectionError:
        record.exc_info = sys.exc_info()

    line = json.loads(JsonFormatter().format(record))

    assert set(line) == {"time", "level", "logger", "message", "exception", "trace"}
    assert (line["level"], line["logger"], line["message"]) == ("ERROR", "testimonials.emails", "Email 7 failed")
    assert line["exception"] == "ConnectionError" and line["trace"].endswith("ConnectionError: refused")
    assert line["time"].endswith("+00:00")
    assert AUTHOR_EMAIL not in json.dumps(line)


@pytest.mark.django_db(transaction=True)
def test_a_submission_its_redaction_and_failed_emails_log_no_text_name_address_or_email(
    client, site_pages, settings, json_log
):
    ModeratorFactory(email=MODERATOR_EMAIL)
    response = submit(
        client, site_pages["call"], story=STORY, name=AUTHOR, contact_email=AUTHOR_EMAIL, consent_contact="on"
    )
    assert b"receipt-reference" in response.content
    # The provider is down: the confirmation and the moderators' notice fail, and are logged.
    settings.MAILERS, settings.ANYMAIL = PROVIDER_DOWN, UNREACHABLE_POSTMARK
    run_worker_logging_everything()
    # And an engine that fails, logged too.
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"
    failing = TestimonyFactory(story=STORY, name=AUTHOR, contact_email=AUTHOR_EMAIL)
    testimony_redact_task.enqueue(testimony_id=failing.pk)
    run_worker_logging_everything()

    submitted = Testimony.objects.exclude(pk=failing.pk).get()
    assert submitted.status == TestimonyStatus.AWAITING_REVIEW
    records = [json.loads(line) for line in json_log]
    assert records and all({"time", "level", "logger", "message"} <= set(record) <= FIELDS for record in records)
    messages = [record["message"] for record in records]
    assert any("could not be sent" in message for message in messages)
    assert any(message.startswith(f"Redaction of Testimony {failing.reference} failed") for message in messages)
    assert any("moderation.tasks.testimony_redact_task state=SUCCESSFUL" in message for message in messages)
    every_word_logged = "\n".join([*json_log, *(json.dumps(record, ensure_ascii=False) for record in records)])
    for private in (*PRIVATE, MODERATOR_EMAIL):
        assert private not in every_word_logged
