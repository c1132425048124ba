"""Two-factor sign-in for staff: a TOTP device (django-otp), required of whoever may reveal original texts.

A session is *verified* once it gave a valid code (django_otp.login stores the device in it).
`pending_step` says what a signed-in member of staff must do before any other admin page;
config.middleware.StaffTwoFactorMiddleware sends them there, and `is_verified` is the check a
sensitive view repeats for itself. The views are mounted in the admin by home/wagtail_hooks.py.
"""

import base64

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

ENROL = "two_factor_enrol"
VERIFY = "two_factor_verify"
# What a signed-in person may reach before the second factor: signing out, and what admin pages load.
OPEN_URL_NAMES = {"wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"}


def two_factor_required(user) -> bool:
    return any(user.has_perm(permission) for permission in settings.STAFF_TWO_FACTOR_PERMISSIONS)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def is_verified(request: HttpRequest) -> bool:
    """True once this session has given a valid code (needs django_otp's OTPMiddleware)."""
    user = request.user
    verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and callable(verified) and verified())


def pending_step(request: HttpRequest) -> str | None:
    """The URL name of the step a signed-in person must take first (verify, or enrol), or None."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    step = VERIFY if confirmed_device(user) else ENROL if two_factor_required(user) else None
    if step is None or _url_name(request) in OPEN_URL_NAMES | {step}:
        return None
    return step


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(_("Too many wrong codes. Wait a minute, then try the newest code."))
        # django_otp.verify_token locks the device row: one code, one use, and failures are counted.
        if django_otp.verify_token(self.device.user, self.device.persistent_id, token) is None:
            raise ValidationError(_("This code is not right, or has expired. Try the newest one."))
        return token


@sensitive_post_parameters("otp_token")
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for staff with a device."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(ENROL)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, device)
        return redirect(_next_url(request))
    return TemplateResponse(request, "home/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("otp_token")
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan, then prove it works with one code. Replaces any earlier device."""
    user = request.user
    if confirmed_device(user) and not is_verified(request):
        # Enrolling a new device must not be a way round the one already there.
        return redirect(VERIFY)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        django_otp.login(request, device)
        _audit(request, "home.two_factor_on")
        messages.success(request, _("Two-factor sign-in is on. You will be asked for a code each time you sign in."))
        return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": " ".join(_chunks(base64.b32encode(device.bin_key).decode(), 4)),
        "required": two_factor_required(user),
        "has_device": confirmed_device(user) is not None,
    }
    return TemplateResponse(request, "home/two_factor_enrol.html", context)


@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off: only for staff who chose it, not for those who must use it."""
    if two_factor_required(request.user):
        messages.error(request, _("Your role needs two-factor sign-in: it cannot be turned off."))
    else:
        TOTPDevice.objects.filter(user=request.user).delete()
        _audit(request, "home.two_factor_off")
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("wagtailadmin_account")


def _audit(request: HttpRequest, action: str) -> None:
    # request.user is a lazy object twice over (auth, then django-otp): Wagtail's log needs the model instance.
    account = request.user._meta.model._default_manager.get(pk=request.user.pk)
    log(instance=account, action=action, user=account)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("wagtailadmin_home")


def _chunks(text: str, size: int) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]
