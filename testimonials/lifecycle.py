"""A testimony's life: its states, the moves allowed between them, and the one function that makes a move.

No other code assigns `Testimony.status`: services ask `status_change`, which checks the move against
TRANSITIONS, saves, and writes the audit entry. Queries, views and templates use the named sets and the
model's properties below, never status strings. This module imports no model, so models can import it.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log


class TestimonyStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting for redaction")
    REDACTING = "redacting", _("Being redacted")
    MANUAL_REDACTION = "manual_redaction", _("Needs manual redaction")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    SECOND_REVIEW = "second_review", _("Needs a second review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ERASED = "erased", _("Erased")


S = TestimonyStatus

# Named sets: every question code asks about a status is one of these.
# No redacted text a moderator may read yet.
NOT_YET_REDACTED = frozenset({S.RECEIVED, S.REDACTING, S.MANUAL_REDACTION})
# Its redactions may change and it may be approved.
IN_REVIEW = frozenset({S.AWAITING_REVIEW, S.SECOND_REVIEW})
# In the moderators' queue: in review, or waiting to be redacted by hand. Any of them may be rejected.
WAITING_FOR_MODERATORS = IN_REVIEW | {S.MANUAL_REDACTION}
# Its story may be live (with consent to publication).
PUBLISHABLE = frozenset({S.APPROVED, S.PUBLISHED})
# The author may accept the proposed text or ask for changes.
ANSWERABLE = IN_REVIEW | {S.APPROVED}
# The author may read the text proposed for publication.
PROPOSED_TEXT_SHOWN = IN_REVIEW | PUBLISHABLE
# Nothing more can be changed by the author.
CLOSED = frozenset({S.REJECTED, S.WITHDRAWN, S.ERASED})
# Withdrawing publication consent leaves these as they are (their withdrawal date is still recorded).
KEPT_ON_WITHDRAWAL = frozenset({S.REJECTED, S.ERASED})

_ANY_OPEN = frozenset(S) - CLOSED

# Every allowed move. Withdrawal and erasure can happen at any time, at the author's word or by retention.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.REDACTING, S.WITHDRAWN, S.ERASED}),
    # A stalled run is claimed again; a failed one goes back to wait, or to a moderator.
    S.REDACTING: frozenset({S.REDACTING, S.AWAITING_REVIEW, S.RECEIVED, S.MANUAL_REDACTION, S.WITHDRAWN, S.ERASED}),
    S.MANUAL_REDACTION: frozenset({S.RECEIVED, S.AWAITING_REVIEW, S.REJECTED, S.WITHDRAWN, S.ERASED}),
    # Back to the queue when a moderator corrects its language: redacted again in the right one.
    S.AWAITING_REVIEW: frozenset({S.SECOND_REVIEW, S.APPROVED, S.REJECTED, S.RECEIVED, S.WITHDRAWN, S.ERASED}),
    S.SECOND_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.RECEIVED, S.WITHDRAWN, S.ERASED}),
    # Back to review when the author adds words to remove or asks for changes, or the story is sent back.
    S.APPROVED: frozenset({S.PUBLISHED, S.AWAITING_REVIEW, S.WITHDRAWN, S.ERASED}),
    S.PUBLISHED: frozenset({S.APPROVED, S.AWAITING_REVIEW, S.WITHDRAWN, S.ERASED}),
    S.REJECTED: frozenset({S.ERASED}),
    S.WITHDRAWN: frozenset({S.ERASED}),
    S.ERASED: frozenset(),
}

# The audit entry of a move whose caller names no action of its own (the worker's and the site's moves).
STATUS_CHANGE_ACTION = "testimonials.status_change"


class TransitionNotAllowed(ValidationError):
    """A move TRANSITIONS does not allow: a bug, or a race another request won."""


def may_move(current: str, to: str) -> bool:
    return to in TRANSITIONS[current]


def status_change(
    testimony: models.Model,
    to: str,
    *,
    user=None,
    action: str = STATUS_CHANGE_ACTION,
    data: dict | None = None,
    fields: Iterable[str] = (),
) -> None:
    """Move `testimony` to `to`, saving it with the other `fields` the caller changed, and log the move.

    Lock the row first (select_for_update) where two requests could race. The log entry records the
    move (`from`, `to`) with `data`, under `action`; never text: the audit log is kept for ever.
    """
    current = testimony.status
    if not may_move(current, to):
        raise TransitionNotAllowed(
            _("A testimony that is %(current)s cannot become %(to)s.")
            % {"current": S(current).label.lower(), "to": S(to).label.lower()},
            code="transition_not_allowed",
        )
    testimony.status = to
    testimony.save(update_fields=list(dict.fromkeys(["status", "updated_at", *fields])))
    log(instance=testimony, action=action, user=user, data={"from": current, "to": to, **(data or {})})
