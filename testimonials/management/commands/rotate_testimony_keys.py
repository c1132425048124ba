from django.core.management.base import BaseCommand
from django.db import transaction

from testimonials.crypto import models_with_encrypted_fields

CHUNK = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the first key of TESTIMONY_ENCRYPTION_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args, **options):
        for model, fields in models_with_encrypted_fields().items():
            count = self.rotate(model, fields)
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted ({', '.join(fields)})")
        self.stdout.write(self.style.SUCCESS("Done. Old keys can now be removed from TESTIMONY_ENCRYPTION_KEYS."))

    def rotate(self, model, fields: list[str]) -> int:
        count = 0
        ids = list(model.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            with transaction.atomic():
                # Reading decrypts with any key; writing encrypts with the first.
                for row in model.objects.filter(pk__in=ids[start : start + CHUNK]).only("pk", *fields):
                    model.objects.filter(pk=row.pk).update(**{field: getattr(row, field) for field in fields})
                    count += 1
        return count
