from django.db import models


class WindowCount(models.Model):
    """How often a key was counted in its current window: rate limits and single-use proofs of work.

    Kept in the database, not a cache: a cache may drop an entry to make room, and a dropped count is a
    limit lifted or a proof made new. testimonials.ratelimit.count_in_window is its one writer.
    """

    # A scope and a keyed hash (ratelimit._client_key), or a used challenge's digest: never an address.
    key = models.CharField(max_length=150, primary_key=True)
    count = models.PositiveIntegerField()
    # Unix seconds: compared inside one SQL statement, the same on SQLite and PostgreSQL.
    window_ends = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
