import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

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
    inherited = set(PRODUCTION_ENV) | {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {key: value for key, value in os.environ.items() if key not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
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


@pytest.mark.parametrize(
    "path", ["/", "/tell-us/", "/stories/", "/admin/login/", "/api/v2/stories/", "/api/v2/incidents/"]
)
def test_security_headers_on_public_and_admin_pages(client, site_pages, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


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
