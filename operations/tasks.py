"""Every periodic job, on one schedule that `manage.py crontask` (one process per deployment) keeps.

The scheduler only enqueues: each run is a separate task on whichever django-tasks backend is
configured, so a run that raises is logged and recorded as failed by the worker, and the next run
is enqueued on time all the same. No job re-queues itself.
"""

import io

from crontask import cron
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from moderation.tasks import redaction_sweep_task
from testimonials.tasks import (
    outbox_sweep_task,
    retention_apply_task,
    scheduled_publishing_task,
    window_counts_prune_task,
)

from .models import WORKER, Heartbeat

# Finished task results are kept this long for the health panel, then pruned (about 600 rows a day).
TASK_RESULTS_KEPT_DAYS = 14


@task()
def worker_heartbeat_task() -> None:
    """Prove that the scheduler enqueues and a worker runs: /healthz reads the time."""
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"beat_at": timezone.now()})


@task()
def task_results_prune_task() -> None:
    """Delete finished task results older than TASK_RESULTS_KEPT_DAYS (database backend only)."""
    if isinstance(task_results_prune_task.get_backend(), DatabaseBackend):
        call_command(
            "prune_db_task_results",
            min_age_days=TASK_RESULTS_KEPT_DAYS,
            queue_name="*",
            verbosity=0,
            stdout=io.StringIO(),
        )


# The schedule, in cron's syntax and the site's time zone.
SCHEDULE = (
    ("* * * * *", worker_heartbeat_task),
    ("*/5 * * * *", redaction_sweep_task),
    ("*/5 * * * *", scheduled_publishing_task),
    ("*/10 * * * *", outbox_sweep_task),
    ("50 * * * *", window_counts_prune_task),
    ("30 3 * * *", retention_apply_task),
    ("45 3 * * *", task_results_prune_task),
)
for schedule, periodic_task in SCHEDULE:
    # No Sentry cron monitors: error reporting is configured once, in the settings.
    cron(schedule, sentry_monitor_config=None)(periodic_task)
