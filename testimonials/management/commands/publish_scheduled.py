from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled

from testimonials.services import scheduled_stories_refused_cancel
from testimonials.tasks import scheduled_publishing_task


class Command(WagtailPublishScheduled):
    help = (
        "Wagtail's scheduled publishing and unpublishing; stories that may no longer go live "
        "(consent withdrawn, testimony no longer approved) have their schedule cancelled instead. "
        "Run it from cron every few minutes, or --schedule it on the worker."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--schedule", action="store_true", help="Also let the worker run it every five minutes.")

    def handle(self, *args, **options):
        if not options["dryrun"]:
            for story in scheduled_stories_refused_cancel():
                self.stdout.write(f"Not published, schedule cancelled: story page {story.pk} may not go live.")
        super().handle(*args, **options)
        if options["schedule"]:
            scheduled_publishing_task.enqueue()
