"""The first archived question: the one this app was built to answer."""

import datetime

from django.db import migrations

NOTE = (
    "Het antwoord van minister Crevits staat in de bron, de bijlage zelf niet, en het antwoord is "
    "niet gedateerd: de peildatum 31/12/2023 is de laatste datum die de bron rechtvaardigt (het "
    "antwoord verwijst naar cijfers van 'volgende maand'). De vraag blijft een ontwerp tot een "
    "medewerker de bijlage uit deze app als antwoord archiveert."
)


def create(apps, schema_editor):
    Question = apps.get_model("initiatives", "ParliamentaryQuestion")
    Question.objects.get_or_create(
        number="26",
        date=datetime.date(2023, 10, 5),
        defaults={
            "asker": "Brecht Warnez",
            "minister": "Hilde Crevits",
            "subject": "Pleegzorggemeenten - Registraties en initiatieven",
            "reference_date": datetime.date(2023, 12, 31),
            "note": NOTE,
            "source": "Vlaams Parlement, schriftelijke vraag nr. 26 van 5 oktober 2023, https://docs.vlaamsparlement.be/pfile?id=2003767",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_parliamentary_questions")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
