"""What the security tests share."""

import pytest


@pytest.fixture
def production_caches(settings):
    """Production's default shared cache (the database's) and a quick proof of work."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "shared": settings.CACHES["database"]}
    settings.CHALLENGE_MAX_NUMBER = 2_000
    caches["shared"].clear()
    yield
    caches["shared"].clear()
