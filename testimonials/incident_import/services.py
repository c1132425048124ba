"""The import's entry points: read, check, then write in one transaction, logged to the audit log if asked."""

import json
import uuid
from collections.abc import Callable
from functools import partial

from django.db import transaction
from wagtail.log_actions import log

from ..incident_records import for_records
from ..models import Incident, ThreatActor
from .checking import Progress, _check_all
from .reading import records_read
from .results import ImportReport
from .writing import _incident_write

# Importing creates and changes incidents and the threat actors they name, so it takes all four permissions.
IMPORT_PERMISSIONS = (
    "testimonials.add_incident",
    "testimonials.change_incident",
    "testimonials.add_threatactor",
    "testimonials.change_threatactor",
)


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


class _DryRun(Exception):
    pass


def incidents_import(
    *,
    content: bytes | str,
    file_format: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    on_written: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Create or update incidents by slug from a CSV or JSON file; all of it, or nothing (IncidentImportError).

    The file is read and checked outside any transaction, so that `progress` can be seen as it goes;
    the writes, and `on_written` after them, are one transaction.
    """
    progress = progress or _no_progress
    numbered = records_read(content, file_format)
    checked = _check_all(numbered, file_format, progress)
    report = ImportReport(dry_run=dry_run)
    existing = {
        incident.slug: incident
        for incident in for_records(Incident.objects.filter(slug__in=[c.incident_fields["slug"] for c in checked]))
    }
    progress("writing", 0, len(checked))
    try:
        with transaction.atomic():
            for record in checked:
                _incident_write(record, existing.get(record.incident_fields["slug"]), report)
            if dry_run:
                raise _DryRun
            if on_written:
                on_written(report)
    except _DryRun:
        pass
    return report


IMPORT_LOG_ACTION = "testimonials.incidents_import"


def incidents_import_logged(
    *,
    content: bytes | str,
    file_format: str,
    filename: str,
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """`incidents_import`, and each incident and threat actor it created or changed says so in its history.

    The log holds the file's name and the counts only: the audit log keeps what it is given for ever.
    """
    log_written = partial(_import_log, filename=filename, user=user)
    return incidents_import(
        content=content, file_format=file_format, dry_run=dry_run, progress=progress, on_written=log_written
    )


def _import_log(report: ImportReport, *, filename: str, user) -> None:
    data = {
        "filename": filename,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "actors_created": len(report.actors_created),
        "actors_updated": len(report.actors_updated),
    }
    changed = [
        *Incident.objects.filter(slug__in=[*report.created, *report.updated]),
        *ThreatActor.objects.filter(name__in=[*report.actors_created, *report.actors_updated]),
    ]
    for instance in changed:
        # Each its own uuid: Wagtail's history views keep only the latest entry of a uuid and action,
        # whatever object it is for, so a shared one would leave the import in one record's history only.
        log(instance, IMPORT_LOG_ACTION, user=user, uuid=uuid.uuid4(), data=data)


def incidents_import_records(records: list[dict]) -> ImportReport:
    """Import records already in the JSON shape (the demo incidents), all or nothing."""
    return incidents_import(content=json.dumps(records), file_format="json")
