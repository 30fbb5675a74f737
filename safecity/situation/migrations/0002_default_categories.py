"""Default categories, the police event types and hate-crime motives they group, and the police feed
as a data source. All of it is configuration: change it in the admin."""

from django.db import migrations

POLICE = {
    "code": "polisen-handelser",
    "name": "Polisens händelser",
    "kind": "police_events",
    "publisher": "Polismyndigheten",
    "licence": "Allmän handling, vidareutnyttjande enligt lagen om öppna data och PSI",
    "url": "https://polisen.se/api/events",
    "description": "Polisens öppna händelser (de senaste cirka 500 i hela landet). Platsen är en kommun "
    "eller ett län, inte händelsens adress.",
}

# (code, Swedish, English, parent code)
CATEGORIES = [
    ("violence", "Våld", "Violence", None),
    ("threats", "Hot", "Threats", None),
    ("weapons", "Vapen och skjutningar", "Weapons and shootings", None),
    ("explosions", "Explosioner", "Explosions", None),
    ("riots", "Upplopp", "Riots", None),
    ("vandalism", "Skadegörelse", "Vandalism", None),
    ("fire", "Brand", "Fire", None),
    ("disorder", "Bråk och ordningsstörning", "Disorder", None),
    ("robbery", "Rån", "Robbery", None),
    ("sexual-offences", "Sexualbrott", "Sexual offences", None),
    ("hate-crime", "Hatbrott", "Hate crime", None),
    ("hate-xenophobic", "Främlingsfientliga och rasistiska motiv", "Xenophobic and racist motives", "hate-crime"),
    ("hate-antisemitic", "Antisemitiska motiv", "Antisemitic motives", "hate-crime"),
    ("hate-islamophobic", "Islamofobiska motiv", "Islamophobic motives", "hate-crime"),
    ("hate-christianophobic", "Kristofobiska motiv", "Christianophobic motives", "hate-crime"),
    ("hate-other-religious", "Andra antireligiösa motiv", "Other anti-religious motives", "hate-crime"),
    ("hate-homophobic", "Homofobiska och bifobiska motiv", "Homophobic and biphobic motives", "hate-crime"),
    ("hate-transphobic", "Transfobiska motiv", "Transphobic motives", "hate-crime"),
    ("hate-other", "Andra motiv", "Other motives", "hate-crime"),
]

# Values as the police and Brå publish them → category code. Matched ignoring case and spacing.
MAPPINGS = {
    "Misshandel": "violence",
    "Misshandel, grov": "violence",
    "Misshandel grov": "violence",
    "Mord/dråp": "violence",
    "Mord/dråp, försök": "violence",
    "Våld/hot mot tjänsteman": "violence",
    "Olaga hot": "threats",
    "Vapenlagen": "weapons",
    "Knivlagen": "weapons",
    "Skottlossning": "weapons",
    "Skottlossning, misstänkt": "weapons",
    "Detonation": "explosions",
    "Explosion": "explosions",
    "Bombhot": "explosions",
    "Farligt föremål, misstänkt": "explosions",
    "Upplopp": "riots",
    "Våldsamt upplopp": "riots",
    "Skadegörelse": "vandalism",
    "Brand": "fire",
    "Mordbrand": "fire",
    "Bråk": "disorder",
    "Ofredande/förargelse": "disorder",
    "Rån": "robbery",
    "Rån, försök": "robbery",
    "Rån övrigt": "robbery",
    "Rån väpnat": "robbery",
    "Rån, väpnat": "robbery",
    "Sexualbrott": "sexual-offences",
    "Våldtäkt": "sexual-offences",
    "Våldtäkt, försök": "sexual-offences",
    "Hets mot folkgrupp": "hate-crime",
    "Främlingsfientliga/rasistiska motiv": "hate-xenophobic",
    "Främlingsfientligt/rasistiskt motiv": "hate-xenophobic",
    "Antisemitiska motiv": "hate-antisemitic",
    "Islamofobiska motiv": "hate-islamophobic",
    "Kristofobiska motiv": "hate-christianophobic",
    "Andra antireligiösa motiv": "hate-other-religious",
    "Homofobiska/bifobiska motiv": "hate-homophobic",
    "Transfobiska motiv": "hate-transphobic",
}


def add_defaults(apps, schema_editor):
    Category = apps.get_model("situation", "Category")
    CategoryMapping = apps.get_model("situation", "CategoryMapping")
    Dataset = apps.get_model("situation", "Dataset")
    Dataset.objects.get_or_create(code=POLICE["code"], defaults=POLICE)
    by_code = {}
    for position, (code, name, name_en, parent) in enumerate(CATEGORIES, start=1):
        by_code[code], _created = Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "position": position * 10, "parent": by_code.get(parent)},
        )
    for value, code in MAPPINGS.items():
        CategoryMapping.objects.get_or_create(dataset=None, source_value=value, defaults={"category": by_code[code]})


def remove_defaults(apps, schema_editor):
    Category = apps.get_model("situation", "Category")
    CategoryMapping = apps.get_model("situation", "CategoryMapping")
    Dataset = apps.get_model("situation", "Dataset")
    CategoryMapping.objects.filter(dataset=None, source_value__in=list(MAPPINGS)).delete()
    codes = [code for code, *_rest in CATEGORIES]
    Category.objects.filter(code__in=codes, parent__isnull=False).delete()
    Category.objects.filter(code__in=codes).delete()
    Dataset.objects.filter(code=POLICE["code"], imports__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("situation", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
