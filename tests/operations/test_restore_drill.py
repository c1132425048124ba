"""The restore drill of docs/operating.md: a database dump, restored into a new database, read with the saved keys.

Runs only in the PostgreSQL pass (scripts/test), with the server's own pg_dump and pg_restore.
"""

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from psycopg import sql

from tests.factories import TestimonyFactory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Reads one testimony back in a process of its own, started as production is: prints its story's digest,
# or the class of the error that stopped it (never the text).
READ_BACK = """
import hashlib, os
from testimonials.models import Testimony
try:
    story = Testimony.objects.get(reference=os.environ["REFERENCE"]).story
except Exception as error:
    print(type(error).__name__)
else:
    print(hashlib.sha256(story.encode()).hexdigest())
"""

pytestmark = pytest.mark.django_db(transaction=True)


def _postgres_tool(name: str) -> str:
    # The server's own version of the tool: pg_dump refuses a server newer than itself.
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / name).exists():
            return str(directory / name)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian's postgresql-client)")
    return found


@pytest.fixture
def server():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL: runs in scripts/test's PostgreSQL pass (DATABASE_URL=postgres://...)")
    return {"host": database["HOST"], "port": str(database["PORT"] or 5432), "user": database["USER"]}


@pytest.fixture
def restored_database(server):
    name = f"testimonies_restored_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _tool(server: dict, name: str, *args: str) -> None:
    command = [_postgres_tool(name), "-h", server["host"], "-p", server["port"], "-U", server["user"], *args]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def _read_back(server: dict, database: str, reference: str, keys: list[str]) -> str:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "TESTIMONY_ENCRYPTION_KEYS": ",".join(keys),
        "DATABASE_URL": f"postgres://{server['user']}@{server['host']}:{server['port']}/{database}",
        "EMAIL_BACKEND": "anymail.backends.test.EmailBackend",
        "REFERENCE": reference,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", READ_BACK],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


def test_a_dump_restored_into_a_new_database_reads_back_with_the_saved_keys_and_only_with_them(
    server, restored_database, tmp_path
):
    testimony = TestimonyFactory()
    dump = tmp_path / "testimonies.dump"
    saved_keys = list(settings.TESTIMONY_ENCRYPTION_KEYS)

    _tool(server, "pg_dump", "--format=custom", "--no-owner", "-f", str(dump), connection.settings_dict["NAME"])
    _tool(server, "pg_restore", "--no-owner", "--exit-on-error", "-d", restored_database, str(dump))

    expected = hashlib.sha256(testimony.story.encode()).hexdigest()
    assert _read_back(server, restored_database, testimony.reference, saved_keys) == expected
    # Keys lost: the restored database is unreadable, and says which setting to look at.
    assert _read_back(server, restored_database, testimony.reference, [Fernet.generate_key().decode()]) == (
        "ImproperlyConfigured"
    )
