"""anymail's webhook routes, closed until a shared secret is configured.

anymail 15 only warns (AnymailInsecureWebhookWarning) when ANYMAIL["WEBHOOK_SECRET"] is unset,
and then takes posts from anyone: a forged "bounced" or "delivered" would change the outbox.
Each route here answers 404 until the secret is set; once it is, anymail's own basic-auth check
refuses a post without it (400). The secret is read on every request, as anymail reads it.
"""

from functools import wraps

from anymail import urls as anymail_urls
from anymail.utils import get_anymail_setting
from django.http import Http404
from django.urls import URLPattern


def webhook_secret_configured() -> bool:
    return bool(get_anymail_setting("webhook_secret", default=None))


def _secret_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not webhook_secret_configured():
            raise Http404("No webhook secret is configured.")
        return view(request, *args, **kwargs)

    return guarded


def webhook_urls() -> tuple[list[URLPattern], str]:
    """anymail.urls with every view guarded, as (patterns, app_name) for `include()`."""
    patterns = [
        URLPattern(pattern.pattern, _secret_required(pattern.callback), pattern.default_args, pattern.name)
        for pattern in anymail_urls.urlpatterns
    ]
    return patterns, anymail_urls.app_name
