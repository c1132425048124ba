"""/healthz (is the database there?) and /healthz/jobs (does the worker run and keep up?), for machines."""

import logging
from datetime import timedelta

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.models import Heartbeat
from operations.tasks import worker_heartbeat_task
from testimonials.emails import email_send
from testimonials.models import EmailStatus, OutgoingEmail
from tests.factories import PRIVATE_STRINGS, STORY_WITH_PERSONAL_DATA, TestimonyFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-token-for-the-monitoring"
WITH_TOKEN = {"Authorization": f"Bearer {TOKEN}"}


def worker_beat(ago: timedelta = timedelta(0)) -> None:
    worker_heartbeat_task.call()
    Heartbeat.objects.update(beat_at=timezone.now() - ago)


def task_waiting(since: timedelta, **options) -> DBTaskResult:
    result = worker_heartbeat_task.using(**options).enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - since)
    return DBTaskResult.objects.get(pk=result.id)


@pytest.fixture
def database_down(monkeypatch):
    """The database server is gone: every new cursor fails as a lost connection does."""

    def refused(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.5, port 5432 failed: Connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refused)


class TestHealthz:
    def test_healthz_answers_200_ok_while_the_database_answers(self, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_healthz_answers_503_when_the_database_is_down(self, client, database_down):
        response = client.get("/healthz")

        assert response.status_code == 503
        assert response.json() == {"status": "unavailable"}

    def test_a_failing_probe_is_not_logged_as_a_server_error_each_time(self, client, caplog):
        # A proxy probes every few seconds: one ERROR a probe would flood the logs and Sentry.
        worker_beat(ago=timedelta(hours=1))

        with caplog.at_level(logging.WARNING, logger="django.request"):
            assert client.get("/healthz/jobs").status_code == 503

        assert not [record for record in caplog.records if record.name == "django.request"]

    def test_healthz_takes_one_query(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(1):
            client.get("/healthz")


class TestHealthzJobs:
    def test_healthz_jobs_answers_200_with_a_fresh_heartbeat_and_nothing_waiting_long(self, client):
        worker_beat(timedelta(seconds=50))
        task_waiting(timedelta(minutes=2))

        response = client.get("/healthz/jobs")

        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_healthz_jobs_answers_503_when_the_worker_heartbeat_is_stale(self, client):
        worker_beat(timedelta(minutes=4))

        response = client.get("/healthz/jobs")

        assert response.status_code == 503
        assert response.json() == {"status": "failing"}

    def test_healthz_jobs_answers_503_before_the_worker_ever_beat(self, client):
        assert client.get("/healthz/jobs").status_code == 503

    def test_healthz_jobs_answers_503_when_a_due_task_has_waited_too_long(self, client):
        worker_beat()
        task_waiting(timedelta(minutes=16))

        response = client.get("/healthz/jobs")

        assert response.status_code == 503
        assert response.json() == {"status": "failing"}

    def test_a_task_deferred_to_later_is_not_waiting(self, client):
        worker_beat()
        task_waiting(timedelta(hours=2), run_after=timezone.now() + timedelta(minutes=5))

        assert client.get("/healthz/jobs").status_code == 200

    def test_a_deferred_task_waits_from_when_it_fell_due_not_from_when_it_was_queued(self, client, settings):
        settings.HEALTHZ_TOKEN = TOKEN
        worker_beat()
        task_waiting(timedelta(hours=2), run_after=timezone.now() - timedelta(minutes=20))
        task_waiting(timedelta(hours=2), run_after=timezone.now() - timedelta(minutes=5))

        response = client.get("/healthz/jobs", headers=WITH_TOKEN)

        assert response.status_code == 503
        assert 1200 <= response.json()["oldest_waiting_task_seconds"] < 1210

    def test_the_thresholds_are_settings(self, client, settings):
        settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS = 600
        settings.HEALTH_TASK_MAX_WAIT_SECONDS = 3600
        worker_beat(timedelta(minutes=8))
        task_waiting(timedelta(minutes=40))

        assert client.get("/healthz/jobs").status_code == 200

    def test_healthz_jobs_answers_503_when_the_database_is_down(self, client, database_down):
        response = client.get("/healthz/jobs")

        assert response.status_code == 503
        assert response.json() == {"status": "failing"}

    def test_healthz_jobs_takes_at_most_three_queries_even_with_details(
        self, client, settings, django_assert_max_num_queries
    ):
        settings.HEALTHZ_TOKEN = TOKEN
        worker_beat()
        task_waiting(timedelta(minutes=1))

        with django_assert_max_num_queries(3):
            client.get("/healthz/jobs", headers=WITH_TOKEN)


class TestDetails:
    def test_the_right_token_gets_ages_counts_and_what_failed(self, client, settings):
        settings.HEALTHZ_TOKEN = TOKEN
        worker_beat(timedelta(minutes=5))
        task_waiting(timedelta(minutes=20))
        failed = task_waiting(timedelta(hours=3))
        DBTaskResult.objects.filter(pk=failed.pk).update(status="FAILED", finished_at=timezone.now())

        body = client.get("/healthz/jobs", headers=WITH_TOKEN).json()

        assert body["status"] == "failing"
        assert body["failing"] == ["heartbeat", "queue"]
        assert 300 <= body["heartbeat_age_seconds"] < 310
        assert 1200 <= body["oldest_waiting_task_seconds"] < 1210
        assert (body["waiting_tasks"], body["failed_tasks_last_day"]) == (1, 1)

    def test_a_wrong_token_gets_no_details(self, client, settings):
        settings.HEALTHZ_TOKEN = TOKEN
        worker_beat(timedelta(minutes=5))

        response = client.get("/healthz/jobs", headers={"Authorization": f"Bearer {TOKEN[:-1]}x"})

        assert response.json() == {"status": "failing"}

    def test_without_a_configured_token_no_request_gets_details(self, client, settings):
        settings.HEALTHZ_TOKEN = ""
        worker_beat()

        for header in ("Bearer ", "Bearer", "Basic Og=="):
            assert client.get("/healthz/jobs", headers={"Authorization": header}).json() == {"status": "ok"}

    def test_the_database_being_down_is_named_to_the_token_holder(self, client, settings, database_down):
        settings.HEALTHZ_TOKEN = TOKEN

        assert client.get("/healthz/jobs", headers=WITH_TOKEN).json() == {"status": "failing", "failing": ["database"]}

    def test_with_another_task_backend_the_wait_is_unknown_and_not_held_against_the_worker(self, client, settings):
        settings.HEALTHZ_TOKEN = TOKEN
        worker_beat()
        task_waiting(timedelta(hours=1))  # left by the database queue before the switch
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

        response = client.get("/healthz/jobs", headers=WITH_TOKEN)

        assert response.status_code == 200
        body = response.json()
        assert body["oldest_waiting_task_seconds"] is None and body["waiting_tasks"] is None
        assert body["heartbeat_age_seconds"] is not None


class TestForMachinesOnly:
    @pytest.mark.parametrize("url", ["/healthz", "/healthz/jobs"])
    def test_other_methods_are_refused_with_405_not_a_csrf_failure(self, url):
        response = Client(enforce_csrf_checks=True).post(url)

        assert response.status_code == 405

    @pytest.mark.parametrize("url", ["/healthz", "/healthz/jobs"])
    def test_health_answers_are_never_cached_set_no_cookie_and_stay_out_of_the_language_prefixes(self, client, url):
        worker_beat()

        response = client.get(url, headers={"Accept-Language": "fr"})

        assert response.status_code == 200 and "Location" not in response
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies

    def test_no_answer_holds_a_testimony_or_an_address(self, client, settings):
        settings.HEALTHZ_TOKEN = TOKEN
        TestimonyFactory()
        email = email_send(
            subject="A notice about Margarethe Oyelaran-Whitcombe",
            template="testimonials/emails/submission_confirmation.txt",
            context={"testimony": {"reference": "T-ABC234"}},
            tag="submission-confirmation",
            to=["aoife.bk@example.net"],
        )
        OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.FAILED, last_error="AnymailAPIError")
        worker_beat(timedelta(minutes=10))

        bodies = [client.get(url, headers=WITH_TOKEN).content.decode() for url in ("/healthz", "/healthz/jobs")]

        for private in (*PRIVATE_STRINGS, STORY_WITH_PERSONAL_DATA[:40], "Margarethe"):
            assert not any(private in body for body in bodies)
