"""Test settings: fixed throwaway keys, anymail's test backend, fast hashing.

The database comes from DATABASE_URL like everywhere else, so the same suite runs
on SQLite (the default) and on PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-deployment")
# Two throwaway Fernet keys so that rotation code paths are exercised by every test.
os.environ.setdefault(
    "TESTIMONY_ENCRYPTION_KEYS",
    "p2mVdg-uqaxiZZsaZO7Z-NU5U1Ms9A2iQJ4Ra8dSBm8=,3Qx_4_fIY3Qmzym8U8PFRxlPhXyLyTfuJgSYW9V3MXI=",
)
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

from .base import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Django's test set-up swaps every mailer for locmem; tests/conftest.py puts anymail's test backend back.
MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# The worker in tests runs what is due now: gather no notices.
MODERATOR_NOTICE_DELAY_MINUTES = 0
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Per process, so tests without a database can count too; production's shared database cache is
# exercised by the tests that are about it (tests/security/test_public_form_abuse.py), and declared
# here so that the test database gets its table.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    "database": SHARED_CACHE,  # noqa: F405
}
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)  # noqa: F405
