"""The language model lives only in the worker: web processes ask it for checks and read the verdicts."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from moderation.services import finding_decide, redaction_sweep
from testimonials.models import CheckState, TextCheck
from testimonials.publishing import CHECK_STALLED_AFTER, text_check_request, text_checks_run, text_digest
from testimonials.services import testimony_erase
from tests.factories import ModeratorFactory, redacted_testimony
from tests.security.test_settings_and_headers import PRODUCTION_ENV, python

WEB_PROCESS = """
import gc, runpy, sys
from unittest import mock
import config.wsgi
hooks = runpy.run_path("config/gunicorn.py")
worker = mock.Mock()
hooks["post_worker_init"](worker)
import moderation.views, moderation.wagtail_hooks, testimonials.wagtail_hooks, testimonials.publishing
print(worker.log.info.call_args.args[1], gc.get_freeze_count(), len(gc.get_objects()))
print(sorted(name for name in sys.modules if name == "spacy" or name.startswith(("spacy.", "thinc"))))
"""


@pytest.fixture(scope="module")
def web_process() -> list[str]:
    """What WEB_PROCESS printed: production's settings and gunicorn's hook, as before a worker's first request."""
    done = python("-c", WEB_PROCESS, env=PRODUCTION_ENV)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()


def test_a_web_process_never_imports_the_language_model(web_process):
    assert web_process[-1] == "[]"


def test_a_web_process_sets_what_start_up_loaded_aside_from_the_collector(web_process):
    """gunicorn's hook freezes the objects a worker holds for life, so full collections no longer walk them."""
    logged, frozen, tracked = map(int, web_process[-2].split())
    assert logged == frozen > 100_000  # every view's module among them
    assert tracked < frozen // 10  # only what the four imports after the hook added


@pytest.fixture
def moderator(site_pages):
    return ModeratorFactory()


@pytest.fixture
def changed(moderator):
    """A testimony in review whose text a moderator just changed: its check waits for the worker."""
    testimony = redacted_testimony()
    finding_decide(
        finding=testimony.findings.get(label="EMAIL"), moderator=moderator, decision="keep", may_uncover=True
    )
    testimony.refresh_from_db()
    return testimony


def test_redaction_on_the_worker_leaves_the_verdict_waiting_for_moderators(site_pages):
    testimony = redacted_testimony()

    check = TextCheck.objects.get(testimony=testimony)
    assert check.state == CheckState.CLEAR and check.text == ""


def test_the_review_screen_asks_the_worker_and_never_checks_itself(
    client, moderator, changed, django_capture_on_commit_callbacks
):
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        content = client.get(reverse("testimony:review", args=[changed.pk])).content.decode()

    assert "Checking the text that would be published" in content
    check = TextCheck.objects.get(testimony=changed, state=CheckState.PENDING)
    assert check.text == changed.redacted_text  # waiting, encrypted, for the worker
    assert check.found == ""


def test_the_screen_reads_the_verdict_without_reloading(client, moderator, changed):
    client.force_login(moderator)
    url = reverse("testimony:text_check", args=[changed.pk])

    assert client.get(url).json()["state"] == "pending"
    text_checks_run()  # the worker
    answer = client.get(url).json()

    assert answer["state"] == "flagged"
    assert "still looks like it holds personal data" in answer["html"]


def test_another_role_cannot_read_where_a_check_stands(client, changed):
    from tests.factories import CommunicationsFactory

    client.force_login(CommunicationsFactory())

    response = client.get(reverse("testimony:text_check", args=[changed.pk]))

    assert response.status_code in (302, 403)
    assert b"state" not in response.content


def test_a_changed_text_asks_the_worker_once(changed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        text_check_request(changed.redacted_text, testimony=changed)
        text_check_request(changed.redacted_text, testimony=changed)

    assert TextCheck.objects.filter(testimony=changed, state=CheckState.PENDING).count() == 1


def test_a_check_whose_task_was_lost_is_asked_again(changed, django_capture_on_commit_callbacks):
    TextCheck.objects.filter(testimony=changed).update(
        requested_at=timezone.now() - CHECK_STALLED_AFTER - timedelta(seconds=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        text_check_request(changed.redacted_text, testimony=changed)

    assert DBTaskResult.objects.filter(task_path="testimonials.tasks.text_checks_run_task").exists()


def test_a_failing_engine_leaves_a_verdict_that_asks_for_a_reason_never_a_pass(changed, settings):
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"

    text_checks_run()

    check = TextCheck.objects.get(testimony=changed, digest=text_digest(changed.redacted_text))
    assert check.state == CheckState.FAILED


def test_what_a_check_found_is_erased_with_the_testimony(changed):
    text_checks_run()
    assert json.loads(TextCheck.objects.get(testimony=changed, state=CheckState.FLAGGED).found)

    testimony_erase(testimony=changed)

    assert not TextCheck.objects.filter(testimony=changed).exists()


def test_the_sweep_asks_again_for_checks_nobody_is_waiting_on_the_screen_for(changed):
    long_ago = timezone.now() - CHECK_STALLED_AFTER - timedelta(seconds=1)
    TextCheck.objects.filter(testimony=changed).update(requested_at=long_ago)

    redaction_sweep()

    assert DBTaskResult.objects.filter(task_path="testimonials.tasks.text_checks_run_task").exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_run_the_same_check(site_pages):
    """Each run holds the checks it took until their verdicts are stored; the other skips them."""
    from django.db import connection

    from tests.concurrency import at_once

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises every write: the race needs PostgreSQL's concurrent transactions")
    testimony = redacted_testimony()
    for number in range(6):
        text_check_request(f"The ward went back to paper for {number + 2} weeks.", testimony=testimony)

    counts = at_once(text_checks_run, times=2)

    assert sorted(counts) in ([0, 6], [1, 5], [2, 4], [3, 3])
    assert set(TextCheck.objects.values_list("state", flat=True)) == {CheckState.CLEAR}
