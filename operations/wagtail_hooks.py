from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard import service_health_panels
from .views import ServiceHealthView, is_administrator


@hooks.register("register_admin_urls")
def register_service_health_url():
    return [path("service-health/", ServiceHealthView.as_view(), name="service_health")]


class ServiceHealthMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_reports_menu_item")
def register_service_health_menu_item():
    return ServiceHealthMenuItem(_("Service health"), reverse("service_health"), icon_name="tasks", order=950)


hooks.register("construct_homepage_panels", service_health_panels)
