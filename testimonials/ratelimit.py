"""A fixed-window rate limit keyed on a keyed hash of the client address, and the count behind it.

The address itself is never stored: the database holds an HMAC of it, pruned once its window ended.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest

from .crypto import keyed_hash

logger = logging.getLogger(__name__)

# Set by `counts_raised` for the counts its block makes.
_counts_raised: ContextVar[bool] = ContextVar("counts_raised", default=False)


@contextmanager
def counts_raised() -> Iterator[None]:
    """In this block, a count made inside the caller's transaction takes no savepoint (two round trips fewer),
    and one that fails is raised through every caller that otherwise goes on without it (`count_failed`).

    For the owner of that transaction only: on PostgreSQL the failure has broken it, and only its owner can
    roll it back and decide what to do (testimonials.services.submission stores the story again, counted
    apart). Going on would fail at a later statement, or commit a rolled-back story whose receipt is shown.
    """
    token = _counts_raised.set(True)
    try:
        yield
    finally:
        _counts_raised.reset(token)


def count_failed(what: str, error: Exception) -> None:
    """The one rule for callers that go on without a count that failed: logged (never the key, which is
    derived from an address), or raised inside `counts_raised`."""
    if _counts_raised.get():
        raise error
    logger.warning("%s not counted: %s", what, type(error).__name__)


def client_address(request: HttpRequest) -> str:
    """The client's address: behind RATE_LIMIT_TRUSTED_PROXIES proxies, the one they saw.

    X-Forwarded-For is read only as far as trusted proxies appended to it: the entries further
    left are whatever the client sent, and trusting them would let anyone pick a new limit.
    """
    proxies = settings.RATE_LIMIT_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _client_key(request: HttpRequest, scope: str) -> str:
    address = client_address(request)
    return f"ratelimit:{scope}:{keyed_hash(scope, address)}"


def rate_limit_allows(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once more than `limit` were made in the window.

    Fails open: if the count cannot be written, a victim's story is still taken (and logged as
    unlimited), since refusing every author is worse than a flood a moderator can reject.
    """
    key = _client_key(request, scope)
    try:
        return count_in_window(key, window_seconds) <= limit
    except Exception as error:
        count_failed(f"Rate limit {scope}", error)
        return True


def _now() -> int:
    return int(time.time())


def count_in_window(key: str, window_seconds: int) -> int:
    """Count one more for `key` and return its count in the current window (1 when a window starts).

    One statement, so attempts racing from several processes or hosts are each counted: a cache's
    read-then-write `incr` lost some, and a cache's culling emptied counts (WindowCount says why).
    """
    from .models import WindowCount

    table = connection.ops.quote_name(WindowCount._meta.db_table)
    now = _now()
    # The upsert is the same SQL on SQLite (3.35 and later) and PostgreSQL; the ORM has no way to say
    # "add one, or start again if the window ended" in one statement that returns the count.
    sql = f"""
        INSERT INTO {table} ("key", "count", "window_ends") VALUES (%s, 1, %s)
        ON CONFLICT ("key") DO UPDATE SET
            "count" = CASE WHEN {table}."window_ends" <= %s THEN 1 ELSE {table}."count" + 1 END,
            "window_ends" = CASE WHEN {table}."window_ends" <= %s THEN excluded."window_ends"
                            ELSE {table}."window_ends" END
        RETURNING "count"
    """  # noqa: S608 (the table name is the model's own; every value is a parameter)
    # Inside a caller's transaction, a savepoint, so that a failure here does not break it (unless its owner
    # takes that on: `counts_raised`); outside one, the statement is its own transaction (a BEGIN and COMMIT
    # around it would be two more round trips).
    apart = connection.in_atomic_block and not _counts_raised.get()
    with transaction.atomic() if apart else nullcontext(), connection.cursor() as cursor:
        cursor.execute(sql, [key, now + window_seconds, now, now])
        return cursor.fetchone()[0]


def window_counts_prune() -> int:
    """Delete the counts whose window has ended; how many went."""
    from .models import WindowCount

    deleted, _ = WindowCount.objects.filter(window_ends__lte=_now()).delete()
    return deleted
