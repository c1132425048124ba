import json
import secrets
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from . import selectors
from .author_timeline import author_status, author_timeline
from .challenge import challenge_new, challenge_solved
from .crypto import decrypt_recent, encrypt
from .forms import ConsentsForm, ReceiptForm, TermsForm, TestimonyForm, UnansweredCallForm
from .models import CallForTestimonialsPage, CallTerms, ConsentField, Incident, Testimony
from .placeholders import placeholders_for_readers
from .ratelimit import count_in_window, rate_limit_allows
from .services import (
    DuplicateSubmission,
    Receipt,
    SubmissionRefused,
    author_changes_request,
    author_text_accept,
    consent_change,
    receipt_open,
    testimony_submit,
    testimony_terms_add,
)

# The receipt between the submission and its page: an encrypted cookie (settings.RECEIPT_COOKIE_NAME) that
# opens only within this time, and only once (its nonce is counted), then is deleted. No session is written:
# it cost a submission four queries.
RECEIPT_SECONDS = 10 * 60


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
def call_for_testimonials(request, *, page):
    """Show the call and its form. A form posted here (a page from before its own address) is taken as
    `testimony_send` takes it."""
    terms = selectors.call_terms(request, page)
    if request.method == "POST":
        return _submission_answer(request, terms, page=page)
    if initial := _incident_chosen(request):
        return _call_page_render(request, page, TestimonyForm(terms=terms, initial=initial))
    # The questions come kept: the whole form is built only when they are drawn (the first reader's).
    questions = SimpleLazyObject(lambda: TestimonyForm(terms=terms))
    return _call_page_render(request, page, UnansweredCallForm(terms=terms), questions=questions)


@require_POST
@never_cache
@sensitive_post_parameters()
@sensitive_variables()
def testimony_send(request):
    """Where the call's form is sent: a plain view, not a page route, so a submission costs no page tree
    walk and no page read; the terms it was shown are read under the page generation (selectors.call_terms)."""
    terms = selectors.call_terms(request)
    if terms is None:
        raise Http404
    return _submission_answer(request, terms)


def _submission_answer(request, terms: CallTerms, *, page: CallForTestimonialsPage | None = None):
    """Store a valid testimony and redirect to its receipt.

    Whatever refuses a post (a filled trap field, the rate limit) answers with the form as it was
    typed: a person who hits it loses nothing.
    """
    form = TestimonyForm(request.POST, terms=terms)
    status = 200  # a form with errors is shown again as typed
    if form.is_valid():
        if form.cleaned_data["homepage"]:
            form.add_error(
                None, _("Please empty the field “Leave this empty” at the end of the form, then send again.")
            )
            status = 400
        else:
            try:
                return _stored_and_receipt(request, form)
            except SubmissionRefused:
                form.add_error(
                    None, _("Too many testimonies were sent from your connection. Please try again in an hour.")
                )
                status = 429
    # The call may have gone since its terms were read (unpublished this very moment): not found, not a crash.
    page = page or CallForTestimonialsPage.objects.live().filter(pk=terms.page_id).first()
    if page is None:
        raise Http404
    return _call_page_render(request, page, form, status=status)


def _stored_and_receipt(request, form: TestimonyForm):
    """Store the testimony, counting it against the sender's hourly limit in the same transaction
    (testimony_submit's `admitted`): a resend or a double click is found stored before it is counted."""
    response = redirect("testimony_receipt")

    def within_limits() -> bool:
        return _within_limits(
            request,
            scope="submit",
            proof=form.cleaned_data["proof"],
            limit=settings.SUBMISSIONS_PER_HOUR,
            unproved_limit=settings.UNPROVED_SUBMISSIONS_PER_HOUR,
        )

    try:
        receipt = testimony_submit(**form.submission_arguments(), admitted=within_limits)
    except DuplicateSubmission:
        # Stored already, by an earlier post or one racing this one: the receipt page shows it once, to that one.
        return response
    _receipt_cookie_set(response, encrypt(json.dumps({**asdict(receipt), "once": secrets.token_hex(16)})))
    return response


def _receipt_cookie_set(response, value: str, **expiry) -> None:
    # As the session cookie is set: host-only, script-proof, never sent cross-site, gone with the visit.
    response.set_cookie(
        settings.RECEIPT_COOKIE_NAME,
        value,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite=settings.SESSION_COOKIE_SAMESITE,
        **expiry,
    )


def _call_page_render(
    request,
    page: CallForTestimonialsPage,
    form: TestimonyForm | UnansweredCallForm,
    *,
    questions: TestimonyForm | None = None,
    status: int = 200,
):
    """The call page with `form`; `questions` draws the kept questions when they are not kept yet."""
    context = page.get_context(request)
    context["form"] = form
    context["questions"] = form if questions is None else questions  # not `or`: it would build a lazy form
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
def testimony_receipt(request):
    """The receipt, once: its cookie is deleted as it is shown and its nonce counted, so a reload, the
    back button or a copy of the cookie cannot show the secret again (nor store the testimony again)."""
    call = selectors.call_page(translation.get_language())
    if call is None:
        raise Http404
    receipt = _receipt_taken(request)
    # Not "page": the receipt is a view of its own, and its language switch leads to the receipt in another
    # language, as on "My testimony" (home.languages.language_links).
    context = {"call": call, "receipt": receipt}
    if receipt:
        # The receipt as a small text file, downloaded from the page itself: the secret is not sent again.
        open_url = request.build_absolute_uri(reverse("my_testimony_open"))
        context["receipt_file"] = render_to_string(
            "testimonials/receipt.txt", {"receipt": receipt, "open_url": open_url}, request=request
        )
    response = TemplateResponse(request, "testimonials/receipt.html", context)
    if settings.RECEIPT_COOKIE_NAME in request.COOKIES:
        _receipt_cookie_set(response, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT")
    return response


def _receipt_taken(request) -> Receipt | None:
    """The receipt its cookie carries, if it is this server's, recent, and not shown before."""
    opened = decrypt_recent(request.COOKIES.get(settings.RECEIPT_COOKIE_NAME, ""), max_age=RECEIPT_SECONDS)
    if opened is None:
        return None
    sealed = json.loads(opened)
    once = sealed.pop("once", "")
    # Counted for as long as the cookie could be valid: a copy sent again within it is refused.
    if not once or count_in_window(f"receipt-shown:{once}", RECEIPT_SECONDS) > 1:
        return None
    return Receipt(reference=sealed["reference"], secret=sealed["secret"])


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
