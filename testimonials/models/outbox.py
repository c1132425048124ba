from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from testimonials.crypto import EncryptedTextField


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    BOUNCED = "bounced", _("Bounced")
    FAILED = "failed", _("Failed after every retry")


class OutgoingEmail(models.Model):
    """An email waiting to go, or gone: an outage of the provider loses nothing, it only waits.

    Addresses and contents are encrypted like testimonies; the body is dropped once sent.
    """

    tag = models.CharField(max_length=64)
    # Emails to an author go with their testimony when it is erased.
    testimony = models.ForeignKey(
        "testimonials.Testimony", null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    to = EncryptedTextField(blank=True)
    bcc = EncryptedTextField(blank=True)
    subject = EncryptedTextField()
    body = EncryptedTextField(blank=True)
    status = models.CharField(max_length=16, choices=EmailStatus.choices, default=EmailStatus.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The class of the last error only: a provider's message can quote an address.
    last_error = models.CharField(max_length=200, blank=True)
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When delivery was last tried: the outbox sweep re-queues an email whose next try is long overdue.
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Email {self.pk} ({self.tag}, {self.status})"
