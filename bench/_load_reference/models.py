from django.db import models

NOTE_CHARACTERS = 2048


class ReferenceNote(models.Model):
    text = models.TextField(max_length=NOTE_CHARACTERS)

    def __str__(self) -> str:
        return f"Reference note {self.pk}"
