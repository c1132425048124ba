"""Local development: the embedded defaults (SQLite, console email, database task queue).

`make run` writes the secrets this needs into the ignored `.env` file.
"""

from pathlib import Path

import environ

# Load the generated development secrets before base.py reads the environment.
environ.Env.read_env(Path(__file__).resolve().parent.parent.parent / ".env")

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
