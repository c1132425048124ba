from django.core.management.base import BaseCommand

from testimonials.services import retention_apply
from testimonials.tasks import retention_apply_task


class Command(BaseCommand):
    help = "Erase testimonies whose retention period has passed. Meant to run daily (cron), or --schedule it."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="Also let the worker run it every day.")

    def handle(self, *args, schedule: bool = False, **options):
        for reason, count in retention_apply().items():
            self.stdout.write(f"{reason}: {count}")
        if schedule:
            retention_apply_task.enqueue()
