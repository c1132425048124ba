"""The periodic jobs: one schedule, kept by the scheduler process, whose runs never depend on the last one."""

import io
import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from crontask import cron, scheduler
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from moderation.tasks import redaction_sweep_task
from operations.models import Heartbeat
from operations.tasks import SCHEDULE, task_results_prune_task, worker_heartbeat_task
from testimonials import ratelimit
from testimonials.models import WindowCount
from testimonials.tasks import (
    outbox_sweep_task,
    retention_apply_task,
    scheduled_publishing_task,
    window_counts_prune_task,
)

# Settings are read once per process: a process of its own sees REDIS_URL as production would.
PRINT_CRONTASK_REDIS_URL = (
    "import django; django.setup(); from crontask.conf import get_settings; print(get_settings().REDIS_URL)"
)


@task()
def job_that_raises() -> None:
    raise RuntimeError("the job failed")


def scheduled_job(task_to_find):
    return next(job for job in scheduler.get_jobs() if job.name == task_to_find.name)


def test_every_periodic_job_is_on_the_one_schedule():
    expected = {
        redaction_sweep_task,
        scheduled_publishing_task,
        retention_apply_task,
        outbox_sweep_task,
        task_results_prune_task,
        window_counts_prune_task,
        worker_heartbeat_task,
    }

    assert {periodic_task for _, periodic_task in SCHEDULE} == expected
    assert all(scheduled_job(periodic_task) for periodic_task in expected)


@pytest.fixture
def raising_job_on_the_schedule():
    cron("* * * * *", sentry_monitor_config=None)(job_that_raises)
    job = scheduled_job(job_that_raises)
    yield job
    scheduler.remove_job(job.id)


def test_a_run_that_raises_is_logged_and_the_next_run_still_happens(raising_job_on_the_schedule, run_worker, caplog):
    # What the scheduler does each time the job's minute comes: enqueue it, whatever became of the last run.
    raising_job_on_the_schedule.func()
    with caplog.at_level(logging.INFO):
        # As the worker runs in production: at verbosity 1, which logs each task's outcome.
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=1, stdout=io.StringIO())
    raising_job_on_the_schedule.func()
    run_worker()

    runs = DBTaskResult.objects.filter(task_path=job_that_raises.module_path)
    assert list(runs.values_list("status", flat=True)) == ["FAILED", "FAILED"]
    failures = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert failures and "RuntimeError" in caplog.text


def test_scheduled_runs_do_not_queue_runs_of_their_own(run_worker):
    for periodic_task in (redaction_sweep_task, scheduled_publishing_task, retention_apply_task, outbox_sweep_task):
        periodic_task.enqueue()
    run_worker()

    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_heartbeat_records_when_a_worker_last_ran(run_worker):
    worker_heartbeat_task.enqueue()
    run_worker()

    assert timezone.now() - Heartbeat.objects.get(name="worker").beat_at < timedelta(minutes=1)


def test_finished_task_results_are_pruned_after_two_weeks(run_worker):
    worker_heartbeat_task.enqueue()
    worker_heartbeat_task.enqueue()
    run_worker()
    old, recent = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=15))

    task_results_prune_task.enqueue()
    run_worker()

    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and recent.pk in remaining


def test_ended_rate_limit_windows_are_pruned_and_open_ones_kept(run_worker, monkeypatch):
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_000)
    ratelimit.count_in_window("tests:ended", 60)
    ratelimit.count_in_window("tests:open", 3600)
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_060)

    window_counts_prune_task.enqueue()
    run_worker()

    assert set(WindowCount.objects.values_list("key", flat=True)) == {"tests:open"}


def test_schedulers_on_several_hosts_share_a_lock_in_redis_when_there_is_one():
    configured = {
        variable: subprocess.run(
            [sys.executable, "-c", PRINT_CRONTASK_REDIS_URL],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": redis_url},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for variable, redis_url in (("with", "redis://127.0.0.1:6379/2"), ("without", ""))
    }

    assert configured == {"with": "redis://127.0.0.1:6379/2", "without": "None"}
