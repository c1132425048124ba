"""Wiring shared by the apps' background tasks."""

import logging
from datetime import timedelta

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, router
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, Task, task_backends
from django.utils import timezone

logger = logging.getLogger(__name__)

# A pending run's mark outlives its due time by this much: if the run is lost, a later call schedules another.
PENDING_GRACE = timedelta(minutes=30)


def enqueue_once(task: Task, *, after: timedelta) -> bool:
    """Schedule `task` to run `after` from now, unless a run of it is already pending; True if scheduled.

    Task queues neither repeat nor deduplicate, so gathered work (one notice for many testimonies) marks
    its pending run in the shared cache, which every process and every task backend sees. The task
    calls `pending_run_started` first, so what arrives while it runs schedules the next run.
    """
    try:
        first = caches["shared"].add(_pending_key(task), True, timeout=int((after + PENDING_GRACE).total_seconds()))
    except Exception:
        # The cache is down: a notice too many is better than none.
        logger.warning("The shared cache is unreachable; %s is scheduled without its pending mark.", task.name)
        first = True
    if first:
        task.using(run_after=timezone.now() + after).enqueue()
    return first


def tasks_queue_in_the_database() -> bool:
    """Whether queueing a task writes a row in the default database (the database backend, not RQ).

    Then a task queued inside a transaction is committed with the data it works on, or not at all, and no
    worker sees it before: it needs no `transaction.on_commit`, nor a commit of its own. On RQ a worker
    could take the job at once, before the data it reads is committed.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return isinstance(backend, DatabaseBackend) and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS


def pending_run_started(task: Task) -> None:
    try:
        caches["shared"].delete(_pending_key(task))
    except Exception:
        logger.warning("The shared cache is unreachable; %s's pending mark expires on its own.", task.name)


def _pending_key(task: Task) -> str:
    return f"task-pending:{task.module_path}"
