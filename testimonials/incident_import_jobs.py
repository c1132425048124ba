"""Incident imports as jobs: the admin's upload is stored, imported by the worker, and followed on a page.

A 5 MB file takes longer than a request may last. Every upload becomes an `IncidentImportJob` and is
imported by `incident_import_job_run`, which the worker's task calls, and which the admin calls itself
for a small file; the import is the same all-or-nothing, logged one as from the command.
"""

import logging
import re
from collections.abc import Sequence
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from .incident_import import (
    IMPORT_PERMISSIONS,
    ImportProblem,
    ImportReport,
    IncidentImportError,
    incidents_import_logged,
)
from .models import IncidentImportJob
from .models.imports import ImportJobStatus

logger = logging.getLogger(__name__)

# Imported at once, in the request, up to this size: some hundred incidents, a few seconds.
IMPORT_AT_ONCE_MAX_BYTES = 64 * 1024
# Shown on the job page and kept with it; the count says how many there were.
PROBLEMS_KEPT = 1000
UNEXPECTED_ERROR = (
    "The import stopped on an unexpected error, and nothing was imported. "
    "Try again later; if it happens again, tell the site's administrators the import's number."
)
NOT_ALLOWED = "The person who uploaded the file may no longer import incidents, so nothing was imported."


def incident_import_job_create(
    *, content: bytes, filename: str, file_format: str, user, dry_run: bool = False
) -> IncidentImportJob:
    """Store an uploaded file as a job waiting to be imported (the caller has checked the permissions)."""
    job = IncidentImportJob(
        # Browsers send a name as it is on disk: it is shown and logged, so no control characters.
        filename=re.sub(r"[\x00-\x1f\x7f]", "", filename)[:255],
        file_format=file_format,
        content=content,
        dry_run=dry_run,
        created_by=user,
    )
    job.full_clean()
    job.save()
    return job


def incident_import_job_enqueue(job: IncidentImportJob) -> None:
    """Hand the job to the worker, once the transaction that stored it has committed."""
    from .tasks import incident_import_task

    transaction.on_commit(lambda: incident_import_task.enqueue(job_id=job.pk))


def incident_import_job_run(*, job_id: int) -> IncidentImportJob | None:
    """Import a waiting job's file and keep its report or problems; None if it is not waiting (already run)."""
    started = IncidentImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.CHECKING, started_at=timezone.now()
    )
    if not started:  # a task delivered twice imports once
        return None
    job = IncidentImportJob.objects.select_related("created_by").get(pk=job_id)
    user = job.created_by
    # Asked again: the worker may run the job after someone took the permissions away.
    if user is None or not user.is_active or not user.has_perms(IMPORT_PERMISSIONS):
        return _job_finish(job, problems=[ImportProblem(0, "", NOT_ALLOWED, job.file_format)])
    try:
        report = incidents_import_logged(
            content=bytes(job.content),
            file_format=job.file_format,
            filename=job.filename,
            user=user,
            dry_run=job.dry_run,
            progress=lambda stage, done, total: _job_progress(job.pk, stage, done, total),
        )
    except IncidentImportError as error:
        return _job_finish(job, problems=error.problems)
    except Exception:
        # The writes were rolled back with their transaction; the page says so rather than wait for ever.
        logger.exception("Incident import %s stopped on an unexpected error", job.pk)
        return _job_finish(job, problems=[ImportProblem(0, "", UNEXPECTED_ERROR, job.file_format)])
    return _job_finish(job, report=report)


def _job_progress(job_id: int, stage: str, done: int, total: int) -> None:
    status = ImportJobStatus.WRITING if stage == "writing" else ImportJobStatus.CHECKING
    checked = total if stage == "writing" else done
    IncidentImportJob.objects.filter(pk=job_id).update(status=status, records_total=total, records_checked=checked)


def _job_finish(
    job: IncidentImportJob, *, report: ImportReport | None = None, problems: Sequence[ImportProblem] = ()
) -> IncidentImportJob:
    job.status = ImportJobStatus.DONE if report else ImportJobStatus.FAILED
    job.report = asdict(report) if report else {}
    job.problems = [asdict(problem) for problem in problems[:PROBLEMS_KEPT]]
    job.problems_count = len(problems)
    job.content = b""  # the file is not kept once imported
    job.finished_at = timezone.now()
    fields = ["status", "report", "problems", "problems_count", "content", "finished_at"]
    if report:
        job.records_total = job.records_checked = len(report.created + report.updated + report.unchanged)
        fields += ["records_total", "records_checked"]
    # Only these: the progress columns were updated apart while the import ran.
    job.save(update_fields=fields)
    return job


def job_report(job: IncidentImportJob) -> ImportReport | None:
    return ImportReport(**job.report) if job.report else None


def job_problems(job: IncidentImportJob) -> list[ImportProblem]:
    return [ImportProblem(**problem) for problem in job.problems]
