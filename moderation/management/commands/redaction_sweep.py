from django.core.management.base import BaseCommand

from moderation.services import redaction_sweep


class Command(BaseCommand):
    help = (
        "Queue again testimonies whose redaction failed, stalled or never started. "
        "The scheduler (manage.py crontask) runs it every five minutes; run it by hand after an outage."
    )

    def handle(self, *args, **options):
        requeued = redaction_sweep()
        self.stdout.write(f"Queued {len(requeued)} testimonies for redaction again.")
