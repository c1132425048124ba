from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from testimonials.crypto import EncryptedTextField

from .redaction import PERSONAL_LABELS


class FindingSource(models.TextChoices):
    MODEL = "model", _("Language model")
    RULE = "rule", _("Pattern rule")
    MODERATOR = "moderator", _("Moderator")
    VICTIM = "victim", _("Author's own list")


class FindingDecision(models.TextChoices):
    REDACT = "redact", _("Redact")
    KEEP = "keep", _("Keep")


class Finding(models.Model):
    """A span of a testimony's original text that holds personal data or a quasi-identifier.

    Offsets point into the original, so decisions survive without copying the text.
    """

    testimony = models.ForeignKey("testimonials.Testimony", on_delete=models.CASCADE, related_name="findings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    label = models.CharField(max_length=32)
    source = models.CharField(max_length=16, choices=FindingSource.choices)
    score = models.FloatField(default=1.0)
    decision = models.CharField(max_length=8, choices=FindingDecision.choices)
    placeholder = models.CharField(max_length=200, blank=True)
    # A moderator's public wording for the span instead of the placeholder ("a night nurse").
    replacement = models.CharField(max_length=200, blank=True)
    # Marked on words that moderators without a reveal never saw (by hand on the original, or over
    # a redaction): keeping it would show them those words, so keeping it needs a reveal.
    covers_hidden_text = models.BooleanField(default=False)

    class Meta:
        ordering = ["testimony", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="finding_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.label} at {self.start}-{self.end}"

    @property
    def needs_reveal_to_keep(self) -> bool:
        """Whether keeping it would put words in the public text that only a reveal shows."""
        return self.label in PERSONAL_LABELS or self.covers_hidden_text

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SECOND_REVIEW = "second_review", _("Asked for a second review")
    NOTE = "note", _("Note")


class Review(models.Model):
    # Out of Wagtail's reference index like its testimony: a moderator's "usage" would list the testimonies.
    wagtail_reference_index_ignore = True

    testimony = models.ForeignKey("testimonials.Testimony", on_delete=models.CASCADE, related_name="reviews")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=16, choices=ReviewDecision.choices)
    # Notes may quote the story, so they are encrypted like it.
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.testimony}"
