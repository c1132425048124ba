from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.admin.modal_workflow import render_modal_workflow

from . import page_cache
from .publishing import REFUSAL_CODES


def _refusals(exception: Exception) -> list[str]:
    if not isinstance(exception, ValidationError) or not hasattr(exception, "error_dict"):
        return []
    errors = [error for field in (NON_FIELD_ERRORS, "body") for error in exception.error_dict.get(field, [])]
    return [message for error in errors if error.code in REFUSAL_CODES for message in error.messages]


class PublicationRefusedMiddleware:
    """Staff see why a story was not published, on the paths Wagtail runs without a form.

    Workflow approval and bulk publishing meet StoryPage.clean()'s refusal as an exception. Both run
    in a transaction, so nothing was half-done: say why and send the user back, rather than a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        refusals = _refusals(exception)
        if not refusals or not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        messages.error(request, "The story was not published. " + " ".join(refusals))
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = reverse("wagtailadmin_home")
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's workflow modals expect this answer, and then follow the redirect.
            return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": back})
        return redirect(back)


class StoryPageCacheMiddleware:
    """Answers anonymous readers' GETs of published story pages from the shared cache (testimonials.page_cache).

    Placed after the security headers' middleware, which still apply to a kept answer, and before
    sessions, language and authentication, which a kept answer does not need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache.eligible(request):
            return self.get_response(request)
        if (cached := page_cache.cached_response(request)) is not None:
            return cached
        response = self.get_response(request)
        page_cache.response_keep(request, response)
        return response
