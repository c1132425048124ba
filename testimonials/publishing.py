"""What may go public: one place for the rules every publishing path and every screen asks.

- Whether a story may be live at all (consent, and an approved testimony): `publication_problem`,
  and the same rule as a query, `publication_allowed`.
- Whether a text is free of personal data: a check run on the worker (`text_check_request`,
  `text_checks_run`) whose verdict the gates read (`text_refusal`), so no web process loads the
  language model.
- The reason asked of staff who open originals, override the check or send a story back (`reason_given`).

Each refusal carries one of REFUSAL_CODES, which the screens and the publishing middleware recognise.
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import lifecycle
from .crypto import text_digest
from .text_checks import CheckState, TextCheck

logger = logging.getLogger(__name__)

REASON_MIN_LENGTH = 10

NOT_PUBLISHABLE = "not_publishable"
PERSONAL_DATA_LEFT = "personal_data_left"
NOT_CHECKED_YET = "not_checked_yet"
CHECK_FAILED = "check_failed"
REFUSAL_CODES = frozenset({NOT_PUBLISHABLE, PERSONAL_DATA_LEFT, NOT_CHECKED_YET, CHECK_FAILED})

# A check still pending after this long is asked of the worker again (its task was lost).
CHECK_STALLED_AFTER = timedelta(minutes=2)
# Verdicts are kept this long, then the rows go (a story cleared since keeps its digest on the page).
CHECKS_KEPT_FOR = timedelta(days=30)


def reason_given(reason: str, *, ask: str) -> str:
    """The reason, on one line, or a ValidationError asking for one of REASON_MIN_LENGTH characters.

    `ask` is the whole request as translated, with `%(length)s` where the minimum goes: a sentence
    put together from pieces cannot be translated.
    """
    reason = " ".join(reason.split())
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(ask % {"length": REASON_MIN_LENGTH}, code="reason_too_short")
    return reason


# May this testimony's story be live?


def publication_problem(testimony) -> str | None:
    """Why a story of this testimony may not go live now, or None."""
    if testimony is None:
        return _("This story has no testimony behind it, so it cannot be published.")
    if not testimony.consent_publication:
        return _("Its author has not consented to publication (or has withdrawn consent).")
    if not testimony.can_be_published:
        return _("The testimony behind this story is not approved.")
    return None


# What publication_problem() reads of a testimony: a public read of a story loads these and nothing else.
PUBLICATION_RULE_FIELDS = ("consent_publication", "status")


def publication_allowed(prefix: str = "testimony__") -> models.Q:
    """publication_problem() as a query filter on stories: those it has nothing against.

    Change both together (a test compares them for every testimony status).
    """
    return models.Q(**{f"{prefix}consent_publication": True, f"{prefix}status__in": lifecycle.PUBLISHABLE})


# Is this text free of personal data?


@dataclass(frozen=True)
class Leftover:
    label: str
    words: str


def describe(leftovers: list[Leftover]) -> str:
    return "; ".join(f"{leftover.label.replace('_', ' ').lower()} “{leftover.words}”" for leftover in leftovers)


def text_check_request(text: str, *, testimony) -> TextCheck:
    """The check of `text`, asked of the worker if it was never asked (or its task was lost)."""
    digest = text_digest(text)
    check = TextCheck.objects.filter(testimony=testimony, digest=digest).first()
    if check is None:
        try:
            with transaction.atomic():
                check = TextCheck.objects.create(testimony=testimony, digest=digest, text=text)
        except IntegrityError:  # asked at the same moment by another request
            return TextCheck.objects.get(testimony=testimony, digest=digest)
        transaction.on_commit(_checks_run_later, robust=True)
    elif check.state == CheckState.PENDING and check.requested_at < timezone.now() - CHECK_STALLED_AFTER:
        TextCheck.objects.filter(pk=check.pk).update(requested_at=timezone.now())
        transaction.on_commit(_checks_run_later, robust=True)
    return check


def _checks_run_later() -> None:
    from .tasks import text_checks_run_task

    text_checks_run_task.enqueue()


@transaction.atomic
def text_checks_run() -> int:
    """Run every pending check no other worker holds, one engine call per language (on the worker); return
    how many. The checks stay locked until their verdicts are stored, so two workers never run the same."""
    pending = list(
        TextCheck.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(state=CheckState.PENDING)
        .select_related("testimony")
        .order_by("requested_at")
    )
    by_language: dict[str, list[TextCheck]] = {}
    for check in pending:
        by_language.setdefault(check.testimony.language if check.testimony else "en", []).append(check)
    for language, checks in by_language.items():
        found = leftovers_found([check.text for check in checks], language=language)
        for check, leftovers in zip(checks, found, strict=True):
            _verdict_store(check, leftovers)
    return len(pending)


def text_checks_sweep() -> bool:
    """Ask the worker again for checks whose task was lost (the redaction sweep calls this); whether any were."""
    stalled = TextCheck.objects.filter(
        state=CheckState.PENDING, requested_at__lt=timezone.now() - CHECK_STALLED_AFTER
    ).exists()
    if stalled:
        _checks_run_later()
    return stalled


def leftovers_found(texts: list[str], *, language: str = "en") -> list[list[Leftover] | None]:
    """Personal data the engine finds in each (already redacted) text; None for a text it could not check.

    Loads the language model: call it on the worker only.
    """
    from moderation.redaction import detect

    from .engine_options import engine_options

    try:
        options = engine_options(language)
        found = detect(texts, **options)
    except Exception as error:
        # The class only: an engine's message could quote the text.
        logger.error("The personal-data check could not run: %s", type(error).__name__)
        return [None] * len(texts)
    return [
        [Leftover(f.label, text[f.start : f.end]) for f in findings if f.is_personal]
        for text, findings in zip(texts, found, strict=True)
    ]


def _verdict_store(check: TextCheck, leftovers: list[Leftover] | None) -> None:
    if leftovers is None:
        check.state = CheckState.FAILED
    else:
        check.state = CheckState.FLAGGED if leftovers else CheckState.CLEAR
        check.found = json.dumps([[leftover.label, leftover.words] for leftover in leftovers])
    check.text = ""
    check.checked_at = timezone.now()
    check.save(update_fields=["state", "found", "text", "checked_at"])


def check_leftovers(check: TextCheck) -> list[Leftover]:
    return [Leftover(label, words) for label, words in json.loads(check.found or "[]")]


def checks_prune(*, now=None) -> int:
    """Delete verdicts older than CHECKS_KEPT_FOR; return how many."""
    cutoff = (now or timezone.now()) - CHECKS_KEPT_FOR
    deleted, _by_model = TextCheck.objects.filter(requested_at__lt=cutoff).exclude(state=CheckState.PENDING).delete()
    return deleted


class TextRefused(ValidationError):
    """The text may not go public now; `code` says why (one of REFUSAL_CODES) and `check` holds the verdict."""

    def __init__(self, message: str, *, code: str, check: TextCheck):
        self.check = check
        super().__init__(message, code=code)

    @property
    def leftovers(self) -> list[Leftover]:
        return check_leftovers(self.check)


def text_refusal(text: str, *, testimony, cleared_digest: str = "") -> TextRefused | None:
    """Why `text` may not go public now, or None: it passed the check, or was cleared as it stands.

    `cleared_digest` is the digest of a text already cleared (a moderator's reasoned approval): that
    very text needs no check. Otherwise the worker's verdict decides; until there is one, the answer
    is "being checked".
    """
    if cleared_digest and cleared_digest == text_digest(text):
        return None
    check = text_check_request(text, testimony=testimony)
    if check.state == CheckState.CLEAR:
        return None
    if check.state == CheckState.PENDING:
        return TextRefused(
            _("The text is being checked for personal data. This takes a few seconds: try again in a moment."),
            code=NOT_CHECKED_YET,
            check=check,
        )
    if check.state == CheckState.FAILED:
        return TextRefused(
            _(
                "The personal-data check could not run (the redaction engine failed), "
                "so this text cannot be published now."
            ),
            code=CHECK_FAILED,
            check=check,
        )
    return TextRefused(
        _("This text still looks like it holds personal data: %(found)s.")
        % {"found": describe(check_leftovers(check))},
        code=PERSONAL_DATA_LEFT,
        check=check,
    )
