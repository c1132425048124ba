"""Encryption at rest for a victim's words and identity (Fernet, with MultiFernet key rotation)."""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("TESTIMONY_ENCRYPTION_KEYS is empty: testimonies cannot be stored.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured("TESTIMONY_ENCRYPTION_KEYS holds a key that is not a Fernet key.") from error


def fernet() -> MultiFernet:
    """The configured keys: the first encrypts, every one decrypts."""
    return _fernet_for(tuple(settings.TESTIMONY_ENCRYPTION_KEYS))


def keyed_hash(purpose: str, value: str) -> str:
    """An HMAC of `value` under the site's secret key, separate for each purpose: what is stored or
    counted by it (a form token, a client address) cannot be recomputed from the database alone."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as error:
        # Never echo the token or the value: say which setting to look at.
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with TESTIMONY_ENCRYPTION_KEYS (a key was removed too soon?)."
        ) from error


def decrypt_recent(token: str, *, max_age: int) -> str | None:
    """A value this site encrypted and a client sent back (a cookie), or None when it is not one of ours,
    was altered, or is older than `max_age` seconds: for a client's token that is normal, not a fault."""
    try:
        return fernet().decrypt(token.encode("ascii"), ttl=max_age).decode()
    except (InvalidToken, UnicodeError):
        return None


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the empty string stays empty so "not given" is cheap to test.

    Encrypted values cannot be searched, filtered or ordered by the database, by design.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def text_digest(text: str) -> str:
    """Identifies a text (one that passed the personal-data check, or that the author accepted) without keeping it."""
    return hashlib.sha256(text.encode()).hexdigest()


def encrypted_field_names(model: type[models.Model]) -> list[str]:
    """The model's encrypted fields, found rather than listed, so a new one is covered the day it is added."""
    return [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


def models_with_encrypted_fields() -> dict[type[models.Model], list[str]]:
    """Every installed model with encrypted fields, and those fields (key rotation reads this)."""
    from django.apps import apps

    return {model: names for model in apps.get_models() if (names := encrypted_field_names(model))}
