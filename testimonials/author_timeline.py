"""Where a testimony stands, in the words its author reads on "My testimony": one plain sentence and a
short timeline (received, personal details removed, reviewed, published or not).

Moderators keep the statuses' own names; an author is told what they mean for their story.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import lifecycle
from .models import Testimony, TestimonyStatus

S = TestimonyStatus

AUTHOR_STATUS = {
    S.RECEIVED: _("We have your testimony and are removing personal details from it."),
    S.REDACTING: _("We have your testimony and are removing personal details from it."),
    S.MANUAL_REDACTION: _(
        "We are removing personal details from your testimony. It needs more care than most, so it takes longer."
    ),
    S.AWAITING_REVIEW: _("A moderator is reading your testimony, with personal details removed."),
    S.SECOND_REVIEW: _("A second moderator is reading your testimony, with personal details removed."),
    S.APPROVED: _("Your story is approved. It will be published on this website soon."),
    S.PUBLISHED: _("Your story is published on this website."),
    S.REJECTED: _("We decided not to publish your story."),
    S.WITHDRAWN: _("You took your story off this website. It will not be published."),
    S.ERASED: _("Everything you sent us was deleted."),
}
APPROVED_UNPUBLISHED = _("Your story is approved. It will not be published, as you asked.")


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "waiting"
    date: datetime.datetime | None = None
    link: str = ""


def author_status(testimony: Testimony) -> str:
    if testimony.status == S.APPROVED and not testimony.consent_publication:
        return str(APPROVED_UNPUBLISHED)
    return str(AUTHOR_STATUS[testimony.status])


def author_timeline(testimony: Testimony) -> list[Step]:
    """The four steps of a testimony's way, each done (with its date), under way, or still to come."""
    status = testimony.status
    if status == S.ERASED:
        return [
            Step(_("Received"), "done", testimony.created_at),
            Step(_("Deleted, as you asked"), "done", testimony.erased_at),
        ]
    decided_at = _decided_at(testimony)
    return [
        Step(_("Received"), "done", testimony.created_at),
        Step(
            _("Personal details removed"),
            _state(current=status in lifecycle.NOT_YET_REDACTED, done=testimony.redacted_at is not None),
            testimony.redacted_at,
        ),
        Step(
            _("Read by a moderator"),
            _state(current=status in lifecycle.IN_REVIEW, done=decided_at is not None),
            decided_at,
        ),
        _last_step(testimony, decided_at),
    ]


def _state(*, current: bool, done: bool) -> str:
    return "current" if current else "done" if done else "waiting"


def _decided_at(testimony: Testimony) -> datetime.datetime | None:
    # A review's decision and the status it leads to share their values ("approved", "rejected").
    decisions = testimony.reviews.filter(decision__in=[S.APPROVED, S.REJECTED]).order_by("-created_at")
    return decisions.values_list("created_at", flat=True).first()


def _last_step(testimony: Testimony, decided_at: datetime.datetime | None) -> Step:
    status = testimony.status
    if status == S.PUBLISHED:
        page = getattr(testimony, "story_page", None)
        live = page is not None and page.live
        return Step(_("Published"), "done", page.first_published_at if live else None, page.get_url() if live else "")
    if status == S.REJECTED:
        return Step(_("Not published: we decided not to"), "done", decided_at)
    if status == S.WITHDRAWN:
        return Step(_("Not published: you took it off"), "done", testimony.withdrawn_at)
    if not testimony.consent_publication:
        return Step(_("Not to be published, as you asked"), "waiting")
    return Step(_("Published"), "current" if status == S.APPROVED else "waiting")
