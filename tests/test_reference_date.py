"""The reader's reference date (`?datum=`) travels: every status page reads it, prefills its date
field with it and keeps it in every link to another status page; a bad date gets a Dutch message."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from core.dates import with_date
from municipalities.models import Municipality, StatusEvent

pytestmark = pytest.mark.django_db
DAY = "2023-10-05"
PLAN = "actieplan-pleegzorg-2017-2018"

# Every public page that shows a status on a day, with the most queries it may take.
STATUS_PAGES = [
    ("/", 12),
    ("/gemeenten/", 8),
    ("/gemeenten/73001/", 12),
    ("/provincies/BE-VLI/", 10),
    ("/provincies/NL-NH/", 6),
    ("/kaart/", 8),
    ("/plannen/", 6),
    (f"/plannen/{PLAN}/", 14),
    ("/plannen/nvp-gemeenteraadsverkiezingen-2026/aanbevelingen/1.1/", 5),
    ("/organisaties/nvp/", 6),
]
# Paths of the status pages, to tell the links that must keep the day from the others.
STATUS_PATH = re.compile(
    r"^/(gemeenten/([^/]+/)?|provincies/[^/]+/|kaart/|plannen/|plannen/[^/]+/(aanbevelingen/[^/]+/)?|organisaties/[^/]+/)?$"
)


def fetch(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.content.decode())


def status_links(doc):
    """The hrefs of <a> elements that lead to a status page of this site."""
    links = []
    for href in doc.xpath("//a/@href"):
        parts = urlsplit(href)
        if not parts.netloc and STATUS_PATH.match(parts.path) and parts.path:
            links.append(href)
    return links


@pytest.mark.parametrize(("path", "max_queries"), STATUS_PAGES, ids=[p for p, _ in STATUS_PAGES])
def test_a_status_page_keeps_the_day_in_its_links_and_its_date_field(
        client, django_assert_max_num_queries, path, max_queries):
    with django_assert_max_num_queries(max_queries):
        doc = fetch(client, path, {"datum": DAY})
    assert doc.xpath("//input[@name='datum'][not(@type='hidden')]/@value") == [DAY], "one date field, with the day"
    for form in doc.xpath("//form[@method='get']"):
        assert form.xpath(".//input[@name='datum']/@value") == [DAY], f"{form.get('action')}: a form keeps the day"
    links = status_links(doc)
    assert links, f"{path} links to other status pages"
    lost = [href for href in links if parse_qs(urlsplit(href).query).get("datum") != [DAY]]
    assert not lost, f"{path} drops the day in: {lost[:5]}"


@pytest.mark.parametrize("path", [path for path, _ in STATUS_PAGES])
def test_without_a_day_links_stay_bare_and_follow_today(client, path):
    doc = fetch(client, path, {})
    assert doc.xpath("//input[@name='datum']/@value") == [timezone.localdate().isoformat()]
    assert not [href for href in status_links(doc) if "datum=" in href]


@pytest.mark.parametrize("bad", ["2023-13-45", "gisteren", "1999-12-31", "9999-01-01", "2023-10-05'--"])
@pytest.mark.parametrize("path", ["/", "/gemeenten/73001/", "/kaart/", f"/plannen/{PLAN}/"])
def test_a_bad_day_gets_a_dutch_message_shows_today_and_is_not_carried(client, path, bad):
    doc = fetch(client, path, {"datum": bad})
    errors = " ".join(doc.xpath("//p[contains(@class, 'error')]//text()"))
    assert re.search(r"geldige datum|toekomst|vanaf 2000", errors), errors
    assert not [href for href in status_links(doc) if "datum=" in href]


def test_a_dutch_municipality_has_no_status_but_keeps_the_day_in_its_links(client):
    doc = fetch(client, "/gemeenten/GM0420/", {"datum": DAY})  # Medemblik: its own plan
    assert not doc.xpath("//input[@name='datum']")
    links = status_links(doc)
    assert f"/plannen/?datum={DAY}" in links and any(href.startswith("/plannen/medemblik") for href in links)
    assert all(parse_qs(urlsplit(href).query).get("datum") == [DAY] for href in links)


def test_the_map_and_the_province_links_of_home_keep_the_day(client):
    doc = fetch(client, "/", {"datum": DAY})
    hrefs = doc.xpath("//main//a/@href")
    assert f"/kaart/?datum={DAY}" in hrefs and f"/provincies/BE-VLI/?datum={DAY}" in hrefs


def test_a_municipality_page_shows_its_status_on_the_day_and_today(client):
    municipality = Municipality.objects.get(code="73028")  # Herstappe: no events in the register
    StatusEvent.objects.create(municipality=municipality, kind="registered", date=datetime.date(2024, 5, 1),
                               source="test")

    def status(params):
        doc = fetch(client, "/gemeenten/73028/", params)
        badge = doc.xpath("//dl[contains(@class, 'facts')]//span[contains(@class, 'status')]")[0]
        return badge.get("class"), " ".join(badge.xpath("ancestor::dd[1]/preceding-sibling::dt[1]//text()"))

    then_class, then_label = status({"datum": DAY})
    now_class, now_label = status({})
    assert then_class != "status status-registered" and now_class == "status status-registered"
    assert then_label == "Status op 05/10/2023"
    assert now_label == f"Status op {timezone.localdate():%d/%m/%Y}"


def test_province_and_list_show_the_status_of_the_day(client):
    StatusEvent.objects.create(municipality=Municipality.objects.get(code="73028"), kind="registered",
                               date=datetime.date(2024, 5, 1), source="test")
    for path in ("/provincies/BE-VLI/", "/gemeenten/"):
        then = fetch(client, path, {"datum": DAY, "q": "Herstappe"})
        now = fetch(client, path, {"q": "Herstappe"})
        row = "//tr[th/a[starts-with(@href, '/gemeenten/73028/')]]//span[contains(@class, 'status')]/@class"
        assert then.xpath(row) != ["status status-registered"] and now.xpath(row) == ["status status-registered"]


def test_an_action_has_its_status_of_the_day_on_the_plan_page(client):
    action = Action.objects.get(line__plan__slug=PLAN, number="1.1")
    ProgressUpdate.objects.create(action=action, date=datetime.date(2024, 1, 10), status="done", source="test")
    then = fetch(client, f"/plannen/{PLAN}/", {"datum": DAY})
    now = fetch(client, f"/plannen/{PLAN}/", {})
    cell = "//tr[@id='actie-1.1']/td//span[contains(@class, 'status')]/@class"
    assert then.xpath(cell) != ["status status-done"] and now.xpath(cell) == ["status status-done"]


def test_dated_keeps_a_valid_day_before_the_fragment_and_nothing_else():
    template = Template("{% load reference_date %}{% dated url %}|{% dated_url 'municipalities:map' %}")
    factory = RequestFactory()
    chosen = template.render(Context({"request": factory.get("/", {"datum": DAY}), "url": "/plannen/x/#actie-1"}))
    assert chosen == f"/plannen/x/?datum={DAY}#actie-1|/kaart/?datum={DAY}"
    for params in ({}, {"datum": ""}, {"datum": "31/02/2023"}):
        bare = template.render(Context({"request": factory.get("/", params), "url": "/plannen/x/#actie-1"}))
        assert bare == "/plannen/x/#actie-1|/kaart/"
    assert with_date("/a/?q=b", datetime.date(2023, 10, 5)) == f"/a/?q=b&datum={DAY}"
