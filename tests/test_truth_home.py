"""The home page states no more than its sources: the latest key figures are those known on the day, each
with its source, and a count of the register reads as the whole truth only where the register is complete."""

import datetime
import re

import lxml.html
import pytest
from django.utils import timezone

from municipalities.models import KeyFigure, Province
from municipalities.statistics import counts_by_province

pytestmark = pytest.mark.django_db
HOME_QUERIES = 7  # as tests/test_public_site.py (+ 1: "laatst bijgewerkt")
PROVINCE_QUERIES = 9
BEFORE_ANSWER = datetime.date(2023, 10, 5)
OFFICIAL_DAY = datetime.date(2023, 12, 31)  # Limburg's register is complete on that day (seed)
DAYS = [BEFORE_ANSWER, OFFICIAL_DAY, datetime.date(2022, 12, 31), datetime.date(2025, 6, 1), None]


def words(element):
    return " ".join(element.text_content().split())


def get(client, path, day, queries, django_assert_max_num_queries):
    with django_assert_max_num_queries(queries):
        response = client.get(path, {"datum": day.isoformat()} if day else {})
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


@pytest.mark.parametrize("day", DAYS)
def test_the_latest_key_figures_are_those_dated_on_or_before_the_day_newest_first_with_their_source(
    client, django_assert_max_num_queries, day
):
    doc = get(client, "/", day, HOME_QUERIES, django_assert_max_num_queries)
    shown = [words(li) for li in doc.xpath("//section[@aria-labelledby='figures-title']//ul[@class='figures']/li")]
    expected = list(
        KeyFigure.objects.filter(date__lte=day or timezone.localdate()).order_by(
            "-date", "country", "label", "area", "pk"
        )[:6]
    )
    assert len(shown) == len(expected) and expected
    assert [f.date for f in expected] == sorted((f.date for f in expected), reverse=True)
    for text, figure in zip(shown, expected, strict=True):
        assert figure.label in text and figure.area in text and figure.date_display in text, text
        assert text.endswith(f"Bron: {' '.join(figure.source.split())}"), text
    if day == BEFORE_ANSWER:  # the answer of autumn 2023 (dated 31/12/2023) was not known yet
        assert not any("177" in text for text in shown)


def count_cells(doc):
    """{tile label: text} of the register's counts (templates/municipalities/register_counts.html)."""
    [counts] = doc.xpath("//dl[contains(@class, 'counts')]")
    return {words(dt): words(dt.getnext()) for dt in counts.xpath("./dt")}


def assert_counts_say_what_they_are(doc, row):
    """Bare numbers only where the register knows every status that day; otherwise "N in het register"
    and a note that says for how many the status is unknown."""
    tiles = count_cells(doc)
    notes = [words(p) for p in doc.xpath("//p[contains(@class, 'incomplete-register')]")]
    for label, value in (
        ("Pleegzorggemeenten", row.registered),
        ("Kandidaten", row.candidates),
        ("Geen pleegzorggemeente", row.not_registered),
    ):
        if row.unknown:
            assert tiles[label].startswith(f"{value} in het register"), (label, tiles[label])
        else:
            assert tiles[label] == str(value), (label, tiles[label])
    if row.unknown:
        assert notes[:1] == [
            f"Het register is voor deze dag niet volledig: de status van {row.unknown} van de "
            f"{row.active} gemeenten is onbekend, dus deze aantallen zijn wat het register bevat, "
            "niet het volledige beeld."
        ]
    else:
        assert notes == []


@pytest.mark.parametrize("day", DAYS)
def test_home_tiles_and_table_never_read_an_incomplete_register_as_the_whole_truth(
    client, django_assert_max_num_queries, day
):
    doc = get(client, "/", day, HOME_QUERIES, django_assert_max_num_queries)
    counts = counts_by_province(day or timezone.localdate())
    assert_counts_say_what_they_are(doc, counts[-1])
    rows = doc.xpath("//table[contains(@class, 'bars')]/tbody/tr")
    assert len(rows) == len(counts) - 1
    for tr, row in zip(rows, counts[:-1], strict=True):
        assert words(tr.xpath("./th")[0]) == row.province.name
        cells = [words(td) for td in tr.xpath("./td")[:3]]
        suffix = " in het register" if row.unknown else ""
        assert cells == [f"{row.registered}{suffix}", f"{row.candidates}{suffix}", f"{row.not_registered}{suffix}"]


def test_on_the_day_of_the_question_the_tiles_say_the_register_is_not_complete(client, django_assert_max_num_queries):
    doc = get(client, "/", BEFORE_ANSWER, HOME_QUERIES, django_assert_max_num_queries)
    tiles = count_cells(doc)
    assert tiles["Pleegzorggemeenten"] == "0 in het register" and tiles["Kandidaten"] == "0 in het register"
    assert not re.fullmatch(r"\d+", tiles["Geen pleegzorggemeente"])


@pytest.mark.parametrize("day", [BEFORE_ANSWER, OFFICIAL_DAY, datetime.date(2025, 6, 1)])
def test_province_pages_count_the_same_way(client, django_assert_max_num_queries, day):
    counts = {row.province: row for row in counts_by_province(day)[:-1]}
    seen = set()
    for province in Province.objects.flemish_register():
        doc = get(client, province.get_absolute_url(), day, PROVINCE_QUERIES, django_assert_max_num_queries)
        assert_counts_say_what_they_are(doc, counts[province])
        seen.add(bool(counts[province].unknown))
    if day == OFFICIAL_DAY:
        assert seen == {True, False}  # Limburg's register is complete that day, the others' are not
