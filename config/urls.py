from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.webhooks import webhook_urls
from home.views import favicon
from operations import urls as health_urls
from testimonials import views as testimonial_views
from testimonials.api import api_router

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Providers' tracking webhooks (bounces): 404 until ANYMAIL_WEBHOOK_SECRET is set, then basic auth.
    path("anymail/", include(webhook_urls())),
    path("documents/", include(wagtaildocs_urls)),
    # Read-only open data: published stories and incidents (Wagtail API v2).
    path("api/v2/", api_router.urls),
    # /healthz (the database) for the proxy, /healthz/jobs (the worker and the queue) for monitoring.
    *health_urls.urlpatterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("proof-of-work/", testimonial_views.proof_of_work_challenge, name="proof_of_work_challenge"),
    # Asked for by browsers on pages without a <link rel="icon"> (feeds, JSON): never a 404 in the logs.
    path("favicon.ico", favicon),
]

# Every public page under its language: /en/, /fr/, /es/. A path without one redirects to the
# visitor's language (LocaleMiddleware: the language cookie, then Accept-Language).
urlpatterns += i18n_patterns(
    # The call's form is sent here, and its receipt shown once: the call's page is Wagtail's, above.
    path("my-testimony/send/", testimonial_views.testimony_send, name="testimony_send"),
    path("my-testimony/receipt/", testimonial_views.testimony_receipt, name="testimony_receipt"),
    path("my-testimony/", testimonial_views.my_testimony, name="my_testimony"),
    path("my-testimony/open/", testimonial_views.my_testimony_open, name="my_testimony_open"),
    # Withdrawals that cannot be undone: each confirmed on its own page.
    path(
        "my-testimony/take-off/",
        testimonial_views.my_testimony_withdraw,
        {"decision": "take-off"},
        name="my_testimony_take_off",
    ),
    path(
        "my-testimony/delete/",
        testimonial_views.my_testimony_withdraw,
        {"decision": "delete"},
        name="my_testimony_delete",
    ),
    path("", include(wagtail_urls)),
)
