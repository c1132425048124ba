"""Signals testimonials sends, and the Wagtail page events it listens to.

`testimony_submitted` lets moderation start redaction without testimonials importing it.
"""

from anymail.signals import tracking
from django.dispatch import Signal, receiver
from wagtail.signals import page_published, page_unpublished

# Sent after the submitting transaction commits; `testimony_id` is the only argument.
testimony_submitted = Signal()
# Sent inside the transaction that stores an author's new terms to remove; `testimony_id`.
testimony_terms_added = Signal()


@receiver(page_published)
def _story_published(sender, instance, **kwargs):
    from .models import StoryPage
    from .services import testimony_mark_published

    if isinstance(instance.specific_deferred, StoryPage) and instance.specific.testimony_id:
        testimony_mark_published(testimony=instance.specific.testimony)


@receiver(page_unpublished)
def _story_unpublished(sender, instance, **kwargs):
    from .models import StoryPage
    from .services import testimony_mark_unpublished

    if isinstance(instance.specific_deferred, StoryPage) and instance.specific.testimony_id:
        testimony_mark_unpublished(testimony=instance.specific.testimony)


@receiver(tracking)
def _email_tracked(sender, event, esp_name, **kwargs):
    from .emails import tracking_event_record

    tracking_event_record(message_id=event.message_id or "", event_type=event.event_type)
