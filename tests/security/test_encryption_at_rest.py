"""Nothing an author wrote is readable from the database's own bytes; keys rotate."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from testimonials.models import Testimony
from tests.factories import TestimonyFactory

DISTINCTIVE = "Zephyrine Quackenbush-Oyelowo"


def database_bytes(tmp_path: Path) -> bytes:
    """The whole database as its files or a dump would hold it."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        return copy.read_bytes()
    pg_dump = shutil.which("pg_dump") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), None)
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    settings = connection.settings_dict
    result = subprocess.run(
        [str(pg_dump), "--host", settings["HOST"], "--port", str(settings["PORT"]), "--username", settings["USER"],
         "--no-password", settings["NAME"]],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_no_database_dump_holds_an_authors_words_or_identity_in_clear(tmp_path):
    testimony = TestimonyFactory(
        story=f"My name is {DISTINCTIVE} and the attack cancelled my operation.",
        name=DISTINCTIVE,
        contact_email="zephyrine@example.org",
        incident_description=f"The clinic where {DISTINCTIVE} worked",
        removal_terms=DISTINCTIVE,
        redacted_text=f"Proposed text mentioning {DISTINCTIVE}",
    )

    dump = database_bytes(tmp_path)

    assert testimony.reference.encode() in dump  # the row is in there, only its words are not
    for secret in (DISTINCTIVE, "Quackenbush", "zephyrine@example.org"):
        assert secret.encode() not in dump, secret


def test_rotation_re_encrypts_everything_with_the_new_key(db, settings):
    old_keys = settings.TESTIMONY_ENCRYPTION_KEYS
    testimony = TestimonyFactory(name=DISTINCTIVE)
    new_key = Fernet.generate_key().decode()
    settings.TESTIMONY_ENCRYPTION_KEYS = [new_key, *old_keys]

    call_command("rotate_testimony_keys", verbosity=0)

    settings.TESTIMONY_ENCRYPTION_KEYS = [new_key]  # the old keys are gone
    rotated = Testimony.objects.get(pk=testimony.pk)
    assert rotated.name == DISTINCTIVE
    assert rotated.story == testimony.story
