"""The kinds of support the minister's answer to written question nr. 26 (5 October 2023) lists."""

from django.db import migrations

SOURCE = "Schriftelijke vraag nr. 26 van 5 oktober 2023 (Warnez aan Crevits), antwoord op vraag 2"
CATEGORIES = [
    ("communicatie", "Communicatie", "gemeenteblad, sociale media, website, beurzen en netwerkmomenten"),
    ("waardering", "Waardering", "receptie, bedankingskaartje, kerst- of sinterklaasattentie"),
    ("zalen", "Zalen en lokalen", "gratis of aan sterk verminderd tarief, voor infosessies of contacten met de ouders"),
    ("voordelen", "Voordelen voor pleeggezinnen", "UiTPAS, installatiepremie, zwembadtickets, …"),
    ("contactmomenten", "Contactmomenten voor pleeggezinnen", "ontmoeting en participatie van pleeggezinnen"),
    ("werving", "Wervingscampagnes en infosessies", "lokale PR-acties, infosessies ‘pleegouder worden’"),
    ("andere", "Andere", ""),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("initiatives", "Category")
    for order, (slug, name, description) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
