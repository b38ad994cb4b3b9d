"""The pages a public-sector site has: about, accessibility, privacy, colophon; sitemap, robots, favicon,
breadcrumbs, "laatst bijgewerkt", and no cookie on any public page."""

import datetime
import html
import re
import xml.etree.ElementTree as ElementTree

import lxml.html
import pytest
from django.urls import reverse

from core.last_change import latest_change
from municipalities.models import FosterCareService, KeyFigure, Municipality, Province, StatusEvent
from tests.seed_text import comparable, seed

pytestmark = pytest.mark.django_db

QUESTION_26 = "000_68cddf1ceb9c1139.txt"
SLIDES = "001_76b5e82c3e3c6ed1.txt"

# (URL name, most queries): each page costs the same whatever the data holds.
PAGES = [("site:about", 6), ("site:accessibility", 0), ("site:privacy", 0), ("site:colophon", 1), ("site:contact", 0)]
PUBLIC_PATHS = [
    "/",
    "/gemeenten/",
    "/gemeenten/73001/",
    "/provincies/BE-VLI/",
    "/kaart/",
    "/cijfers/",
    "/pleegzorgvormen/",
    "/initiatieven/",
    "/bijlage/",
    "/vragen/",
    "/plannen/",
    "/open-data/",
    "/over/",
    "/toegankelijkheid/",
    "/privacy/",
    "/colofon/",
    "/zoeken/?gemeente=Alken",
    "/zoeken/?gemeente=Kortessem",
    "/gemeenten/71072/?via=73040",
    "/sitemap.xml",
    "/robots.txt",
]


def text_of(response):
    """The page's text without tags, entities resolved, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def quotes(response):
    """The paragraphs of the page's source quotes (<blockquote class="source-quote">), as text."""
    blocks = re.findall(r'<blockquote class="source-quote"[^>]*>(.*?)</blockquote>', response.content.decode(), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split()) for block in blocks]


@pytest.mark.parametrize(("name", "budget"), PAGES)
def test_page_answers_in_dutch_with_breadcrumbs_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, name, budget
):
    with django_assert_max_num_queries(budget + 1):  # + "laatst bijgewerkt" where the page lists data
        response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<nav class="breadcrumbs" aria-label="Kruimelpad">' in page
    assert f'<a href="{reverse(name)}" aria-current="page">' in page
    assert page.count("<h1") == 1
    assert 'href="/static/favicon.svg"' in page


def test_about_quotes_the_sources_word_for_word(client):
    response = client.get(reverse("site:about"))
    found = quotes(response)
    assert len(found) == 6
    question, slides = comparable(seed(QUESTION_26)), comparable(seed(SLIDES))
    for quote in found:
        words = comparable(quote.strip("“”"))
        assert words in question or words in slides, quote
    text = text_of(response)
    assert "Een pleegzorggemeente is een gemeente die zich wil engageren" in text
    assert "contact op te nemen met Pleegzorg Vlaanderen" in text
    assert "1 dienst per provincie (woonplaats kandidaat-pleegouders!) met lokale afdelingen" in text
    assert "bron 000" in text and "bron 001" in text and "bron 003" in text


def test_about_lists_one_service_per_flemish_province_with_its_area(client):
    response = client.get(reverse("site:about"))
    page = response.content.decode()
    flemish = Province.objects.filter(country="BE", kind="province")
    assert flemish.count() == 5
    for province in flemish:
        assert f'<a href="{province.get_absolute_url()}">{province.name}</a>' in page
    assert page.count("Dienst voor pleegzorg in de provincie") == 5
    assert "welke dienst daar werkt, zegt de bron niet" in page  # Brussels: not claimed
    assert "Actieplan Pleegzorg 2017-2018" in page  # what the Dutch side tracks


def test_services_are_seeded_with_their_source_and_history():
    services = FosterCareService.objects.prefetch_related("provinces")
    assert [s.slug for s in services] == [
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    ]
    for service in services:
        assert [p.kind for p in service.provinces.all()] == ["province"]
        assert comparable(service.quote) in comparable(seed(SLIDES))
        assert service.history.filter(history_change_reason="load_reference_data").exists()
    assert {p.iso_code for s in services for p in s.provinces.all()} == {
        "BE-VAN",
        "BE-VLI",
        "BE-VOV",
        "BE-VBR",
        "BE-VWV",
    }


def test_accessibility_statement_has_the_model_sections(client, settings):
    settings.CONTACT_EMAIL = "toegankelijkheid@example.org"
    text = text_of(client.get(reverse("site:accessibility")))
    for heading in (
        "Nalevingsstatus",
        "Niet-toegankelijke inhoud",
        "Opstelling van deze verklaring",
        "Feedback en contactgegevens",
        "Handhavingsprocedure",
    ):
        assert heading in text
    assert "WCAG" in text and "2.1" in text and "AA" in text and "axe-core" in text
    assert "30 november 2026" in text
    assert "toegankelijkheid@example.org" in text and "Vlaamse Ombudsdienst" in text


def test_without_a_contact_address_the_statement_says_so(client, settings):
    settings.CONTACT_EMAIL = ""
    text = text_of(client.get(reverse("site:accessibility")))
    assert "nog geen contactadres" in text and "mailto:" not in text


def test_privacy_says_what_is_stored_and_logged(client, settings):
    text = text_of(client.get(reverse("site:privacy")))
    assert "geen persoonsgegevens over pleegkinderen" in text
    assert "De publieke pagina's plaatsen geen cookies" in text
    assert f"{settings.AXES_FAILURE_LIMIT} mislukte pogingen" in text and "15 minuten" in text
    assert "sessionid" in text and "csrftoken" in text and "14 dagen" in text


def test_colophon_names_every_source_document_and_licence(client):
    response = client.get(reverse("site:colophon"))
    page = response.content.decode()
    for number in ("000", "001", "002", "003", "004"):
        assert f'id="bron-{number}"' in page
    assert "https://docs.vlaamsparlement.be/pfile?id=2003767" in page  # as seed 000 gives it
    for licence in ("CC BY 4.0", "CC0 1.0", "LGPL 2.1"):
        assert licence in page


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_set_no_cookie(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    assert not response.cookies, f"{path} sets {list(response.cookies)}"
    assert not client.cookies


def test_sitemap_lists_every_public_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [element.text for element in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)]
    assert all(location.startswith("http://testserver/") for location in locations)
    paths = {location.removeprefix("http://testserver") for location in locations}
    assert {"/", "/over/", "/toegankelijkheid/", "/privacy/", "/colofon/", "/gemeenten/", "/kaart/"} <= paths
    assert {m.get_absolute_url() for m in Municipality.objects.all()} <= paths
    assert {p.get_absolute_url() for p in Province.objects.all()} <= paths
    assert "/plannen/actieplan-pleegzorg-2017-2018/" in paths and "/vragen/26-2023-10-05/" in paths
    assert not any(path.startswith("/admin/") for path in paths)
    for path in ["/over/", "/gemeenten/73001/", "/plannen/actieplan-pleegzorg-2017-2018/"]:
        assert client.get(path).status_code == 200


def test_robots_allows_the_public_site_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines == ["User-agent: *", "Disallow: /admin/", "Allow: /", "Sitemap: http://testserver/sitemap.xml"]


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


# --- "laatst bijgewerkt" ----------------------------------------------------------------


def footer_date(response):
    match = re.search(
        r'<p class="last-updated">Laatst bijgewerkt: <time datetime="([^"]+)">', response.content.decode()
    )
    return datetime.datetime.fromisoformat(match.group(1)) if match else None


def test_latest_change_reads_many_histories_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        latest = latest_change([StatusEvent.history.all(), KeyFigure.history.all(), Province.history.filter(pk=-1)])
    assert latest == max(
        StatusEvent.history.latest("history_date").history_date, KeyFigure.history.latest("history_date").history_date
    )
    with django_assert_num_queries(1):
        assert latest_change([Province.history.filter(pk=-1)]) is None
    with django_assert_num_queries(0):
        assert latest_change([]) is None


def test_last_updated_follows_what_the_page_shows(client):
    alken = Municipality.objects.get(code="73001")
    before_alken, before_ham = (
        footer_date(client.get("/gemeenten/73001/")),
        footer_date(client.get("/gemeenten/71069/")),
    )
    assert before_alken is not None
    event = StatusEvent.objects.create(
        municipality=alken, kind="stopped", date=datetime.date(2024, 6, 1), source="test"
    )
    recorded = event.history.get().history_date
    assert footer_date(client.get("/gemeenten/73001/")) == recorded
    assert footer_date(client.get("/provincies/BE-VLI/")) == recorded
    assert footer_date(client.get("/")) == recorded
    assert footer_date(client.get("/gemeenten/71069/")) == before_ham  # another municipality: unchanged
    assert footer_date(client.get(reverse("site:privacy"))) is None  # text only: no data behind it


def test_withdrawing_a_published_initiative_moves_last_updated(client):
    from initiatives.models import Category, Initiative

    alken = Municipality.objects.get(code="73001")
    initiative = Initiative.objects.create(
        municipality=alken,
        title="Infoavond",
        category=Category.objects.first(),
        start_date=datetime.date(2024, 1, 1),
        source="Gemeenteblad",
        is_published=True,
    )
    initiative.is_published = False
    initiative.save()
    withdrawn = initiative.history.latest().history_date
    assert footer_date(client.get("/gemeenten/73001/")) == withdrawn


def html_pages():
    """Every public HTML page of the project walk (tests/test_bad_input.py) but the home page."""
    from tests.test_bad_input import PUBLIC_PAGES

    return [url for url in PUBLIC_PAGES if url.endswith("/") and url != "/"] + [
        "/zoeken/?gemeente=Atlantis",
        "/vragen/26-2023-10-05/",
    ]


@pytest.mark.parametrize("path", html_pages())
def test_every_public_page_has_breadcrumbs_from_home_to_itself_keeping_the_date(client, path):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}datum=2023-10-05")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    trail = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    assert trail, path
    links = re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', trail.group(1))
    assert links[0][0] == "/?datum=2023-10-05" and len(links) >= 2
    assert [current for _, current, _ in links] == [""] * (len(links) - 1) + [' aria-current="page"']
    assert all("datum=2023-10-05" in html.unescape(url) for url, _, _ in links)
    title = re.search(r"<title>(.*?) · Pleegzorg Tracker</title>", response.content.decode(), re.S).group(1)
    assert html.unescape(links[-1][2]).strip() in html.unescape(title), path  # the page's own name


@pytest.mark.parametrize("path", html_pages() + ["/", "/kaart/?datum=2025-06-01"])
def test_a_row_header_holds_the_rows_name_and_nothing_else(client, path):
    """WCAG 1.3.1: a screen reader reads a row header before every cell of its row, so it holds the
    name only (a link at most); notes and descriptions are plain cells."""
    doc = lxml.html.fromstring(client.get(path).content.decode())
    for header in doc.xpath("//th[@scope='row']"):
        inner = {child.tag for child in header.iterdescendants()}
        assert inner <= {"a", "code", "abbr"}, (path, lxml.html.tostring(header, encoding="unicode")[:200])


def test_contact_names_the_publisher_the_address_and_what_a_correction_needs(client, settings):
    settings.CONTACT_EMAIL = "pleegzorg@example.org"
    settings.OPEN_DATA_PUBLISHER = "Departement Zorg"
    text = text_of(client.get(reverse("site:contact")))
    assert "Pleegzorg Tracker wordt gepubliceerd door Departement Zorg" in text and "pleegzorg@example.org" in text
    assert "de bron die iets anders zegt" in text and "niet hetzelfde als “geen pleegzorggemeente”" in text
    settings.CONTACT_EMAIL = ""
    assert "nog geen contactadres" in text_of(client.get(reverse("site:contact")))
    assert 'href="/contact/"' in client.get("/").content.decode()  # in every page's footer
