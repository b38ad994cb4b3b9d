import datetime

import pytest
from django.urls import reverse

from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent

pytestmark = pytest.mark.django_db
MAX_QUERIES = 9


def page(client, code):
    return client.get(reverse("municipality", args=[code]))


def add_initiative(municipality, published=True, title="Infoavond"):
    return Initiative.objects.create(
        municipality=municipality,
        title=title,
        category=Category.objects.get(slug="werving"),
        start_date=datetime.date(2023, 3, 1),
        is_published=published,
        source="test",
    )


def test_merged_municipality_links_its_successor_and_the_successor_its_predecessors(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_QUERIES):
        text = page(client, "11007").content.decode()
    assert "Borsbeek" in text and "Samengevoegd met" in text and "/gemeenten/11002/" in text
    text = page(client, "23106").content.decode()
    for name in ("Galmaarden", "Gooik", "Herne"):
        assert name in text


def test_successor_page_shows_the_predecessors_status_history(client):
    text = page(client, "71072").content.decode()  # Hasselt since 2025, from Hasselt and Kortessem
    assert text.count(">uiterlijk 31/12/2023</time>") == 2
    assert "(Kortessem)" in text
    assert "Vlaams Parlement, schriftelijke vraag nr. 26" in text


def test_limburg_municipality_shows_status_registered_no_later_than(client):
    text = page(client, "73001").content.decode()  # Alken
    assert "pleegzorggemeente" in text and "sinds uiterlijk 31/12/2023" in text
    assert "Geen gebeurtenissen" not in text


def test_herstappe_is_not_registered(client):
    text = page(client, "73028").content.decode()
    assert "Herstappe" in text and "Geen gebeurtenissen geregistreerd." in text


def test_drafts_never_appear_publicly(client):
    alken = Municipality.objects.get(code="73001")
    add_initiative(alken, published=True, title="Receptie voor pleeggezinnen")
    add_initiative(alken, published=False, title="Geheim ontwerp")
    text = page(client, "73001").content.decode()
    assert "Receptie voor pleeggezinnen" in text
    assert "Geheim ontwerp" not in text


def test_query_count_does_not_grow_with_history_and_initiatives(client, django_assert_max_num_queries):
    hasselt = Municipality.objects.get(code="71072")
    for number in range(30):
        add_initiative(hasselt, title=f"Initiatief {number}")
    StatusEvent.objects.create(
        municipality=hasselt, kind="candidate", date=datetime.date(2025, 2, 1), source="test"
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        response = page(client, "71072")
    assert response.content.decode().count("Initiatief ") == 30


def test_dutch_municipality_has_no_register_section(client):
    text = page(client, "GM0014").content.decode()
    assert "Groningen" in text and "Pleegzorggemeente: geschiedenis" not in text and "Gepubliceerde initiatieven" not in text


def test_unknown_municipality_is_404(client):
    assert page(client, "00000").status_code == 404
    assert client.get("/gemeenten/%3Cscript%3E/").status_code == 404
