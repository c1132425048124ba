"""The health checks, at the site's root: outside the language prefixes, so never redirected to one.

Spliced into config/urls.py's patterns rather than include()d under "healthz", which would make
"healthz/jobs" start with a slash.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/jobs", views.healthz_jobs, name="healthz_jobs"),
]
