"""PostgreSQL binds the parameters itself and prepares what a connection repeats (config/settings/base.py),
unless the operator turns it off for a pooler in transaction mode."""

import pytest
from django.db import connection

from testimonials.models import Testimony
from tests.factories import TestimonyFactory
from tests.security.test_settings_and_headers import production_settings


def _production_database_options(**env: str) -> dict:
    return production_settings("DATABASES", **env)["DATABASES"]["default"].get("OPTIONS", {})


def test_production_prepares_repeated_statements_by_default():
    options = _production_database_options()

    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


@pytest.mark.parametrize("value", ["false", "0", "off"])
def test_an_operator_behind_a_pooler_turns_prepared_statements_off(value):
    options = _production_database_options(DATABASE_PREPARED_STATEMENTS=value)

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's: runs in scripts/test's PostgreSQL pass")


def _prepared_reference_lookups() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "testimonials_testimony" WHERE "testimonials_testimony"."reference" = $1%'],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_query_a_connection_repeats_is_prepared_and_still_answers_right():
    _postgresql_only()
    wanted, other = TestimonyFactory(), TestimonyFactory()
    # A value that would break a statement built by pasting it in: bound by the server, it is only a value.
    crafted = "T-0000'; DROP TABLE testimonials_testimony; --"

    testimonies = Testimony.objects.values_list("pk", flat=True)
    found = [testimonies.filter(reference=wanted.reference).first() for _ in range(6)]
    refused = [testimonies.filter(reference=crafted).exists() for _ in range(6)]

    assert found == [wanted.pk] * 6 and other.pk not in found
    assert refused == [False] * 6
    assert _prepared_reference_lookups() >= 1
    assert Testimony.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again_after_the_old_one_is_gone():
    """As after a database restart or a connection reaching its age: the statements went with it."""
    _postgresql_only()
    wanted = TestimonyFactory()
    testimonies = Testimony.objects.values_list("pk", flat=True)
    for _ in range(6):
        testimonies.filter(reference=wanted.reference).first()
    old_backend = connection.connection.info.backend_pid
    connection.close()

    found = [testimonies.filter(reference=wanted.reference).first() for _ in range(6)]

    assert connection.connection.info.backend_pid != old_backend
    assert found == [wanted.pk] * 6
    assert _prepared_reference_lookups() >= 1
