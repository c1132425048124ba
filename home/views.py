"""Site-wide views outside the page tree."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers ask for on pages without a <link rel="icon"> (feeds, JSON): the site's icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
