from django.db import migrations

THEMES = [
    (1, "Minska hat och rädsla på nätet", "Reduce online hate and fear"),
    (2, "Stärka invånarnas motståndskraft mot desinformation", "Empower citizens to resist disinformation"),
    (3, "Stärka unga att främja inkludering", "Empower youth to promote inclusion"),
    (4, "Bygga och utveckla lokala allianser för en trygg stad", "Build and expand local safe city alliances"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("plans", "Theme")
    for number, name, name_en in THEMES:
        Theme.objects.update_or_create(number=number, defaults={"name": name, "name_en": name_en})


def remove_themes(apps, schema_editor):
    apps.get_model("plans", "Theme").objects.filter(number__in=[t[0] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_themes, remove_themes)]
