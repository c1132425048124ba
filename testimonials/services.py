"""Writes for testimonials: submission and the status changes publishing causes."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Revision
from wagtail.search import index

from moderation.redaction import scan

from . import lifecycle
from .crypto import encrypted_field_names, keyed_hash
from .lifecycle import status_change
from .models import (
    ConsentChange,
    ConsentField,
    Incident,
    StoryPage,
    Testimony,
    TestimonyStatus,
    new_reference,
    new_secret,
)
from .sanitize import to_plain_text
from .signals import (
    story_returned,
    testimony_erased,
    testimony_original_erased,
    testimony_submitted,
    testimony_terms_added,
)
from .tasks import submission_confirmation_send

logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True)
class Receipt:
    """What the author is shown once: the secret is stored only as a slow hash."""

    reference: str
    secret: str


class DuplicateSubmission(Exception):
    """This form was already stored: a reload, a double click or a resend."""


def submission_digest(token: str) -> str:
    """The form token as stored: keyed, so the database alone cannot tie a row to a page view."""
    return keyed_hash("submission", token)


def testimony_already_stored(*, submission_token: str) -> bool:
    return (
        bool(submission_token)
        and Testimony.objects.filter(submission_digest=submission_digest(submission_token)).exists()
    )


@transaction.atomic
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
) -> Receipt:
    """Store a new testimony, encrypted, with its consent records, and queue its redaction once committed.

    One transaction: either all of it is stored or nothing is. A `submission_token` already
    used raises DuplicateSubmission, under concurrency too (a unique constraint decides).
    """
    if not consent_processing:
        raise ValidationError("A testimony cannot be stored without consent to processing.")
    if consent_contact and not contact_email:
        raise ValidationError("Consent to being contacted needs a contact email.")
    secret = new_secret()
    testimony = Testimony(
        secret_hash=make_password(secret),
        language=language,
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
    _save_with_unique_reference(testimony)
    ConsentChange.objects.bulk_create(
        ConsentChange(
            testimony=testimony, consent=field, given=getattr(testimony, field), text_version=consent_text_version
        )
        for field in ConsentField.values
    )
    transaction.on_commit(lambda: _after_submission(testimony))
    return Receipt(reference=testimony.reference, secret=secret)


def _save_with_unique_reference(testimony: Testimony) -> None:
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                testimony.save()
            return
        except IntegrityError:
            digest = testimony.submission_digest
            if digest and Testimony.objects.filter(submission_digest=digest).exists():
                raise DuplicateSubmission from None
            if Testimony.objects.filter(reference=testimony.reference).exists():
                testimony.reference = new_reference()
                continue
            raise
    raise IntegrityError("Could not find a free testimony reference.")


def _after_submission(testimony: Testimony) -> None:
    # The testimony is committed: a queue or email failure from here on must not lose it.
    try:
        testimony_submitted.send(sender=Testimony, testimony_id=testimony.pk)
    except Exception:
        logger.exception("Starting redaction failed for %s; the sweep will queue it again.", testimony)
    if testimony.consent_contact and testimony.contact_email:
        try:
            submission_confirmation_send.enqueue(testimony_id=testimony.pk)
        except Exception:
            logger.exception("Queueing the confirmation email failed for %s.", testimony)


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
    cancelled = []
    for revision in due:
        story = StoryPage.objects.filter(pk=revision.object_id).select_related("testimony").first()
        if story is None or not story.publication_problem():
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


@cache
def _unknown_receipt_hash() -> str:
    return make_password(new_secret())


def receipt_open(*, reference: str, secret: str) -> Testimony | None:
    """The testimony a receipt opens, or None: the same answer, in about the same time, whether
    the reference does not exist or the secret is wrong."""
    testimony = Testimony.objects.filter(reference=reference.strip().upper()).first()
    secret = secret.strip().upper()
    if testimony is None:
        check_password(secret, _unknown_receipt_hash())
        return None
    return testimony if check_password(secret, testimony.secret_hash) else None


@transaction.atomic
def consent_change(*, testimony: Testimony, consent: str, given: bool, text_version: str) -> None:
    """Give or withdraw one consent, recorded with the wording's version; withdrawals take effect at once."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == TestimonyStatus.ERASED:
        raise ValidationError("This testimony was erased.")
    if consent not in ConsentField.values or getattr(testimony, consent) == given:
        return
    if consent == ConsentField.CONTACT and given and not testimony.contact_email:
        raise ValidationError("We have no email address to contact you at.")
    ConsentChange.objects.create(testimony=testimony, consent=consent, given=given, text_version=text_version)
    setattr(testimony, consent, given)
    testimony.save(update_fields=[consent, "updated_at"])
    if consent == ConsentField.PROCESSING and not given:
        testimony_erase(testimony=testimony)
    elif consent == ConsentField.PUBLICATION and not given:
        publication_withdraw(testimony=testimony)


def _story_pages_remove(testimony: Testimony) -> None:
    for story in StoryPage.objects.filter(testimony=testimony):
        index.remove_object(story)
        story.revisions.all().delete()
        story.delete()


@transaction.atomic
def publication_withdraw(*, testimony: Testimony) -> None:
    """Take the story off the site at once: its page, the page's revisions and its search entry go.

    The testimony stays as a tombstone of its publication: reference, dates and status.
    """
    _story_pages_remove(testimony)
    testimony.withdrawn_at = testimony.withdrawn_at or timezone.now()
    if lifecycle.may_move(testimony.status, TestimonyStatus.WITHDRAWN):
        status_change(testimony, TestimonyStatus.WITHDRAWN, fields=["withdrawn_at"])
    else:  # rejected, erased or withdrawn already: the date is recorded all the same
        testimony.save(update_fields=["withdrawn_at", "updated_at"])


@transaction.atomic
def testimony_erase(*, testimony: Testimony) -> None:
    """Erase everything the author wrote or told about themselves; only the tombstone stays."""
    publication_withdraw(testimony=testimony)
    testimony_erased.send(sender=Testimony, testimony_id=testimony.pk)
    testimony.emails.all().delete()
    # Every encrypted field holds the author's words or identity: all of them, found not listed.
    encrypted = encrypted_field_names(Testimony)
    for name in encrypted:
        setattr(testimony, name, "")
    testimony.country, testimony.incident, testimony.impacts = "", None, []
    testimony.happened_month = testimony.happened_year = None
    testimony.erased_at = timezone.now()
    told_about_it = ["country", "incident", "impacts", "happened_month", "happened_year"]
    status_change(testimony, TestimonyStatus.ERASED, fields=[*encrypted, *told_about_it, "erased_at"])


# What a published story keeps once its original is erased: the text the public reads.
PUBLISHED_TEXT_FIELD = "redacted_text"


def original_field_names() -> list[str]:
    """Everything the author wrote or told about themselves except the published text: every encrypted field."""
    return [name for name in encrypted_field_names(Testimony) if name != PUBLISHED_TEXT_FIELD]


@transaction.atomic
def testimony_original_erase(*, testimony: Testimony) -> None:
    """Keep a published story's redacted text, and nothing else the author wrote or told about themselves."""
    testimony_original_erased.send(sender=Testimony, testimony_id=testimony.pk)
    fields = original_field_names()
    for name in fields:
        setattr(testimony, name, "")
    testimony.save(update_fields=[*fields, "updated_at"])


def retention_apply(*, now=None) -> dict[str, int]:
    """Erase what the retention periods say must go; return how many testimonies, by reason."""

    now = now or timezone.now()

    def older_than(days: int):
        return now - timedelta(days=days)

    not_erased = Testimony.objects.exclude(status=TestimonyStatus.ERASED)
    due = {
        "rejected": not_erased.filter(
            status=TestimonyStatus.REJECTED, updated_at__lt=older_than(settings.RETENTION_REJECTED_DAYS)
        ),
        "never consented to publication": not_erased.filter(
            consent_publication=False, created_at__lt=older_than(settings.RETENTION_NO_PUBLICATION_DAYS)
        ),
        "withdrawn": not_erased.filter(
            status=TestimonyStatus.WITHDRAWN, withdrawn_at__lt=older_than(settings.RETENTION_WITHDRAWN_DAYS)
        ),
    }
    counts = {}
    for reason, testimonies in due.items():
        counts[reason] = 0
        for testimony in testimonies:
            testimony_erase(testimony=testimony)
            counts[reason] += 1
    published = (
        Testimony.objects.filter(status=TestimonyStatus.PUBLISHED)
        .exclude(story="")
        .filter(story_page__first_published_at__lt=older_than(settings.RETENTION_PUBLISHED_ORIGINAL_DAYS))
    )
    counts["published: original erased"] = 0
    for testimony in published:
        testimony_original_erase(testimony=testimony)
        counts["published: original erased"] += 1
    return counts


@transaction.atomic
def testimony_terms_add(*, testimony: Testimony, terms: list[str]) -> int:
    """Add words the author wants removed; return how many were new.

    A story already approved or published comes off the site until moderators have applied
    them: a word the author asked to remove must not stay public in the meantime.
    """
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.is_closed:
        raise ValidationError("This testimony is closed: nothing more can be changed.")
    known = {term.casefold() for term in testimony.removal_term_list}
    new = [term for term in dict.fromkeys(" ".join(t.split()) for t in terms) if term and term.casefold() not in known]
    if not new:
        return 0
    testimony.removal_terms = "\n".join([*testimony.removal_term_list, *new])
    if testimony.status in lifecycle.PUBLISHABLE:
        _story_pages_remove(testimony)
        status_change(testimony, TestimonyStatus.AWAITING_REVIEW, fields=["removal_terms"])
    else:
        testimony.save(update_fields=["removal_terms", "updated_at"])
    testimony_terms_added.send(sender=Testimony, testimony_id=testimony.pk)
    return len(new)


@transaction.atomic
def author_text_accept(*, testimony: Testimony) -> None:
    """The author accepts the text proposed for publication, as it stands now."""
    from moderation.redaction.scan import text_digest

    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if not testimony.author_may_answer:
        raise ValidationError("There is no proposed text to accept yet.")
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
        raise ValidationError("Your story is not waiting for your answer.")
    request_text = to_plain_text(request_text)
    if len(request_text) < 5:
        raise ValidationError("Tell us what to change.")
    testimony.author_accepted_digest = ""
    testimony.author_change_request = request_text
    testimony.author_answered_at = timezone.now()
    answer = ["author_accepted_digest", "author_change_request", "author_answered_at"]
    if testimony.status == TestimonyStatus.APPROVED:
        _story_pages_remove(testimony)
        status_change(testimony, TestimonyStatus.AWAITING_REVIEW, fields=answer)
    else:
        testimony.save(update_fields=[*answer, "updated_at"])


RETURN_REASON_MIN_LENGTH = 10


@transaction.atomic
def story_return_to_review(*, story: StoryPage, user, reason: str) -> None:
    """Send a story back to the moderators, who alone may judge what the scan flags.

    Its page goes with every revision and its search entry (edited text may hold what the scan
    flagged); the testimony awaits review again, and approving it creates a fresh draft.
    """
    if not story.permissions_for_user(user).can_edit():
        raise PermissionDenied
    reason = " ".join(reason.split())
    if len(reason) < RETURN_REASON_MIN_LENGTH:
        raise ValidationError(
            f"Say why the story goes back to a moderator ({RETURN_REASON_MIN_LENGTH} characters at least)."
        )
    if story.testimony_id is None:
        raise ValidationError("This story has no testimony behind it to send back.")
    testimony = Testimony.objects.select_for_update().get(pk=story.testimony_id)
    if testimony.status not in lifecycle.PUBLISHABLE:
        raise ValidationError(
            f"Only an approved story can be sent back (its testimony is {testimony.get_status_display().lower()})."
        )
    _story_pages_remove(testimony)
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
    earlier = Revision.objects.for_instance(story).filter(pk__lt=max(kept)).exclude(pk__in=kept).order_by("pk")
    findings: dict[str, list[scan.Leftover]] = {}  # revisions often repeat a body: scanned once each
    purged = 0
    for revision in earlier:
        body = revision.content.get("body", "")
        digest = scan.text_digest(body)
        if digest not in findings:
            findings[digest] = scan.personal_data_left(body)
        if scan.UNCHECKED in findings[digest]:
            logger.warning("Revision %s of story page %s could not be checked; it is kept.", revision.pk, story.pk)
        elif findings[digest]:
            revision.delete()
            purged += 1
    return purged
