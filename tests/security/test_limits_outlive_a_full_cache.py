"""Rate limits and single-use proofs hold however full the shared cache gets, and count every racing attempt.

Production's default shared cache is Django's database cache, which keeps 300 entries and then deletes a third
of them, oldest key first: counts kept there could be emptied by anyone able to fill it (every story page read
adds an entry). And its `incr` is a read then a write, so attempts racing from two processes counted once.
"""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction

from testimonials import ratelimit
from testimonials.challenge import challenge_solved
from testimonials.models import Testimony
from testimonials.ratelimit import count_in_window
from tests.concurrency import at_once
from tests.security.test_public_form_abuse import send, solved_payload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_caches")]


def cache_fill(entries: int = 1_000) -> None:
    """What reading many story pages does to the shared cache: an entry each, past its 300."""
    for number in range(entries):
        caches["shared"].set(f"story-page-cache:example.org:/en/stories/{number}/", b"page")


def test_a_full_shared_cache_does_not_reset_the_submission_limit(client, site_pages):
    call_page = site_pages["call"]
    for _ in range(settings.UNPROVED_SUBMISSIONS_PER_HOUR):
        assert send(client, call_page).status_code == 302

    cache_fill()

    assert send(client, call_page).status_code == 429
    assert Testimony.objects.count() == settings.UNPROVED_SUBMISSIONS_PER_HOUR


def test_a_full_shared_cache_does_not_make_a_used_proof_new(site_pages):
    payload = solved_payload()
    assert challenge_solved(payload) is True

    cache_fill()

    assert challenge_solved(payload) is False


def test_a_count_starts_again_once_its_window_ends(monkeypatch):
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_000)
    assert [count_in_window("tests:window", 60) for _ in range(3)] == [1, 2, 3]

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_060)

    assert count_in_window("tests:window", 60) == 1
    assert count_in_window("tests:window", 60) == 2


@pytest.mark.django_db(transaction=True)
def test_attempts_racing_from_several_processes_are_each_counted():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises every write: the race needs PostgreSQL's concurrent transactions")

    counts = at_once(lambda: count_in_window("tests:race", 3600), times=8)

    assert sorted(counts) == list(range(1, 9))


def test_a_count_that_fails_inside_a_transaction_leaves_the_transaction_usable():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite does not enforce a column's length: the failure needs PostgreSQL")

    with transaction.atomic():
        with pytest.raises(DatabaseError):
            count_in_window("ratelimit:" + "x" * 200, 60)
        assert Testimony.objects.count() == 0
