"""A fixed-window rate limit keyed on a keyed hash of the client address.

The address itself is never stored: the cache holds an HMAC of it that expires with the window.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from .crypto import keyed_hash

logger = logging.getLogger(__name__)


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

    Fails open: with the shared cache down, a victim's story is still taken (and logged as
    unlimited), since refusing every author is worse than a flood a moderator can reject.
    """
    key = _client_key(request, scope)
    try:
        return _count(key, window_seconds) <= limit
    except Exception as error:
        logger.warning("Rate limit %s not counted, the cache failed: %s", scope, type(error).__name__)
        return True


def _count(key: str, window_seconds: int) -> int:
    caches["shared"].add(key, 0, timeout=window_seconds)
    try:
        return caches["shared"].incr(key)
    except ValueError:
        # The entry expired between add and incr: this is the first attempt of a new window.
        caches["shared"].set(key, 1, timeout=window_seconds)
        return 1
