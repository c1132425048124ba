import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.csp import CSP

from moderation.services import testimony_approve
from tests.factories import ModeratorFactory, TestimonyFactory, redacted_testimony
from tests.testimonials.test_submission import submit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-like-secret-key-for-checks-only",
    "TESTIMONY_ENCRYPTION_KEYS": "p2mVdg-uqaxiZZsaZO7Z-NU5U1Ms9A2iQJ4Ra8dSBm8=",
    "DATABASE_URL": "postgres://user:password@127.0.0.1:5432/testimonies",
    "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
    "DJANGO_ALLOWED_HOSTS": "testimonies.example.org",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return python("manage.py", *args, env=env)


def python(*args: str, env: dict) -> subprocess.CompletedProcess:
    inherited = set(PRODUCTION_ENV) | {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {key: value for key, value in os.environ.items() if key not in inherited}
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "TESTIMONY_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_console_email():
    result = manage("check", env={**PRODUCTION_ENV, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"})

    assert result.returncode != 0
    assert "anymail backend" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_match_the_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_our_templates_have_no_inline_scripts_or_styles():
    """So that a strict Content-Security-Policy can hold."""
    offenders = []
    for template in PROJECT_ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text) or "<style" in text:
            offenders.append(str(template.relative_to(PROJECT_ROOT)))

    assert offenders == []


# What decides headers and cookies: read from config.settings.production itself, then served in-process.
HEADER_SETTINGS = (
    "SECURE_",
    "SESSION_",
    "CSRF_",
    "RECEIPT_COOKIE_",
    "X_FRAME_",
    "PERMISSIONS_POLICY",
    "ADMIN_",
    "MIDDLEWARE",
)
READ_SETTINGS = """
import json, sys, django
django.setup()
from django.conf import settings
names = [name for name in dir(settings) if name.startswith(tuple(sys.argv[1:]))]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def production_settings(*prefixes: str, **env: str) -> dict:
    """The settings whose names start with `prefixes`, as config.settings.production sets them under `env`."""
    result = python("-c", READ_SETTINGS, *prefixes, env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    # Production logs JSON lines on standard output too: the settings are the last line.
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production_header_settings() -> dict:
    return production_settings(*HEADER_SETTINGS)


@pytest.fixture
def production(settings, production_header_settings, site_pages) -> Client:
    """A client behind the production proxy (HTTPS), served with production's header and cookie settings."""
    for name, value in production_header_settings.items():
        setattr(settings, name, value)
    return Client(HTTP_X_FORWARDED_PROTO="https")


@pytest.fixture
def published_story(site_pages):
    story = testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())
    story.save_revision().publish()
    return story


def open_my_testimony(client: Client):
    testimony = TestimonyFactory()
    opened = client.post(
        reverse("my_testimony_open"), {"reference": testimony.reference, "secret": "2345-6789-ABCD-EFGH"}
    )
    assert opened.status_code == 302
    return opened


def my_testimony(client: Client, pages: dict):
    open_my_testimony(client)
    return client.get(reverse("my_testimony"))


# name: how to fetch it; its referrer policy: no-referrer, but same-origin where the page posts a form
# back to us (under no-referrer browsers send `Origin: null`, which Django's CSRF check refuses); and
# whether it carries personal data, so that no cache may keep it.
PAGES = {
    "home": (lambda client, pages: client.get("/en/"), "no-referrer", False),
    "call": (lambda client, pages: client.get(pages["call"].url), "same-origin", True),
    "receipt": (lambda client, pages: submit(client, pages["call"]), "no-referrer", True),
    "my testimony": (my_testimony, "same-origin", True),
    "story": (lambda client, pages: client.get(pages["story"].url), "no-referrer", False),
    "admin login": (lambda client, pages: client.get(reverse("wagtailadmin_login")), "same-origin", True),
}
NEVER_STORED = ("no-store", "no-cache", "must-revalidate", "private", "max-age=0")
REFUSED_FEATURES = ("camera", "microphone", "geolocation", "display-capture", "usb", "payment")


def csp_directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


@pytest.mark.parametrize("name", PAGES)
def test_production_headers_on_every_kind_of_page(production, site_pages, published_story, name):
    fetch, referrer_policy, personal = PAGES[name]

    response = fetch(production, {**site_pages, "story": published_story})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == referrer_policy
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"].split(", ")
    assert all(f"{feature}=()" in permissions for feature in REFUSED_FEATURES)
    assert "Server" not in response and "X-Powered-By" not in response
    if personal:
        assert all(part in response["Cache-Control"] for part in NEVER_STORED)
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == csp["form-action"] == [CSP.SELF]
    assert csp["object-src"] == csp["base-uri"] == csp["frame-ancestors"] == [CSP.NONE]
    assert csp["img-src"] == [CSP.SELF, "data:"] and csp["style-src"] == [CSP.SELF]
    assert csp["script-src"] == [CSP.SELF] or csp["script-src"][1].startswith("'nonce-")
    assert_cookies_are_host_only_and_end_with_the_visit(response)


def assert_cookies_are_host_only_and_end_with_the_visit(response) -> None:
    for name, cookie in response.cookies.items():
        assert name.startswith("__Host-"), name
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", name
        assert cookie["path"] == "/" and not cookie["domain"], name
        if cookie.value:  # not a deletion
            assert not cookie["max-age"] and not cookie["expires"], name


def test_production_cookies_are_host_only_and_last_only_the_visit(production):
    form_page = production.get(reverse("my_testimony_open"))
    opened = open_my_testimony(production)

    assert "__Host-csrftoken" in form_page.cookies and "__Host-sessionid" in opened.cookies
    assert_cookies_are_host_only_and_end_with_the_visit(form_page)
    assert_cookies_are_host_only_and_end_with_the_visit(opened)


def test_production_enforces_a_content_security_policy(production_header_settings):
    """Django warns neither about an empty SECURE_CSP nor about its middleware missing."""
    assert production_header_settings["SECURE_CSP"]
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in production_header_settings["MIDDLEWARE"]


def test_the_csrf_cookie_lasts_only_the_visit_in_every_environment(client, site_pages):
    response = client.get(site_pages["call"].url)

    cookie = response.cookies["csrftoken"]
    assert not cookie["max-age"] and not cookie["expires"]


class TestTheAdminPolicy:
    """Wagtail's editors need inline script and style; nothing else is relaxed, and some screens stay strict."""

    @pytest.fixture
    def editor(self, client, site_pages):
        from tests.factories import UserFactory

        client.force_login(UserFactory(username="admin", is_superuser=True))
        return client

    def test_editing_screens_allow_inline_code_and_nothing_else(self, editor, site_pages):
        response = editor.get(reverse("wagtailadmin_pages:edit", args=[site_pages["call"].pk]))

        csp = csp_directives(response["Content-Security-Policy"])
        assert csp["script-src"] == csp["style-src"] == [CSP.SELF, CSP.UNSAFE_INLINE]
        assert CSP.UNSAFE_EVAL not in csp["script-src"]
        assert csp["default-src"] == csp["form-action"] == [CSP.SELF]
        assert csp["object-src"] == csp["base-uri"] == csp["frame-ancestors"] == [CSP.NONE]
        assert response["Referrer-Policy"] == "same-origin" and response["X-Frame-Options"] == "DENY"

    def test_the_preview_may_be_framed_by_the_editor_only(self, editor, site_pages):
        response = editor.get(reverse("wagtailadmin_pages:preview_on_edit", args=[site_pages["call"].pk]))

        assert response.status_code == 200
        assert csp_directives(response["Content-Security-Policy"])["frame-ancestors"] == [CSP.SELF]

    def test_sign_in_two_factor_and_review_screens_stay_strict_and_need_it(self, editor):
        testimony = redacted_testimony()
        pages = {
            "wagtailadmin_login": (Client(), reverse("wagtailadmin_login")),
            "two_factor_enrol": (editor, reverse("two_factor_enrol")),
            "testimony:review": (editor, reverse("testimony:review", args=[testimony.pk])),
        }
        for name, (client, url) in pages.items():
            response = client.get(url)
            csp = csp_directives(response["Content-Security-Policy"])
            assert response.status_code == 200, name
            assert CSP.UNSAFE_INLINE not in csp["script-src"] + csp["style-src"], name
            # The strict policy would block them, so none may be there.
            assert not inline_code(response.content.decode()), name


def inline_code(html: str) -> list[str]:
    scripts = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", html)
    return scripts + re.findall(r"<[^>]+\sstyle=", html)


SHARED_STATE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "shared": settings.CACHES["shared"]["BACKEND"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "challenge": settings.CHALLENGE_MAX_NUMBER,
}))
"""


@pytest.mark.parametrize(
    ("extra", "backend"),
    [
        ({}, "django.core.cache.backends.db.DatabaseCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_production_counts_limits_in_a_cache_every_process_shares(extra, backend):
    result = python("-c", SHARED_STATE, env={**PRODUCTION_ENV, **extra})

    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["shared"] == backend
    assert state["health_checks"] is True
    assert state["challenge"] >= 10_000  # the proof of work is on, and costs a bot something
