"""Wiring shared by the apps' background tasks."""

from datetime import timedelta

from django.tasks import Task, TaskResultStatus
from django.utils import timezone


def enqueue_once(task: Task, *, after: timedelta) -> bool:
    """Schedule `task` to run `after` from now, unless a run of it is already waiting; True if scheduled.

    The database queue neither repeats nor deduplicates: periodic and gathered work uses this.
    """
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task.module_path).exists():
        return False
    task.using(run_after=timezone.now() + after).enqueue()
    return True
