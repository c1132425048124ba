from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from .forms import TestimonyForm
from .ratelimit import rate_limit_allows
from .services import testimony_submit

SUBMISSIONS_PER_HOUR = 10


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
def call_for_testimonials(request, *, page):
    """Show the call and its form; on a valid post, store the testimony and show the receipt once."""
    form = TestimonyForm(request.POST or None, page=page)
    if request.method == "POST" and form.is_valid():
        if rate_limit_allows(request, scope="submit", limit=SUBMISSIONS_PER_HOUR, window_seconds=3600):
            receipt = testimony_submit(**form.submission_arguments())
            return TemplateResponse(request, "testimonials/receipt.html", {"page": page, "receipt": receipt})
        # Keep everything typed on the page: nothing is lost while the limit holds.
        form.add_error(None, _("Too many testimonies were sent from your connection. Please try again in an hour."))
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context)
