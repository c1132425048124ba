"""Test settings: fixed throwaway keys, anymail's test backend, fast hashing.

The database comes from DATABASE_URL like everywhere else, so the same suite runs
on SQLite (the default) and on PostgreSQL.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-deployment")
# Two throwaway Fernet keys so that rotation code paths are exercised by every test.
os.environ.setdefault(
    "TESTIMONY_ENCRYPTION_KEYS",
    "p2mVdg-uqaxiZZsaZO7Z-NU5U1Ms9A2iQJ4Ra8dSBm8=,3Qx_4_fIY3Qmzym8U8PFRxlPhXyLyTfuJgSYW9V3MXI=",
)
if os.environ.get("DATABASE_URL", "sqlite://") in ("sqlite://", "sqlite:///:memory:"):
    # SQLite in files, never in memory: the live server shares an in-memory database's one connection
    # between its request threads, and two requests at once (the editor's ping while a page publishes)
    # then run inside each other's transaction, or crash SQLite. It decides when it starts, before the
    # test database exists, so the database it is configured with must be a file too. In memory-backed
    # /dev/shm where there is one, so it stays as fast.
    _shm = Path("/dev/shm")  # noqa: S108 (a private folder is made inside it)
    _folder = Path(tempfile.mkdtemp(prefix="testimonies-test-", dir=_shm if os.access(_shm, os.W_OK) else None))
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_folder / 'db.sqlite3'}"

from .base import *  # noqa: E402, F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _database = Path(DATABASES["default"]["NAME"])  # noqa: F405
    DATABASES["default"].setdefault("TEST", {"NAME": str(_database.with_name(f"test-{_database.name}"))})  # noqa: F405

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Django's test set-up swaps every mailer for locmem; tests/conftest.py puts anymail's test backend back.
MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
# MD5 for the staff users tests create; the receipts' own hasher, and Argon2 for receipts issued before it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "testimonials.hashers.ReceiptSecretHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
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
