"""Each category cites the part of the minister's answer it comes from, in the answer's own words.

The categories of 0002_categories.py named "antwoord op vraag 2" for all; two of them come from
the answer to question 1, one from both. The quotes are verbatim (the PDF's line breaks joined;
a blank line between passages) and keep the details the short descriptions lost: the target
groups of the uitpassen, the PR material, "nooit een eis of verwachting". A description is only
replaced while it is still the one 0002 wrote, and source and quote only while empty: an
officer's edits stay. tests/initiatives/test_category_sources.py compares every quote with the
source document.
"""

from django.db import migrations

QUESTION = "Vlaams Parlement, schriftelijke vraag nr. 26 van 5 oktober 2023 (Brecht Warnez aan Hilde Crevits)"

# slug: (source, quote, (description written by 0002, new description or None))
SOURCES = {
    "communicatie": (
        f"{QUESTION}, antwoord op vraag 2",
        """Ze zijn een belangrijke partner in het bekendmaken van pleegzorg, zowel lokaal als in de pers, …

Het gaat over nabije, warme contacten waarop gerekend kan worden voor het verdelen van PR-materiaal.

Erg belangrijk zijn ook de lokale communicatiekanalen: sociale media die berichten van de pleegzorgdiensten delen, maar ook gemeentebladen die inhoudelijke artikels over pleegzorg, interviews of getuigenissen van pleeggezinnen of (ex-) pleegkinderen publiceren of linken leggen met de website en data van infosessies bekendmaken. Ook zichtbaarheid geven aan pleegzorg op beurzen of netwerkmomenten is helpend.""",
        ("gemeenteblad, sociale media, website, beurzen en netwerkmomenten",
         "gemeenteblad, sociale media, website, beurzen en netwerkmomenten; PR-materiaal verdelen"),
    ),
    "waardering": (
        f"{QUESTION}, antwoord op vraag 2",
        """Pleegzorggemeenten kunnen lokaal voor verbinding en waardering zorgen bij pleeggezinnen. (Receptie/bedankingskaartje/kerstattentie/sint-attentie/…).""",
        None,
    ),
    "zalen": (
        f"{QUESTION}, antwoord op vraag 2",
        """Ze bieden regelmatig lokale ondersteuning aan diensten voor pleegzorg door zalen of lokalen beschikbaar te stellen aan sterk verminderde tarieven of soms zelfs helemaal gratis (vb. grote zalen voor info-sessies zijn een grote hulp, sommige gemeentes bieden ook lokalen aan om overleg of contacten met de biologische ouders te laten plaatsvinden).

Activiteiten die georganiseerd kunnen worden in lokalen van de gemeenten geven een ‘dicht-bij-de-burger’-gevoel; ze bevorderen laagdrempeligheid.""",
        None,
    ),
    "voordelen": (
        f"{QUESTION}, antwoord op vraag 2",
        """Pleegzorggemeentes kunnen een extra-ondersteuning aanbieden voor pleeggezinnen als ze hen bepaalde voordelen aanbieden (al is dit nooit een eis of verwachting van pleegzorg). Voorbeelden zijn uitpassen aan bepaalde groepen (pleegkinderen -18, soms pleeggasten, soms volledige pleeggezinnen), een installatiepremie, zwembadtickets, …""",
        ("UiTPAS, installatiepremie, zwembadtickets, …",
         "uitpassen (UiTPAS) voor pleegkinderen -18, soms pleeggasten, soms volledige pleeggezinnen; "
         "installatiepremie, zwembadtickets, …; nooit een eis of verwachting van pleegzorg"),
    ),
    "contactmomenten": (
        f"{QUESTION}, antwoord op vraag 1",
        """En ten slotte, sommige gemeentes, ook als ze geen pleegzorggemeente zijn, organiseren ad hoc bv. contactmomenten ook specifiek voor de pleeggezinnen van hun stad of gemeente. Op die manier dragen ze bij aan de ontmoeting en participatie van pleeggezinnen.""",
        None,
    ),
    "werving": (
        f"{QUESTION}, antwoord op vraag 1 en 2",
        """Er zijn heel wat eenmalige initiatieven van bepaalde gemeentes, zoals het inzetten op bekendmaking van pleegzorg door lokale PR-acties vanuit pleegzorg te ondersteunen bij lokale diensten en via bv. de plaatselijke middenstand. Er zijn bovendien heel wat aparte acties vanuit pleegzorg gericht op bibliotheken, speelpleinwerkingen, scholen, zwembaden (waarbij de sportdiensten van de gemeenten ook worden aangesproken).

Iemand schrijft zich niet in voor een informatiesessie ‘pleegouder worden’ louter op basis van een artikel over pleegzorg in een stads- of gemeentetijdschrift, maar zo’n actie draagt wel bij aan de bekendmaking van en de sensibilisering rond pleegzorg.

In dat opzicht spelen pleegzorggemeenten een belangrijke rol in het uitdragen en ondersteunen van wervingsacties.""",
        ("lokale PR-acties, infosessies ‘pleegouder worden’",
         "lokale PR-acties, acties gericht op bibliotheken, speelpleinwerkingen, scholen en zwembaden, "
         "infosessies ‘pleegouder worden’"),
    ),
}
# "andere" is this application's own catch-all: it cites nothing and keeps an empty source.


def cite_sources(apps, schema_editor):
    Category = apps.get_model("initiatives", "Category")
    for slug, (source, quote, description) in SOURCES.items():
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            continue
        fields = []
        if not category.source:
            category.source = source
            fields.append("source")
        if not category.source_quote and quote:
            category.source_quote = quote
            fields.append("source_quote")
        if description and category.description == description[0]:
            category.description = description[1]
            fields.append("description")
        if fields:
            category.save(update_fields=fields)


def forget_sources(apps, schema_editor):
    Category = apps.get_model("initiatives", "Category")
    for slug, (source, quote, description) in SOURCES.items():
        Category.objects.filter(slug=slug, source=source).update(source="")
        Category.objects.filter(slug=slug, source_quote=quote).update(source_quote="")
        if description:
            Category.objects.filter(slug=slug, description=description[1]).update(description=description[0])


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0008_question_26_parts")]
    operations = [migrations.RunPython(cite_sources, forget_sources)]
