from django.apps import AppConfig


class TestimonialsConfig(AppConfig):
    name = "testimonials"
    verbose_name = "Testimonials"

    def ready(self) -> None:
        from . import signals  # noqa: F401
