"""The map and the completeness note never say more than the register knows.

- The completeness note reads right on every page that includes it: on a province page it speaks
  of that province (complete on a day, from a day until another or since a day, with its source, or
  not known to be complete); on the
  Flanders-wide pages (home, map, municipality list) it lists the complete provinces, if any, and
  gives the rule for the rest. It never begins with "Elders" with nothing before it.
- On a date after the 2025 mergers the map still draws the 2019-2024 shapes, but the table under
  it lists the municipalities of the day (merger-born ones by their own name) and the legend
  counts those same municipalities; a visible note says whose boundaries are drawn and that a
  merged-away municipality's shape takes its successor's colour.

Expected values come from the raw rows (validity dates, completeness records, shapes), not from
the app's own computations.
"""

import datetime
import io
import re
from collections import Counter

import lxml.html
import pytest
from django.core.management import call_command

from municipalities.models import MapShape, Municipality, Province, RegisterCompleteness
from municipalities.statistics import counts_by_province

pytestmark = pytest.mark.django_db
OFFICIAL_DAY = datetime.date(2023, 12, 31)  # Limburg's register is complete on this day (and no other)
BEFORE = datetime.date(2023, 6, 1)  # no register is known to be complete yet
AFTER = datetime.date(2026, 1, 1)  # nor any more: the source speaks for 31/12/2023 only
AFTER_MERGERS = datetime.date(2025, 6, 30)
RULE = "een gemeente zonder geregistreerde gegevens heeft de status “onbekend”, niet “geen pleegzorggemeente”."


def has_class(name):
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def words(element):
    return " ".join(element.text_content().split())


def page(client, path, day):
    response = client.get(path, {"datum": day.isoformat()})
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.content.decode())


def completeness_note(doc):
    notes = doc.xpath(f"//p[{has_class('completeness-note')}]")
    assert len(notes) == 1
    return words(notes[0])


def records_on(day):
    """{province iso: (first day, last day or None, source)} of the completeness records covering `day`, read raw."""
    return {
        r.province.iso_code: (r.complete_from, r.complete_until, r.source)
        for r in RegisterCompleteness.objects.select_related("province")
        if r.complete_from <= day and (r.complete_until is None or day <= r.complete_until)
    }


@pytest.mark.parametrize("day", [BEFORE, OFFICIAL_DAY, AFTER])
def test_every_province_page_says_whether_its_own_register_is_complete(client, day):
    complete = records_on(day)
    provinces = list(Province.objects.filter(country="BE"))
    assert len(provinces) == 6
    for province in provinces:
        note = completeness_note(page(client, province.get_absolute_url(), day))
        assert note.startswith(f"Het register van {province.name} is "), note
        if province.iso_code in complete:
            first, last, source = complete[province.iso_code]
            assert (
                first == last == OFFICIAL_DAY
            )  # the seed's one record; other shapes: tests/municipalities/test_status.py
            assert note == (
                f"Het register van {province.name} is volledig op {first:%d/%m/%Y} (bron: {source}): "
                "een gemeente zonder geregistreerde gegevens is er die dag geen pleegzorggemeente."
            )
        else:
            assert note == f"Het register van {province.name} is niet als volledig bekend: {RULE}"
        assert "Elders" not in note and "Waar het register" not in note
    assert (day == OFFICIAL_DAY) == bool(complete)  # both cases are tested


@pytest.mark.parametrize("day", [BEFORE, OFFICIAL_DAY, AFTER])
def test_every_flanders_wide_page_lists_the_complete_registers_and_the_rule_for_the_rest(client, day):
    call_command("load_boundaries", stdout=io.StringIO())  # the map page includes the note only with a map
    complete = records_on(day)
    names = dict(Province.objects.values_list("iso_code", "name"))
    if complete:
        assert all(first == last for first, last, _source in complete.values())  # one-day records, as seeded
        listed = "; ".join(
            f"{names[iso]} (op {first:%d/%m/%Y}; bron: {source})"
            for iso, (first, _last, source) in sorted(complete.items(), key=lambda item: names[item[0]])
        )
        expected = (
            f"Het register is bekend als volledig voor: {listed}. Waar het register niet als volledig "
            "bekend is, heeft een gemeente zonder geregistreerde gegevens de status “onbekend”, niet "
            "“geen pleegzorggemeente”."
        )
    else:
        expected = f"Voor geen enkele provincie is het register als volledig bekend: {RULE}"
    for path in ("/", "/kaart/", "/gemeenten/"):
        assert completeness_note(page(client, path, day)) == expected, path


START = datetime.date(2023, 1, 1)


@pytest.mark.parametrize(
    "until, province_note, listed",
    [
        (
            START,
            "volledig op 01/01/2023 (bron: test): een gemeente zonder geregistreerde gegevens is er die dag geen "
            "pleegzorggemeente.",
            "Antwerpen (op 01/01/2023; bron: test)",
        ),
        (
            datetime.date(2023, 12, 31),
            "volledig van 01/01/2023 tot en met 31/12/2023 (bron: test): een gemeente zonder "
            "geregistreerde gegevens is er in die periode geen pleegzorggemeente.",
            "Antwerpen (sinds 01/01/2023, tot en met 31/12/2023; bron: test)",
        ),
        (
            None,
            "volledig sinds 01/01/2023 (bron: test): een gemeente zonder geregistreerde gegevens is er geen "
            "pleegzorggemeente.",
            "Antwerpen (sinds 01/01/2023; bron: test)",
        ),
    ],
    ids=["one-day", "with-end", "open-ended"],
)
def test_the_note_says_the_days_a_record_speaks_for(client, until, province_note, listed):
    antwerpen = Province.objects.get(iso_code="BE-VAN")
    RegisterCompleteness.objects.create(province=antwerpen, complete_from=START, complete_until=until, source="test")
    assert (
        completeness_note(page(client, antwerpen.get_absolute_url(), START))
        == f"Het register van Antwerpen is {province_note}"
    )
    assert completeness_note(page(client, "/", START)).startswith(
        f"Het register is bekend als volledig voor: {listed}. "
    )


def table_rows(doc):
    """{code: (name, status)} of the table under the map."""
    rows = {}
    for tr in doc.xpath("//table[@id='status-table']/tbody/tr"):
        link = tr.xpath("./th/a")[0]
        code = link.get("href").split("?")[0].strip("/").split("/")[-1]
        badge = tr.xpath(f"./td/span[{has_class('status')}]")[0]
        status = next(c[len("status-") :] for c in badge.get("class").split() if c.startswith("status-"))
        rows[code] = (words(link), status)
    return rows


def legend_counts(doc):
    counts = {}
    for li in doc.xpath(f"//ul[{has_class('legend')}]/li"):
        status = next(
            c[len("status-") :]
            for c in li.xpath(".//*[local-name()='rect']")[0].get("class").split()
            if c.startswith("status-")
        )
        if ":" in words(li):
            # A count the register does not know to be complete says so: "33 in het register" (register_count.html).
            count, qualified = re.fullmatch(r"(\d+)( in het register)?", words(li).rsplit(":", 1)[1].strip()).groups()
            assert bool(qualified) == (
                status != "unknown" and bool(doc.xpath(f"//*[{has_class('incomplete-register')}]"))
            )
            counts[status] = int(count)
    return counts


def active_on(day):
    """{code: name} of the Flemish and Brussels municipalities existing on `day`, from their validity."""
    return {
        m.code: m.name
        for m in Municipality.objects.filter(province__country="BE")
        if (m.valid_from is None or m.valid_from <= day) and (m.valid_until is None or day <= m.valid_until)
    }


def test_map_after_the_mergers_lists_the_municipalities_of_the_day_and_counts_them_in_the_legend(
    client, django_assert_max_num_queries
):
    call_command("load_boundaries", stdout=io.StringIO())
    with django_assert_max_num_queries(7):  # + 1: "laatst bijgewerkt"
        doc = page(client, "/kaart/", AFTER_MERGERS)
    expected = active_on(AFTER_MERGERS)
    rows = table_rows(doc)
    assert {code: name for code, (name, _status) in rows.items()} == expected
    assert len(doc.xpath("//table[@id='status-table']/tbody/tr")) == len(expected)
    born = Municipality.objects.filter(valid_from=datetime.date(2025, 1, 1), province__country="BE")
    assert born.exists() and all(rows[m.code][0] == m.name for m in born)  # by their own name
    gone = Municipality.objects.filter(valid_until__lt=AFTER_MERGERS, province__country="BE")
    assert gone.exists() and not set(gone.values_list("code", flat=True)) & set(rows)
    # The legend counts the table's rows (stopped counted with "not a pleegzorggemeente").
    by_status = Counter(status for _name, status in rows.values())
    legend = legend_counts(doc)
    assert legend == {
        "registered": by_status["registered"],
        "candidate": by_status["candidate"],
        "none": by_status["none"] + by_status["stopped"],
        "unknown": by_status["unknown"],
    }
    assert sum(legend.values()) == len(rows)
    total = counts_by_province(AFTER_MERGERS)[-1]
    assert legend == {
        "registered": total.registered,
        "candidate": total.candidates,
        "none": total.not_registered,
        "unknown": total.unknown,
    }
    title = words(doc.xpath(f"//p[{has_class('legend-title')}]")[0])
    assert title == f"{len(expected)} gemeenten op {AFTER_MERGERS:%d/%m/%Y}:"
    # The shapes are those of 2019-2024, and the page says so and what a merged-away shape shows.
    shapes = MapShape.objects.count()
    merged = MapShape.objects.filter(municipality__in=gone).count()
    assert (shapes, merged) == (len(expected) + gone.count() - born.count(), gone.count())
    note = words(doc.xpath(f"//p[{has_class('map-boundaries')}]")[0])
    assert note.startswith("De kaart tekent de gemeentegrenzen van 2019-2024 (bron: ")
    assert (
        f"Op {AFTER_MERGERS:%d/%m/%Y} horen {merged} van haar {shapes} vormen bij gemeenten die in een fusie "
        "zijn opgegaan: elke vorm krijgt de kleur van de gemeente waarin ze opging en linkt ernaar. De legende "
        f"en de tabel tellen de {len(expected)} gemeenten van de dag, niet de vormen."
    ) in note
    # A merged-away municipality's shape has its successor's colour and links to it.
    drawn = doc.xpath("//*[local-name()='svg']//*[local-name()='a'][*[local-name()='path']]")
    assert len(drawn) == shapes
    colour = {a.get("href").split("?")[0].strip("/").split("/")[-1]: a[0].get("class") for a in drawn}
    for municipality in gone.select_related("successor"):
        assert colour[municipality.successor.code] == f"area status-{rows[municipality.successor.code][1]}"
    for code in colour:
        assert code in rows, code  # every shape links to a municipality of the day


def test_map_before_the_mergers_draws_one_shape_per_municipality_and_says_whose_boundaries(client):
    call_command("load_boundaries", stdout=io.StringIO())
    doc = page(client, "/kaart/", OFFICIAL_DAY)
    rows = table_rows(doc)
    assert set(rows) == set(active_on(OFFICIAL_DAY)) and len(rows) == MapShape.objects.count()
    note = words(doc.xpath(f"//p[{has_class('map-boundaries')}]")[0])
    assert note.startswith("De kaart tekent de gemeentegrenzen van 2019-2024") and "fusie" not in note
    on_the_map = [words(cell) for cell in doc.xpath(f"//td[{has_class('map-shapes')}]")]
    assert on_the_map == ["eigen vorm"] * len(rows)  # every municipality is its own shape
