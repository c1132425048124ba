"""An incident file being imported by the worker, for the admin page that follows its progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    CHECKING = "checking", _("Checking")
    WRITING = "writing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Not imported")


class IncidentImportJob(models.Model):
    """One uploaded incident file: its content until it has been read, then its report or its problems.

    Written by `testimonials.incident_import_jobs` only; the report and problems are what
    `ImportReport` and `ImportProblem` hold, as JSON.
    """

    FINISHED = (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)
    # Emptied once the import has run: the file is not kept.
    content = models.BinaryField(blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records_total = models.PositiveIntegerField(default=0)
    records_checked = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    # The first problems only (a bad 5 MB file can have hundreds of thousands); problems_count says how many.
    problems = models.JSONField(default=list, blank=True)
    problems_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Incident import {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED
