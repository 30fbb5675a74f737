"""The three retention policies with their defaults; administrators change them in the admin."""

from django.db import migrations

DEFAULTS = {"closed_signal": 24, "messages": 12, "notice_note": 60}


def create_policies(apps, schema_editor):
    RetentionPolicy = apps.get_model("intake", "RetentionPolicy")
    for record_type, months in DEFAULTS.items():
        RetentionPolicy.objects.get_or_create(
            record_type=record_type, defaults={"months": months, "warning_days": 30}
        )


def remove_policies(apps, schema_editor):
    RetentionPolicy = apps.get_model("intake", "RetentionPolicy")
    RetentionPolicy.objects.filter(record_type__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_retention_policies_holds_warnings")]

    operations = [migrations.RunPython(create_policies, remove_policies)]
