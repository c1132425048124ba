"""Writes for moderation: redaction runs, the workspace's redaction decisions, review decisions, and access.

Imports flow one way: `redaction` <- `workspace`; `review` and `access` stand alone. All of them change
a testimony's status through testimonials.lifecycle and ask testimonials.publishing what may go public;
nothing here imports back from views or hooks.
"""

from .access import CONTACT_PERMISSION, REVEAL_PERMISSION, testimony_contact_reveal, testimony_reveal
from .redaction import notify_moderators, redaction_sweep, testimony_redact, testimony_redaction_retry
from .review import (
    PersonalDataLeft,
    testimony_approve,
    testimony_note_add,
    testimony_reject,
    testimony_second_review_request,
)
from .workspace import (
    MODERATOR_LABELS,
    author_terms_apply,
    finding_add,
    finding_decide,
    finding_reword,
    mentions_redact,
    moderation_records_erase,
    testimony_redacted_by_hand,
    testimony_rerender,
)

__all__ = [
    "CONTACT_PERMISSION",
    "MODERATOR_LABELS",
    "REVEAL_PERMISSION",
    "PersonalDataLeft",
    "author_terms_apply",
    "finding_add",
    "finding_decide",
    "finding_reword",
    "mentions_redact",
    "moderation_records_erase",
    "notify_moderators",
    "redaction_sweep",
    "testimony_approve",
    "testimony_contact_reveal",
    "testimony_note_add",
    "testimony_redact",
    "testimony_redacted_by_hand",
    "testimony_redaction_retry",
    "testimony_reject",
    "testimony_rerender",
    "testimony_reveal",
    "testimony_second_review_request",
]
