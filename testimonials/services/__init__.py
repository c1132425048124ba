"""Writes for testimonials: submission, the author's changes, erasure and retention, and story pages.

Imports flow one way: `stories` <- `erasure`, `author`; `submission` stands alone. All of them write
statuses through testimonials.lifecycle and ask testimonials.publishing what may go public.
"""

from .author import author_change_request_redact, author_changes_request, author_text_accept, testimony_terms_add
from .erasure import (
    consent_change,
    original_field_names,
    publication_withdraw,
    retention_apply,
    testimony_erase,
    testimony_original_erase,
)
from .stories import (
    scheduled_stories_refused_cancel,
    story_draft_create,
    story_pages_remove,
    story_return_to_review,
    story_revisions_purge,
    testimony_mark_published,
    testimony_mark_unpublished,
)
from .submission import (
    DuplicateSubmission,
    Receipt,
    SubmissionRefused,
    receipt_open,
    submission_digest,
    testimony_submit,
)

__all__ = [
    "DuplicateSubmission",
    "SubmissionRefused",
    "Receipt",
    "author_change_request_redact",
    "author_changes_request",
    "author_text_accept",
    "consent_change",
    "original_field_names",
    "publication_withdraw",
    "receipt_open",
    "retention_apply",
    "scheduled_stories_refused_cancel",
    "story_draft_create",
    "story_pages_remove",
    "story_return_to_review",
    "story_revisions_purge",
    "submission_digest",
    "testimony_erase",
    "testimony_mark_published",
    "testimony_mark_unpublished",
    "testimony_original_erase",
    "testimony_submit",
    "testimony_terms_add",
]
