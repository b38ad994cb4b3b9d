"""Acceptance test of issue 08 "Truth: the app never says more than its sources", section "Done means".

1. On 31/12/2023 the home page, the province pages, the map and its legend, the municipality list
   (its status filter, CSV and JSON) and the annex's Overzicht agree with each other, with
   `municipalities.statistics` and with what the sources say: the minister's answer to written
   question nr. 26 (seed 000_68cddf1ceb9c1139.txt: 177 pleegzorggemeenten and 15 in talks; all of
   Limburg but Herstappe) and the completeness record (fixtures/register-completeness.csv).
2. On a 2025 date Limburg has exactly the municipalities valid that day (fixtures/be-mergers-2025.csv):
   none of the merged-away ones, every merger-born one, which is "onbekend" with its predecessors'
   status as a note; the annex's "Wat is er veranderd" reconciles the totals with 31/12/2024.
3. No action shows a status that no source gives it, nor "te laat" without cause.

Expected values are derived here from the raw rows (events, fixtures, seeds), never copied from what
the app computes. The seeds are read from settings.BASE_DIR.parent / "shared" / "seeds".
"""

import csv
import datetime
import io
import json
import re
from collections import Counter, defaultdict
from typing import NamedTuple

import lxml.html
import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from actions.models import Action, Organisation, Plan, ProgressUpdate
from municipalities.models import KeyFigure, Municipality, Province, StatusEvent
from municipalities.statistics import counts_by_province
from tests.seed_text import seed, seeds_dir

pytestmark = pytest.mark.django_db

OFFICIAL_DAY = datetime.date(2023, 12, 31)  # the official count's date (najaar 2023, "uiterlijk 31/12/2023")
BEFORE_MERGERS = datetime.date(2024, 12, 31)
MERGER_DAYS = [datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)]
ANSWER = "000_68cddf1ceb9c1139.txt"
LIMBURG = "BE-VLI"
STATUSES = ["registered", "candidate", "none", "stopped", "unknown"]
KIND_RANK = {"candidate": 1, "registered": 2, "stopped": 3}
LABELS = {"registered": "pleegzorggemeente", "candidate": "in gesprek / kandidaat", "stopped": "gestopt",
          "none": "geen pleegzorggemeente", "unknown": "onbekend"}
OPEN_ACTION_STATUSES = {"planned", "ongoing", "delayed"}
ACTION_LABELS = {"planned": "gepland", "ongoing": "lopend", "delayed": "vertraagd", "done": "afgerond",
                 "dropped": "geschrapt", "unknown": "onbekend"}


# ---------------------------------------------------------------------------------------------
# What the sources say, derived without the app's own computations
# ---------------------------------------------------------------------------------------------

class Counts(NamedTuple):
    active: int
    registered: int
    candidates: int
    not_registered: int  # known not to be one: "none" (complete register) or "stopped"
    unknown: int


def fixture(name):
    """The rows of fixtures/<name> (semicolon-separated, with a header) as dicts."""
    with open(settings.BASE_DIR / "fixtures" / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def mergers():
    return fixture("be-mergers-2025.csv")


def completeness_records():
    """[(province iso, first day, last day or None)] from fixtures/register-completeness.csv."""
    return [(row["province"], datetime.date.fromisoformat(row["complete_from"]),
             datetime.date.fromisoformat(row["complete_until"]) if row["complete_until"] else None)
            for row in fixture("register-completeness.csv")]


def complete_provinces(day):
    return {iso for iso, first, last in completeness_records() if first <= day and (last is None or day <= last)}


def active_on(municipality, day):
    return ((municipality["valid_from"] is None or municipality["valid_from"] <= day)
            and (municipality["valid_until"] is None or day <= municipality["valid_until"]))


def register_on(day):
    """{code: (province iso, status)} for every Flemish and Brussels municipality existing on `day`.

    The status is the latest event on or before `day` (unknown when the next event is only known as
    "no later than"), else unknown for a municipality born of a merger (be-mergers-2025.csv), else
    "none" where the completeness fixture covers the province, else unknown.
    """
    merger_born = {row["successor_nis"] for row in mergers() if row["successor_is_new"] == "true"}
    complete = complete_provinces(day)
    events = defaultdict(list)
    for event in StatusEvent.objects.values("municipality__code", "kind", "date", "date_is_upper_bound"):
        events[event["municipality__code"]].append(event)
    register = {}
    for m in Municipality.objects.filter(province__country="BE").values("code", "province__iso_code", "valid_from", "valid_until"):
        if not active_on(m, day):
            continue
        ordered = sorted(events[m["code"]], key=lambda e: (e["date"], KIND_RANK[e["kind"]]))
        past = [e for e in ordered if e["date"] <= day]
        upcoming = [e for e in ordered if e["date"] > day]
        if upcoming and upcoming[0]["date_is_upper_bound"]:
            status = "unknown"
        elif past:
            status = past[-1]["kind"]
        elif m["code"] in merger_born:
            status = "unknown"
        elif m["province__iso_code"] in complete:
            status = "none"
        else:
            status = "unknown"
        register[m["code"]] = (m["province__iso_code"], status)
    return register


def tally(pairs):
    """{province iso: Counts} for an iterable of (province iso, status), plus None: the total."""
    by_province = defaultdict(Counter)
    for iso, status in pairs:
        by_province[iso][status] += 1
        by_province[None][status] += 1
    return {iso: Counts(sum(c.values()), c["registered"], c["candidate"], c["none"] + c["stopped"], c["unknown"])
            for iso, c in by_province.items()}


def expected_counts(day):
    """{province iso or None: Counts}, every Belgian province and region included (zero when empty)."""
    counts = tally(register_on(day).values())
    for iso in Province.objects.filter(country="BE").values_list("iso_code", flat=True):
        counts.setdefault(iso, Counts(0, 0, 0, 0, 0))
    return counts


def statistics_counts(day):
    """`municipalities.statistics.counts_by_province` as {province iso or None: Counts}."""
    return {row.province.iso_code if row.province else None:
            Counts(row.active, row.registered, row.candidates, row.not_registered, row.unknown)
            for row in counts_by_province(day)}


def answer_figures():
    """(pleegzorggemeenten, in talks) as the minister's answer words them (question 5)."""
    text = " ".join(seed(ANSWER).split())
    match = re.search(r"Ondertussen zijn (\d+) gemeenten in Vlaanderen pleegzorggemeente en (\d+) gemeenten in gesprek", text)
    assert match, "the answer's sentence on the number of pleegzorggemeenten is not in the seed"
    return int(match.group(1)), int(match.group(2))


def answer_exception():
    """The only Limburg municipality that did not join, by the answer's own words."""
    match = re.search(r"Op de \d+ inwoners van (\w+) na is heel Limburg ingestapt", " ".join(seed(ANSWER).split()))
    assert match
    return match.group(1)


def coverage_text(counts):
    """Coverage over the known municipalities, as the pages print it ("97,6"), or None when none is known."""
    known = counts.registered + counts.candidates + counts.not_registered
    return None if not known else f"{round(100 * counts.registered / known, 1):.1f}".replace(".", ",")


def province_isos():
    return dict(Province.objects.filter(country="BE").values_list("name", "iso_code"))


# ---------------------------------------------------------------------------------------------
# Reading the pages, the open data and the annex
# ---------------------------------------------------------------------------------------------

def has_class(name):
    """An XPath condition: the element has class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


OVERDUE_LABEL = f".//*[{has_class('overdue-label')}]"


def page(client, path, params=None):
    response = client.get(path, params or {})
    assert response.status_code == 200, (path, params, response.status_code)
    return lxml.html.fromstring(response.content.decode())


def words(element):
    return " ".join(element.text_content().split())


def number(text):
    match = re.search(r"\d+", text)
    assert match, text
    return int(match.group())


def code_of(link):
    match = re.search(r"/gemeenten/(\w+)/", link)
    assert match, link
    return match.group(1)


def status_of(cell, labels=LABELS):
    """The status a cell shows: the class of its status badge, checked against its visible label."""
    badge = cell.xpath(f".//span[{has_class('status')}]")[0] if cell.tag != "span" else cell
    status = status_class(badge)
    assert words(badge) == labels[status], (status, words(badge))
    return status


def counts_list(doc):
    """The <dl class="counts"> of register_counts.html as Counts (active = the sum)."""
    terms = doc.xpath(f"//dl[{has_class('counts')}]/dt")
    facts = {words(dt): words(dt.getnext()) for dt in terms}
    values = [number(facts[label]) for label in ("Pleegzorggemeenten", "Kandidaten", "Geen pleegzorggemeente", "Status onbekend")]
    return Counts(sum(values), *values), facts["Dekking"]


def home_rows(doc):
    """{province iso: (Counts, coverage text)} of the home page's table, plus None: the headline total."""
    rows = {}
    for tr in doc.xpath(f"//table[{has_class('bars')}]/tbody/tr"):
        iso = re.search(r"/provincies/([\w-]+)/", tr.xpath("./th//a")[0].get("href")).group(1)
        registered, candidates, not_registered, unknown, active = (number(words(td)) for td in tr.xpath("./td")[:5])
        rows[iso] = (Counts(active, registered, candidates, not_registered, unknown), words(tr.xpath("./td")[5]))
    total, coverage = counts_list(doc)
    rows[None] = (total, coverage)
    return rows


def province_table(doc):
    """{code: (status, row text)} of a province page's table of municipalities."""
    table = doc.xpath("//table")[0]
    return {code_of(tr.xpath("./th//a")[0].get("href")): (status_of(tr.xpath("./td")[0]), words(tr))
            for tr in table.xpath("./tbody/tr")}


def municipality_json(client, day, **filters):
    response = client.get("/gemeenten.json", {"datum": day.isoformat(), **filters})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == len(data["results"])
    return data["results"]


def municipality_csv(client, day, **filters):
    response = client.get("/gemeenten.csv", {"datum": day.isoformat(), **filters})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff")), delimiter=";"))


def map_page(client, day):
    """(legend {status: n}, table {code: (province name, status)}, shapes [(linked code, status)])."""
    doc = page(client, "/kaart/", {"datum": day.isoformat()})
    legend = {}
    for li in doc.xpath(f"//ul[{has_class('legend')}]/li"):
        status = status_of_swatch(li)
        if ":" in words(li):
            legend[status] = number(words(li).rsplit(":", 1)[1])
    table = {code_of(tr.xpath("./th//a")[0].get("href")): (words(tr.xpath("./td")[0]), status_of(tr.xpath("./td")[1]))
             for tr in doc.xpath("//table[@id='status-table']/tbody/tr")}
    shapes = [(code_of(a.get("href")), status_class(a.xpath("./*[local-name()='path']")[0]))
              for a in doc.xpath("//*[local-name()='svg']//*[local-name()='a'][*[local-name()='path']]")]
    return legend, table, shapes


def status_class(element):
    """"registered" for an SVG element of class "area status-registered"."""
    return next(c[len("status-"):] for c in element.get("class").split() if c.startswith("status-"))


def status_of_swatch(li):
    return status_class(li.xpath(".//*[local-name()='rect']")[0])


def annex(client, day, since=None):
    params = {"datum": day.isoformat(), **({"sinds": since.isoformat()} if since else {})}
    response = client.get("/bijlage.xlsx", params)
    assert response.status_code == 200, response.content[:500]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def sheet_rows(workbook, title):
    return [row for row in workbook[title].iter_rows(values_only=True)]


def data_rows(workbook, title):
    """The rows under the table's header row (the first row that starts with "Provincie")."""
    rows = sheet_rows(workbook, title)
    header = next(i for i, row in enumerate(rows) if row[0] == "Provincie")
    return rows[header + 1:]


def overview(workbook):
    """({province iso or None: (Counts, coverage cell)}, [notes]) of the Overzicht sheet."""
    rows = sheet_rows(workbook, "Overzicht")
    header = next(i for i, row in enumerate(rows) if row[0] == "Provincie")
    assert list(rows[header][:7]) == ["Provincie", "Actieve gemeenten", "Pleegzorggemeenten", "Kandidaten",
                                      "Geen pleegzorggemeente", "Status onbekend", "Dekking"]
    isos, counts = province_isos(), {}
    for row in rows[header + 1:]:
        if row[0] is None:
            break
        iso = None if row[0] == "Totaal" else isos[row[0]]
        counts[iso] = (Counts(*row[1:6]), row[6])
    notes = [cell for row in rows for cell in row if isinstance(cell, str)]
    return counts, notes


def listed_codes(workbook, title):
    return [row[2] for row in data_rows(workbook, title) if row[2]]


def all_text(doc_or_workbook):
    if isinstance(doc_or_workbook, openpyxl.Workbook):
        return " ".join(str(cell) for sheet in doc_or_workbook for row in sheet.iter_rows(values_only=True)
                        for cell in row if cell is not None)
    return words(doc_or_workbook)


def seed_words():
    """Every seed, as its words in lower case, one string each."""
    return [" " + " ".join(re.findall(r"\w+", path.read_text(encoding="utf-8").lower())) + " "
            for path in sorted(seeds_dir().glob("*.txt"))]


def quotes_a_seed(note, seeds):
    """True when the note's first paragraph (the quote, seeds.py) occurs word for word in a seed; an
    ellipsis may stand for left-out words."""
    quote = note.split("\n\n")[0]
    fragments = [" " + " ".join(re.findall(r"\w+", part.lower())) + " " for part in quote.split("…")]
    fragments = [f for f in fragments if f.strip()]
    return bool(fragments) and any(all(f in text for f in fragments) for text in seeds)


def last_known_status(updates):
    """The status of the latest update that gives one (by date, then entry order), else "unknown"."""
    with_status = sorted((u for u in updates if u.status), key=lambda u: (u.date, u.pk))
    return with_status[-1].status if with_status else "unknown"


def action_facts():
    """{action pk: (plan slug, number, last known status, period_end, [updates])} from the raw rows."""
    updates = defaultdict(list)
    for update in ProgressUpdate.objects.filter(action__isnull=False):
        updates[update.action_id].append(update)
    return {a.pk: (a.line.plan.slug, a.number, last_known_status(updates[a.pk]), a.period_end, updates[a.pk])
            for a in Action.objects.select_related("line__plan")}


# ---------------------------------------------------------------------------------------------
# 1. 31/12/2023: every page agrees with the register and with the minister's answer
# ---------------------------------------------------------------------------------------------

def test_the_official_counts_are_the_ministers_figures_with_their_source():
    registered, in_talks = answer_figures()
    assert (registered, in_talks) == (177, 15)  # the seed itself, read by answer_figures()
    figures = {f.register_status: f for f in KeyFigure.objects.exclude(register_status="")}
    assert set(figures) == {"registered", "candidate"}
    for status, value in (("registered", registered), ("candidate", in_talks)):
        figure = figures[status]
        assert int(figure.value) == value and figure.date == OFFICIAL_DAY and figure.province is None
        assert "schriftelijke vraag nr. 26 van 5 oktober 2023" in figure.source and "vraag 5" in figure.source
    assert "nr. 26" in seed(ANSWER) and "5 oktober 2023" in seed(ANSWER)


@pytest.mark.parametrize("day", [datetime.date(2023, 6, 1), OFFICIAL_DAY, BEFORE_MERGERS, *MERGER_DAYS])
def test_the_statistics_count_what_the_events_and_fixtures_say(day):
    assert statistics_counts(day) == expected_counts(day)


def test_the_home_page_shows_the_register_counts_per_province(client):
    expected = expected_counts(OFFICIAL_DAY)
    rows = home_rows(page(client, "/", {"datum": OFFICIAL_DAY.isoformat()}))
    assert {iso: counts for iso, (counts, _coverage) in rows.items()} == expected == statistics_counts(OFFICIAL_DAY)


def test_every_province_page_shows_the_same_counts_and_lists_exactly_the_municipalities_of_the_day(client):
    register = register_on(OFFICIAL_DAY)
    expected = expected_counts(OFFICIAL_DAY)
    for iso in Province.objects.filter(country="BE").values_list("iso_code", flat=True):
        doc = page(client, f"/provincies/{iso}/", {"datum": OFFICIAL_DAY.isoformat()})
        shown, _coverage = counts_list(doc)
        assert shown == expected[iso], iso
        table = province_table(doc)
        assert {code: status for code, (status, _text) in table.items()} == {
            code: status for code, (province, status) in register.items() if province == iso}, iso


def test_the_map_its_legend_and_its_table_show_the_same_counts(client):
    call_command("load_boundaries", stdout=io.StringIO())  # the map is not part of the test database
    expected = expected_counts(OFFICIAL_DAY)
    legend, table, shapes = map_page(client, OFFICIAL_DAY)
    total = expected[None]
    assert legend == {"registered": total.registered, "candidate": total.candidates,
                      "none": total.not_registered, "unknown": total.unknown}
    isos = province_isos()
    assert tally((isos[name], status) for name, status in table.values()) == {
        iso: counts for iso, counts in expected.items() if counts.active}
    register = register_on(OFFICIAL_DAY)
    assert sorted(shapes) == sorted((code, status) for code, (_iso, status) in register.items())


def test_the_municipality_list_its_status_filter_and_open_data_show_the_same_counts(client):
    expected = expected_counts(OFFICIAL_DAY)
    day = OFFICIAL_DAY.isoformat()
    rows = municipality_json(client, OFFICIAL_DAY, country="BE")
    assert tally((r["provincie_code"], r["status"]) for r in rows) == {
        iso: counts for iso, counts in expected.items() if counts.active}
    assert all(r["status_label"] == LABELS[r["status"]] and r["peildatum"] == day for r in rows)
    csv_rows = municipality_csv(client, OFFICIAL_DAY, country="BE")
    assert sorted((r["code"], r["status"]) for r in csv_rows) == sorted((r["code"], r["status"]) for r in rows)
    by_status = Counter(r["status"] for r in rows)
    for status in STATUSES:
        filtered = municipality_json(client, OFFICIAL_DAY, status=status)
        assert len(filtered) == by_status[status] and all(r["status"] == status for r in filtered), status
        caption = words(page(client, "/gemeenten/", {"datum": day, "status": status}).xpath("//table/caption")[0])
        assert number(caption) == by_status[status], (status, caption)
    choices = {words(o) for o in page(client, "/gemeenten/").xpath("//select[@name='status']/option")}
    assert {"geen pleegzorggemeente", "onbekend", "pleegzorggemeente"} <= {c.lower() for c in choices}


def test_the_annex_overview_and_list_sheets_show_the_same_counts(client):
    expected = expected_counts(OFFICIAL_DAY)
    register = register_on(OFFICIAL_DAY)
    workbook = annex(client, OFFICIAL_DAY)
    counts, _notes = overview(workbook)
    assert {iso: c for iso, (c, _coverage) in counts.items()} == expected
    assert sorted(listed_codes(workbook, "a) Pleegzorggemeenten")) == sorted(
        code for code, (_iso, status) in register.items() if status == "registered")
    assert sorted(listed_codes(workbook, "b) Kandidaten")) == sorted(
        code for code, (_iso, status) in register.items() if status == "candidate")


def test_unknown_is_never_shown_or_counted_as_no(client):
    """A known "no" only where the completeness fixture covers the province; "geen van beide" nowhere."""
    call_command("load_boundaries", stdout=io.StringIO())
    for day in (datetime.date(2023, 6, 1), OFFICIAL_DAY):
        complete = complete_provinces(day)
        for iso, counts in statistics_counts(day).items():
            if iso is not None and iso not in complete:
                stopped = StatusEvent.objects.filter(municipality__province__iso_code=iso, kind="stopped", date__lte=day)
                assert counts.not_registered == stopped.count(), (day, iso)
        nos = {code for code, (_iso, status) in register_on(day).items() if status == "none"}
        assert {r["code"] for r in municipality_json(client, day, status="none")} == nos
        _legend, table, _shapes = map_page(client, day)
        assert {code for code, (_name, status) in table.items() if status == "none"} == nos
        for iso in Province.objects.filter(country="BE").values_list("iso_code", flat=True):
            table = province_table(page(client, f"/provincies/{iso}/", {"datum": day.isoformat()}))
            assert {code for code, (status, _text) in table.items() if status == "none"} == {
                code for code in nos if register_on(day)[code][0] == iso}
        texts = [all_text(page(client, "/", {"datum": day.isoformat()})), all_text(annex(client, day))]
        assert not any("geen van beide" in text.lower() for text in texts)
    assert nos == {Municipality.objects.get(name=answer_exception(), province__country="BE").code}


def test_coverage_is_computed_over_the_known_municipalities_only(client):
    expected = expected_counts(OFFICIAL_DAY)
    rows = home_rows(page(client, "/", {"datum": OFFICIAL_DAY.isoformat()}))
    for iso, (counts, coverage) in rows.items():
        known = counts.registered + counts.candidates + counts.not_registered
        if coverage_text(counts) is None:
            assert "onbekend" in coverage and "%" not in coverage, iso
        else:
            assert f"{coverage_text(counts)}% van" in coverage and str(known) in coverage, (iso, coverage)
    shown, coverage = counts_list(page(client, f"/provincies/{LIMBURG}/", {"datum": OFFICIAL_DAY.isoformat()}))
    known = shown.active - shown.unknown
    assert coverage == f"{coverage_text(shown)}% van de {known} gemeenten waarvan de status bekend is"
    annexed, _notes = overview(annex(client, OFFICIAL_DAY))
    for iso, (counts, cell) in annexed.items():
        if coverage_text(expected[iso]) is None:
            assert cell == "onbekend", iso
        else:
            known = counts.registered + counts.candidates + counts.not_registered
            assert cell == pytest.approx(round(counts.registered / known, 3), abs=0.0005), iso


def test_home_and_annex_set_the_register_beside_the_official_count(client):
    registered, in_talks = answer_figures()
    flemish = [(iso, status) for iso, status in register_on(OFFICIAL_DAY).values() if iso != "BE-BRU"]
    in_register = Counter(status for _iso, status in flemish)
    notes = [f"het register bevat {in_register['registered']} van de {registered} pleegzorggemeenten die de bron noemt",
             f"het register bevat {in_register['candidate']} van de {in_talks} gemeenten in gesprek die de bron noemt"]
    home = all_text(page(client, "/", {"datum": OFFICIAL_DAY.isoformat()}))
    _counts, annex_notes = overview(annex(client, OFFICIAL_DAY))
    for note in notes:
        assert note in home
        assert any(note in text for text in annex_notes), note
    assert "vraag nr. 26 van 5 oktober 2023" in home


def test_limburg_is_registered_except_herstappe_which_is_known_not_to_be_one(client):
    exception = answer_exception()
    assert completeness_records() == [(LIMBURG, OFFICIAL_DAY, OFFICIAL_DAY)]
    assert exception in fixture("register-completeness.csv")[0]["quote"]
    limburg = {m.code: m.name for m in Municipality.objects.filter(province__iso_code=LIMBURG)
               if active_on({"valid_from": m.valid_from, "valid_until": m.valid_until}, OFFICIAL_DAY)}
    expected = {code: ("none" if name == exception else "registered") for code, name in limburg.items()}
    table = province_table(page(client, f"/provincies/{LIMBURG}/", {"datum": OFFICIAL_DAY.isoformat()}))
    assert {code: status for code, (status, _text) in table.items()} == expected
    assert {r["code"]: r["status"] for r in municipality_json(client, OFFICIAL_DAY, province=LIMBURG)} == expected
    assert sorted(c for c in listed_codes(annex(client, OFFICIAL_DAY), "a) Pleegzorggemeenten") if c in limburg) == sorted(
        code for code, status in expected.items() if status == "registered")


def test_herstappe_is_a_known_no_only_on_the_day_the_answer_speaks_for(client):
    """The answer says "Ondertussen" (now): it speaks for the day it was written, not for later years.
    The seed dates only the question (5 October 2023), not the answer; the project dates what the
    answer says 31/12/2023 (its counts, the 41 events "uiterlijk 31/12/2023"), so Limburg's register
    is complete that day alone and Herstappe, without events, is "onbekend" before and after it."""
    text = seed(ANSWER)
    assert re.findall(r"^datum: (.*)$", text, re.M) == ["5 oktober 2023"]  # the question's date; the answer has none
    herstappe = Municipality.objects.get(name=answer_exception(), province__iso_code=LIMBURG)
    for day, status in ((OFFICIAL_DAY, "none"), (datetime.date(2024, 1, 1), "unknown"),
                        (datetime.date(2026, 1, 1), "unknown")):
        assert register_on(day)[herstappe.code] == (LIMBURG, status), day
        assert {r["code"]: r["status"] for r in municipality_json(client, day, province=LIMBURG)}[herstappe.code] == status
        table = province_table(page(client, f"/provincies/{LIMBURG}/", {"datum": day.isoformat()}))
        assert table[herstappe.code][0] == status, day
    detail = page(client, herstappe.get_absolute_url())  # the status today, long after 31/12/2023
    assert [status_of(badge) for badge in detail.xpath(f"//dd/span[{has_class('status')}]")] == ["unknown"]
    assert "geen pleegzorggemeente" not in all_text(detail).lower()


def test_the_pages_say_where_the_register_does_not_know(client):
    call_command("load_boundaries", stdout=io.StringIO())
    day = {"datum": OFFICIAL_DAY.isoformat()}
    unknown_note = ("Waar het register niet als volledig bekend is, heeft een gemeente zonder geregistreerde "
                    "gegevens de status “onbekend”, niet “geen pleegzorggemeente”.")
    complete_note = "Het register is bekend als volledig voor: Limburg (op 31/12/2023; bron: Vlaams Parlement"
    for path in ("/", "/kaart/", "/gemeenten/"):
        text = all_text(page(client, path, day))
        assert unknown_note in text and complete_note in text, path
    limburg = all_text(page(client, f"/provincies/{LIMBURG}/", day))
    assert "Het register van Limburg is volledig op 31/12/2023 (bron: Vlaams Parlement" in limburg
    later = all_text(page(client, f"/provincies/{LIMBURG}/", {"datum": "2026-01-01"}))
    assert "Het register van Limburg is niet als volledig bekend" in later and "volledig op" not in later
    elsewhere = all_text(page(client, "/provincies/BE-VAN/", day))  # a province with no completeness record
    assert ("Het register van Antwerpen is niet als volledig bekend: een gemeente zonder geregistreerde gegevens "
            "heeft de status “onbekend”, niet “geen pleegzorggemeente”.") in elsewhere
    assert "Elders" not in elsewhere and "volledig sinds" not in elsewhere and "volledig op" not in elsewhere
    _counts, notes = overview(annex(client, OFFICIAL_DAY))
    assert any(note.startswith("Dekking: de pleegzorggemeenten als aandeel van de gemeenten waarvan de status bekend is")
               for note in notes)
    assert any(note.startswith(complete_note) for note in notes)


# ---------------------------------------------------------------------------------------------
# 2. 2025: Limburg's mergers are neither lost nor invented
# ---------------------------------------------------------------------------------------------

def limburg_on(day):
    """Limburg's municipalities on `day` by the merger fixture: those of 31/12/2024 minus the merged-away,
    plus the successors."""
    before = {code for code, (iso, _s) in register_on(BEFORE_MERGERS).items() if iso == LIMBURG}
    rows = [row for row in mergers() if row["old_province_nis"] == "70000"]
    assert rows and all(datetime.date.fromisoformat(row["merger_date"]) <= day for row in rows)
    return (before - {row["old_nis"] for row in rows}) | {row["successor_nis"] for row in rows}


@pytest.mark.parametrize("day", MERGER_DAYS)
def test_limburg_has_exactly_the_municipalities_valid_that_day_everywhere(client, day):
    call_command("load_boundaries", stdout=io.StringIO())
    expected = limburg_on(day)
    merged_away = {row["old_nis"] for row in mergers() if row["old_province_nis"] == "70000"}
    register = register_on(day)
    assert {code for code, (iso, _s) in register.items() if iso == LIMBURG} == expected
    table = province_table(page(client, f"/provincies/{LIMBURG}/", {"datum": day.isoformat()}))
    assert set(table) == expected
    home = home_rows(page(client, "/", {"datum": day.isoformat()}))
    assert home[LIMBURG][0] == expected_counts(day)[LIMBURG] == statistics_counts(day)[LIMBURG]
    assert {r["code"] for r in municipality_json(client, day, province=LIMBURG)} == expected
    assert {r["code"] for r in municipality_csv(client, day, province=LIMBURG)} == expected
    # The map draws the 2019-2024 shapes: a merged-away one stands for (and links to) its successor.
    # The table under it lists the municipalities of the day, merger-born ones by their own name.
    successor = {row["old_nis"]: row["successor_nis"] for row in mergers()}
    legend, map_table, shapes = map_page(client, day)
    listed = {code for code, (name, _status) in map_table.items() if name == "Limburg"}
    assert listed == expected and not listed & merged_away
    linked = dict(shapes)
    assert all(linked.get(code) is not None for code in listed)
    assert not set(linked) & merged_away and {successor[code] for code in merged_away} <= set(linked)
    assert all(status == register[code][1] for code, status in shapes), "a shape shows a status its municipality lacks"
    # The legend counts municipalities (of the day), not shapes: a merged municipality's shapes count once.
    drawn_municipalities = Counter(status for _code, status in set(shapes))
    assert legend == {status: drawn_municipalities[status] for status in legend}
    total = statistics_counts(day)[None]
    assert legend == {"registered": total.registered, "candidate": total.candidates,
                      "none": total.not_registered, "unknown": total.unknown}
    workbook = annex(client, day)
    listed = set(listed_codes(workbook, "a) Pleegzorggemeenten")) | set(listed_codes(workbook, "b) Kandidaten"))
    assert not listed & merged_away
    assert {c for c in listed if c in expected} == {c for c in expected if register[c][1] in ("registered", "candidate")}
    assert overview(workbook)[0][LIMBURG][0] == expected_counts(day)[LIMBURG] == statistics_counts(day)[LIMBURG]


@pytest.mark.parametrize("day", MERGER_DAYS)
def test_merger_born_municipalities_are_unknown_with_their_predecessors_status(client, day):
    before = register_on(BEFORE_MERGERS)
    born = defaultdict(list)
    for row in mergers():
        if row["successor_is_new"] == "true":
            born[row["successor_nis"]].append(before[row["old_nis"]][1])
    register = register_on(day)
    json_status = {r["code"]: r["status"] for r in municipality_json(client, day, country="BE")}
    tables = {}
    for code, statuses in born.items():
        iso = register[code][0]
        tables.setdefault(iso, province_table(page(client, f"/provincies/{iso}/", {"datum": day.isoformat()})))
        status, text = tables[iso][code]
        assert status == json_status[code] == "unknown", code
        assert "Nieuwe gemeente sinds de fusie: nog geen eigen status geregistreerd." in text, code
        if len(set(statuses)) == 1:
            assert f"hadden al haar voorgangers de status “{LABELS[statuses[0]]}”" in text, (code, text)
        else:
            assert "haar voorgangers op 31/12/2024" in text, (code, text)


def test_a_status_recorded_for_a_merger_born_municipality_replaces_the_no_status_note(client):
    hasselt = Municipality.objects.get(code="71072")
    event = StatusEvent(municipality=hasselt, kind="registered", date=datetime.date(2025, 3, 1), source="test")
    event.full_clean()
    event.save()
    status, text = province_table(page(client, f"/provincies/{LIMBURG}/", {"datum": "2025-06-30"}))["71072"]
    assert status == "registered"
    assert "nog geen eigen status geregistreerd" not in text, text
    detail = all_text(page(client, "/gemeenten/71072/"))
    assert "nog geen eigen status geregistreerd" not in detail


@pytest.mark.parametrize("day", MERGER_DAYS)
def test_what_has_changed_reconciles_the_totals_of_2024_and_2025(client, day):
    before, after = register_on(BEFORE_MERGERS), register_on(day)
    rows = data_rows(annex(client, day, since=BEFORE_MERGERS), "Wat is er veranderd")
    reconciliation = next(i for i, row in enumerate(rows) if row[0] == "Aansluiting")
    changes = {row[2]: row for row in rows[:reconciliation] if row[2]}
    for merger in mergers():
        row = changes[merger["old_nis"]]
        assert row[3] == (f"opgegaan in {merger['successor_name']} op 01/01/2025 "
                          f"(laatste status: {LABELS[before[merger['old_nis']][1]]})"), row
        assert (row[4], row[5]) == (LABELS[before[merger["old_nis"]][1]], "—")
        if merger["successor_is_new"] == "true":
            assert changes[merger["successor_nis"]][3:6] == (
                "nieuwe gemeente sinds 01/01/2025", "—", LABELS[after[merger["successor_nis"]][1]])
    changed = {code for code in before.keys() & after.keys() if before[code][1] != after[code][1]}
    assert set(changes) == (before.keys() ^ after.keys()) | changed
    groups = {"pleegzorggemeente": "registered", "in gesprek / kandidaat": "candidates",
              "onbekend": "unknown", "Geen pleegzorggemeente": "not_registered"}
    old, new = expected_counts(BEFORE_MERGERS)[None], expected_counts(day)[None]
    table = {row[0]: row[1:7] for row in rows[reconciliation + 1:] if row[0]}
    for label, field in groups.items():
        start, away, into, ceased, began, end = table[label]
        assert (start, end) == (getattr(old, field), getattr(new, field)), label
        assert start + away + into + ceased + began == end, label
    start, away, into, ceased, began, end = table["Totaal"]
    assert (start, end) == (old.active, new.active) and start + away + into + ceased + began == end
    assert -ceased == len(mergers()) and began == len({m["successor_nis"] for m in mergers() if m["successor_is_new"] == "true"})


# ---------------------------------------------------------------------------------------------
# 3. Plans: no status without a source, no "te laat" without cause
# ---------------------------------------------------------------------------------------------

def test_every_known_action_status_rests_on_an_update_quoting_a_seed(client):
    facts, seeds = action_facts(), seed_words()
    known = {pk: fact for pk, fact in facts.items() if fact[2] != "unknown"}
    assert known, "the seeds record some actions as under way"
    assert not quotes_a_seed("Het project is inmiddels afgerond en geëvalueerd.", seeds)  # the check can fail
    for slug, number_, status, _end, updates in known.values():
        assert any(u.status == status and quotes_a_seed(u.note, seeds) for u in updates), (slug, number_, status)
    for plan in Plan.objects.all():
        doc = page(client, plan.get_absolute_url())
        expected = {number_: status for slug, number_, status, _e, _u in facts.values() if slug == plan.slug}
        shown = {tr.get("id")[len("actie-"):]: status_of(tr.xpath("./td")[-1], ACTION_LABELS)
                 for tr in doc.xpath("//tr[starts-with(@id, 'actie-')]")}
        assert shown == expected, plan.slug
    data = json.loads(client.get("/plannen.json").content)["results"]
    assert {(r["plan"], r["actie"]): r["status"] for r in data} == {(s, n): st for s, n, st, _e, _u in facts.values()}
    assert all(r["voortgang"] is None for r in data if r["status"] == "unknown")


def test_no_action_shows_overdue_unless_its_last_known_status_is_open_and_its_deadline_passed(client):
    today = timezone.localdate()
    facts = action_facts()

    def overdue(slug, number_):
        _slug, _n, status, end, _u = next(f for f in facts.values() if (f[0], f[1]) == (slug, number_))
        return status in OPEN_ACTION_STATUSES and end is not None and end < today

    seen = Counter()
    for plan in Plan.objects.all():
        doc = page(client, plan.get_absolute_url())
        for tr in doc.xpath("//tr[starts-with(@id, 'actie-')]"):
            number_ = tr.get("id")[len("actie-"):]
            shows = bool(tr.xpath(OVERDUE_LABEL)) or "overdue" in (tr.get("class") or "").split()
            assert shows == overdue(plan.slug, number_), (plan.slug, number_)
            if shows:
                assert words(tr.xpath(OVERDUE_LABEL)[0]) == "te laat"
            seen["rows", shows] += 1
        for title in doc.xpath(f"//*[local-name()='g'][{has_class('tl-row')}]/*[local-name()='title']"):
            number_ = words(title).split()[0]
            assert ("(te laat)" in words(title)) == overdue(plan.slug, number_), (plan.slug, number_)
            seen["timeline"] += 1
        workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/plannen/{plan.slug}.xlsx").content))
        for sheet in workbook:
            rows = list(sheet.iter_rows(values_only=True))
            assert rows[2][7] == "Te laat"
            for row in rows[3:]:
                assert (row[7] == "ja") == overdue(plan.slug, row[0].split()[0]), (plan.slug, row[0])
                seen["xlsx"] += 1
    assert seen["rows", True] and seen["rows", False] and seen["timeline"] and seen["xlsx"] == len(facts)
    for organisation in Organisation.objects.filter(actions__isnull=False).distinct():
        doc = page(client, organisation.get_absolute_url())
        for table in doc.xpath("//table"):
            slug = table.xpath("./caption/a")[0].get("href").strip("/").split("/")[-1]
            for tr in table.xpath("./tbody/tr"):
                number_ = re.search(r"#actie-(.+)$", tr.xpath("./th//a")[0].get("href")).group(1)
                assert bool(tr.xpath(OVERDUE_LABEL)) == overdue(slug, number_), (organisation.slug, number_)
    for action in Action.objects.filter(line__plan__kind="guidance").select_related("line__plan"):
        doc = page(client, f"/plannen/{action.line.plan.slug}/aanbevelingen/{action.number}/")
        assert bool(doc.xpath(OVERDUE_LABEL)) == overdue(action.line.plan.slug, action.number)
    data = json.loads(client.get("/plannen.json").content)["results"]
    assert all(r["te_laat"] == overdue(r["plan"], r["actie"]) for r in data)
