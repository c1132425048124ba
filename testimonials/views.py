import json
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from . import selectors
from .author_timeline import author_status, author_timeline
from .challenge import challenge_new, challenge_solved
from .crypto import decrypt, encrypt
from .forms import ConsentsForm, ReceiptForm, TermsForm, TestimonyForm
from .models import ConsentField, Incident, Testimony
from .placeholders import placeholders_for_readers
from .ratelimit import rate_limit_allows
from .services import (
    DuplicateSubmission,
    Receipt,
    author_changes_request,
    author_text_accept,
    consent_change,
    receipt_open,
    testimony_already_stored,
    testimony_submit,
    testimony_terms_add,
)

# The receipt between the submission and its page, encrypted: sessions are rows in the database.
RECEIPT_SESSION_KEY = "testimony_receipt"


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
def call_for_testimonials(request, *, page):
    """Show the call and its form; on a valid post, store the testimony and redirect to its receipt.

    Whatever refuses a post (a filled trap field, the rate limit) answers with the form as it was
    typed: a person who hits it loses nothing.
    """
    form = TestimonyForm(request.POST or None, page=page, initial=_incident_chosen(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        receipt_url = page.get_url(request) + page.reverse_subpage("receipt")
        if form.cleaned_data["homepage"]:
            form.add_error(
                None, _("Please empty the field “Leave this empty” at the end of the form, then send again.")
            )
            status = 400
        elif testimony_already_stored(submission_token=form.cleaned_data["submission_token"]):
            return redirect(receipt_url)
        elif _within_limits(
            request,
            scope="submit",
            proof=form.cleaned_data["proof"],
            limit=settings.SUBMISSIONS_PER_HOUR,
            unproved_limit=settings.UNPROVED_SUBMISSIONS_PER_HOUR,
        ):
            try:
                receipt = testimony_submit(**form.submission_arguments())
            except DuplicateSubmission:
                # Stored by a request racing this one: the receipt page shows it once, to that one.
                pass
            else:
                request.session[RECEIPT_SESSION_KEY] = encrypt(json.dumps(asdict(receipt)))
            return redirect(receipt_url)
        else:
            form.add_error(None, _("Too many testimonies were sent from your connection. Please try again in an hour."))
            status = 429
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _incident_chosen(request) -> dict:
    """The incident a reader came from ("Tell your story about this attack"), chosen for them in the form."""
    slug = request.GET.get("incident", "")
    incident = Incident.objects.filter(slug=slug).only("pk").first() if slug else None
    return {"incident": incident.pk} if incident else {}


def _within_limits(request, *, scope: str, proof: str, limit: int, unproved_limit: int) -> bool:
    """Count this post an hour; one sent without a solved proof of work has a stricter limit of its own."""
    if challenge_solved(proof):
        return rate_limit_allows(request, scope=scope, limit=limit, window_seconds=3600)
    return rate_limit_allows(request, scope=f"{scope}-slow", limit=unproved_limit, window_seconds=3600)


@never_cache
def proof_of_work_challenge(request):
    """A fresh challenge for the public forms' proof of work (site/static/js/proof-of-work.js)."""
    return JsonResponse(challenge_new())


@never_cache
def testimony_receipt(request, *, page):
    """The receipt, once: taken out of the session as it is shown, so a reload or the back button
    cannot show the secret again (nor store the testimony again)."""
    sealed = request.session.pop(RECEIPT_SESSION_KEY, None)
    receipt = Receipt(**json.loads(decrypt(sealed))) if sealed else None
    context = {"page": page, "receipt": receipt}
    if receipt:
        # The receipt as a small text file, downloaded from the page itself: the secret is not sent again.
        open_url = request.build_absolute_uri(reverse("my_testimony_open"))
        context["receipt_file"] = render_to_string(
            "testimonials/receipt.txt", {"receipt": receipt, "open_url": open_url}, request=request
        )
    return TemplateResponse(request, "testimonials/receipt.html", context)


ACCESS_SECONDS = 30 * 60
SESSION_KEY = "my_testimony"
# Lazy: read at import, shown in the language of each request.
WRONG_RECEIPT = gettext_lazy("We could not open a testimony with this reference and secret. Please check both.")


def _opened(request) -> Testimony | None:
    access = request.session.get(SESSION_KEY)
    if not access or access["until"] < time.time():
        return None
    return Testimony.objects.filter(pk=access["id"]).first()


@never_cache
@sensitive_post_parameters()
def my_testimony_open(request):
    """The author opens their testimony with the receipt; wrong receipts all get the same answer."""
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _within_limits(
            request,
            scope="receipt",
            proof=data["proof"],
            limit=settings.RECEIPT_ATTEMPTS_PER_HOUR,
            unproved_limit=settings.UNPROVED_RECEIPT_ATTEMPTS_PER_HOUR,
        ):
            form.add_error(None, _("Too many attempts from your connection. Please try again in an hour."))
        elif testimony := receipt_open(reference=data["reference"], secret=data["secret"]):
            request.session.cycle_key()
            request.session[SESSION_KEY] = {"id": testimony.pk, "until": time.time() + ACCESS_SECONDS}
            # In the language the author wrote from; the language switch still offers the others.
            with translation.override(testimony.sent_from_language):
                return redirect("my_testimony")
        else:
            form.add_error(None, WRONG_RECEIPT)
    return TemplateResponse(request, "testimonials/my_testimony_open.html", {"form": form})


@never_cache
def my_testimony(request):
    """Status, the text proposed for publication, and the author's choices, for as long as they are signed in."""
    testimony = _opened(request)
    if testimony is None:
        return redirect("my_testimony_open")
    if request.method == "POST" and request.POST.get("action") == "terms":
        return _terms_add(request, testimony)
    if request.method == "POST" and request.POST.get("action") in ("accept", "changes"):
        return _answer(request, testimony)
    call = selectors.call_page(testimony.sent_from_language)
    version = _consent_version(testimony, call)
    # Bound on POST even when empty: unticking every box posts no field at all.
    form = ConsentsForm(request.POST if request.method == "POST" else None, testimony=testimony, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            for consent, given in form.cleaned_data.items():
                consent_change(testimony=testimony, consent=consent, given=given, text_version=version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your choices are saved."))
        return redirect("my_testimony")
    testimony.refresh_from_db()
    return TemplateResponse(
        request,
        "testimonials/my_testimony.html",
        {
            "testimony": testimony,
            "status_text": author_status(testimony),
            "timeline": author_timeline(testimony),
            "form": form,
            "terms_form": TermsForm(),
            "can_answer": testimony.author_may_answer,
            "proposed_text": (
                placeholders_for_readers(testimony.redacted_text, testimony.language, author=True)
                if testimony.shows_proposed_text_to_author
                else ""
            ),
        },
    )


def _consent_version(testimony: Testimony, call) -> str:
    """The version of the consent wording the author agrees to now: that of `call`, the call page in the
    language they wrote from (or, without one, the version they first agreed to)."""
    return call.consent_text_version if call else testimony.consent_text_version


@dataclass(frozen=True)
class _Withdrawal:
    consent: str
    done: str  # told once it is done


WITHDRAWALS = {
    "take-off": _Withdrawal(
        ConsentField.PUBLICATION, gettext_lazy("Your story is off this website, and it will not be published.")
    ),
    "delete": _Withdrawal(ConsentField.PROCESSING, gettext_lazy("Everything you sent us is deleted.")),
}


@never_cache
def my_testimony_withdraw(request, decision: str):
    """Take the story off the site, or delete everything: a page that says what will happen, then a button."""
    testimony = _opened(request)
    if testimony is None:
        return redirect("my_testimony_open")
    withdrawal = WITHDRAWALS[decision]
    if not getattr(testimony, withdrawal.consent):  # done already (a reload, a second click): nothing to confirm
        return redirect("my_testimony")
    if request.method == "POST":
        try:
            consent_change(
                testimony=testimony,
                consent=withdrawal.consent,
                given=False,
                text_version=_consent_version(testimony, selectors.call_page(testimony.sent_from_language)),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, withdrawal.done)
        return redirect("my_testimony")
    return TemplateResponse(
        request,
        "testimonials/my_testimony_withdraw.html",
        {"testimony": testimony, "decision": decision, "published": testimony.is_published},
    )


def _answer(request, testimony: Testimony):
    try:
        if request.POST["action"] == "accept":
            author_text_accept(testimony=testimony)
            messages.success(request, _("Thank you: you accepted the text as it stands."))
        else:
            author_changes_request(testimony=testimony, request_text=request.POST.get("request", ""))
            messages.success(request, _("Thank you: a moderator will make your changes before anything is published."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("my_testimony")


def _terms_add(request, testimony: Testimony):
    form = TermsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write at least one word or name to remove."))
        return redirect("my_testimony")
    try:
        added = testimony_terms_add(testimony=testimony, terms=form.cleaned_data["terms"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("We will remove them everywhere in your story before anything is published.")
            if added
            else _("Those words were already on your list."),
        )
    return redirect("my_testimony")
