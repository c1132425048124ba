from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor.enrol, name=two_factor.ENROL),
        path("two-factor/verify/", two_factor.verify, name=two_factor.VERIFY),
        path("two-factor/disable/", two_factor.disable, name="two_factor_disable"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse(two_factor.ENROL),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app each time you sign in."),
    }


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action("home.two_factor_on", _("Two-factor sign-in on"), _("Set up an authenticator app"))
    actions.register_action("home.two_factor_off", _("Two-factor sign-in off"), _("Removed the authenticator app"))
