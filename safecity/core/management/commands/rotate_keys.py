from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from safecity.core import crypto
from safecity.core.models import KeyCanary


def _plain_field(field):
    return models.BinaryField() if isinstance(field, crypto.EncryptedBinaryField) else models.TextField()


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the first key in ENCRYPTION_KEYS. Run after adding a new key "
        "in front; when it has finished, the old key can be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        crypto.verify_keys()
        total = 0
        for model, names in crypto.encrypted_fields():
            fields = {name: model._meta.get_field(name) for name in names}
            # Read the stored ciphertext as plain columns, so the fields do not decrypt it on the way out.
            raw = {
                f"raw_{name}": Cast(name, output_field=_plain_field(field)) for name, field in fields.items()
            }
            last = 0
            while True:
                batch = list(
                    model.objects.filter(pk__gt=last)
                    .order_by("pk")
                    .annotate(**raw)
                    .values("pk", *raw)[:batch_size]
                )
                if not batch:
                    break
                with transaction.atomic():
                    for row in batch:
                        updates = {}
                        for name, field in fields.items():
                            value = row[f"raw_{name}"]
                            if value is None or value == "":
                                continue
                            if isinstance(field, crypto.EncryptedBinaryField):
                                new = crypto.rotate_bytes(bytes(value))
                            else:
                                new = crypto.rotate_text(value)
                            updates[name] = models.Value(new, output_field=_plain_field(field))
                        if updates:
                            model.objects.filter(pk=row["pk"]).update(**updates)
                            total += 1
                last = batch[-1]["pk"]
            self.stdout.write(f"{model._meta.label}: done")
        KeyCanary.objects.filter(pk=1).update(value=crypto.encrypt_text(crypto.CANARY_TEXT))
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows with the newest key."))
