"""Moderation's answers to testimonials' events."""

import logging

from django.db import transaction
from django.dispatch import receiver

from testimonials.signals import (
    story_returned,
    testimony_erased,
    testimony_original_erased,
    testimony_submitted,
    testimony_terms_added,
)

logger = logging.getLogger(__name__)


@receiver(testimony_submitted)
def _queue_redaction(sender, testimony_id: int, **kwargs) -> None:
    from .tasks import testimony_redact_task

    testimony_redact_task.enqueue(testimony_id=testimony_id)


@receiver(testimony_terms_added)
def _redact_added_terms(sender, testimony_id: int, **kwargs) -> None:
    from .services import author_terms_apply

    author_terms_apply(testimony_id=testimony_id)


@receiver(story_returned)
def _note_returned_story(sender, testimony_id: int, user, reason: str, **kwargs) -> None:
    from testimonials.models import Testimony

    from .services import notify_moderators, testimony_note_add

    testimony_note_add(
        testimony=Testimony.objects.get(pk=testimony_id),
        moderator=user,
        note=f"Sent back from the story editor: {reason}",
    )
    transaction.on_commit(notify_moderators)


@receiver(testimony_erased)
@receiver(testimony_original_erased)
def _forget_the_original(sender, testimony_id: int, **kwargs) -> None:
    from .services import moderation_records_erase

    moderation_records_erase(testimony_id=testimony_id)
