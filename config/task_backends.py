"""The task backend on RQ and Redis (TASKS_BACKEND=rq): django-tasks-rq, answering in Django's own classes.

django-tasks-rq 0.12 is written for the django-tasks backport. Under Django 6 it queues, schedules and runs our
tasks as it is, but in the backport's classes: `@task` would build the backport's Task (which Sentry's task
tracing does not see), results, statuses, contexts and exceptions would be the backport's, and Django's task
signals, with the log lines Django hangs on them, would never be sent. This keeps its queueing and converts
only at those edges, so code written for `django.tasks` behaves the same on either backend.
"""

from dataclasses import fields
from typing import Any

import django_tasks_rq
from django.db import close_old_connections
from django.tasks import Task, TaskContext, TaskResult, TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskError
from django.tasks.exceptions import TaskResultDoesNotExist
from django.tasks.signals import task_enqueued, task_finished, task_started
from django.utils.functional import cached_property
from django_tasks.exceptions import TaskResultDoesNotExist as BackportTaskResultDoesNotExist
from django_tasks.utils import get_module_path
from rq import SimpleWorker
from rq import job as rq_job

# Where django-tasks-rq keeps the class path of each exception a job raised (its Job.task_result reads it).
EXCEPTIONS_META_KEY = "_django_tasks_rq_exceptions"


def django_task_result(result: Any) -> TaskResult:
    """The same result as Django's TaskResult, with Django's status and error classes."""
    values = {field.name: getattr(result, field.name) for field in fields(TaskResult) if field.init}
    values["status"] = TaskResultStatus(result.status)
    values["errors"] = [
        TaskError(exception_class_path=error.exception_class_path, traceback=error.traceback) for error in result.errors
    ]
    converted = TaskResult(**values)
    object.__setattr__(converted, "_return_value", result._return_value)
    return converted


class RQBackend(django_tasks_rq.RQBackend):
    task_class = Task
    # Django's checks, raising Django's InvalidTask.
    validate_task = BaseTaskBackend.validate_task

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        # The backport's task_enqueued signal goes to the backport's log line only: nothing of ours listens.
        result = django_task_result(super().enqueue(task, args, kwargs))
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id: str) -> TaskResult:
        try:
            return super().get_result(result_id)
        except BackportTaskResultDoesNotExist as error:
            raise TaskResultDoesNotExist(result_id) from error


class Job(django_tasks_rq.Job):
    """A job run as a Django task: Django's result, context and signals (the library's send the backport's)."""

    @cached_property
    def task_result(self) -> TaskResult:
        return django_task_result(django_tasks_rq.Job.task_result.func(self))

    def perform(self) -> Any:
        task_started.send(type(self.task_result.task.get_backend()), task_result=self.task_result)
        return rq_job.Job.perform(self)

    def _execute(self) -> Any:
        try:
            if self.func.takes_context:
                return self.func.call(TaskContext(task_result=self.task_result), *self.args, **self.kwargs)
            return self.func.call(*self.args, **self.kwargs)
        finally:
            # The job's state changed while it ran: read it afresh.
            self.__dict__.pop("task_result", None)

    # In place of the callbacks django-tasks-rq stores on each job, which would send the backport's signals.
    def execute_success_callback(self, death_penalty_class: Any, result: Any) -> None:
        self._finished(TaskResultStatus.SUCCESSFUL)

    def execute_failure_callback(self, death_penalty_class: Any, *exc_info: Any) -> None:
        self.meta.setdefault(EXCEPTIONS_META_KEY, []).append(get_module_path(exc_info[0]))
        self.save_meta()
        self._finished(TaskResultStatus.FAILED)

    def _finished(self, status: TaskResultStatus) -> None:
        result = self.task_result
        object.__setattr__(result, "status", status)
        # Sent inside the worker's exception handler on failure, so Django's log line carries the traceback.
        task_finished.send(type(result.task.get_backend()), task_result=result)


class Worker(SimpleWorker):
    """RQ's worker without a fork per job, like db_worker: each process loads a language pipeline once and
    keeps it (a forked child would load it for every testimony). Database connections are checked around
    each job, as Django does around a request."""

    def execute_job(self, job: rq_job.Job, queue: Any) -> None:
        close_old_connections()
        try:
            super().execute_job(job, queue)
        finally:
            close_old_connections()
