"""What the benches on Django share: a throwaway SQLite site with the test settings.

Import it before anything from Django: importing it configures Django, and its name sorts first
among imports. (The underscore also keeps `make bench` from running it as a bench of its own.)
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()


def site_ready() -> None:
    """Migrate and bootstrap the throwaway database, and say which machine the figures come from."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from home.bootstrap import site_bootstrap

    setup_test_environment()
    call_command("migrate", verbosity=0)
    site_bootstrap(with_demo_accounts=False)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, Django {django.get_version()}")
