import ast
import datetime
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12  # three of them read the audit trail: "last changed" (2) and "laatst bijgewerkt"


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
    StatusEvent.objects.create(municipality=hasselt, kind="candidate", date=datetime.date(2025, 2, 1), source="test")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = page(client, "71072")
    assert response.content.decode().count("Initiatief ") == 30


def test_dutch_municipality_has_no_register_section(client):
    text = page(client, "GM0014").content.decode()
    assert (
        "Groningen" in text
        and "Pleegzorggemeente: geschiedenis" not in text
        and "Gepubliceerde initiatieven" not in text
    )


def test_unknown_municipality_is_404(client):
    assert page(client, "00000").status_code == 404
    assert client.get("/gemeenten/%3Cscript%3E/").status_code == 404


def last_change_line(client, code):
    html = page(client, code).content.decode()
    found = re.search(r'<p class="last-change">(.*?)</p>', html, re.S)
    assert found, "the register section says when its entry last changed"
    return found.group(1), re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", found.group(1))))


def day_of(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def test_the_register_entry_says_when_it_last_changed_and_from_which_source(client):
    alken = Municipality.objects.get(code="73001")
    seeded = StatusEvent.history.filter(municipality_id=alken.pk).latest("history_date")
    _, text = last_change_line(client, "73001")
    assert text == (
        f"Laatst gewijzigd op {day_of(seeded.history_date)} (gebeurtenis toegevoegd: pleegzorggemeente "
        f"(uiterlijk 31/12/2023)) — bron: {seeded.source}"
    )


def test_an_officers_change_shows_with_its_source_as_a_link(client):
    event = StatusEvent.objects.get(municipality__code="73001")
    event.source = "https://www.pleegzorgvlaanderen.be/pleegzorggemeenten"
    event.save()
    html, text = last_change_line(client, "73001")
    assert text.startswith(f"Laatst gewijzigd op {day_of(timezone.now())} (gebeurtenis gewijzigd: pleegzorggemeente")
    assert '<a href="https://www.pleegzorgvlaanderen.be/pleegzorggemeenten"' in html


def test_a_deleted_event_is_the_last_change_and_its_source_is_not_claimed(client):
    event = StatusEvent.objects.get(municipality__code="73001")
    event.delete()
    _, text = last_change_line(client, "73001")
    assert text == (
        f"Laatst gewijzigd op {day_of(timezone.now())} (gebeurtenis verwijderd: pleegzorggemeente "
        "(uiterlijk 31/12/2023)) — bron niet vermeld"
    )
    assert event.source not in text


def test_the_municipalitys_own_fields_count_a_save_that_changes_nothing_does_not(client):
    alken = Municipality.objects.get(code="73001")
    _, before = last_change_line(client, "73001")
    alken.save()  # only the version moves
    assert last_change_line(client, "73001")[1] == before
    alken.name_fr = "Alken (FR)"
    alken.save()
    _, text = last_change_line(client, "73001")
    assert (
        text == f"Laatst gewijzigd op {day_of(timezone.now())} (gegevens van de gemeente gewijzigd) — bron niet vermeld"
    )


def test_a_successor_names_the_predecessor_whose_event_changed_last(client):
    event = StatusEvent.objects.filter(municipality__code="73040").order_by("date").last()  # Kortessem
    event.note = "Bevestigd."
    event.save()
    _, text = last_change_line(client, "71072")  # Hasselt
    assert "(gebeurtenis gewijzigd: " in text and ", Kortessem)" in text


def test_a_municipality_without_recorded_changes_says_nothing_false(client):
    herstappe = Municipality.objects.get(code="73028")
    Municipality.history.filter(id=herstappe.pk).delete()
    StatusEvent.history.filter(municipality_id=herstappe.pk).delete()
    _, text = last_change_line(client, "73028")
    assert text == "Nog geen wijzigingen geregistreerd."


def test_the_last_change_takes_the_same_queries_for_a_long_history(client, django_assert_max_num_queries):
    event = StatusEvent.objects.get(municipality__code="73001")
    for number in range(25):
        event.note = f"Nota {number}"
        event.save()
    with django_assert_max_num_queries(MAX_QUERIES):
        _, text = last_change_line(client, "73001")
    assert "(gebeurtenis gewijzigd: " in text


def test_the_register_history_imports_no_app_that_depends_on_municipalities():
    source = Path(__file__).resolve().parent.parent / "municipalities" / "register_history.py"
    modules = {
        node.module or "" for node in ast.walk(ast.parse(source.read_text())) if isinstance(node, ast.ImportFrom)
    }
    modules |= {
        alias.name
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {m for m in modules if m.split(".")[0] in ("initiatives", "actions", "pleegzorg")}
