"""Filters mean what they say: a status is a fact of the Flemish register, and an empty list only blames
the filters when there are filters."""

import lxml.html
import pytest

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def rows(client, params):
    doc = lxml.html.fromstring(client.get("/gemeenten/", params).content.decode())
    return doc.xpath("//table/tbody/tr")


def test_a_dutch_municipality_has_no_status_niet_van_toepassing(client):
    (row,) = rows(client, {"q": "GM0420"})  # Medemblik
    assert " ".join(row.xpath("./td[3]//text()")).strip() == "niet van toepassing"


def test_a_status_filter_keeps_only_the_flemish_register(client):
    found = rows(client, {"status": "unknown", "country": "NL"})
    assert len(found) == 1 and "Geen enkele gemeente voldoet aan deze filters." in found[0].text_content()
    flemish = rows(client, {"status": "registered"})
    assert flemish and all(r.xpath("./td[3]/span[@class='status status-registered']") for r in flemish)


def test_an_empty_list_without_filters_does_not_blame_them(client):
    Initiative.objects.all().delete()
    text = client.get("/initiatieven/").content.decode()
    assert "Er zijn nog geen gepubliceerde initiatieven." in text and "voldoet aan deze filters" not in text
    text = client.get("/initiatieven/", {"q": "zzz"}).content.decode()
    assert "voldoet aan deze filters" in text


def test_a_status_filter_on_dutch_municipalities_says_why_nothing_matches(client):
    page = client.get("/gemeenten/", {"status": "registered", "country": "NL"}).content.decode()
    assert "Geen enkele gemeente voldoet aan deze filters." in page
    assert "Een status bestaat alleen in het Vlaamse register van pleegzorggemeenten" in page
    assert "Een status bestaat alleen" not in client.get("/gemeenten/", {"q": "Atlantis"}).content.decode()
