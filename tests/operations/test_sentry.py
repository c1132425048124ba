"""Error reports leave for Sentry only when configured, and carry where the code failed, not what anyone wrote."""

import json

import pytest
import sentry_sdk

from operations.sentry import breadcrumb_scrub, event_scrub, sentry_init

STORY = "My mother, Margarethe Oyelaran-Whitcombe, was due for surgery at the hospital in Dublin on 14 May 2021."
AUTHOR = "Aoife Brennan-Kowalczyk"
EMAIL = "aoife.bk@example.net"
ADDRESS = "27 Harcourt Terrace"
CLIENT_ADDRESS = "203.0.113.9"
PRIVATE = (STORY[:40], "Oyelaran", AUTHOR, EMAIL, "aoife.bk%40example.net", ADDRESS, CLIENT_ADDRESS, "sessionid-value")


def error_event() -> dict:
    """An error in the submission view, shaped as sentry-sdk's Django and logging integrations shape it."""
    return {
        "event_id": "5d1c0a2ef6a04f2e9d2d7b3c4a9e8f10",
        "level": "error",
        "platform": "python",
        "environment": "production",
        "release": "2026.12.1",
        "server_name": "web-1",
        "transaction": "/en/call-for-testimonials/",
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "module": None,
                    "value": f"could not clean the story: {STORY}",
                    "mechanism": {"type": "django", "handled": False},
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "testimonials/services/submission.py",
                                "function": "testimony_submit",
                                "lineno": 88,
                                "context_line": "    story = story_clean(story)",
                                "vars": {"story": STORY, "name": AUTHOR},
                            }
                        ]
                    },
                }
            ]
        },
        "request": {
            "method": "POST",
            "url": f"https://testimonies.example.org/en/call-for-testimonials/?email={EMAIL}#{AUTHOR}",
            "query_string": "email=aoife.bk%40example.net&street=27+Harcourt+Terrace",
            "data": {"story": STORY, "name": AUTHOR, "contact_email": EMAIL},
            "cookies": {"sessionid": "sessionid-value", "csrftoken": "token"},
            "headers": {
                "Cookie": "sessionid=sessionid-value",
                "Referer": f"https://testimonies.example.org/en/my-testimony/?email={EMAIL}",
                "X-Forwarded-For": CLIENT_ADDRESS,
                "User-Agent": "Mozilla/5.0",
            },
            "env": {"REMOTE_ADDR": CLIENT_ADDRESS, "SERVER_NAME": "web-1"},
        },
        "user": {"id": "7", "username": "aoife", "email": EMAIL, "ip_address": CLIENT_ADDRESS},
        "logentry": {
            "message": "Queueing the confirmation email failed for %s.",
            "params": [AUTHOR],
            "formatted": f"Queueing the confirmation email failed for {AUTHOR}.",
        },
        "extra": {"request": f"<WSGIRequest: POST '/en/call-for-testimonials/?email={EMAIL}'>"},
        "breadcrumbs": {
            "values": [
                {
                    "type": "default",
                    "category": "query",
                    "level": "info",
                    "timestamp": "2026-12-02T10:00:00Z",
                    "message": "INSERT INTO testimonials_testimony (story, name) VALUES (%s, %s)",
                    "data": {"db.params": [STORY, AUTHOR], "db.paramstyle": "format"},
                },
                {
                    "type": "log",
                    "category": "testimonials.services.submission",
                    "level": "warning",
                    "timestamp": "2026-12-02T10:00:01Z",
                    "message": f"Something about {ADDRESS}",
                    "data": {"request": f"<WSGIRequest: GET '/?email={EMAIL}'>"},
                },
                {
                    "type": "http",
                    "category": "httplib",
                    "level": "info",
                    "timestamp": "2026-12-02T10:00:02Z",
                    "data": {"url": "https://api.postmarkapp.com/email", "http.query": f"to={EMAIL}", "method": "POST"},
                },
            ]
        },
        "contexts": {
            "trace": {"trace_id": "a" * 32, "span_id": "b" * 16, "data": {"http.query": f"email={EMAIL}"}},
            "runtime": {"name": "CPython", "version": "3.12.8"},
        },
    }


def transaction_event() -> dict:
    event = error_event()
    del event["exception"], event["logentry"]
    event.update(
        type="transaction",
        spans=[
            {
                "op": "db",
                "description": "SELECT ... FROM testimonials_testimony WHERE reference = %s",
                "span_id": "c" * 16,
                "data": {"db.params": [EMAIL], "db.system": "postgresql"},
            },
            {
                "op": "http.client",
                "description": "POST https://api.postmarkapp.com/email",
                "span_id": "d" * 16,
                "data": {"http.query": f"to={EMAIL}", "url": "https://api.postmarkapp.com/email"},
            },
        ],
    )
    return event


def test_an_error_event_keeps_where_it_failed_and_loses_every_word_anyone_wrote():
    event = event_scrub(error_event(), {})

    sent = json.dumps(event)
    assert not [private for private in PRIVATE if private in sent]
    assert event["request"] == {"method": "POST", "url": "https://testimonies.example.org/en/call-for-testimonials/"}
    assert "user" not in event and "extra" not in event
    [exception] = event["exception"]["values"]
    assert exception["type"] == "ValueError" and "value" not in exception
    assert exception["stacktrace"]["frames"][0]["function"] == "testimony_submit"
    assert exception["stacktrace"]["frames"][0]["lineno"] == 88
    assert event["logentry"] == {"message": "Queueing the confirmation email failed for %s."}
    assert [crumb["category"] for crumb in event["breadcrumbs"]["values"]] == [
        "query",
        "testimonials.services.submission",
        "httplib",
    ]
    assert all("message" not in crumb and "data" not in crumb for crumb in event["breadcrumbs"]["values"])
    assert (event["environment"], event["release"], event["transaction"]) == (
        "production",
        "2026.12.1",
        "/en/call-for-testimonials/",
    )


def test_a_transaction_keeps_its_spans_names_and_loses_their_data():
    event = event_scrub(transaction_event(), {})

    assert not [private for private in PRIVATE if private in json.dumps(event)]
    assert [span["op"] for span in event["spans"]] == ["db", "http.client"]
    assert event["spans"][1]["description"] == "POST https://api.postmarkapp.com/email"
    assert all("data" not in span for span in event["spans"])


def test_a_breadcrumb_is_stripped_as_it_is_recorded():
    crumb = breadcrumb_scrub({"category": "django.request", "level": "warning", "message": f"Not Found: /?e={EMAIL}"})

    assert crumb == {"category": "django.request", "level": "warning"}


@pytest.fixture
def sentry_init_calls(monkeypatch):
    """sentry_sdk.init is the door to the outside world: record what would go through it."""
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    return calls


def test_without_a_dsn_sentry_is_not_started(sentry_init_calls):
    assert sentry_init(dsn="", environment="production", release="1", traces_sample_rate=0.5) is False
    assert sentry_init_calls == []
    assert not sentry_sdk.get_client().is_active()  # the test settings had no SENTRY_DSN either


def test_with_a_dsn_sentry_starts_sending_no_personal_data_and_no_traces_by_default(sentry_init_calls):
    assert sentry_init(dsn="https://public@sentry.example.org/1", environment="production", release="2026.12.1")

    [options] = sentry_init_calls
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["include_local_variables"] is False
    assert options["before_send"] is event_scrub and options["before_send_transaction"] is event_scrub
    assert options["before_breadcrumb"] is breadcrumb_scrub
    assert options["traces_sample_rate"] is None
    assert (options["environment"], options["release"]) == ("production", "2026.12.1")


def test_a_sample_rate_turns_tracing_on(sentry_init_calls):
    sentry_init(dsn="https://public@sentry.example.org/1", traces_sample_rate=0.1)

    assert sentry_init_calls[0]["traces_sample_rate"] == 0.1
