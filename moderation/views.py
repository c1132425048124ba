import logging
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from home.two_factor import is_verified, two_factor_required
from testimonials import publishing
from testimonials.engine_options import pipeline_for
from testimonials.languages import language_name
from testimonials.models import Testimony, TestimonyStatus, TextCheck

from . import reidentification, services
from .forms import (
    FindingAddForm,
    FindingDecisionForm,
    FindingRewordForm,
    LanguageCorrectionForm,
    MentionsForm,
    RevealForm,
    ReviewDecisionForm,
)
from .selectors import review_segments, visible_kept_words
from .services.redaction import language_correctable, testimony_language_correct

logger = logging.getLogger(__name__)
testimony_permission_policy = ModelPermissionPolicy(Testimony)
REVEALS_SESSION_KEY = "testimony_reveals"


def revealed_until(request, testimony: Testimony) -> datetime | None:
    """Until when this user's reveal of the testimony's original lasts, if it does (kept in their session)."""
    stamp = request.session.get(REVEALS_SESSION_KEY, {}).get(str(testimony.pk))
    until = datetime.fromtimestamp(stamp, tz=timezone.get_current_timezone()) if stamp else None
    return until if until and until > timezone.now() else None


def needs_second_factor(request) -> bool:
    """Whether this user may open originals or contact details but has not given their code in this session.

    Those without the permission are not stopped here: the service refuses them and logs the attempt.
    """
    return two_factor_required(request.user) and not is_verified(request)


class TestimonyMixin(PermissionCheckedMixin):
    permission_policy = testimony_permission_policy
    permission_required = "review"

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.testimony = get_object_or_404(Testimony.objects.select_related("incident"), pk=pk)

    def review_url(self, anchor: str = "") -> str:
        return reverse("testimony:review", args=[self.testimony.pk]) + (f"#{anchor}" if anchor else "")


@method_decorator(never_cache, name="dispatch")
class TestimonyReviewView(TestimonyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The redacted text with its findings marked, and the decision. The original only when revealed."""

    template_name = "moderation/testimony_review.html"
    header_icon = "doc-full"
    index_url_name = "testimony:index"

    def get_page_title(self):
        return _("Review %(reference)s") % {"reference": self.testimony.reference}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Testimonies")},
            {"url": "", "label": self.testimony.reference},
        ]

    def get_context_data(self, form: ReviewDecisionForm | None = None, gate_blocked: bool = False, **kwargs):
        context = super().get_context_data(**kwargs)
        testimony = self.testimony
        rows = list(testimony.findings.all())
        until = revealed_until(self.request, testimony)
        editable = testimony.in_review
        by_hand = testimony.waits_for_manual_redaction and until is not None
        context.update(
            testimony=testimony,
            segments=review_segments(testimony, rows, by_hand=by_hand),
            findings=rows,
            reviews=testimony.reviews.select_related("moderator"),
            form=form or ReviewDecisionForm(),
            gate_blocked=gate_blocked,
            can_decide=editable,
            can_ask_second_review=testimony.status == TestimonyStatus.AWAITING_REVIEW,
            can_edit=editable or by_hand,
            redacting_by_hand=by_hand,
            can_retry=testimony.waits_for_manual_redaction,
            may_reveal=self.request.user.has_perm(services.REVEAL_PERMISSION),
            risks=reidentification.risks(testimony.redacted_text, visible_kept_words(testimony, rows, "ORG"))
            if editable
            else [],
            author_request=_author_request_as_read(testimony),
            author_request_original=testimony.author_change_request if until else "",
            may_contact=self.request.user.has_perm(services.CONTACT_PERMISSION) and testimony.consent_contact,
            revealed_until=until,
            original=testimony.story if until else "",
            text_check=_text_check(testimony) if editable else None,
            found_by_rules_only=pipeline_for(testimony.language) is None,
            **_languages(testimony),
            can_correct_language=language_correctable(testimony),
            language_form=LanguageCorrectionForm(initial={"language": testimony.language}, auto_id="language_%s"),
            # Distinct ids: these forms share field names on one page.
            add_form=FindingAddForm(auto_id="add_%s"),
            mentions_form=MentionsForm(auto_id="mentions_%s"),
            reveal_form=RevealForm(auto_id="reveal_%s"),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        reference = {"reference": self.testimony.reference}
        try:
            if action == ReviewDecisionForm.APPROVE:
                story = services.testimony_approve(
                    testimony=self.testimony,
                    moderator=request.user,
                    note=note,
                    override_reason=form.cleaned_data["override_reason"],
                )
                if story is None:
                    messages.success(
                        request, _("%(reference)s approved once; a second moderator must approve it.") % reference
                    )
                else:
                    messages.success(
                        request,
                        _("%(reference)s approved. A draft story now waits for communications staff.") % reference,
                    )
            elif action == ReviewDecisionForm.SECOND_REVIEW:
                services.testimony_second_review_request(testimony=self.testimony, moderator=request.user, note=note)
                messages.success(request, _("%(reference)s now waits for a second review.") % reference)
            elif action == ReviewDecisionForm.NOTE:
                services.testimony_note_add(testimony=self.testimony, moderator=request.user, note=note)
                messages.success(request, _("Note added."))
                return redirect(self.review_url())
            elif action == ReviewDecisionForm.REJECT:
                services.testimony_reject(testimony=self.testimony, moderator=request.user, note=note)
                messages.success(request, _("%(reference)s rejected.") % reference)
            elif action == ReviewDecisionForm.REDACTED_BY_HAND:
                services.testimony_redacted_by_hand(
                    testimony=self.testimony,
                    moderator=request.user,
                    may_uncover=revealed_until(request, self.testimony) is not None,
                )
                messages.success(request, _("%(reference)s, redacted by hand, now waits for review.") % reference)
                return redirect(self.review_url())
            else:
                services.testimony_redaction_retry(testimony=self.testimony, moderator=request.user)
                messages.success(request, _("Redaction queued again for %(reference)s.") % reference)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            gate_blocked = isinstance(error, services.PersonalDataLeft)
            return self.render_to_response(self.get_context_data(form=form, gate_blocked=gate_blocked))
        return redirect(self.index_url_name)


def _languages(testimony: Testimony) -> dict:
    """What the review screen says of the language: written in, sent from, and what the text reads as."""
    detected = testimony.detected_language
    return {
        "sent_from_page": testimony.get_sent_from_language_display()
        if testimony.sent_from_language != testimony.language
        else "",
        "reads_as": language_name(detected) if detected and detected != testimony.language else "",
    }


def _author_request_as_read(testimony: Testimony) -> str | None:
    """The author's own message to moderators, redacted on the worker like their story before anyone reads it;
    None until it is (or when the engine cannot run): then only a reveal shows it."""
    if not testimony.author_change_request:
        return ""
    return testimony.author_change_request_redacted or None


def _text_check(testimony: Testimony) -> TextCheck | None:
    """The personal-data check of the text that would be published, asked of the worker if it is not done."""
    if not testimony.redacted_text.strip():
        return None
    return publishing.text_check_request(testimony.redacted_text, testimony=testimony)


class TestimonyLanguageView(TestimonyMixin, View):
    """A moderator corrects the language a testimony is redacted in; it is redacted again in it, on the worker."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = LanguageCorrectionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the languages testimonies are redacted in."))
            return redirect(self.review_url())
        language = form.cleaned_data["language"]
        try:
            testimony_language_correct(testimony=self.testimony, moderator=request.user, language=language)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.review_url())
        messages.success(
            request,
            _(
                "%(reference)s is now recorded as written in %(language)s and is being redacted again in it. "
                "Words you redacted yourself stay redacted; your keep, redact and wording choices on the "
                "engine's findings are replaced by the new run's."
            )
            % {"reference": self.testimony.reference, "language": language_name(language)},
        )
        return redirect(self.review_url())


class TestimonyTextCheckView(TestimonyMixin, View):
    """Where the check of the public text stands, for the review screen to show without reloading."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        check = _text_check(self.testimony)
        if check is None:
            return JsonResponse({"state": "none", "message": ""})
        html = render_to_string("moderation/includes/text_check.html", {"text_check": check}, request=request)
        return JsonResponse({"state": check.state, "html": html})


class TestimonyFindingsView(TestimonyMixin, View):
    """One change to the redactions: keep or redact a finding, reword it, mark new text, redact mentions."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        handler = {
            "decide": self.decide,
            "reword": self.reword,
            "add": self.add,
            "mentions": self.mentions,
        }.get(action)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return redirect(self.review_url())
        try:
            anchor = handler(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            anchor = ""
        return redirect(self.review_url(anchor))

    @property
    def may_uncover(self) -> bool:
        """Whether this moderator reads the original now: needed to keep personal data, or to redact by hand."""
        return revealed_until(self.request, self.testimony) is not None

    def _finding(self, finding_id: int):
        return get_object_or_404(self.testimony.findings, pk=finding_id)

    def _valid(self, form):
        if not form.is_valid():
            raise ValidationError(_("That change could not be read; please try again."))
        return form.cleaned_data

    def decide(self, request) -> str:
        data = self._valid(FindingDecisionForm(request.POST))
        finding = self._finding(data["finding"])
        services.finding_decide(
            finding=finding, moderator=request.user, decision=data["decision"], may_uncover=self.may_uncover
        )
        return f"finding-{finding.pk}"

    def reword(self, request) -> str:
        data = self._valid(FindingRewordForm(request.POST))
        finding = self._finding(data["finding"])
        services.finding_reword(
            finding=finding, moderator=request.user, replacement=data["replacement"], may_uncover=self.may_uncover
        )
        return f"finding-{finding.pk}"

    def add(self, request) -> str:
        data = self._valid(FindingAddForm(request.POST))
        finding = services.finding_add(
            testimony=self.testimony,
            moderator=request.user,
            start=data["start"],
            end=data["end"],
            label=data["label"],
            replacement=data["replacement"],
            may_uncover=self.may_uncover,
        )
        messages.success(request, _("Redacted."))
        return f"finding-{finding.pk}"

    def mentions(self, request) -> str:
        data = self._valid(MentionsForm(request.POST))
        count = services.mentions_redact(
            testimony=self.testimony,
            moderator=request.user,
            phrase=data["phrase"],
            label=data["label"],
            may_uncover=self.may_uncover,
        )
        messages.success(request, _("%(count)d mentions redacted.") % {"count": count})
        return ""


class TestimonyRevealView(TestimonyMixin, View):
    """Opens the original text for a few minutes, for those allowed, with a reason; logged either way."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = RevealForm(request.POST)
        reason = form.data.get("reason", "")
        if needs_second_factor(request):
            # The middleware asks for the code first; this holds if it is ever bypassed.
            messages.error(request, _("Give your second sign-in factor before revealing an original text."))
            return redirect(self.review_url())
        try:
            until = services.testimony_reveal(testimony=self.testimony, moderator=request.user, reason=reason)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect(self.review_url())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.review_url("reveal"))
        reveals = request.session.get(REVEALS_SESSION_KEY, {})
        reveals[str(self.testimony.pk)] = until.timestamp()
        request.session[REVEALS_SESSION_KEY] = reveals
        return redirect(self.review_url("original"))


@method_decorator(never_cache, name="dispatch")
class TestimonyContactView(TestimonyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Shows the author's contact details once, on their own page, to those allowed; logged either way."""

    http_method_names = ["post"]
    template_name = "moderation/testimony_contact.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("Contact the author of %(reference)s") % {"reference": self.testimony.reference}

    def post(self, request, *args, **kwargs):
        if needs_second_factor(request):
            messages.error(request, _("Give your second sign-in factor before opening contact details."))
            return redirect(self.review_url())
        try:
            name, email = services.testimony_contact_reveal(
                testimony=self.testimony, moderator=request.user, reason=request.POST.get("reason", "")
            )
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect(self.review_url())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.review_url())
        return self.render_to_response(self.get_context_data(testimony=self.testimony, name=name, email=email))
