"""The municipality page explains an "unknown" and a "no" without stating more than the register says.

An event dated "uiterlijk 31/12/2023" may or may not lie before 5/10/2023: the page must not claim the
register holds no event. A "no" without an event of its own is an inference from a complete register:
the page says so and names the source of that completeness (RegisterCompleteness).
"""

import lxml.html
import pytest
from django.urls import reverse

from municipalities.models import StatusEvent

pytestmark = pytest.mark.django_db
MAX_QUERIES = 13  # test_municipality_page.MAX_QUERIES plus the completeness behind an inferred "no"
NO_EVENT = "het register bevat geen gebeurtenis voor deze gemeente"


def text_of(client, code, day=None):
    response = client.get(reverse("municipality", args=[code]), {"datum": day} if day else {})
    assert response.status_code == 200
    main = lxml.html.fromstring(response.content).xpath("//main")[0]
    return " ".join(main.text_content().split())


def test_an_event_only_known_as_no_later_than_a_later_day_is_not_called_absent(client):
    assert StatusEvent.objects.filter(municipality__code="73001", date_is_upper_bound=True).exists()
    text = text_of(client, "73001", "2023-10-05")  # Alken: registered "uiterlijk 31/12/2023"
    assert "Status op 05/10/2023 onbekend" in text
    assert NO_EVENT not in text
    assert "van geen enkele gebeurtenis in het register staat vast dat ze op of vóór deze dag plaatsvond" in text


def test_a_merged_away_municipality_points_to_its_successor_for_the_unknown(client):
    text = text_of(client, "71022")  # Hasselt until 2024, its own event dated "uiterlijk 31/12/2023"
    assert "de status van de opvolger" in text
    assert NO_EVENT not in text
    assert "De status van Hasselt is op deze dag onbekend: haar pagina zegt waarom." in text


def test_a_municipality_without_events_still_says_the_register_holds_none(client):
    text = text_of(client, "41002")  # Aalst
    assert f"De status is onbekend: {NO_EVENT}" in text


def test_an_inferred_no_names_the_complete_register_and_its_source(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        text = text_of(client, "73028", "2023-12-31")  # Herstappe, the one Limburg municipality that did not join
    assert "Status op 31/12/2023 geen pleegzorggemeente" in text
    assert (
        "Het register van Limburg is volledig op 31/12/2023 (bron: Vlaams Parlement, schriftelijke vraag nr. 26" in text
    )


def test_no_completeness_is_claimed_where_the_register_is_not_known_complete(client):
    text = text_of(client, "73028")  # Herstappe today: the source speaks of 31/12/2023 only
    assert "geen pleegzorggemeente" not in text.split("Pleegzorggemeente: geschiedenis")[0]
    assert "is volledig op" not in text
    text = text_of(client, "73001", "2023-12-31")  # Alken's "yes" rests on its own event
    assert "is volledig op" not in text
