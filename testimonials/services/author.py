"""The author's own changes after sending: words to remove, and their answer to the proposed text."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import lifecycle
from ..crypto import text_digest
from ..engine_options import engine_options
from ..lifecycle import status_change
from ..models import Testimony, TestimonyStatus
from ..sanitize import to_plain_text
from ..signals import testimony_terms_added
from ..tasks import author_change_request_redact_task
from .stories import story_pages_remove

logger = logging.getLogger(__name__)


@transaction.atomic
def testimony_terms_add(*, testimony: Testimony, terms: list[str]) -> int:
    """Add words the author wants removed; return how many were new.

    A story already approved or published comes off the site until moderators have applied
    them: a word the author asked to remove must not stay public in the meantime.
    """
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.is_closed:
        raise ValidationError(_("This testimony is closed: nothing more can be changed."))
    known = {term.casefold() for term in testimony.removal_term_list}
    new = [term for term in dict.fromkeys(" ".join(t.split()) for t in terms) if term and term.casefold() not in known]
    if not new:
        return 0
    testimony.removal_terms = "\n".join([*testimony.removal_term_list, *new])
    if testimony.status in lifecycle.PUBLISHABLE:
        story_pages_remove(testimony)
        status_change(testimony, TestimonyStatus.AWAITING_REVIEW, fields=["removal_terms"])
    else:
        testimony.save(update_fields=["removal_terms", "updated_at"])
    testimony_terms_added.send(sender=Testimony, testimony_id=testimony.pk)
    return len(new)


@transaction.atomic
def author_text_accept(*, testimony: Testimony) -> None:
    """The author accepts the text proposed for publication, as it stands now."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if not testimony.author_may_answer:
        raise ValidationError(_("There is no proposed text to accept yet."))
    testimony.author_accepted_digest = text_digest(testimony.redacted_text)
    testimony.author_change_request = ""
    testimony.author_answered_at = timezone.now()
    testimony.save(
        update_fields=["author_accepted_digest", "author_change_request", "author_answered_at", "updated_at"]
    )


@transaction.atomic
def author_changes_request(*, testimony: Testimony, request_text: str) -> None:
    """The author asks for changes: an approved story comes down and goes back to review."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status not in lifecycle.ANSWERABLE:
        raise ValidationError(_("Your story is not waiting for your answer."))
    request_text = to_plain_text(request_text)
    if len(request_text) < 5:
        raise ValidationError(_("Tell us what to change."))
    testimony.author_accepted_digest = ""
    testimony.author_change_request = request_text
    testimony.author_change_request_redacted = ""
    testimony.author_answered_at = timezone.now()
    answer = ["author_accepted_digest", "author_change_request", "author_change_request_redacted", "author_answered_at"]
    if testimony.status == TestimonyStatus.APPROVED:
        story_pages_remove(testimony)
        status_change(testimony, TestimonyStatus.AWAITING_REVIEW, fields=answer)
    else:
        testimony.save(update_fields=[*answer, "updated_at"])
    # Moderators read it redacted, and the language model lives on the worker.
    transaction.on_commit(lambda: author_change_request_redact_task.enqueue(testimony_id=testimony.pk), robust=True)


def author_change_request_redact(*, testimony_id: int) -> None:
    """Store the author's change request redacted like their story (on the worker: it loads the language model)."""
    from moderation.redaction import detect, redact

    testimony = Testimony.objects.filter(pk=testimony_id).first()
    if testimony is None or not testimony.author_change_request:
        return
    request_text = testimony.author_change_request
    try:
        found = detect([request_text], terms=[testimony.removal_term_list], **engine_options(testimony.language))[0]
    except Exception as error:
        # The class only: an engine's message could quote the text. Moderators can reveal it meanwhile.
        logger.error("Redacting an author's change request failed: %s", type(error).__name__)
        return
    # Saved only if the request is unchanged since it was read: a newer one has its own task.
    Testimony.objects.filter(pk=testimony_id, author_change_request_redacted="").filter(
        author_answered_at=testimony.author_answered_at
    ).update(author_change_request_redacted=redact(request_text, found).text)
