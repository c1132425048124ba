from config.settings.production import *  # noqa: F403
from config.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "_load_reference"]
ROOT_URLCONF = "_load_reference.urls"
# A load test posts far more than a person would; the limits still run, one count per forwarded address.
SUBMISSIONS_PER_HOUR = 1_000_000
UNPROVED_SUBMISSIONS_PER_HOUR = 1_000_000
