"""Moderation's answers to testimonials' events."""

import logging

from django.dispatch import receiver

from testimonials.signals import testimony_submitted

logger = logging.getLogger(__name__)


@receiver(testimony_submitted)
def _queue_redaction(sender, testimony_id: int, **kwargs) -> None:
    from .tasks import testimony_redact_task

    testimony_redact_task.enqueue(testimony_id=testimony_id)
