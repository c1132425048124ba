from django.core.management.base import BaseCommand

from testimonials.services import retention_apply


class Command(BaseCommand):
    help = "Erase testimonies whose retention period has passed. The scheduler (manage.py crontask) runs it daily."

    def handle(self, *args, **options):
        for reason, count in retention_apply().items():
            self.stdout.write(f"{reason}: {count}")
