"""Signals testimonials sends, and the Wagtail page events it listens to.

`testimony_submitted` lets moderation start redaction without testimonials importing it, and
`story_returned` lets it record a returned story's reason as a note for moderators; the erasure
signals let it empty its own rows.
"""

from anymail.signals import tracking
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from wagtail.models import Revision
from wagtail.signals import page_published, page_unpublished

# Sent when a testimony is stored; `testimony_id` is the only argument. Its receivers queue tasks, nothing else:
# when the task queue is in the database, it is sent inside the submitting transaction, and what they queue is
# committed with the testimony; on another queue (RQ), after the commit (testimonials.services.submission).
testimony_submitted = Signal()
# Sent inside the transaction that stores an author's new terms to remove; `testimony_id`.
testimony_terms_added = Signal()
# Sent inside the transaction that sends a story back to review; `testimony_id`, `user` (who sent
# it back) and `reason`.
story_returned = Signal()
# Sent inside the transaction that erases what the author wrote: all of it (`testimony_erased`) or,
# for a published story past its retention, the original only (`testimony_original_erased`); `testimony_id`.
# Each app empties its own rows that quote or point into the original.
testimony_erased = Signal()
testimony_original_erased = Signal()


@receiver(page_published)
def _story_published(sender, instance, **kwargs):
    from .models import StoryPage
    from .services import testimony_mark_published
    from .tasks import story_revisions_purge_task

    if not isinstance(instance.specific_deferred, StoryPage):
        return
    if instance.specific.testimony_id:
        testimony_mark_published(testimony=instance.specific.testimony)
    # Earlier revisions may hold text the scan flagged: purged on the worker, which loads the scan's pipeline.
    page_id = instance.pk
    transaction.on_commit(lambda: story_revisions_purge_task.enqueue(page_id=page_id), robust=True)


@receiver(post_save, sender=Revision)
def _story_revision_saved(sender, instance, created, **kwargs):
    """Ask the worker to check a story draft's text as soon as it is saved, so that the paths publishing a
    saved revision (workflow approval, bulk and scheduled publishing) find its verdict ready."""
    from .models import StoryPage
    from .publishing import text_check_request, text_digest

    if not created or instance.content_type.model_class() is not StoryPage:
        return
    body = instance.content.get("body", "")
    story = StoryPage.objects.filter(pk=instance.object_id).select_related("testimony").first()
    if body and story is not None and story.scan_cleared_digest != text_digest(body):
        text_check_request(body, testimony=story.testimony)


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


def _kept_story_pages_purge(sender, **kwargs):
    from . import page_cache

    page_cache.purge()


def kept_story_pages_purge_connect() -> None:
    """Whatever a story page shows, or who may read it, changing forgets every kept story page.

    Pages in general, not only stories: a story page shows the menu, its translations' links and the
    incident index's address. Connected by TestimonialsConfig.ready().
    """
    from django.db.models.signals import post_delete
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_slug_changed, post_page_move

    from home.models import Organisation

    from .models import Incident, IncidentTranslation, ThreatActor

    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(_kept_story_pages_purge, dispatch_uid=f"story_page_cache_{id(signal)}")
    # Page: deleted only (its saves are drafts too; going public or private sends the signals above).
    watched = [(Page, post_delete)] + [
        (model, signal)
        # The image model: the organisation's logo is in every header, under a rendition of its file.
        for model in (
            Incident,
            IncidentTranslation,
            ThreatActor,
            Organisation,
            Site,
            Locale,
            PageViewRestriction,
            get_image_model(),
        )
        for signal in (post_save, post_delete)
    ]
    for model, signal in watched:
        signal.connect(
            _kept_story_pages_purge, sender=model, dispatch_uid=f"story_page_cache_{model.__name__}_{id(signal)}"
        )
