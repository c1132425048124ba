"""The task backend on RQ and Redis (TASKS_BACKEND=rq): the same tasks, run by RQ's real worker on a real Redis.

The tests marked `redis` run when TEST_REDIS_URL names a Redis database they may empty (scripts/test starts a
throwaway redis-server for them); without it they are skipped, or fail under REQUIRE_REDIS=1 (CI).
"""

import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import django_rq
import pytest
from django.core.management import call_command
from django.tasks import TaskResult, TaskResultStatus, task
from django.tasks.signals import task_enqueued, task_finished, task_started
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rq.registry import FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry

from config.tasks import enqueue_once
from operations.health import TASK_STALLED_AFTER, TaskRow, queue_figures, service_health
from operations.models import Heartbeat
from operations.tasks import task_results_prune_task, worker_heartbeat_task
from testimonials.models import Testimony, TestimonyStatus
from testimonials.services import testimony_submit
from tests.factories import PRIVATE_STRINGS, STORY_WITH_PERSONAL_DATA
from tests.operations.test_schedule import scheduled_job

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
RQ_BACKEND = "config.task_backends.RQBackend"
TOKEN = "a-long-random-token-for-the-monitoring"
# Settings are read once per process: a process of its own sees the environment as a deployment would.
PRINT_TASK_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.TASKS['default']['BACKEND'], settings.RQ_QUEUES.get('default', {}).get('URL'), "
    "'django_rq' in settings.INSTALLED_APPS)"
)


@task()
def task_that_raises(note: str) -> None:
    raise RuntimeError("the task failed")


@task(takes_context=True)
def task_that_reports(context, number: int) -> dict:
    """What a running task sees: its context, and the health screen as if it had been running too long."""
    health = service_health(now=timezone.now() + TASK_STALLED_AFTER + timedelta(minutes=1))
    return {
        "context": type(context).__module__,
        "attempt": context.attempt,
        "result_id": context.task_result.id,
        "number": number,
        "stalled": health.summary.queue.stalled,
        "stalled_tasks": [row.name for row in health.stalled_tasks],
    }


def task_settings(**environment: str) -> subprocess.CompletedProcess:
    variables = {k: v for k, v in os.environ.items() if k not in ("TASKS_BACKEND", "REDIS_URL")}
    return subprocess.run(
        [sys.executable, "-c", PRINT_TASK_SETTINGS],
        env={**variables, "DJANGO_SETTINGS_MODULE": "config.settings.test", **environment},
        capture_output=True,
        text=True,
    )


def test_the_environment_alone_moves_the_tasks_to_rq():
    assert task_settings().stdout.strip() == "django_tasks_db.DatabaseBackend None True"
    moved = task_settings(TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6399/3")
    assert moved.stdout.strip() == f"{RQ_BACKEND} redis://127.0.0.1:6399/3 True"
    without_redis = task_settings(TASKS_BACKEND="rq")
    assert without_redis.returncode != 0 and "TASKS_BACKEND=rq needs REDIS_URL" in without_redis.stderr


@pytest.mark.django_db
def test_with_redis_down_the_queue_is_unknown_and_the_heartbeat_decides(settings, client, caplog):
    settings.TASKS = {"default": {"BACKEND": RQ_BACKEND}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}  # nothing listens there
    settings.HEALTHZ_TOKEN = TOKEN
    Heartbeat.objects.create(name="worker", beat_at=timezone.now())

    health = service_health()
    response = client.get("/healthz/jobs", headers={"Authorization": f"Bearer {TOKEN}"})

    assert not health.summary.queue.readable and health.failed_tasks == health.stalled_tasks == []
    assert response.status_code == 200
    assert (response.json()["waiting_tasks"], response.json()["failed_tasks_last_day"]) == (None, None)
    assert "Redis did not answer the health check: ConnectionError" in caplog.text


@pytest.fixture
def rq_backend(settings, transactional_db):
    """The default task backend on RQ, on the emptied Redis of TEST_REDIS_URL.

    Transactional: the worker closes stale connections, which would end a test's wrapping transaction.
    """
    if not REDIS_URL:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but TEST_REDIS_URL is not set: no Redis to run the RQ tests against.")
        pytest.skip("TEST_REDIS_URL is not set: no Redis to run the RQ tests against (scripts/test starts one).")
    settings.TASKS = {"default": {"BACKEND": RQ_BACKEND}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    connection = django_rq.get_connection()
    connection.flushdb()
    yield django_rq.get_queue()
    connection.flushdb()


@pytest.fixture
def run_rq_worker(rq_backend):
    """Run RQ's worker as `scripts/serve worker` does, in burst mode: what is due, then it stops."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def run() -> None:
        call_command("rqworker", "--burst", "--with-scheduler", "default", verbosity=0)

    yield run
    # RQ's worker takes over the stop signals for its graceful shut-down.
    for number, handler in handlers.items():
        signal.signal(number, handler)


@pytest.mark.redis
def test_a_submitted_testimony_is_redacted_by_an_rq_worker(site_pages, rq_backend, run_rq_worker):
    receipt = testimony_submit(
        story=STORY_WITH_PERSONAL_DATA,
        role="relative",
        consent_processing=True,
        consent_text_version=site_pages["call"].consent_text_version,
    )
    testimony = Testimony.objects.get(reference=receipt.reference)
    assert testimony.status == TestimonyStatus.RECEIVED and rq_backend.count >= 1

    run_rq_worker()

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert "[PHONE 1]" in testimony.redacted_text and "[EMAIL 1]" in testimony.redacted_text
    assert "Oyelaran-Whitcombe" not in testimony.redacted_text
    assert FinishedJobRegistry(queue=rq_backend).count >= 1
    assert not DBTaskResult.objects.filter(task_path="moderation.tasks.testimony_redact_task").exists()


@pytest.mark.redis
def test_a_task_that_raises_is_recorded_failed_and_counted_by_the_health_checks(
    rq_backend, run_rq_worker, client, settings, caplog
):
    settings.HEALTHZ_TOKEN = TOKEN
    result = task_that_raises.enqueue(note=PRIVATE_STRINGS[0])

    with caplog.at_level(logging.INFO):
        run_rq_worker()

    failed = task_that_raises.get_result(result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert [error.exception_class_path for error in failed.errors] == ["builtins.RuntimeError"]
    assert FailedJobRegistry(queue=rq_backend).count == 1
    # Django's own log line for a failed task, with its traceback.
    assert any(r.name == "django.tasks" and r.levelno == logging.ERROR and r.exc_info for r in caplog.records)
    now = timezone.now()
    figures = queue_figures(now=now, failed_since=now - timedelta(hours=1))
    assert (figures.readable, figures.failed, figures.waiting, figures.stalled) == (True, 1, 0, 0)
    assert queue_figures(now=now, failed_since=now + timedelta(minutes=1)).failed == 0
    response = client.get("/healthz/jobs", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.json()["failed_tasks_last_day"] == 1
    health = service_health()
    assert health.failed_tasks == [
        TaskRow(name=task_that_raises.module_path, at=failed.finished_at, error="builtins.RuntimeError")
    ]
    # The task's argument reaches neither the health check nor the health screen.
    assert PRIVATE_STRINGS[0] not in response.content.decode() + repr(health)


@pytest.mark.redis
def test_tasks_waiting_are_counted_from_when_they_were_enqueued_or_fell_due(rq_backend):
    before = timezone.now()
    worker_heartbeat_task.enqueue()
    due_at = before + timedelta(minutes=10)
    worker_heartbeat_task.using(run_after=due_at).enqueue()

    now = timezone.now()
    figures = queue_figures(now=now, failed_since=now)
    assert figures.waiting == 1
    assert before - timedelta(seconds=1) <= figures.waiting_since <= now
    # Once its time has come and no worker has moved it to the queue yet, the scheduled task waits too.
    later = due_at + timedelta(minutes=5)
    figures = queue_figures(now=later, failed_since=later)
    assert figures.waiting == 2
    assert abs(figures.waiting_since - before) < timedelta(seconds=2)


@pytest.mark.redis
def test_a_task_due_later_is_scheduled_and_not_run_before_its_time(rq_backend, run_rq_worker):
    result = worker_heartbeat_task.using(run_after=timezone.now() + timedelta(seconds=2)).enqueue()

    run_rq_worker()

    assert not Heartbeat.objects.exists()
    assert worker_heartbeat_task.get_result(result.id).status == TaskResultStatus.READY
    assert result.id in ScheduledJobRegistry(queue=rq_backend).get_job_ids()
    time.sleep(3)  # RQ schedules to the second.
    run_rq_worker()

    assert Heartbeat.objects.exists()
    assert worker_heartbeat_task.get_result(result.id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.redis
def test_enqueue_once_schedules_one_pending_run(rq_backend, run_rq_worker):
    assert enqueue_once(worker_heartbeat_task, after=timedelta(minutes=10)) is True
    assert enqueue_once(worker_heartbeat_task, after=timedelta(minutes=10)) is False

    run_rq_worker()

    scheduled = ScheduledJobRegistry(queue=rq_backend)
    [job_id] = scheduled.get_job_ids()
    assert timedelta(minutes=9) < scheduled.get_scheduled_time(job_id) - timezone.now() <= timedelta(minutes=10)
    assert not Heartbeat.objects.exists()


@pytest.mark.redis
def test_the_schedulers_periodic_runs_are_run_by_the_rq_worker(rq_backend, run_rq_worker):
    # What the scheduler does when the jobs' minute comes: enqueue them on the configured backend.
    scheduled_job(worker_heartbeat_task).func()
    scheduled_job(task_results_prune_task).func()

    run_rq_worker()

    assert timezone.now() - Heartbeat.objects.get(name="worker").beat_at < timedelta(minutes=1)
    assert FinishedJobRegistry(queue=rq_backend).count == 2


@pytest.mark.redis
def test_tasks_run_with_djangos_results_context_and_signals(rq_backend, run_rq_worker):
    sent = []

    def record(sender, task_result, signal, **kwargs):
        sent.append((signal, type(task_result), task_result.status))

    for django_signal in (task_enqueued, task_started, task_finished):
        django_signal.connect(record)
    try:
        result = task_that_reports.enqueue(number=7)
        run_rq_worker()
    finally:
        for django_signal in (task_enqueued, task_started, task_finished):
            django_signal.disconnect(record)

    assert isinstance(result, TaskResult)
    assert sent == [
        (task_enqueued, TaskResult, TaskResultStatus.READY),
        (task_started, TaskResult, TaskResultStatus.RUNNING),
        (task_finished, TaskResult, TaskResultStatus.SUCCESSFUL),
    ]
    finished = task_that_reports.get_result(result.id)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value == {
        "context": "django.tasks.base",
        "attempt": 1,
        "result_id": result.id,
        "number": 7,
        # The task itself was running, started "too long ago".
        "stalled": 1,
        "stalled_tasks": [task_that_reports.module_path],
    }
