from django.db import models

# The heartbeat row of the background worker. Here, not in operations.tasks: the web processes read it too,
# and importing the tasks would load the scheduler's library into every one of them.
WORKER = "worker"


class Heartbeat(models.Model):
    """When a process last proved it was alive: one row per kind of process ("worker"), overwritten in place."""

    name = models.CharField(max_length=32, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
