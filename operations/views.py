import hmac

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import Error
from django.http import HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import health

# Staff who may read the service's health: superusers, and members of this group.
ADMINISTRATORS = "Administrators"


def is_administrator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists())


def _health_view(view):
    # For machines: no CSRF token to fetch, read-only (anything but GET or HEAD answers 405), never cached.
    return csrf_exempt(never_cache(require_safe(view)))


def _details_allowed(request: HttpRequest) -> bool:
    """Whether the request carries `Authorization: Bearer <HEALTHZ_TOKEN>`; never, without a token configured."""
    token = settings.HEALTHZ_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())


def _unavailable(body: dict) -> JsonResponse:
    response = JsonResponse(body, status=503)
    # Not logged by Django as a server error: a proxy probing every few seconds would fill the logs and
    # Sentry with one event a probe. The checks log what failed themselves, once, as a warning.
    response._has_been_logged = True
    return response


@_health_view
def healthz(request: HttpRequest) -> JsonResponse:
    """For the proxy: 200 while the database answers, 503 when it does not."""
    if health.database_answers():
        return JsonResponse({"status": "ok"})
    return _unavailable({"status": "unavailable"})


@_health_view
def healthz_jobs(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 while the worker beats and no due task waits too long, 503 otherwise.

    Details (ages in seconds, counts, what failed) only for whoever holds HEALTHZ_TOKEN.
    """
    try:
        jobs = health.jobs_health()
    except Error:
        body = {"status": "failing", "failing": ["database"]}
        return _unavailable(body if _details_allowed(request) else {"status": "failing"})
    body = {"status": "ok" if jobs.ok else "failing"}
    if _details_allowed(request):
        body.update(
            failing=list(jobs.failing),
            heartbeat_age_seconds=jobs.heartbeat_age,
            oldest_waiting_task_seconds=jobs.oldest_wait,
            waiting_tasks=jobs.waiting,
            failed_tasks_last_day=jobs.failed_last_day,
        )
    return JsonResponse(body) if jobs.ok else _unavailable(body)


@method_decorator(never_cache, name="dispatch")
class ServiceHealthView(WagtailAdminTemplateMixin, TemplateView):
    """The administrators' view of what runs behind the site: tasks, the worker, emails, the moderators' queue."""

    template_name = "operations/service_health.html"
    page_title = _("Service health")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(health.shown_limits(), health=health.service_health())
        return context
