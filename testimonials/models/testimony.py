import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from testimonials import lifecycle
from testimonials.crypto import EncryptedTextField, text_digest
from testimonials.lifecycle import TestimonyStatus

# Crockford-like alphabet: no 0/O, 1/I/L or U, so a reference read aloud or copied by hand survives.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6
# 7 groups of 4 from 30 characters: 137 bits, enough for a fast hash (testimonials/hashers.py).
SECRET_GROUPS = 7


def new_reference() -> str:
    return "T-" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_secret() -> str:
    """137 random bits, grouped for reading: 'K7PM-3QXD-9RTA-WZ4E-HN2C-6VBS-PX8Q'."""
    return "-".join("".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(4)) for _ in range(SECRET_GROUPS))


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    RELATIVE = "relative", _("Relative or carer of a patient")
    HEALTHCARE_WORKER = "healthcare_worker", _("Healthcare worker")
    IT_SECURITY = "it_security", _("IT or security staff")
    OTHER = "other", _("Other")


class Impact(models.TextChoices):
    CARE_DELAYED = "care_delayed", _("My care (or someone's care) was delayed or cancelled")
    DATA_EXPOSED = "data_exposed", _("Personal or medical data was exposed")
    MONEY_LOST = "money_lost", _("Money was lost")
    DISTRESS = "distress", _("Distress, fear or anxiety")
    OTHER = "other", _("Something else")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")


class Testimony(models.Model):
    """A story as its author sent it, with their consent choices.

    Not a Wagtail form submission nor a revisioned snippet: either would copy the raw
    text into tables readable by page editors. Text and identity are encrypted at rest.
    """

    # Out of Wagtail's reference index, and with it every row that points here: its "usage" screens would
    # list testimonies to editors, and every save would queue an index update on the worker.
    wagtail_reference_index_ignore = True

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    secret_hash = models.CharField(max_length=200, editable=False)
    # The language the text is redacted in: the page's at first, then what the worker reads in the text
    # (testimonials.languages) or a moderator's correction.
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    # The language of the page it was sent from, the author's: their receipt, emails and "My testimony" use it.
    sent_from_language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    # The ISO 639-1 code the worker reads in the text, any language; empty until read (or too short to tell).
    detected_language = models.CharField(max_length=8, blank=True, editable=False)
    role = models.CharField(max_length=32, choices=Role.choices)
    country = CountryField(blank=True)
    incident = models.ForeignKey(
        "testimonials.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="testimonies"
    )
    incident_description = EncryptedTextField(blank=True)
    happened_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    happened_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    impacts = models.JSONField(default=list, blank=True)

    story = EncryptedTextField()
    # Words the author asked to have removed everywhere, one per line.
    removal_terms = EncryptedTextField(blank=True)
    redacted_text = EncryptedTextField(blank=True)
    name = EncryptedTextField(blank=True)
    contact_email = EncryptedTextField(blank=True)

    consent_processing = models.BooleanField(default=False)
    consent_publication = models.BooleanField(default=False)
    consent_contact = models.BooleanField(default=False)
    consent_research = models.BooleanField(default=False)
    consent_text_version = models.CharField(max_length=64)
    # An HMAC of the one-time token of the form that sent it: the same form stores one testimony,
    # however often it is posted (reload, double click, back and resend).
    submission_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    status = models.CharField(
        max_length=32, choices=TestimonyStatus.choices, default=TestimonyStatus.RECEIVED, db_index=True
    )
    redaction_attempts = models.PositiveSmallIntegerField(default=0)
    redaction_started_at = models.DateTimeField(null=True, blank=True)
    # The class of the last engine error only: a message could quote the text.
    redaction_error = models.CharField(max_length=200, blank=True)
    # How many re-identification warnings its redacted text raises, counted whenever it is derived:
    # the queue shows it without decrypting a text.
    reidentification_warnings = models.PositiveSmallIntegerField(default=0, editable=False)
    redacted_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The author's answer to the text proposed for publication: the digest of the text they accepted
    # (void as soon as the text changes), or the changes they asked for, in their own words.
    author_accepted_digest = models.CharField(max_length=64, blank=True)
    author_change_request = EncryptedTextField(blank=True)
    # The change request as moderators read it: redacted on the worker, empty until then.
    author_change_request_redacted = EncryptedTextField(blank=True)
    author_answered_at = models.DateTimeField(null=True, blank=True)
    # A withdrawn or erased testimony is a tombstone: its reference, its dates and its status.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = _("testimonies")
        permissions = [
            ("review_testimony", "Can review testimonies: approve, reject"),
            ("view_raw_testimony", "Can reveal the original text of a testimony"),
            ("contact_testimony_author", "Can see an author's contact details to contact them"),
        ]

    def __str__(self) -> str:
        # Wagtail's audit log keeps str(instance) for ever: never personal data here.
        return f"Testimony {self.reference}"

    # Questions about the status, answered from the lifecycle's named sets (templates use these).
    @property
    def can_be_published(self) -> bool:
        return self.consent_publication and self.status in lifecycle.PUBLISHABLE

    @property
    def in_review(self) -> bool:
        return self.status in lifecycle.IN_REVIEW

    @property
    def waits_for_manual_redaction(self) -> bool:
        return self.status == TestimonyStatus.MANUAL_REDACTION

    @property
    def is_redacted(self) -> bool:
        return self.redacted_at is not None and self.status not in lifecycle.NOT_YET_REDACTED

    @property
    def is_closed(self) -> bool:
        return self.status in lifecycle.CLOSED

    @property
    def is_erased(self) -> bool:
        return self.status == TestimonyStatus.ERASED

    @property
    def is_published(self) -> bool:
        return self.status == TestimonyStatus.PUBLISHED

    @property
    def shows_proposed_text_to_author(self) -> bool:
        return self.status in lifecycle.PROPOSED_TEXT_SHOWN

    @property
    def author_may_answer(self) -> bool:
        return self.status in lifecycle.ANSWERABLE and bool(self.redacted_text)

    @property
    def author_accepted_current_text(self) -> bool:
        return bool(self.redacted_text) and self.author_accepted_digest == text_digest(self.redacted_text)

    @property
    def removal_term_list(self) -> list[str]:
        return [line.strip() for line in self.removal_terms.splitlines() if line.strip()]

    def get_impacts_display(self) -> list[str]:
        labels = dict(Impact.choices)
        return [labels.get(impact, impact) for impact in self.impacts]


class ConsentField(models.TextChoices):
    PROCESSING = "consent_processing", _("Processing")
    PUBLICATION = "consent_publication", _("Publication")
    CONTACT = "consent_contact", _("Being contacted")
    RESEARCH = "consent_research", _("Sharing with researchers")


class ConsentChange(models.Model):
    """A record, for the data protection officer, of each consent an author gave or withdrew."""

    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="consent_changes")
    consent = models.CharField(max_length=32, choices=ConsentField.choices)
    given = models.BooleanField()
    text_version = models.CharField(max_length=64)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at"]
        permissions = [("export_consent_records", "Can export consent records (no text) for data protection")]

    def __str__(self) -> str:
        return f"{self.get_consent_display()} {'given' if self.given else 'withdrawn'} for {self.testimony}"
