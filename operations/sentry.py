"""Error reports to Sentry, when SENTRY_DSN is set, carrying where the code failed and nothing a person wrote.

Sentry is a third party: an event leaves with the error's class and stack (file, function, line; no local
variables), the request's method and path, and the environment and release. Everything else that could
hold a testimony's words, a name or an address is removed here: the request's body, query string, cookies
and headers, the user, the exception's message, log messages' arguments, breadcrumbs' messages and data,
spans' data. Called from the settings, before any app is ready: no models, no settings.
"""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

Event = dict[str, Any]

_REQUEST_KEPT = ("method", "url")
_BREADCRUMB_KEPT = ("type", "category", "level", "timestamp")
_SPAN_KEPT = ("op", "description", "span_id", "parent_span_id", "trace_id", "start_timestamp", "timestamp", "status")


def sentry_init(*, dsn: str, environment: str = "", release: str = "", traces_sample_rate: float = 0.0) -> bool:
    """Start reporting errors to `dsn`; without one, do nothing. Whether reporting started."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        # None, not 0: no tracing at all, rather than traces started and never sent.
        traces_sample_rate=traces_sample_rate or None,
        before_send=event_scrub,
        before_send_transaction=event_scrub,
        before_breadcrumb=breadcrumb_scrub,
    )
    return True


def event_scrub(event: Event, hint: dict | None = None) -> Event:
    """An error or transaction event as it may leave: see the module's docstring. Changes `event` in place."""
    for key in ("user", "extra"):
        event.pop(key, None)
    if "request" in event:
        event["request"] = _request_scrub(event["request"])
    for exception in (event.get("exception") or {}).get("values") or []:
        # The class stays: the message could quote the text being processed, as an engine's does.
        exception.pop("value", None)
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    if "logentry" in event:
        # The format string is ours and stays; its arguments could be anything.
        event["logentry"] = {"message": (event["logentry"] or {}).get("message", "")}
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [breadcrumb_scrub(crumb) for crumb in breadcrumbs.get("values") or []]
    elif isinstance(breadcrumbs, list):
        event["breadcrumbs"] = [breadcrumb_scrub(crumb) for crumb in breadcrumbs]
    if "spans" in event:
        event["spans"] = [_kept(span, _SPAN_KEPT) for span in event["spans"] or []]
    trace = (event.get("contexts") or {}).get("trace")
    if isinstance(trace, dict):
        trace.pop("data", None)
    return event


def breadcrumb_scrub(breadcrumb: Event, hint: dict | None = None) -> Event:
    """Which logger, query or call, at what level and when; not its message or data (parameters, extras, URLs)."""
    return _kept(breadcrumb, _BREADCRUMB_KEPT)


def _request_scrub(request: dict) -> dict:
    kept = _kept(request, _REQUEST_KEPT)
    if "url" in kept:
        scheme, host, path, _query, _fragment = urlsplit(str(kept["url"]))
        kept["url"] = urlunsplit((scheme, host, path, "", ""))
    return kept


def _kept(mapping: dict, keys: tuple[str, ...]) -> dict:
    return {key: mapping[key] for key in keys if key in mapping}
