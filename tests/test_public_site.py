"""The public site: home, map, municipality list with status, key figures, initiatives, open data."""

import csv
import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action
from initiatives.models import Category, Initiative
from municipalities.models import KeyFigure, MapLayer, Municipality, StatusEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def boundaries():
    call_command("load_boundaries", stdout=StringIO())
    return MapLayer.objects.get()


def test_home_shows_coverage_per_province_for_today_and_any_date(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):  # + 1: "laatst bijgewerkt"
        response = client.get("/")
    text = response.content.decode()
    assert '<html lang="nl">' in text and 'href="#content"' in text
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in text
    limburg = next(row for row in response.context["counts"] if row.province.iso_code == "BE-VLI")
    assert (limburg.active, limburg.registered) == (38, 33)
    early = client.get("/", {"datum": "2023-06-01"}).context
    assert early["total"].registered == 0 and early["total"].unknown == 319  # nothing known before 31/12/2023
    late = client.get("/", {"datum": "2024-01-01"}).context
    assert late["total"].registered == 41 and late["total"].active == 319
    assert "Pleegzorggemeenten" in text and "177" in text  # the latest key figures
    # Only Limburg has known statuses today (its events; its register is known complete on 31/12/2023
    # alone, so Herstappe is unknown): the other provinces have no percentage.
    assert text.count('class="bar-fill"') == 1
    assert limburg.coverage == round(100 * 33 / limburg.known, 1)


def test_home_on_the_day_of_the_official_count_sets_it_beside_the_register(client):
    text = client.get("/", {"datum": "2023-12-31"}).content.decode()
    assert "het register bevat 41 van de 177 pleegzorggemeenten die de bron noemt" in text
    assert "het register bevat 0 van de 15 gemeenten in gesprek die de bron noemt" in text
    assert "Limburg (op 31/12/2023" in text  # the completeness it rests on, that day alone
    assert "Geen pleegzorggemeente" in text and "Status onbekend" in text


@pytest.mark.parametrize("value", ["2099-01-01", "1850-01-01", "2023-02-30", "gisteren", "'; DROP TABLE x"])
def test_home_with_a_bad_date_says_so_in_dutch_and_shows_today(client, value):
    response = client.get("/", {"datum": value})
    assert response.status_code == 200
    assert response.context["day"] == datetime.date.today()
    assert 'class="error"' in response.content.decode()


def test_map_draws_every_shape_with_title_link_and_legend(client, boundaries, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # + 1: "laatst bijgewerkt"
        response = client.get(reverse("municipalities:map"), {"datum": "2023-12-31"})
    text = response.content.decode()
    assert text.count('"><path d="M') == 319
    assert text.count('class="area status-registered"') == 41 + 1  # 41 shapes + the legend swatch
    assert "<title>Herstappe: geen pleegzorggemeente</title>" in text  # Limburg's register complete that day
    later = client.get(reverse("municipalities:map"), {"datum": "2024-01-01"}).content.decode()
    assert later.count('class="area status-registered"') == 41 + 1 and "<title>Herstappe: onbekend</title>" in later
    assert 'id="status-table"' in text and text.count("<tr>") == 319 + 1
    assert len(response.content) < 300 * 1024


def test_map_after_2025_draws_merged_municipalities_with_their_successor(client, boundaries):
    StatusEvent.objects.create(
        municipality=Municipality.objects.get(code="71072"),
        kind="candidate",
        date=datetime.date(2025, 3, 1),
        source="test",
    )
    text = client.get(reverse("municipalities:map"), {"datum": "2025-06-01"}).content.decode()
    assert "<title>Kortessem (nu deel van Hasselt): in gesprek / kandidaat</title>" in text
    assert 'href="/gemeenten/71072/?datum=2025-06-01"><path' in text
    assert text.count('"><path d="M') == 319  # the 2019-2024 shapes
    assert text.count("<tr>") == 304 + 1  # the table lists the municipalities of the day, not the shapes
    assert ">Kortessem</a>" not in text and '<td class="map-shapes">als de vormen van Hasselt, Kortessem</td>' in text
    assert "De kaart tekent de gemeentegrenzen van 2019-2024" in text
    assert "horen 27 van haar 319 vormen bij gemeenten die in een fusie zijn opgegaan" in text


def test_map_without_boundary_data_says_so_and_shows_the_table(client):
    text = client.get(reverse("municipalities:map")).content.decode()
    assert "<svg viewBox" not in text and "load_boundaries" in text and 'id="status-table"' in text


def test_load_boundaries_is_idempotent_and_skips_a_missing_folder(boundaries, tmp_path):
    out = StringIO()
    before = sorted(MapLayer.objects.get().shapes.values_list("pk", flat=True))
    call_command("load_boundaries", stdout=out)
    assert sorted(MapLayer.objects.get().shapes.values_list("pk", flat=True)) == before  # nothing rewritten
    assert MapLayer.objects.get().shapes.count() == 319
    call_command("load_boundaries", data_dir=str(tmp_path), stdout=out)
    assert "overgeslagen" in out.getvalue().lower() and MapLayer.objects.get().shapes.count() == 319


def test_municipality_list_filters_by_status_on_a_date_and_initiatives(client, django_assert_max_num_queries):
    url = reverse("municipalities")
    with django_assert_max_num_queries(5):  # + 1: "laatst bijgewerkt"
        response = client.get(url, {"datum": "2024-01-01", "status": "registered"})
    assert response.context["page"].paginator.count == 41
    # Before 31/12/2023 nothing is known of the Flemish register; Dutch municipalities are not on it.
    assert client.get(url, {"datum": "2023-06-01", "status": "unknown"}).context["page"].paginator.count == 319
    assert client.get(url, {"datum": "2023-12-31", "status": "none"}).context["page"].paginator.count == 1  # Herstappe
    assert client.get(url, {"datum": "2024-01-01", "status": "none"}).context["page"].paginator.count == 0
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"),
        title="x",
        source="x",
        category=Category.objects.first(),
        start_date=datetime.date(2023, 1, 1),
        is_published=True,
    )
    names = [m.name for m in client.get(url, {"initiatieven": "ja"}).context["page"]]
    assert names == ["Alken"]
    codes = [m.code for m in client.get(url, {"country": "BE", "sorteer": "-code"}).context["page"]]
    assert codes == sorted(codes, reverse=True)


def test_municipality_csv_and_json_have_the_same_filters_as_the_page(client):
    params = {"datum": "2024-01-01", "province": "BE-VLI"}
    response = client.get(reverse("municipalities_csv"), params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "max-age=600" in response["Cache-Control"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 42
    alken = next(r for r in rows if r["naam"] == "Alken")
    assert (alken["status"], alken["status_datum"], alken["status_datum_uiterlijk"]) == (
        "registered",
        "2023-12-31",
        "ja",
    )
    data = json.loads(client.get(reverse("municipalities_json"), params).content)
    assert data["count"] == 42 and data["fields"][0] == "code"
    assert next(r for r in data["results"] if r["naam"] == "Alken")["status_datum_uiterlijk"] is True


def test_csv_neutralises_values_that_start_a_formula(client):
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"),
        title='=HYPERLINK("x")',
        source="@bron",
        category=Category.objects.first(),
        start_date=datetime.date(2023, 1, 1),
        is_published=True,
    )
    content = client.get(reverse("initiatives:list_csv")).content.decode("utf-8")
    assert "\"'=HYPERLINK" in content and ";'@bron" in content


def test_initiative_list_shows_published_only(client, django_assert_max_num_queries):
    category = Category.objects.first()
    alken = Municipality.objects.get(code="73001")
    Initiative.objects.create(
        municipality=alken,
        title="Publiek",
        category=category,
        start_date=datetime.date(2023, 1, 1),
        is_published=True,
        source="x",
    )
    Initiative.objects.create(
        municipality=alken,
        title="Geheim",
        category=category,
        start_date=datetime.date(2023, 1, 1),
        is_published=False,
        source="x",
    )
    with django_assert_max_num_queries(7):  # + the categories with their sources, + "laatst bijgewerkt"
        response = client.get(reverse("initiatives:list"), {"province": "BE-VLI"})
    text = response.content.decode()
    assert "Publiek" in text and "Geheim" not in text
    assert "Geheim" not in client.get(reverse("initiatives:list_json")).content.decode()


def test_key_figures_page_has_charts_with_their_tables(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("municipalities:key_figures"))
    text = response.content.decode()
    assert text.count('<svg class="chart"') >= 3
    assert text.count("<table>") >= text.count('<svg class="chart"')
    for value in ("14.713", "19.918", "1.051", "2.035", "1.641", "177"):
        assert value in text
    data = json.loads(client.get(reverse("municipalities:key_figures_json")).content)
    assert data["count"] == KeyFigure.objects.count()
    assert {"waarde": 14713, "datum": "2024-12-31"}.items() <= next(
        r for r in data["results"] if r["reeks"] == "nl-pleeggezinnen" and r["datum"] == "2024-12-31"
    ).items()


def test_action_open_data_follows_the_plan_filters(client):
    data = json.loads(
        client.get(reverse("actions:actions_json"), {"plan": "actieplan-pleegzorg-2017-2018", "year": "2019"}).content
    )
    assert data["count"] > 0 and all(r["plan"] == "actieplan-pleegzorg-2017-2018" for r in data["results"])
    assert {"2.1", "4.4"} <= {r["actie"] for r in data["results"]}
    csv_text = client.get(reverse("actions:actions_csv")).content.decode("utf-8")
    assert csv_text.count("\r\n") == Action.objects.count() + 1  # every action of every plan, and the header


def test_open_data_page_documents_every_dataset(client):
    text = client.get(reverse("open_data")).content.decode()
    for name in ("status_datum_uiterlijk", "gepubliceerde_initiatieven", "verantwoordelijk", "datum_zoals_bron"):
        assert f"<code>{name}</code>" in text
    for url in ("/gemeenten.csv", "/initiatieven.json", "/plannen.csv", "/cijfers.json"):
        assert url in text
