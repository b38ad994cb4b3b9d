""""Is mijn gemeente pleegzorggemeente?": the search on the home page and Municipality.objects.search."""

import pytest
from django.urls import reverse

from municipalities.models import Municipality
from municipalities.models.areas import search_key

pytestmark = pytest.mark.django_db

SEARCH = "/zoeken/"


def search(client, text):
    return client.get(SEARCH, {"gemeente": text})


def test_the_home_page_has_the_search_form_without_javascript(client):
    page = client.get("/").content.decode()
    assert '<form method="get" action="/zoeken/" role="search"' in page
    assert "Is mijn gemeente pleegzorggemeente?" in page
    assert '<label for="id_gemeente">' in page and "<script" not in page


@pytest.mark.parametrize("text", ["Alken", "alken", "ALKEN", "  Alken ", "73001", "Älken"])
def test_a_name_in_any_case_or_the_code_leads_to_the_page(client, text):
    response = search(client, text)
    assert response.status_code == 302 and response["Location"] == "/gemeenten/73001/"


@pytest.mark.parametrize("text", ["Sint-Genesius-Rode", "sint genesius rode", "SintGenesiusRode", "Rhode-Saint-Genèse",
                                  "rhode saint genese", "RHODE-SAINT-GENESE"])
def test_accents_hyphens_and_the_french_name_are_tolerated(client, text):
    rode = Municipality.objects.get(name="Sint-Genesius-Rode")
    assert search(client, text)["Location"] == rode.get_absolute_url()


def test_a_dutch_municipality_by_name_and_cbs_code(client):
    medemblik = Municipality.objects.get(code="GM0420")
    assert search(client, "Medemblik")["Location"] == medemblik.get_absolute_url()
    assert search(client, "gm0420")["Location"] == medemblik.get_absolute_url()


def test_kortessem_leads_to_hasselt_with_a_note_and_its_history(client, django_assert_max_num_queries):
    kortessem = Municipality.objects.get(name="Kortessem")
    hasselt = kortessem.successor
    assert (hasselt.name, str(kortessem.valid_until)) == ("Hasselt", "2024-12-31")
    with django_assert_max_num_queries(3):
        response = search(client, "kortessem")
    assert response["Location"] == f"{hasselt.get_absolute_url()}?via={kortessem.code}"
    page = client.get(response["Location"])
    text = " ".join(page.content.decode().split())
    assert "U zocht Kortessem. Kortessem is op 1 januari 2025 opgegaan in Hasselt" in text
    assert f'href="{kortessem.get_absolute_url()}">Kortessem</a>' in text  # its history: formed from
    assert page.context["searched"] == kortessem


def test_borgloon_leads_to_tongeren_borgloon(client):
    response = search(client, "Borgloon")
    target = Municipality.objects.get(name="Tongeren-Borgloon")
    borgloon = Municipality.objects.get(name="Borgloon")
    assert response["Location"] == f"{target.get_absolute_url()}?via={borgloon.code}"
    text = " ".join(client.get(response["Location"]).content.decode().split())
    assert "Borgloon is op 1 januari 2025 opgegaan in Tongeren-Borgloon" in text
    assert search(client, "tongeren borgloon")["Location"] == target.get_absolute_url()


def test_a_name_old_and_new_share_leads_to_the_municipality_of_today(client):
    hasselt = Municipality.objects.get(name="Hasselt", valid_until=None)
    assert Municipality.objects.filter(name="Hasselt").count() == 2
    assert search(client, "Hasselt")["Location"] == hasselt.get_absolute_url()


def test_a_via_that_is_no_predecessor_adds_no_note(client):
    response = client.get("/gemeenten/73001/", {"via": "73040"})
    assert response.status_code == 200 and response.context["searched"] is None
    assert "U zocht" not in response.content.decode()


def test_several_matches_give_a_short_choice_list(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = search(client, "Bergen")  # no municipality is called just that
    assert response.status_code == 200
    matches = response.context["matches"]
    names = [municipality.name for municipality, _url in matches]
    assert {"Bergen (L.)", "Bergen (NH.)", "Bergen op Zoom"} <= set(names)
    assert all(search_key(name).startswith("bergen") for name in names), names  # not Destelbergen
    page = response.content.decode()
    assert "Meerdere gemeenten passen bij" in page
    for _municipality, url in matches:
        assert f'href="{url}"' in page


def test_a_part_of_a_name_offers_the_names_that_contain_it(client, monkeypatch):
    response = search(client, "Genesius")
    assert response["Location"] == Municipality.objects.get(name="Sint-Genesius-Rode").get_absolute_url()
    monkeypatch.setattr("pleegzorg.search.MAX_CHOICES", 5)
    many = search(client, "sint")
    assert many.status_code == 200 and len(many.context["matches"]) == 5 and many.context["more"]
    assert "Er zijn er meer" in many.content.decode()


@pytest.mark.parametrize("text", ["Atlantis", "Kortessemm", "zz", "!!!", "—", "ααα"])
def test_no_match_says_so_in_dutch_and_shows_the_form_again(client, text):
    response = search(client, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geen enkele gemeente past bij" in page and 'name="gemeente"' in page


@pytest.mark.parametrize("text", ["x" * 101, "x" * 10_000, "Alken\x07", "\x1b[31mAlken", "Al\ufffeken", ""])
def test_garbage_gets_a_dutch_message_never_a_500(client, text):
    response = search(client, text)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode() or response.context["form"].errors


def test_a_nul_character_is_refused_before_the_view(client):
    assert search(client, "Alken\x00").status_code in (400, 404)


def test_no_query_shows_the_form(client):
    response = client.get(SEARCH)
    assert response.status_code == 200 and 'name="gemeente"' in response.content.decode()
    assert not response.context["form"].errors


def test_search_key_drops_accents_case_and_punctuation():
    assert search_key("Rhode-Saint-Genèse") == "rhodesaintgenese"
    assert search_key("  Sint Genesius-Rode ") == "sintgenesiusrode"
    assert search_key("’s-Hertogenbosch") == "shertogenbosch"
    assert search_key("—!?") == ""


def test_the_queryset_method_reads_names_once(django_assert_num_queries):
    with django_assert_num_queries(2):
        found = list(Municipality.objects.search("Rhode-Saint-Genèse"))
    assert [m.name for m in found] == ["Sint-Genesius-Rode"]
    assert list(Municipality.objects.search("")) == []
    assert reverse("site:search") == SEARCH


def test_the_readers_date_travels_through_the_search(client):
    """From /?datum=…, the form carries the day on, and every answer's page shows that day."""
    page = client.get("/?datum=2023-10-05").content.decode()
    assert '<input type="hidden" name="datum" value="2023-10-05">' in page
    assert 'name="datum" value="2023-10-05"' not in client.get("/").content.decode()
    found = client.get(SEARCH, {"gemeente": "Kortessem", "datum": "2023-10-05"})
    assert found.status_code == 302 and found["Location"] == "/gemeenten/71072/?via=73040&datum=2023-10-05"
    choices = client.get(SEARCH, {"gemeente": "Bergen", "datum": "2023-10-05"}).content.decode()
    assert choices.count("datum=2023-10-05") >= 3  # the choices, the form's field and "all municipalities"
    assert 'href="/gemeenten/?datum=2023-10-05"' in choices
    # An impossible day is dropped, not carried: the answer follows today.
    assert search(client, "Alken").get("Location") == client.get(SEARCH, {"gemeente": "Alken", "datum": "2999-01-01"})["Location"]
