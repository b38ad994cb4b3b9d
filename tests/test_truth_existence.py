"""A municipality is never shown with a status on a day it did not exist (Municipality.objects.active_on),
and the search leads to the municipality that existed on the reader's day."""

import datetime

import lxml.html
import pytest

from municipalities.models import Municipality

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12  # as tests/test_municipality_page.py
BEFORE_MERGERS = datetime.date(2023, 10, 5)
SEARCH = "/zoeken/"


def status_cell(client, municipality, day, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(municipality.get_absolute_url(), {"datum": day.isoformat()})
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content.decode())
    return doc.xpath(
        "//dl[contains(@class, 'facts')]/dd[preceding-sibling::dt[1][starts-with(normalize-space(.), 'Status op')]]"
    )


def words(element):
    return " ".join(element.text_content().split())


def test_the_hasselt_of_2025_did_not_exist_in_2023_and_points_to_what_did(client, django_assert_max_num_queries):
    hasselt = Municipality.objects.get(code="71072")
    [cell] = status_cell(client, hasselt, BEFORE_MERGERS, django_assert_max_num_queries)
    assert words(cell).startswith("Bestond op 05/10/2023 nog niet (bestaat sinds 01/01/2025).")
    assert not cell.xpath(".//*[contains(@class, 'status')]") and "nieuwe gemeente" not in words(cell).lower()
    links = {a.text_content(): a.get("href") for a in cell.xpath(".//a")}
    assert links == {"Hasselt": "/gemeenten/71022/?datum=2023-10-05", "Kortessem": "/gemeenten/73040/?datum=2023-10-05"}
    # From its first day on, its own status (unknown, with the merger note) is shown again.
    [cell] = status_cell(client, hasselt, datetime.date(2025, 1, 1), django_assert_max_num_queries)
    assert cell.xpath(".//*[contains(@class, 'status-')]") and "Bestond" not in words(cell)


def test_no_municipality_shows_a_status_on_a_day_it_did_not_exist(client, django_assert_max_num_queries):
    """Every municipality with a first day, the day before it; every one that ended without a successor,
    the day after its last (one that merged away keeps showing its successor's status)."""
    seen = 0
    for municipality in Municipality.objects.flemish_register().filter(valid_from__isnull=False):
        day = municipality.valid_from - datetime.timedelta(days=1)
        [cell] = status_cell(client, municipality, day, django_assert_max_num_queries)
        assert words(cell).startswith(f"Bestond op {day:%d/%m/%Y} nog niet"), municipality
        assert not cell.xpath(".//*[contains(@class, 'status')]"), municipality
        expected = {p.name for p in municipality.predecessors.active_on(day)}
        assert {a.text_content() for a in cell.xpath(".//a")} == expected, municipality
        seen += 1
    for municipality in Municipality.objects.flemish_register().filter(successor__isnull=False)[:5]:
        day = municipality.valid_until + datetime.timedelta(days=1)
        [cell] = status_cell(client, municipality, day, django_assert_max_num_queries)
        assert "Bestond" not in words(cell) and cell.xpath(".//*[contains(@class, 'status-')]"), municipality
        seen += 1
    assert seen > 5


def test_a_municipality_that_ended_without_successor_no_longer_existed(client, django_assert_max_num_queries):
    alken = Municipality.objects.get(code="73001")
    alken.valid_from, alken.valid_until = datetime.date(2001, 1, 1), datetime.date(2020, 12, 31)
    alken.save()
    [cell] = status_cell(client, alken, datetime.date(2021, 1, 1), django_assert_max_num_queries)
    assert words(cell) == "Bestond op 01/01/2021 niet meer (bestond tot 31/12/2020)."
    [cell] = status_cell(client, alken, datetime.date(2020, 12, 31), django_assert_max_num_queries)
    assert "Bestond" not in words(cell) and cell.xpath(".//*[contains(@class, 'status-')]")


@pytest.mark.parametrize(
    "text, day, location",
    [
        ("Kortessem", "2023-10-05", "/gemeenten/73040/?datum=2023-10-05"),
        ("Hasselt", "2023-10-05", "/gemeenten/71022/?datum=2023-10-05"),
        ("71072", "2023-10-05", "/gemeenten/71072/?datum=2023-10-05"),  # only the new one named: its page says why
        ("Kortessem", "2025-06-01", "/gemeenten/71072/?via=73040&datum=2025-06-01"),
        ("Hasselt", "2025-06-01", "/gemeenten/71072/?datum=2025-06-01"),
        ("Borgloon", "2024-12-31", "/gemeenten/73009/?datum=2024-12-31"),
        ("Kortessem", None, "/gemeenten/71072/?via=73040"),
        ("Hasselt", None, "/gemeenten/71072/"),
    ],
)
def test_the_search_leads_to_the_municipality_of_the_chosen_day(
    client, django_assert_max_num_queries, text, day, location
):
    params = {"gemeente": text, **({"datum": day} if day else {})}
    with django_assert_max_num_queries(4):
        response = client.get(SEARCH, params)
    assert response.status_code == 302 and response["Location"] == location


def test_every_merged_away_name_leads_to_itself_before_the_merger_and_to_its_successor_after(client):
    merged = Municipality.objects.filter(successor__isnull=False, successor__valid_from__isnull=False)
    assert merged.count() > 5
    for municipality in merged.select_related("successor"):
        code_search = {"gemeente": municipality.code}
        before = client.get(SEARCH, {**code_search, "datum": municipality.valid_until.isoformat()})
        assert before["Location"] == f"{municipality.get_absolute_url()}?datum={municipality.valid_until}"
        after = client.get(SEARCH, {**code_search, "datum": municipality.successor.valid_from.isoformat()})
        assert after["Location"] == (
            f"{municipality.successor.get_absolute_url()}?via={municipality.code}"
            f"&datum={municipality.successor.valid_from}"
        )
