"""The slides on foster care in Flanders (seed 001), transcribed completely and attributed as they allow."""

import pytest
from django.urls import reverse

from municipalities.models import FosterCareForm, FosterCareTopic

from ..seed_text import comparable, seed

pytestmark = pytest.mark.django_db

SLIDES = "001_76b5e82c3e3c6ed1.txt"
# A hyperlink the PDF extraction added after the slide's own address; not slide text.
LINK_ANNOTATION = "mailto:instroom@pleegzorgvbb.be"


def test_the_topics_hold_every_slide_word_for_word_in_order():
    source = "\n".join(line for line in seed(SLIDES).splitlines() if line.strip() != LINK_ANNOTATION)
    transcription = "\n".join(f"{topic.title}\n{topic.text}" for topic in FosterCareTopic.objects.order_by("order"))
    assert comparable(transcription) == comparable(source)


def test_every_paragraph_and_item_occurs_in_the_slides():
    source = comparable(seed(SLIDES))
    for topic in FosterCareTopic.objects.all():
        assert comparable(topic.title) in source
        for block in topic.blocks():
            for text in block.items or [block.text]:
                assert comparable(text) in source, (topic.slug, text)


def test_definition_contra_indications_conditions_and_both_pvo_variants():
    topics = {topic.slug: topic for topic in FosterCareTopic.objects.all()}
    definition = topics["definitie"]
    assert "art 2, punt 11" in definition.title
    assert (
        "“Zorg waarbij een pleegzorger vrijwillig, onder begeleiding van een dienst voor pleegzorg en tegen een "
        "kostenvergoeding, een of meerdere pleegkinderen en/of pleeggasten opvangt”."
    ) in definition.text
    items = [item for block in topics["contra-indicaties"].blocks() for item in block.items]
    assert items[0] == "Hulpverleningsgeschiedenis met frequente overplaatsingen." and items[-1] == "…"
    assert "Verzet tegen pleegzorgsituatie van ouders en/of jongere." in items and len(items) == 6
    conditions = [item for block in topics["attestering"].blocks() for item in block.items]
    assert conditions == [
        "Alle meerderjarigen uittreksel strafregister model 2 verzoenbaar met pleegzorg",
        "Pleegzorg moet gedragen zijn door het hele gezin",
        "Voldoende draagkracht",
    ]
    programmes = [item for block in topics["behandelingsaanbod"].blocks() for item in block.items]
    assert programmes[:2] == [
        "Pleegouders Versterken in Opvoeden – Sociaal Interactioneel Model",
        "Pleegouders Versterken in Opvoeden – Geweldloos Verzet",
    ]
    treatment = FosterCareForm.objects.get(name="Behandelingspleegzorg").description
    assert "Sociaal Interactioneel Model" in treatment and "Geweldloos Verzet" in treatment


def test_attribution_is_what_the_slides_show_and_invents_no_title():
    sources = {
        *FosterCareTopic.objects.values_list("source", flat=True),
        *FosterCareForm.objects.values_list("source", flat=True),
    }
    assert len(sources) == 1
    (source,) = sources
    assert "zonder titel, auteur of datum" in source
    assert "instroom@pleegzorgvbb.be" in source and "0491/56.76.76" in source
    assert "Vlaams-Brabant en Brussel" in source
    assert "presentatie '(Re)Organisatie" not in source
    for contact in ("instroom@pleegzorgvbb.be", "0491/56.76.76"):
        assert contact in seed(SLIDES)


def test_page_shows_every_slide_with_its_source(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # + 1: "laatst bijgewerkt"
        response = client.get(reverse("municipalities:foster_care_forms"))
    html = response.content.decode()
    topics = list(FosterCareTopic.objects.all())
    assert len(topics) == 17
    for topic in topics:
        assert f'<h3 id="slide-{topic.slug}">' in html
    assert html.count("Dia&#x27;s zonder titel, auteur of datum") == len(topics) + 1
    assert "<li>Pleegouders Versterken in Opvoeden – Geweldloos Verzet</li>" in html
    assert "<li>Voldoende draagkracht</li>" in html
    assert "Opmerking: onderscheid netwerk- en bestandspleegzorg" in html
