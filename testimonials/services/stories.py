"""A testimony's story page: drafted at approval, marked live or not, sent back, and its old revisions purged."""

import logging
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext_lazy
from wagtail.log_actions import log
from wagtail.models import Revision
from wagtail.search import index

from .. import lifecycle, publishing, selectors
from ..lifecycle import status_change
from ..models import (
    StoryIncident,
    StoryPage,
    Testimony,
    TestimonyStatus,
)
from ..signals import (
    story_returned,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def testimony_mark_published(*, testimony: Testimony) -> None:
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == TestimonyStatus.APPROVED:
        status_change(testimony, TestimonyStatus.PUBLISHED)


@transaction.atomic
def testimony_mark_unpublished(*, testimony: Testimony) -> None:
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == TestimonyStatus.PUBLISHED:
        status_change(testimony, TestimonyStatus.APPROVED)


@transaction.atomic
def scheduled_stories_refused_cancel() -> list[StoryPage]:
    """Cancel the due schedules of stories that may no longer go live, and log each.

    Wagtail's `publish_scheduled` stops at the first revision that fails to publish, so one such story
    would hold back every page scheduled after it, on every run.
    """
    due = Revision.objects.filter(
        approved_go_live_at__lt=timezone.now(),
        content_type=ContentType.objects.get_for_model(StoryPage),
    ).select_for_update()
    stories = {
        revision.pk: StoryPage.objects.filter(pk=revision.object_id).select_related("testimony").first()
        for revision in due
    }
    # This runs on the worker, which may load the language model: due texts are checked now, so that
    # each is judged here rather than refused half way through Wagtail's run.
    for revision in due:
        if story := stories[revision.pk]:
            publishing.text_check_request(revision.as_object().body, testimony=story.testimony)
    publishing.text_checks_run()
    cancelled = []
    for revision in due:
        story = stories[revision.pk]
        if story is None or not story.publication_problem(revision.as_object().body):
            continue
        go_live_at = revision.approved_go_live_at
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        log(
            instance=story,
            action="wagtail.schedule.cancel",
            revision=revision,
            data={
                "revision": {
                    "id": revision.id,
                    "created": revision.created_at.strftime("%d %b %Y %H:%M"),
                    "go_live_at": go_live_at.strftime("%d %b %Y %H:%M"),
                    "has_live_version": story.live,
                }
            },
        )
        logger.warning("The scheduled publication of story page %s was cancelled: it may not go live.", story.pk)
        cancelled.append(story)
    return cancelled


def story_pages_remove(testimony: Testimony) -> None:
    for story in StoryPage.objects.filter(testimony=testimony):
        index.remove_object(story)
        story.revisions.all().delete()
        story.delete()


# Whole phrases per role, so each language can make them grammatical ("a IT staff" cannot be fixed later).
TITLE_BY_ROLE = {
    "patient": pgettext_lazy("story title", "A story from a patient"),
    "relative": pgettext_lazy("story title", "A story from a patient’s relative"),
    "healthcare_worker": pgettext_lazy("story title", "A story from a healthcare worker"),
    "it_security": pgettext_lazy("story title", "A story from a member of IT or security staff"),
}
UNTOLD_ROLE_TITLE = pgettext_lazy("story title", "A story")


def story_title(testimony: Testimony) -> str:
    """A first title, in the story's language, from what the author told about themselves; communications
    staff are asked to write their own. Country and year go in brackets: a preposition before a country
    ("in the United Kingdom", "au Royaume-Uni", "en España") depends on the country in every language."""
    with override(testimony.language):
        title = str(TITLE_BY_ROLE.get(testimony.role, UNTOLD_ROLE_TITLE))
        details = [str(testimony.country.name)] if testimony.country else []
        if testimony.happened_year:
            details.append(str(testimony.happened_year))
        return f"{title} ({', '.join(details)})" if details else title


def story_slug(title: str) -> str:
    """A public address that says nothing the page does not: never the testimony's reference,
    which is half of the author's receipt."""
    return f"{slugify(title)[:80].rstrip('-')}-{secrets.token_hex(3)}"


@transaction.atomic
def story_draft_create(*, testimony: Testimony) -> StoryPage:
    """A draft story page holding only the redacted text, under the story index of its testimony's language
    (for an approved testimony)."""
    index_page = selectors.story_index(testimony.language, live=False)
    if index_page is None:
        raise ValidationError(_("There is no story index page to put the story under. Create one first."))
    title = story_title(testimony)
    story = StoryPage(
        title=title,
        slug=story_slug(title),
        testimony=testimony,
        body=testimony.redacted_text,
        role=testimony.role,
        country=testimony.country,
        impacts=testimony.impacts,
        year=testimony.happened_year,
        live=False,
        # Cleared at approval (by the check, or a moderator's reason): this very text needs no other check.
        scan_cleared_digest=publishing.text_digest(testimony.redacted_text),
    )
    if testimony.incident_id:
        story.incident_links.add(StoryIncident(incident_id=testimony.incident_id))
    index_page.add_child(instance=story)
    story.save_revision(log_action=True)
    return story


def story_return_to_review(*, story: StoryPage, user, reason: str) -> None:
    """Send a story back to the moderators, who alone may judge what the scan flags.

    Its page goes with every revision and its search entry (edited text may hold what the scan
    flagged); the testimony awaits review again, and approving it creates a fresh draft.
    """
    if not story.permissions_for_user(user).can_edit():
        raise PermissionDenied
    reason = publishing.reason_given(
        reason, ask=_("Say why the story goes back to a moderator (%(length)s characters at least).")
    )
    if story.testimony_id is None:
        raise ValidationError(_("This story has no testimony behind it to send back."))
    testimony = Testimony.objects.select_for_update().get(pk=story.testimony_id)
    if testimony.status not in lifecycle.PUBLISHABLE:
        raise ValidationError(
            f"Only an approved story can be sent back (its testimony is {testimony.get_status_display().lower()})."
        )
    story_pages_remove(testimony)
    # The reason may quote the flagged words: it goes to the moderators' note (encrypted), not the
    # audit log, which is kept for ever in plain text.
    status_change(testimony, TestimonyStatus.AWAITING_REVIEW, user=user, action="testimonials.story_returned")
    story_returned.send(sender=Testimony, testimony_id=testimony.pk, user=user, reason=reason)


def story_revisions_purge(*, page_id: int) -> int:
    """Delete a story's earlier revisions whose body the scan flags; return how many went.

    The live and the latest revision stay (the publishing gates judge those). A revision the scan
    could not check stays too, with a warning: it is purged by a later run.
    """
    story = StoryPage.objects.filter(pk=page_id).first()
    if story is None:
        return 0
    kept = {story.live_revision_id, story.latest_revision_id} - {None}
    if not kept:
        return 0
    # Only revisions older than the latest: one saved while this runs is for the gates to judge.
    earlier = list(Revision.objects.for_instance(story).filter(pk__lt=max(kept)).exclude(pk__in=kept).order_by("pk"))
    bodies = list(dict.fromkeys(revision.content.get("body", "") for revision in earlier))  # often repeated
    language = story.testimony.language if story.testimony else "en"
    leftovers = publishing.leftovers_found(bodies, language=language) if bodies else []
    found = dict(zip(bodies, leftovers, strict=True))
    purged = 0
    for revision in earlier:
        leftovers = found[revision.content.get("body", "")]
        if leftovers is None:
            logger.warning("Revision %s of story page %s could not be checked; it is kept.", revision.pk, story.pk)
        elif leftovers:
            revision.delete()
            purged += 1
    return purged
