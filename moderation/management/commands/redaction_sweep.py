from django.core.management.base import BaseCommand

from moderation.services import redaction_sweep
from moderation.tasks import redaction_sweep_task


class Command(BaseCommand):
    help = "Queue again testimonies whose redaction failed, stalled or never started. Meant for cron or start-up."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also make sure the worker keeps sweeping every few minutes on its own.",
        )

    def handle(self, *args, schedule: bool = False, **options):
        requeued = redaction_sweep()
        self.stdout.write(f"Queued {len(requeued)} testimonies for redaction again.")
        if schedule:
            redaction_sweep_task.enqueue()
