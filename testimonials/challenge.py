"""A proof of work for the public form (ALTCHA's protocol), solved by the author's browser, self-hosted.

The browser asks for a challenge when the author sends the form, finds the number whose SHA-256
with the salt gives the challenge (a second or two on a phone), and posts the payload with the
form. Each solution is good once and for CHALLENGE_MINUTES. Without JavaScript there is no
payload: the form still works, in a slower lane with a stricter limit (testimonials.views).
"""

import base64
import hashlib
import json
from datetime import timedelta

import altcha
from django.conf import settings
from django.utils import timezone

from .crypto import keyed_hash
from .ratelimit import count_failed, count_in_window


def _key() -> str:
    # Derived, so that the signing key of challenges is not the key that signs sessions.
    return keyed_hash("altcha", "challenge")


def challenge_new() -> dict:
    """A fresh challenge as ALTCHA's widgets and our solver read it."""
    challenge = altcha.create_challenge_v1(
        algorithm="SHA-256",
        max_number=settings.CHALLENGE_MAX_NUMBER,
        hmac_key=_key(),
        expires=timezone.now() + timedelta(minutes=settings.CHALLENGE_MINUTES),
    )
    return challenge.to_dict()


def challenge_solved(payload: str) -> bool:
    """Whether `payload` solves a challenge of ours that was not used before; it is used up now.

    The single use is counted in one statement (ratelimit.count_in_window), so two requests racing with
    one solution cannot both pass. A count that fails counts as not solved (ratelimit.count_failed): the slow
    lane still takes the story.
    """
    if not payload or len(payload) > 2000:
        return False
    try:
        solution = json.loads(base64.b64decode(payload, validate=True))
        verified, _error = altcha.verify_solution_v1(solution, _key(), check_expires=True)
    except Exception:  # a malformed payload is a bot's or a broken page's, never a server error
        return False
    if not verified:
        return False
    # Keyed on the challenge, not the payload: the same solution encoded another way is no new one.
    used = "altcha-used:" + hashlib.sha256(str(solution["challenge"]).encode()).hexdigest()
    try:
        # Counted past the challenge's own expiry, after which `verify_solution_v1` refuses it anyway.
        return count_in_window(used, settings.CHALLENGE_MINUTES * 60 + 60) == 1
    except Exception as error:
        count_failed("The challenge's single use", error)
        return False
