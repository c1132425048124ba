from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled

from testimonials.services import scheduled_stories_refused_cancel


class Command(WagtailPublishScheduled):
    help = (
        "Wagtail's scheduled publishing and unpublishing; stories that may no longer go live "
        "(consent withdrawn, testimony no longer approved) have their schedule cancelled instead. "
        "The scheduler (manage.py crontask) runs it every five minutes."
    )

    def handle(self, *args, **options):
        if not options["dryrun"]:
            for story in scheduled_stories_refused_cancel():
                self.stdout.write(f"Not published, schedule cancelled: story page {story.pk} may not go live.")
        super().handle(*args, **options)
