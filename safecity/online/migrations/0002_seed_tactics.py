"""Seed the disinformation tactics (Swedish and English names); administrators may add more."""

from django.db import migrations

TACTICS = [
    ("emotional-manipulation", "Känslomässig manipulation", "Emotional manipulation"),
    ("fake-experts", "Falska experter", "Fake experts"),
    ("conspiracy-theory", "Konspirationsteori", "Conspiracy theory"),
    ("decontextualised-media", "Bild eller video ur sitt sammanhang", "Decontextualised image or video"),
    ("impersonation", "Imitation av avsändare", "Impersonation"),
    ("polarisation", "Polarisering", "Polarisation"),
    ("trolling", "Trollande", "Trolling"),
    ("whataboutism", "Whataboutism (men vad om …)", "Whataboutism"),
    ("cherry-picking", "Handplockad statistik", "Cherry-picking statistics"),
    ("fabricated-quotes", "Påhittade citat", "Fabricated quotes"),
    ("scapegoating", "Syndabockar", "Scapegoating"),
    ("false-urgency", "Falsk brådska", "False urgency"),
]


def seed(apps, schema_editor):
    Tactic = apps.get_model("online", "Tactic")
    for position, (code, name, name_en) in enumerate(TACTICS, start=1):
        Tactic.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position * 10}
        )


def unseed(apps, schema_editor):
    Tactic = apps.get_model("online", "Tactic")
    Tactic.objects.filter(code__in=[code for code, _name, _en in TACTICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("online", "0001_initial_online")]

    operations = [migrations.RunPython(seed, unseed)]
