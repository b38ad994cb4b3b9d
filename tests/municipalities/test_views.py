import pytest
from django.urls import reverse

from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

# Each page: a constant number of queries, whatever the number of municipalities.
MAX_QUERIES = {"list": 5, "province": 9}  # each + 1: "laatst bijgewerkt"


def test_list_shows_todays_municipalities_paginated(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["list"]):
        response = client.get(reverse("municipalities"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 285 + 19 + 342
    assert len(page.object_list) == 50
    assert "Gemeenten" in response.content.decode()


def test_list_filters_by_country_province_and_name(client):
    url = reverse("municipalities")
    assert client.get(url, {"country": "NL"}).context["page"].paginator.count == 342
    assert client.get(url, {"province": "BE-VLI"}).context["page"].paginator.count == 38
    names = [m.name for m in client.get(url, {"q": "bruxelles"}).context["page"]]
    assert names == ["Brussel"]
    assert [m.code for m in client.get(url, {"q": "11002"}).context["page"]] == ["11002"]


def test_list_shows_merged_municipalities_no_longer(client):
    response = client.get(reverse("municipalities"), {"q": "Borsbeek"})
    assert response.context["page"].paginator.count == 0
    assert "Geen enkele gemeente" in response.content.decode()


def test_list_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    MunicipalityFactory.create_batch(120)
    with django_assert_max_num_queries(MAX_QUERIES["list"]):
        response = client.get(reverse("municipalities"), {"page": "3"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params", [{"page": "999999"}, {"page": "abc"}, {"province": "XX-NOPE"}, {"country": "ZZ"}, {"q": "' OR 1=1 --"}]
)
def test_list_survives_garbage_parameters(client, params):
    response = client.get(reverse("municipalities"), params)
    assert response.status_code == 200


def test_unknown_province_filter_gets_a_dutch_error(client):
    response = client.get(reverse("municipalities"), {"province": "XX-NOPE"})
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_province_page_lists_active_and_former_municipalities(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["province"]):
        response = client.get(reverse("municipalities:province", args=["BE-VLI"]))
    assert len(response.context["active"]) == 38
    text = response.content.decode()
    assert "Kortessem" in text and "Voormalige gemeenten" in text


def test_brussels_page_says_it_is_a_region_covered_by_vlaams_brabant(client):
    text = client.get(reverse("municipalities:province", args=["BE-BRU"])).content.decode()
    assert "geen provincie" in text and "Vlaams-Brabant en Brussel" in text


def test_unknown_province_is_404(client):
    assert client.get(reverse("municipalities:province", args=["BE-XYZ"])).status_code == 404


def test_forms_of_foster_care_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the forms, the slides in their own words, "laatst bijgewerkt"
        response = client.get(reverse("municipalities:foster_care_forms"))
    text = response.content.decode()
    assert "Crisispleegzorg" in text and "7 dagen + 7" in text and "niet rechtstreeks toegankelijk (NRTJ)" in text
