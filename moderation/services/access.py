"""Opening what only some staff may see: the original text, and the author's contact details; each logged."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from testimonials import publishing
from testimonials.models import Testimony

logger = logging.getLogger(__name__)


REVEAL_PERMISSION = "testimonials.view_raw_testimony"


def testimony_reveal(*, testimony: Testimony, moderator, reason: str) -> datetime:
    """Record that `moderator` opens the original text, and until when; refuse (and record) anyone else.

    The audit log keeps who, when, which testimony and why; never the text.
    """
    if not moderator.has_perm(REVEAL_PERMISSION):
        log(instance=testimony, action="moderation.reveal_denied", user=moderator)
        raise PermissionDenied("You are not allowed to see original texts. The attempt was recorded.")
    reason = publishing.reason_given(
        reason, ask=_("Say why you need the original text (%(length)s characters at least).")
    )
    minutes = settings.REVEAL_MINUTES
    log(
        instance=testimony,
        action="moderation.reveal",
        user=moderator,
        data={"reason": reason[:500], "minutes": minutes},
    )
    return timezone.now() + timedelta(minutes=minutes)


CONTACT_PERMISSION = "testimonials.contact_testimony_author"


def testimony_contact_reveal(*, testimony: Testimony, moderator, reason: str) -> tuple[str, str]:
    """The author's name and email, for someone allowed to contact them, if the author agreed; logged."""
    if not moderator.has_perm(CONTACT_PERMISSION):
        log(instance=testimony, action="moderation.contact_denied", user=moderator)
        raise PermissionDenied("You are not allowed to see contact details. The attempt was recorded.")
    if not (testimony.consent_contact and testimony.contact_email):
        raise ValidationError(_("The author did not agree to be contacted."))
    reason = publishing.reason_given(
        reason, ask=_("Say why you need to contact the author (%(length)s characters at least).")
    )
    log(instance=testimony, action="moderation.contact_view", user=moderator, data={"reason": reason[:500]})
    return testimony.name, testimony.contact_email
