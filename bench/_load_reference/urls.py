from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

from .views import reference_post

# Before Wagtail's catch-all, which ends config.urls.
urlpatterns = [path("bench-reference/", reference_post), *site_urlpatterns]
