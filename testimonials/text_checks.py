"""The verdicts of the personal-data check: a model outside `models/`, so that testimonials.publishing, which
the page models ask, can read it without importing the models package it belongs to."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from testimonials.crypto import EncryptedTextField


class CheckState(models.TextChoices):
    PENDING = "pending", _("Checking")
    CLEAR = "clear", _("Nothing found")
    FLAGGED = "flagged", _("Personal data found")
    FAILED = "failed", _("The check could not run")


class TextCheck(models.Model):
    """The personal-data check of one text about to go public, run on the worker and found by the text's digest.

    Web processes never load the language model: they ask for a check and read its verdict here. The text
    waits encrypted until the worker has checked it, then is dropped; what the check found is kept
    (encrypted) for the screens that explain a refusal.
    """

    testimony = models.ForeignKey(
        "testimonials.Testimony", on_delete=models.CASCADE, related_name="text_checks", null=True, blank=True
    )
    digest = models.CharField(max_length=64)
    text = EncryptedTextField(blank=True)
    state = models.CharField(max_length=16, choices=CheckState.choices, default=CheckState.PENDING)
    # JSON: [[label, words], ...]
    found = EncryptedTextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["testimony", "digest"], name="one_check_per_text")]
        indexes = [models.Index(fields=["state", "requested_at"])]

    def __str__(self) -> str:
        return f"Check {self.pk} ({self.state})"
