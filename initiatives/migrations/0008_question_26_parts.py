"""Written question nr. 26 of 5 October 2023: its five sub-questions and the minister's answer to each.

Transcribed verbatim from the Flemish Parliament's document (https://docs.vlaamsparlement.be/pfile?id=2003767):
the PDF's line breaks are joined, a blank line separates paragraphs, and list items keep their
marker ("-", "•", "a)"). tests/initiatives/test_question_parts.py compares every line with the
source document. Only the parts are written: the question's own row is never touched (an answered
question is immutable).
"""

import datetime

from django.db import migrations

PARTS = [
    (
        1,
        """Graag een update van de cijfers van het afgelopen jaar (in Excel) met betrekking tot:
- de gemeenten die geregistreerd zijn als pleegzorggemeente. Graag een overzicht per provincie en met vermelding van de datum waarop de gemeente tot pleegzorggemeente werd benoemd;
- de gemeenten die momenteel de procedure om officieel pleegzorggemeente te worden aan het doorlopen zijn. Graag een overzicht per provincie en met vermelding van de datum waarop deze gemeenten de procedure zijn gestart;
- de initiatieven die de pleegzorggemeenten hebben genomen. Graag - indien beschikbaar - een overzicht van de initiatieven per pleegzorggemeente met vermelding van de timing.""",
        """Als bijlage gaat een tabel m.b.t. een update van de cijfers van het afgelopen jaar die te maken hebben met:
a) De gemeenten die geregistreerd zijn als pleegzorggemeente;
b) De gemeenten die momenteel de procedure om officieel pleegzorggemeente te worden aan het doorlopen zijn;
c) De initiatieven die de pleegzorggemeenten hebben genomen.

De informatie over de pleegzorggemeentes is ook terug te vinden op https://www.pleegzorg.be/pleegzorggemeenten

De diensten voor pleegzorg benadrukken dat niet enkel de gemeentes met een structureel engagement als pleegzorggemeente voor hen belangrijk zijn. Er zijn heel wat eenmalige initiatieven van bepaalde gemeentes, zoals het inzetten op bekendmaking van pleegzorg door lokale PR-acties vanuit pleegzorg te ondersteunen bij lokale diensten en via bv. de plaatselijke middenstand. Er zijn bovendien heel wat aparte acties vanuit pleegzorg gericht op bibliotheken, speelpleinwerkingen, scholen, zwembaden (waarbij de sportdiensten van de gemeenten ook worden aangesproken). En ten slotte, sommige gemeentes, ook als ze geen pleegzorggemeente zijn, organiseren ad hoc bv. contactmomenten ook specifiek voor de pleeggezinnen van hun stad of gemeente. Op die manier dragen ze bij aan de ontmoeting en participatie van pleeggezinnen.""",
    ),
    (
        2,
        """Kan de minister toelichten of de initiatieven van de pleegzorggemeenten merkbare positieve effecten hebben gehad; hebben er het afgelopen jaar bijvoorbeeld meer gezinnen zich aangemeld als pleeggezin ten opzichte van de vorige jaren?""",
        """Effecten zijn moeilijk te meten. Er wordt eerder uitgegaan van het ‘steppingstone-principe’. Iemand schrijft zich niet in voor een informatiesessie ‘pleegouder worden’ louter op basis van een artikel over pleegzorg in een stads- of gemeentetijdschrift, maar zo’n actie draagt wel bij aan de bekendmaking van en de sensibilisering rond pleegzorg. Het is vaak een reminder of trigger voor al wie misschien al interesse heeft, maar nog twijfelt. In dat opzicht spelen pleegzorggemeenten een belangrijke rol in het uitdragen en ondersteunen van wervingsacties. De diensten voor pleegzorg zien zelf volgende voordelen van pleegzorggemeenten:
•Ze zijn een belangrijke partner in het bekendmaken van pleegzorg, zowel lokaal als in de pers, …
•Het gaat over nabije, warme contacten waarop gerekend kan worden voor het verdelen van PR-materiaal.
•Pleegzorggemeenten kunnen lokaal voor verbinding en waardering zorgen bij pleeggezinnen. (Receptie/bedankingskaartje/kerstattentie/sint-attentie/…).
•Ze bieden regelmatig lokale ondersteuning aan diensten voor pleegzorg door zalen of lokalen beschikbaar te stellen aan sterk verminderde tarieven of soms zelfs helemaal gratis (vb. grote zalen voor info-sessies zijn een grote hulp, sommige gemeentes bieden ook lokalen aan om overleg of contacten met de biologische ouders te laten plaatsvinden).
•Activiteiten die georganiseerd kunnen worden in lokalen van de gemeenten geven een ‘dicht-bij-de-burger’-gevoel; ze bevorderen laagdrempeligheid.
•Pleegzorggemeentes kunnen een extra-ondersteuning aanbieden voor pleeggezinnen als ze hen bepaalde voordelen aanbieden (al is dit nooit een eis of verwachting van pleegzorg). Voorbeelden zijn uitpassen aan bepaalde groepen (pleegkinderen -18, soms pleeggasten, soms volledige pleeggezinnen), een installatiepremie, zwembadtickets, …

Erg belangrijk zijn ook de lokale communicatiekanalen: sociale media die berichten van de pleegzorgdiensten delen, maar ook gemeentebladen die inhoudelijke artikels over pleegzorg, interviews of getuigenissen van pleeggezinnen of (ex-) pleegkinderen publiceren of linken leggen met de website en data van infosessies bekendmaken. Ook zichtbaarheid geven aan pleegzorg op beurzen of netwerkmomenten is helpend.

De diensten benadrukken nog dat ze bij elke campagne bepalen welke communicatieplatformen best ingezet worden en/of in welke mate een actie via de pleegzorggemeentes een meerwaarde heeft voor het doel dat men wenst te bereiken.""",
    ),
    (
        3,
        """Kan de minister een overzicht geven van de initiatieven die Vlaanderen het afgelopen jaar heeft genomen om de pleegzorggemeenten te ondersteunen? Graag een overzicht van deze initiatieven met vermelding van de inhoud van het initiatief, de timing en het budget ervan, alsook een evaluatie van het initiatief.""",
        """Het zijn de diensten voor pleegzorg die initiatief nemen om te onderhandelen met gemeentes in functie van de kwalificatie ‘pleegzorggemeente’. Dit kadert in de ruimere opdracht van de diensten voor pleegzorg m.b.t. sensibilisering en werving van pleeggezinnen. Vlaanderen heeft hier geen apart initiatief in genomen.""",
    ),
    (
        4,
        """Kan de minister een overzicht geven per West-Vlaamse gemeente van het huidige aantal kinderen in pleegzorg en het huidige aantal pleeggezinnen? Graag ook een overzicht van het aantal gezinnen en kinderen in West-Vlaanderen dat nog op de wachtlijst staat.""",
        """In West-Vlaanderen waren er op 31 december 2022 1641 kinderen en volwassenen in pleegzorg en werden er 1195 pleeggezinnen begeleid (bron: Pleegzorg Vlaanderen). De cijfers over de wachtenden zijn maar beschikbaar op het moment van publicatie van deze cijfers door Opgroeien (volgende maand). Deze cijfers zullen terug te vinden zijn op de website van Opgroeien (cijfers wachtenden) https://www.opgroeien.be/. Ze kunnen gefilterd worden op regio.""",
    ),
    (
        5,
        """Hoe evalueert de minister het concept ‘pleegzorggemeente’? Ziet ze nood aan bijsturingen of bijkomende initiatieven in dezen? Zo ja, graag een plan van aanpak met timing en budget.""",
        """Ondertussen zijn 177 gemeenten in Vlaanderen pleegzorggemeente en 15 gemeenten in gesprek hierover. 2/3e van alle gemeenten. Op de 77 inwoners van Herstappe na is heel Limburg ingestapt. De provincies Antwerpen en West-Vlaanderen zijn ook al bijna helemaal ingekleurd. En Oost-Vlaanderen en Vlaams-Brabant en Brussel hebben de inhaalbeweging ingezet.

De diensten geven duidelijk aan dat het concept ‘pleegzorggemeente’ bijdraagt tot de bredere bekendmaking van en enthousiasme rond pleegzorg. Ik kan dit enkel onderschrijven.

Het concept maakt deel uit van de strategie die pleegzorg autonoom ontwikkelt om aan haar doelstellingen te werken, met name om pleegzorg op een concrete en werkbare manier te vertalen in een sterke lokale samenwerking.""",
    ),
]


def create_parts(apps, schema_editor):
    Question = apps.get_model("initiatives", "ParliamentaryQuestion")
    Part = apps.get_model("initiatives", "QuestionPart")
    question = Question.objects.filter(number="26", date=datetime.date(2023, 10, 5)).first()
    if question is None:  # an officer deleted the draft: nothing to attach the parts to
        return
    for number, question_text, answer_text in PARTS:
        Part.objects.get_or_create(
            question=question, number=number,
            defaults={"question_text": question_text, "answer_text": answer_text},
        )


def delete_parts(apps, schema_editor):
    Part = apps.get_model("initiatives", "QuestionPart")
    Part.objects.filter(question__number="26", question__date=datetime.date(2023, 10, 5)).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_question_parts_and_category_sources")]
    operations = [migrations.RunPython(create_parts, delete_parts)]
