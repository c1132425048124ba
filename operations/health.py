"""Reads for /healthz, /healthz/jobs and the administrators' health screen: is the service doing its work?

Selectors only. What they return is counts, ages, times, task names, tags and error classes: never a
task's arguments, an email's address, subject or body, or a word of a testimony.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import django_rq
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.models import Case, Count, F, Min, Q, QuerySet, When
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_rq import RQBackend
from redis.exceptions import RedisError
from rq.queue import Queue
from rq.registry import BaseRegistry, FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.utils import utcparse

from config.task_backends import EXCEPTIONS_META_KEY
from testimonials import lifecycle
from testimonials.models import EmailStatus, OutgoingEmail, Testimony

from .models import WORKER, Heartbeat

logger = logging.getLogger(__name__)

# A task RUNNING this long has lost its worker (killed, out of memory) or hangs.
TASK_STALLED_AFTER = timedelta(minutes=30)
FAILED_TASKS_SHOWN_DAYS = 7
UNDELIVERED_EMAILS_SHOWN_DAYS = 30
ROWS_SHOWN = 50


def database_answers() -> bool:
    """Whether the default database answers a trivial query now."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as error:
        # The class only: a driver's message names hosts and users.
        logger.warning("The database did not answer the health check: %s", type(error).__name__)
        return False
    return True


def worker_beat_at() -> datetime | None:
    """When the worker last ran its heartbeat task; None if it never has."""
    return Heartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()


@dataclass(frozen=True)
class QueueFigures:
    """The task queue at a glance, on the database or on RQ. `readable` is False when the queue cannot be
    read from here (another backend, or Redis not answering), and the other figures stay empty."""

    readable: bool
    waiting: int = 0
    waiting_since: datetime | None = None
    failed: int = 0
    stalled: int = 0


def _database_backend() -> DatabaseBackend | None:
    # The backend itself: django.tasks.default_task_backend is a proxy, never an instance of it.
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return backend if isinstance(backend, DatabaseBackend) else None


def _due(now: datetime) -> Q:
    # Ready, and either without a run_after (stored as the far future) or past it: due but not started.
    return Q(status=TaskResultStatus.READY) & (Q(run_after=get_date_max()) | Q(run_after__lte=now))


# A task waits from when it became due: when enqueued, or at its run_after if that came later.
_WAITING_SINCE = Case(
    When(Q(run_after=get_date_max()) | Q(run_after__lt=F("enqueued_at")), then=F("enqueued_at")),
    default=F("run_after"),
)


def _task_results(backend: DatabaseBackend) -> QuerySet[DBTaskResult]:
    return DBTaskResult.objects.filter(backend_name=backend.alias)


def queue_figures(*, now: datetime, failed_since: datetime) -> QueueFigures:
    """Due tasks not started and since when the oldest waits, tasks failed since `failed_since`, stalled tasks.

    One query, for the health checks and the dashboard; on RQ, a few round trips to Redis.
    """
    rq_backend = _rq_backend()
    if rq_backend is not None:
        return _rq_queue_figures(rq_backend, now=now, failed_since=failed_since)
    backend = _database_backend()
    if backend is None:
        return QueueFigures(readable=False)
    due = _due(now)
    failed = Q(status=TaskResultStatus.FAILED, finished_at__gte=failed_since)
    stalled = Q(status=TaskResultStatus.RUNNING, started_at__lt=now - TASK_STALLED_AFTER)
    # Only the rows counted: finished results stay for days (operations.tasks.TASK_RESULTS_KEPT_DAYS).
    figures = (
        _task_results(backend)
        .filter(due | failed | stalled)
        .aggregate(
            waiting=Count("pk", filter=due),
            waiting_since=Min(_WAITING_SINCE, filter=due),
            failed=Count("pk", filter=failed),
            stalled=Count("pk", filter=stalled),
        )
    )
    return QueueFigures(readable=True, **figures)


def _rq_backend() -> RQBackend | None:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return backend if isinstance(backend, RQBackend) else None


def _rq_queue_figures(backend: RQBackend, *, now: datetime, failed_since: datetime) -> QueueFigures:
    # RQ's own lists: the queue (waiting since enqueued), the scheduled jobs that fell due but no worker's
    # scheduler has moved yet (waiting since they fell due), the failed and the started jobs.
    waiting = 0
    waiting_since: list[datetime] = []
    try:
        for queue in _rq_queues(backend):
            queued = _rq_job_times(queue, queue.get_job_ids(), "enqueued_at")
            due = queue.connection.zrangebyscore(
                ScheduledJobRegistry(queue=queue).key, 0, now.timestamp(), withscores=True
            )
            waiting += len(queued) + len(due)
            waiting_since += [at for _, at in queued] + [datetime.fromtimestamp(due_at, UTC) for _, due_at in due]
        failed = _rq_registry_times(backend, FailedJobRegistry, "ended_at")
        started = _rq_registry_times(backend, StartedJobRegistry, "started_at")
    except RedisError as error:
        logger.warning("Redis did not answer the health check: %s", type(error).__name__)
        return QueueFigures(readable=False)
    return QueueFigures(
        readable=True,
        waiting=waiting,
        waiting_since=min(waiting_since, default=None),
        failed=sum(at >= failed_since for _, _, at in failed),
        stalled=sum(at < now - TASK_STALLED_AFTER for _, _, at in started),
    )


def _rq_queues(backend: RQBackend) -> list[Queue]:
    return [django_rq.get_queue(name) for name in sorted(backend.queues)]


def _rq_job_times(queue: Queue, job_ids: Iterable[str], field: str) -> list[tuple[str, datetime]]:
    """One time field of each job, in one round trip: never the whole job, whose data holds the task's arguments.
    A job that expired meanwhile is left out."""
    job_ids = list(job_ids)
    pipeline = queue.connection.pipeline(transaction=False)
    for job_id in job_ids:
        pipeline.hget(queue.job_class.key_for(job_id), field)
    return [
        (job_id, utcparse(value.decode())) for job_id, value in zip(job_ids, pipeline.execute(), strict=True) if value
    ]


def _rq_registry_times(
    backend: RQBackend, registry: type[BaseRegistry], field: str
) -> list[tuple[Queue, str, datetime]]:
    # Without the registries' clean-up, which would fail abandoned jobs from a web process: the workers do it.
    return [
        (queue, job_id, at)
        for queue in _rq_queues(backend)
        for job_id, at in _rq_job_times(queue, registry(queue=queue).get_job_ids(cleanup=False), field)
    ]


@dataclass(frozen=True)
class JobsHealth:
    """What /healthz/jobs answers. Ages in whole seconds; None where unknown (no heartbeat yet, nothing waiting,
    or a queue this process cannot read)."""

    heartbeat_age: int | None
    oldest_wait: int | None
    waiting: int | None
    failed_last_day: int | None
    failing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failing


def _seconds_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def jobs_health(now: datetime | None = None) -> JobsHealth:
    """Whether the worker runs (a recent heartbeat) and keeps up (no due task waits too long). Two queries.

    With a backend whose queue cannot be read here, the wait is unknown and not held against it:
    the heartbeat, itself a task, still proves that tasks get run.
    """
    now = now or timezone.now()
    heartbeat_age = _seconds_since(worker_beat_at(), now)
    queue = queue_figures(now=now, failed_since=now - timedelta(days=1))
    oldest_wait = _seconds_since(queue.waiting_since, now)
    failing = []
    if heartbeat_age is None or heartbeat_age > settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS:
        failing.append("heartbeat")
    if oldest_wait is not None and oldest_wait > settings.HEALTH_TASK_MAX_WAIT_SECONDS:
        failing.append("queue")
    return JobsHealth(
        heartbeat_age=heartbeat_age,
        oldest_wait=oldest_wait,
        waiting=queue.waiting if queue.readable else None,
        failed_last_day=queue.failed if queue.readable else None,
        failing=tuple(failing),
    )


@dataclass(frozen=True)
class TaskRow:
    name: str
    at: datetime | None
    error: str = ""


@dataclass(frozen=True)
class EmailRow:
    tag: str
    status: str
    attempts: int
    error: str
    created_at: datetime


@dataclass(frozen=True)
class WaitingTestimony:
    pk: int
    reference: str
    since: datetime


def shown_limits() -> dict[str, int]:
    """The windows and limits the health screens name, for their wording."""
    return {
        "failed_days": FAILED_TASKS_SHOWN_DAYS,
        "email_days": UNDELIVERED_EMAILS_SHOWN_DAYS,
        "stalled_minutes": int(TASK_STALLED_AFTER.total_seconds() // 60),
        "heartbeat_max_minutes": settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS // 60,
        "wait_max_minutes": settings.HEALTH_TASK_MAX_WAIT_SECONDS // 60,
    }


def _late(moment: datetime | None, now: datetime, limit_seconds: int) -> bool:
    return moment is None or (now - moment).total_seconds() > limit_seconds


@dataclass(frozen=True)
class HealthSummary:
    """The dashboard's counts. Tasks failed in the last FAILED_TASKS_SHOWN_DAYS, emails in the last
    UNDELIVERED_EMAILS_SHOWN_DAYS."""

    worker_beat_at: datetime | None
    heartbeat_late: bool
    queue: QueueFigures
    waiting_too_long: bool
    undelivered_emails: int

    @property
    def all_well(self) -> bool:
        return not (
            self.heartbeat_late
            or self.waiting_too_long
            or self.queue.failed
            or self.queue.stalled
            or self.undelivered_emails
        )


def health_summary(now: datetime | None = None) -> HealthSummary:
    """Three queries: the heartbeat, the queue, the outbox."""
    now = now or timezone.now()
    beat_at = worker_beat_at()
    queue = queue_figures(now=now, failed_since=now - timedelta(days=FAILED_TASKS_SHOWN_DAYS))
    return HealthSummary(
        worker_beat_at=beat_at,
        heartbeat_late=_late(beat_at, now, settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS),
        queue=queue,
        waiting_too_long=queue.waiting_since is not None
        and _late(queue.waiting_since, now, settings.HEALTH_TASK_MAX_WAIT_SECONDS),
        undelivered_emails=_undelivered_emails(now).count(),
    )


@dataclass(frozen=True)
class ServiceHealth:
    """The administrators' health screen: the summary, then the lists (at most ROWS_SHOWN rows each): failed tasks and
    emails newest first, stalled tasks longest-running first."""

    summary: HealthSummary
    failed_tasks: list[TaskRow]
    stalled_tasks: list[TaskRow]
    undelivered_emails: list[EmailRow]
    testimonies_waiting: int
    oldest_testimony_waiting: WaitingTestimony | None


def _rq_task_rows(
    backend: RQBackend,
    registry: type[BaseRegistry],
    field: str,
    shown: Callable[[datetime], bool],
    *,
    newest_first: bool,
) -> list[TaskRow]:
    """The health screen's rows of RQ's failed or running jobs: the task, a time, the error class if it failed."""
    rows = []
    try:
        entries = [entry for entry in _rq_registry_times(backend, registry, field) if shown(entry[2])]
        entries.sort(key=lambda entry: entry[2], reverse=newest_first)
        for queue, job_id, at in entries[:ROWS_SHOWN]:
            # The task's path is in the job's data; the arguments deserialised with it go no further.
            [job] = queue.job_class.fetch_many([job_id], connection=queue.connection)
            if job is not None:
                errors = job.meta.get(EXCEPTIONS_META_KEY) or [""]
                rows.append(TaskRow(name=job.func_name, at=at, error=errors[-1]))
    except RedisError as error:
        logger.warning("Redis did not answer the health screen: %s", type(error).__name__)
        return []
    return rows


def _failed_tasks(now: datetime) -> list[TaskRow]:
    since = now - timedelta(days=FAILED_TASKS_SHOWN_DAYS)
    rq_backend = _rq_backend()
    if rq_backend is not None:
        return _rq_task_rows(rq_backend, FailedJobRegistry, "ended_at", lambda at: at >= since, newest_first=True)
    backend = _database_backend()
    if backend is None:
        return []
    rows = (
        _task_results(backend)
        .filter(status=TaskResultStatus.FAILED, finished_at__gte=since)
        .order_by("-finished_at")
        .values_list("task_path", "finished_at", "exception_class_path")[:ROWS_SHOWN]
    )
    return [TaskRow(name=path, at=at, error=error) for path, at, error in rows]


def _stalled_tasks(now: datetime) -> list[TaskRow]:
    before = now - TASK_STALLED_AFTER
    rq_backend = _rq_backend()
    if rq_backend is not None:
        return _rq_task_rows(rq_backend, StartedJobRegistry, "started_at", lambda at: at < before, newest_first=False)
    backend = _database_backend()
    if backend is None:
        return []
    rows = (
        _task_results(backend)
        .filter(status=TaskResultStatus.RUNNING, started_at__lt=before)
        .order_by("started_at")
        .values_list("task_path", "started_at")[:ROWS_SHOWN]
    )
    return [TaskRow(name=path, at=at) for path, at in rows]


def _undelivered_emails(now: datetime) -> QuerySet[OutgoingEmail]:
    return OutgoingEmail.objects.filter(
        status__in=[EmailStatus.FAILED, EmailStatus.BOUNCED],
        created_at__gte=now - timedelta(days=UNDELIVERED_EMAILS_SHOWN_DAYS),
    )


def _undelivered_email_rows(now: datetime) -> list[EmailRow]:
    # values(): the encrypted address, subject and body are not even read.
    rows = (
        _undelivered_emails(now)
        .order_by("-created_at")
        .values_list("tag", "status", "attempts", "last_error", "created_at")[:ROWS_SHOWN]
    )
    return [
        EmailRow(tag=tag, status=EmailStatus(status).label, attempts=attempts, error=error, created_at=created_at)
        for tag, status, attempts, error, created_at in rows
    ]


def _oldest_testimony_waiting() -> WaitingTestimony | None:
    row = (
        Testimony.objects.filter(status__in=lifecycle.WAITING_FOR_MODERATORS)
        .order_by("created_at")
        .values_list("pk", "reference", "created_at")
        .first()
    )
    return WaitingTestimony(*row) if row else None


def service_health(now: datetime | None = None) -> ServiceHealth:
    """The administrators' health screen: the worker, the task queue, the outbox and the moderators' queue."""
    now = now or timezone.now()
    return ServiceHealth(
        summary=health_summary(now),
        failed_tasks=_failed_tasks(now),
        stalled_tasks=_stalled_tasks(now),
        undelivered_emails=_undelivered_email_rows(now),
        testimonies_waiting=Testimony.objects.filter(status__in=lifecycle.WAITING_FOR_MODERATORS).count(),
        oldest_testimony_waiting=_oldest_testimony_waiting(),
    )
