"""Abuse of the public form: a proof of work used once, a slower lane without it, a trap field,
and rate limits counted in the database, keyed by an HMAC of the address, answering 429 with nothing lost."""

import base64
import json

import altcha
import pytest
from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from testimonials import challenge, ratelimit
from testimonials.challenge import challenge_new, challenge_solved
from testimonials.forms import new_submission_token
from testimonials.models import Testimony, WindowCount
from tests.concurrency import at_once
from tests.testimonials.test_submission import (
    STORY,
    form_data,
    send_url,
    sent_while_the_queue_refuses,
    stored_once_with_redaction_queued,
)

ADDRESS = "198.51.100.23"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_caches")]


@pytest.fixture
def call_page(site_pages):
    return site_pages["call"]


def solved_payload() -> str:
    challenge = challenge_new()
    solution = altcha.solve_challenge_v1(challenge["challenge"], challenge["salt"], "SHA-256", challenge["maxNumber"])
    fields = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps({**fields, "number": solution.number}).encode()).decode()


def send(client, call_page, **overrides):
    return client.post(send_url(call_page), form_data(call_page, **overrides), REMOTE_ADDR=ADDRESS)


def test_a_solved_challenge_counts_once():
    payload = solved_payload()

    assert challenge_solved(payload) is True
    assert challenge_solved(payload) is False


def test_the_same_solution_encoded_another_way_is_no_new_solution():
    payload = solved_payload()
    respaced = base64.b64encode(json.dumps(json.loads(base64.b64decode(payload)), indent=2).encode()).decode()

    assert challenge_solved(payload) is True
    assert challenge_solved(respaced) is False


@pytest.mark.parametrize("payload", ["", "not base64!", base64.b64encode(b"[1, 2]").decode(), "eyJ9" * 600])
def test_a_malformed_proof_is_no_proof_and_no_error(payload):
    assert challenge_solved(payload) is False


def test_a_forged_signature_is_refused():
    solution = json.loads(base64.b64decode(solved_payload()))
    solution["signature"] = "0" * 64

    assert challenge_solved(base64.b64encode(json.dumps(solution).encode()).decode()) is False


@pytest.mark.django_db(transaction=True)
def test_one_solution_sent_at_once_by_many_counts_once(site_pages):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises every write: the race needs PostgreSQL's concurrent transactions")
    payload = solved_payload()

    results = at_once(lambda: challenge_solved(payload))

    assert sorted(results) == [False, False, False, True]


def test_the_challenge_endpoint_serves_a_fresh_uncached_challenge(client, call_page):
    response = client.get(reverse("proof_of_work_challenge"))

    assert response.status_code == 200
    assert set(response.json()) == {"algorithm", "challenge", "maxNumber", "salt", "signature"}
    assert "no-store" in response["Cache-Control"]


def test_with_a_proof_the_ordinary_limit_holds_then_429_keeps_the_text(client, call_page):
    for _ in range(settings.SUBMISSIONS_PER_HOUR):
        assert send(client, call_page, proof=solved_payload()).status_code == 302

    refused = send(client, call_page, proof=solved_payload())

    assert refused.status_code == 429
    assert Testimony.objects.count() == settings.SUBMISSIONS_PER_HOUR
    assert "Siobhan Fitzgerald-Nakamura" in refused.content.decode()
    assert "Too many testimonies" in refused.content.decode()


def test_without_javascript_the_form_works_in_a_slower_lane(client, call_page):
    for _ in range(settings.UNPROVED_SUBMISSIONS_PER_HOUR):
        assert send(client, call_page).status_code == 302

    refused = send(client, call_page)

    assert refused.status_code == 429
    assert Testimony.objects.count() == settings.UNPROVED_SUBMISSIONS_PER_HOUR
    assert "Siobhan Fitzgerald-Nakamura" in refused.content.decode()
    # A person with JavaScript is not held back by the slower lane's count.
    assert send(client, call_page, proof=solved_payload()).status_code == 302


def test_a_double_click_on_the_last_story_of_the_hour_shows_its_receipt_not_too_many(client, call_page):
    for _ in range(settings.UNPROVED_SUBMISSIONS_PER_HOUR - 1):
        send(client, call_page)
    last = {"submission_token": new_submission_token()}

    answers = [send(client, call_page, **last) for _ in range(2)]

    assert [answer.status_code for answer in answers] == [302, 302]
    assert all(answer["Location"] == reverse("testimony_receipt") for answer in answers)
    assert Testimony.objects.count() == settings.UNPROVED_SUBMISSIONS_PER_HOUR
    # The resend was found stored before it was counted; the next new story is the one refused.
    assert send(client, call_page).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_stories_sent_at_once_from_one_address_never_pass_its_limit(site_pages):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises every write: the race needs PostgreSQL's concurrent transactions")
    call_page = site_pages["call"]
    limit = settings.UNPROVED_SUBMISSIONS_PER_HOUR

    answers = at_once(lambda: send(Client(), call_page).status_code, times=limit + 3)

    assert sorted(answers) == [302] * limit + [429] * 3
    assert Testimony.objects.count() == limit


def test_a_replayed_proof_falls_back_to_the_slower_lane(client, call_page):
    payload = solved_payload()
    send(client, call_page, proof=payload)

    for _ in range(settings.UNPROVED_SUBMISSIONS_PER_HOUR):
        send(client, call_page, proof=payload)

    assert send(client, call_page, proof=payload).status_code == 429


def test_a_filled_trap_field_stores_nothing_and_keeps_the_text(client, call_page):
    response = send(client, call_page, homepage="http://spam.example")

    assert response.status_code == 400
    assert not Testimony.objects.exists()
    content = response.content.decode()
    assert "Siobhan Fitzgerald-Nakamura" in content
    # Shown now, so that a person whose browser filled it can empty it.
    assert 'class="trap" hidden' not in content


def test_the_trap_field_is_hidden_from_people(client, call_page):
    content = client.get(call_page.url).content.decode()

    assert '<div class="trap" hidden aria-hidden="true">' in content
    assert 'name="homepage"' in content


def test_the_counts_hold_no_address(client, call_page):
    send(client, call_page)

    keys = list(WindowCount.objects.values_list("key", flat=True))
    assert any(key.startswith("ratelimit:submit-slow:") for key in keys)
    assert not any(ADDRESS in key for key in keys)


class UnreachableCache(BaseCache):
    """A cache server that is down: every call fails, as Redis's client does."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache unreachable")

    add = get = set = delete = incr = touch = clear = has_key = _down


def test_with_the_cache_down_a_story_is_taken_and_the_limits_still_count(client, call_page, settings):
    down = {**settings.CACHES, "shared": {"BACKEND": f"{__name__}.UnreachableCache"}}
    payload = solved_payload()

    with override_settings(CACHES=down):
        assert send(client, call_page, proof=payload).status_code == 302
        # The replayed proof is known as used, and the slower lane's count goes on.
        answers = [
            send(client, call_page, proof=payload).status_code
            for _ in range(settings.UNPROVED_SUBMISSIONS_PER_HOUR + 1)
        ]

    assert answers[-1] == 429
    assert Testimony.objects.count() == 1 + settings.UNPROVED_SUBMISSIONS_PER_HOUR


def test_a_count_that_fails_lets_the_story_through_and_logs_nothing_personal(client, call_page, monkeypatch, caplog):
    def count_fails(key, window_seconds):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(ratelimit, "count_in_window", count_fails)

    response = send(client, call_page)

    assert response.status_code == 302
    assert Testimony.objects.count() == 1
    assert "not counted" in caplog.text
    assert ADDRESS not in caplog.text and "Fitzgerald" not in caplog.text
    assert STORY[:40] not in caplog.text


def stored_whole(caplog) -> Testimony:
    """The one testimony, with its consents and its redaction queued, stored by the second attempt."""
    testimony = stored_once_with_redaction_queued()
    assert "Counting the sender of" in caplog.text and "stored again, counted in a savepoint" in caplog.text
    assert "not counted" in caplog.text
    assert ADDRESS not in caplog.text and "Fitzgerald" not in caplog.text and STORY[:40] not in caplog.text
    return testimony


def test_a_count_the_database_refuses_inside_the_storys_transaction_still_lets_it_through(
    client, call_page, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    # A real error from the database, not a Python one: on PostgreSQL it breaks the story's transaction, which
    # takes no savepoint for its count; the story is stored again with the count apart.
    monkeypatch.setattr(WindowCount._meta, "db_table", "no_such_table")

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, call_page, proof=solved_payload())

    assert response.status_code == 302
    stored_whole(caplog)


@pytest.mark.django_db(transaction=True)
def test_a_refused_count_loses_no_story_when_nothing_else_holds_a_transaction(site_pages, monkeypatch, caplog):
    # As in production, where no test's transaction is around the request: the story's own is the only one.
    monkeypatch.setattr(WindowCount._meta, "db_table", "no_such_table")

    response = send(Client(), site_pages["call"], proof=solved_payload())

    assert response.status_code == 302
    stored_whole(caplog)


def test_a_proof_used_in_a_rolled_back_attempt_still_counts_once_in_the_second(
    client, call_page, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    # The queue refuses its insert: the first attempt, proof and count included, rolls back.
    response = sent_while_the_queue_refuses(
        monkeypatch, django_capture_on_commit_callbacks, lambda: send(client, call_page, proof=solved_payload())
    )

    assert response.status_code == 302
    assert Testimony.objects.count() == 1
    assert WindowCount.objects.get(key__startswith="altcha-used:").count == 1
    assert WindowCount.objects.get(key__startswith="ratelimit:submit:").count == 1  # the proof's lane, once
    assert not WindowCount.objects.filter(key__startswith="ratelimit:submit-slow:").exists()
    assert "Queueing the tasks of" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_submission_takes_no_savepoint_for_its_count(site_pages):
    client = Client()
    send(client, site_pages["call"])  # the call's terms are kept from here on

    with CaptureQueriesContext(connection) as queries:
        assert send(client, site_pages["call"], proof=solved_payload()).status_code == 302

    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if "SAVEPOINT" in sql]
    assert len([sql for sql in statements if "testimonials_windowcount" in sql]) == 2  # the proof, the limit


def test_inside_counts_raised_a_count_that_fails_is_raised_not_let_through(monkeypatch):
    def count_fails(key, window_seconds):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(ratelimit, "count_in_window", count_fails)
    monkeypatch.setattr(challenge, "count_in_window", count_fails)
    request = RequestFactory().post("/", REMOTE_ADDR=ADDRESS)

    assert ratelimit.rate_limit_allows(request, scope="submit", limit=1, window_seconds=60) is True
    with ratelimit.counts_raised(), pytest.raises(ConnectionError):
        ratelimit.rate_limit_allows(request, scope="submit", limit=1, window_seconds=60)
    with ratelimit.counts_raised(), pytest.raises(ConnectionError):
        challenge_solved(solved_payload())
    assert challenge_solved(solved_payload()) is False  # outside it again: not solved, the slow lane


@pytest.fixture
def receipt_guesses(client):
    def guess(**extra):
        data = {"reference": "T-ZZZZZZ", "secret": "AAAA-BBBB-CCCC-DDDD", **extra}
        return client.post(reverse("my_testimony_open"), data, REMOTE_ADDR=ADDRESS)

    return guess


def test_guessing_receipts_without_a_proof_of_work_stops_sooner(receipt_guesses, site_pages):
    answers = [receipt_guesses().status_code for _ in range(settings.UNPROVED_RECEIPT_ATTEMPTS_PER_HOUR + 1)]

    assert answers[-1] == 200  # the same page, saying to wait: nothing tells a right guess from a wrong one
    last = receipt_guesses().content.decode()
    assert "Too many attempts" in last
    # A person whose browser proves its work still gets through the stricter lane's count.
    assert "Too many attempts" not in receipt_guesses(proof=solved_payload()).content.decode()


def test_guessing_receipts_with_proofs_is_still_limited(receipt_guesses, site_pages):
    for _ in range(settings.RECEIPT_ATTEMPTS_PER_HOUR):
        assert "Too many attempts" not in receipt_guesses(proof=solved_payload()).content.decode()

    assert "Too many attempts" in receipt_guesses(proof=solved_payload()).content.decode()
