"""A testimony arrives: stored once, encrypted, with its consents; its receipt opens it again."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config.tasks import tasks_queue_in_the_database

from ..crypto import keyed_hash
from ..models import (
    ConsentChange,
    ConsentField,
    Incident,
    Testimony,
    new_reference,
    new_secret,
)
from ..ratelimit import counts_raised
from ..signals import (
    testimony_submitted,
)
from ..tasks import submission_confirmation_send

logger = logging.getLogger(__name__)


REFERENCE_ATTEMPTS = 5
# testimonials/hashers.py says why receipts are not hashed like passwords.
RECEIPT_HASHER = "receipt_sha256"


@dataclass(frozen=True)
class Receipt:
    """What the author is shown once: the secret is stored only as a hash."""

    reference: str
    secret: str

    @property
    def secret_groups(self) -> list[str]:
        """The secret's groups of four: a narrow screen may break the line between two, never inside one."""
        return self.secret.split("-")


class DuplicateSubmission(Exception):
    """This form was already stored: a reload, a double click or a resend."""


class SubmissionRefused(Exception):
    """The caller's limit refused this testimony (`testimony_submit`'s `admitted`): nothing of it was stored."""


def submission_digest(token: str) -> str:
    """The form token as stored: keyed, so the database alone cannot tie a row to a page view."""
    return keyed_hash("submission", token)


def testimony_submit(
    *,
    story: str,
    role: str,
    consent_processing: bool,
    consent_text_version: str,
    consent_publication: bool = False,
    consent_contact: bool = False,
    consent_research: bool = False,
    country: str = "",
    incident: Incident | None = None,
    incident_description: str = "",
    happened_month: int | None = None,
    happened_year: int | None = None,
    impacts: Iterable[str] = (),
    removal_terms: str = "",
    name: str = "",
    contact_email: str = "",
    language: str = "en",
    submission_token: str = "",
    admitted: Callable[[], bool] | None = None,
) -> Receipt:
    """Store a new testimony, encrypted, with its consent records, and queue its redaction once committed.

    One transaction: either all of it is stored or nothing is. A `submission_token` already
    used raises DuplicateSubmission, under concurrency too (a unique constraint decides).

    `admitted` (a rate limit) is asked inside that transaction, once the testimony's row is written: a
    resend is found stored (DuplicateSubmission) before it is counted, a count shares the story's commit,
    and False rolls everything back, the count too, and raises SubmissionRefused.
    """
    if not consent_processing:
        raise ValidationError(_("A testimony cannot be stored without consent to processing."))
    if consent_contact and not contact_email:
        raise ValidationError(_("Consent to being contacted needs a contact email."))
    secret = new_secret()
    testimony = Testimony(
        secret_hash=make_password(secret, hasher=RECEIPT_HASHER),
        # The page's language, the author's; the worker may find the text is written in another of ours.
        language=language,
        sent_from_language=language,
        role=role,
        country=country,
        incident=incident,
        incident_description=incident_description,
        happened_month=happened_month,
        happened_year=happened_year,
        impacts=list(impacts),
        story=story,
        removal_terms=removal_terms,
        name=name,
        contact_email=contact_email,
        consent_processing=consent_processing,
        consent_publication=consent_publication,
        consent_contact=consent_contact,
        consent_research=consent_research,
        consent_text_version=consent_text_version,
        submission_digest=submission_digest(submission_token) if submission_token else None,
    )
    testimony.full_clean(exclude=["reference", "submission_digest"])
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            _store(testimony, admitted)
        except IntegrityError:
            digest = testimony.submission_digest
            if digest and Testimony.objects.filter(submission_digest=digest).exists():
                raise DuplicateSubmission from None
            if not Testimony.objects.filter(reference=testimony.reference).exists():
                raise
            testimony.reference = new_reference()
        else:
            return Receipt(reference=testimony.reference, secret=secret)
    raise IntegrityError("Could not find a free testimony reference.")


class _FailedInside(Exception):
    """A step kept inside the testimony's transaction to save round trips (its count, its queued tasks) failed
    there; the transaction rolls back, and `_store` stores the story again with that step kept apart."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


def _store(testimony: Testimony, admitted: Callable[[], bool] | None) -> None:
    """Store the testimony in one transaction with its consents, its count (`admitted`) and, when the task queue
    is in this database, its queued tasks: one commit for all of it, and no story without its redaction queued.

    The count takes no savepoint there (ratelimit.counts_raised). If it or the queue fails, the story is stored
    again with both kept apart: the count in a savepoint, where a failure lets the story through (logged), and
    the tasks after the commit, where a failure is logged and the sweep queues the redaction later. A testimony
    is never lost to its count or its queue.
    """
    try:
        _store_once(testimony, admitted, lean=True)
    except _FailedInside as failure:
        logger.warning(
            "%s of %s failed inside its transaction (%s); stored again, counted in a savepoint and queued "
            "after the commit.",
            failure.step,
            testimony,
            type(failure.__cause__).__name__,
        )
        testimony.pk, testimony._state.adding = None, True
        _store_once(testimony, admitted, lean=False)


def _store_once(testimony: Testimony, admitted: Callable[[], bool] | None, *, lean: bool) -> None:
    # The testimony's row is the transaction's first statement, so a clash on its reference or its form
    # token rolls back nothing else: no savepoint is needed around it (two round trips fewer).
    with transaction.atomic():
        testimony.save(force_insert=True)
        if admitted is not None and not _admitted(admitted, lean=lean):
            raise SubmissionRefused
        ConsentChange.objects.bulk_create(
            ConsentChange(
                testimony=testimony,
                consent=field,
                given=getattr(testimony, field),
                text_version=testimony.consent_text_version,
            )
            for field in ConsentField.values
        )
        if lean and tasks_queue_in_the_database():
            _follow_ups_queue(testimony)
        else:
            transaction.on_commit(lambda: _follow_ups_queue(testimony, failures_logged=True))


def _admitted(admitted: Callable[[], bool], *, lean: bool) -> bool:
    # Lean, the count takes no savepoint, and its failure (which on PostgreSQL has broken the transaction) rolls
    # the story back for `_store` to store again; otherwise the count is kept apart and fails open by itself.
    if not lean:
        return admitted()
    try:
        with counts_raised():
            return admitted()
    except Exception as error:
        raise _FailedInside("Counting the sender") from error


def _follow_ups_queue(testimony: Testimony, *, failures_logged: bool = False) -> None:
    """Queue the testimony's redaction (testimony_submitted) and, if its author asked, their confirmation email.

    Inside the testimony's transaction a failure is raised, never caught there: a database error has broken the
    transaction (PostgreSQL), and committing it would quietly roll back a story whose receipt is shown. Once
    the testimony is committed (`failures_logged`), a failure must not lose it, and is logged.
    """
    follow_ups = [(_redaction_start, "Starting redaction failed for %s; the sweep will queue it again.")]
    if testimony.consent_contact and testimony.contact_email:
        follow_ups.append((_confirmation_queue, "Queueing the confirmation email failed for %s."))
    for follow_up, failure in follow_ups:
        try:
            follow_up(testimony)
        except Exception as error:
            if not failures_logged:
                raise _FailedInside("Queueing the tasks") from error
            logger.exception(failure, testimony)


def _redaction_start(testimony: Testimony) -> None:
    testimony_submitted.send(sender=Testimony, testimony_id=testimony.pk)


def _confirmation_queue(testimony: Testimony) -> None:
    submission_confirmation_send.enqueue(testimony_id=testimony.pk)


@cache
def _unknown_receipt_hash() -> str:
    return make_password(new_secret(), hasher=RECEIPT_HASHER)


def receipt_open(*, reference: str, secret: str) -> Testimony | None:
    """The testimony a receipt opens, or None: the same answer, in about the same time, whether
    the reference does not exist or the secret is wrong."""
    testimony = Testimony.objects.filter(reference=reference.strip().upper()).first()
    secret = secret.strip().upper()
    if testimony is None:
        check_password(secret, _unknown_receipt_hash())
        return None
    return testimony if check_password(secret, testimony.secret_hash) else None
