from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from testimonials.models import Testimony, TestimonyStatus

from . import services
from .forms import ReviewDecisionForm
from .selectors import review_segments

testimony_permission_policy = ModelPermissionPolicy(Testimony)


@method_decorator(never_cache, name="dispatch")
class TestimonyReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The redacted text with its findings marked, and the decision. Never the original text."""

    permission_policy = testimony_permission_policy
    permission_required = "review"
    template_name = "moderation/testimony_review.html"
    header_icon = "doc-full"
    index_url_name = "testimony:index"

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.testimony = get_object_or_404(Testimony.objects.select_related("incident"), pk=pk)

    def get_page_title(self):
        return _("Review %(reference)s") % {"reference": self.testimony.reference}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Testimonies")},
            {"url": "", "label": self.testimony.reference},
        ]

    def get_context_data(self, form: ReviewDecisionForm | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        testimony = self.testimony
        context.update(
            testimony=testimony,
            segments=review_segments(testimony),
            findings=testimony.findings.all(),
            reviews=testimony.reviews.select_related("moderator"),
            form=form or ReviewDecisionForm(),
            can_decide=testimony.status == TestimonyStatus.AWAITING_REVIEW,
            can_retry=testimony.status == TestimonyStatus.MANUAL_REDACTION,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        try:
            if action == ReviewDecisionForm.APPROVE:
                services.testimony_approve(testimony=self.testimony, moderator=request.user, note=note)
                messages.success(
                    request,
                    _("%(reference)s approved. A draft story now waits for communications staff.")
                    % {"reference": self.testimony.reference},
                )
            elif action == ReviewDecisionForm.REJECT:
                services.testimony_reject(testimony=self.testimony, moderator=request.user, note=note)
                messages.success(request, _("%(reference)s rejected.") % {"reference": self.testimony.reference})
            else:
                services.testimony_redaction_retry(testimony=self.testimony, moderator=request.user)
                messages.success(
                    request, _("Redaction queued again for %(reference)s.") % {"reference": self.testimony.reference}
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form))
        return redirect(self.index_url_name)
