from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import LocalePrefixPattern, get_resolver, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.two_factor import pending_step


class NulCharactersRefusedMiddleware:
    """A NUL character in the address or the query is refused with 400 before any view sees it.

    PostgreSQL cannot hold NUL in text, so a search, filter or page slug carrying one failed as a
    server error; Django's forms already refuse NUL in what is posted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in _query_items(request)):
            return HttpResponseBadRequest("Addresses and queries cannot contain NUL characters.")
        return self.get_response(request)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 outside the language-prefixed pages stays a 404.

    Django retries a 404 under the visitor's language prefix, and Wagtail's catch-all page route
    matches any path there: a missing API record or a disabled webhook would redirect into the pages.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and _outside_language_prefixes(request.path_info):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)


def _outside_language_prefixes(path: str) -> bool:
    """Whether a route outside i18n_patterns (the admin, the API, webhooks, documents) starts `path`."""
    path = path.removeprefix("/")
    return any(
        entry.pattern.match(path)
        for entry in get_resolver().url_patterns
        if not isinstance(entry.pattern, LocalePrefixPattern)
    )


def _query_items(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value


def in_admin(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("wagtailadmin_home"))


class PolicyByAreaMiddleware:
    """The Wagtail admin's own Content-Security-Policy and referrer policy; public pages keep the strict ones.

    In the admin, views named in ADMIN_STRICT_CSP_VIEWS get ADMIN_STRICT_CSP, the others ADMIN_CSP
    (see settings); a view that set its own policy (django.views.decorators.csp) keeps it.

    Referrer: a page carrying one of our forms (it used a CSRF token) says `same-origin`, not `no-referrer`.
    Under `no-referrer` browsers send `Origin: null` with a form's POST, even to its own site, and
    Django's CSRF check refuses that; `same-origin` still sends nothing to any other site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if in_admin(request):
            response._csp_config = _admin_policy(request, response)
            response.headers.setdefault("Referrer-Policy", "same-origin")
        elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _admin_policy(request: HttpRequest, response: HttpResponse) -> dict:
    if hasattr(response, "_csp_config"):
        return response._csp_config
    match = request.resolver_match
    strict = match is not None and match.view_name in settings.ADMIN_STRICT_CSP_VIEWS
    policy = dict(settings.ADMIN_STRICT_CSP if strict else settings.ADMIN_CSP)
    # Wagtail's preview is framed by the editor, and says so with X-Frame-Options: SAMEORIGIN.
    if response.get("X-Frame-Options") == "SAMEORIGIN":
        policy["frame-ancestors"] = ["'self'"]
    return policy


SESSION_STARTED = "staff_session_started"
SESSION_SEEN = "staff_session_seen"


class StaffSessionTimeoutMiddleware:
    """A staff session ends STAFF_SESSION_IDLE_MINUTES after its last request and STAFF_SESSION_MAX_HOURS after
    sign-in, checked here on the server: a cookie's expiry is the browser's to honour or not.

    Only people on staff have accounts, so every signed-in session is a staff session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and _staff_session_over(request):
            logout(request)
            if in_admin(request):
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
        elif request.user.is_authenticated and not _is_background_ping(request):
            request.session[SESSION_SEEN] = timezone.now().timestamp()
        response = self.get_response(request)
        if request.user.is_authenticated and SESSION_STARTED not in request.session:
            # Signed in by this request: the clocks start now.
            now = timezone.now().timestamp()
            request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = now
        return response


def _staff_session_over(request: HttpRequest) -> bool:
    now = timezone.now().timestamp()
    started = request.session.get(SESSION_STARTED, now)
    seen = request.session.get(SESSION_SEEN, now)
    idle = timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES).total_seconds()
    cap = timedelta(hours=settings.STAFF_SESSION_MAX_HOURS).total_seconds()
    return now - seen > idle or now - started > cap


def _is_background_ping(request: HttpRequest) -> bool:
    # An open editor pings every few seconds; that is not someone at the keyboard.
    return request.path.startswith(reverse("wagtailadmin_home") + "editing-sessions/")


class StaffTwoFactorMiddleware:
    """Staff who must, or chose to, use a second factor reach no admin page before giving it (or enrolling)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if in_admin(request) and (step := pending_step(request)):
            return redirect_to_login(request.get_full_path(), login_url=reverse(step))
        return self.get_response(request)
