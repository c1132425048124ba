from django.apps import AppConfig


class TestimonialsConfig(AppConfig):
    name = "testimonials"
    verbose_name = "Testimonials"

    def ready(self) -> None:
        from . import signals

        signals.kept_story_pages_purge_connect()
