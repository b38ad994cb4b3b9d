"""No page, export or open data shows a percentage of progress for an action that no source gave one.

An action's percentage is only what a source or an editor gives (`Action.progress_override`); a
status such as "lopend" is never turned into a figure ("50 %"). Lines and plans are counted by
status; the one percentage they show is the share done among the actions whose status is known,
worded as such. Expected values come from the raw progress updates, not from the app's roll-ups.
"""

import io
import json
import re
from collections import Counter

import lxml.html
import openpyxl
import pytest
from django.urls import reverse

from actions.models import Action, Organisation, Plan, ProgressUpdate

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"
PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s?%")
DONE_SHARE = re.compile(r"afgerond: (\d+) van de (\d+) acties? met bekende status \((\d+)%\)")


def has_class(name):
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text_of(element):
    return " ".join(element.text_content().split())


def document(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def words(response):
    return text_of(document(response))


def status_and_progress_texts(response):
    """The texts that speak of progress: every cell holding an action's status (status.html), the
    plan's "Voortgang", each line's heading and the plan list's progress column (progress.html)."""
    doc = document(response)
    cells = [span.getparent() for span in doc.xpath(f"//span[{has_class('status')}]")]
    progress = doc.xpath("//dt[normalize-space()='Voortgang']/following-sibling::dd[1]")
    progress += doc.xpath("//section[@class='line']/h2/small")
    columns = [th.getparent().index(th) for th in doc.xpath("//thead//th[normalize-space()='Voortgang']")]
    for column in columns:
        progress += doc.xpath(f"//tbody/tr/*[{column + 1}]")
    return [text_of(element) for element in cells + progress]


def raw_statuses(plan):
    """{action number: last known status or "unknown"} from the progress updates themselves."""
    latest = {}
    for update in ProgressUpdate.objects.filter(action__line__plan=plan).exclude(status="").order_by("date", "pk"):
        latest[update.action.number] = update.status
    return {a.number: latest.get(a.number, "unknown") for a in Action.objects.filter(line__plan=plan)}


def public_texts(client):
    """(where, [texts]) of every page that shows an action's status or a roll-up."""
    yield "plans", status_and_progress_texts(client.get(reverse("actions:plans")))
    for plan in Plan.objects.all():
        yield plan.slug, status_and_progress_texts(client.get(reverse("actions:plan", args=[plan.slug])))
        if plan.is_guidance:
            for number in Action.objects.filter(line__plan=plan).values_list("number", flat=True):
                yield (
                    f"{plan.slug} {number}",
                    status_and_progress_texts(client.get(reverse("actions:recommendation", args=[plan.slug, number]))),
                )
    for slug in Organisation.objects.filter(responsibilities__isnull=False).distinct().values_list("slug", flat=True):
        yield slug, status_and_progress_texts(client.get(reverse("actions:organisation", args=[slug])))


def percentages_outside_done_shares(text):
    return PERCENT.findall(DONE_SHARE.sub("", text))


def workbook_status_cells(client, plan):
    """Every cell of the export's "Status" column (the header is on row 3 of each line's sheet)."""
    response = client.get(reverse("actions:plan_xlsx", args=[plan.slug]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = []
    for sheet in workbook:
        header = [cell.value for cell in sheet[3]]
        column = header.index("Status") + 1
        cells += [row[column - 1] for row in sheet.iter_rows(min_row=4) if row[0].value]
    return cells


def open_data(client):
    rows = json.loads(client.get(reverse("actions:actions_json")).content)["results"]
    csv_text = client.get(reverse("actions:actions_csv")).content.decode("utf-8").lstrip("\ufeff")
    return rows, csv_text


def test_no_page_export_or_open_data_shows_a_percentage_no_source_gave(client):
    assert not Action.objects.exclude(progress_override=None).exists()  # no source in the seeds gives one
    statuses = Counter(s for plan in Plan.objects.all() for s in raw_statuses(plan).values())
    assert statuses["ongoing"] >= 7  # the case that used to read "(50%)"
    pages = list(public_texts(client))
    shown = sum(len(texts) for _where, texts in pages)
    assert shown >= Action.objects.count() + len(pages)  # every action's status, at least one roll-up a page
    for where, texts in pages:
        assert [t for t in texts if percentages_outside_done_shares(t)] == [], where
    for plan in Plan.objects.all():
        cells = workbook_status_cells(client, plan)
        assert len(cells) == Action.objects.filter(line__plan=plan).count()
        for cell in cells:
            assert not PERCENT.search(str(cell.value)) and "%" not in cell.number_format, (plan.slug, cell.coordinate)
    rows, csv_text = open_data(client)
    assert len(rows) == Action.objects.count() and all(row["voortgang"] is None for row in rows)
    header, *lines = [line.split(";") for line in csv_text.strip().split("\r\n")]
    column = header.index("voortgang")
    assert len(lines) == len(rows) and all(line[column] == "" for line in lines)


def test_roll_ups_count_by_status_and_give_the_share_done_of_the_known_only(client):
    for plan in Plan.objects.all():
        raw = Counter(raw_statuses(plan).values())
        known = sum(n for status, n in raw.items() if status != "unknown")
        text = words(client.get(reverse("actions:plan", args=[plan.slug])))
        progress = text.split("Voortgang", 1)[1].split("Bron", 1)[0]
        if known:
            share = DONE_SHARE.search(progress)
            assert share, (plan.slug, progress)
            assert tuple(int(g) for g in share.groups()) == (raw["done"], known, round(100 * raw["done"] / known))
        else:
            assert "geen enkele status bekend" in progress and not DONE_SHARE.search(progress)
        if raw["unknown"]:
            assert f"{raw['unknown']} onbekend" in progress
            assert f"{raw['unknown']} acties met onbekende status, niet meegeteld" in progress
        if raw["ongoing"]:
            assert f"{raw['ongoing']} lopend" in progress


def test_a_percentage_an_editor_gives_is_shown_beside_a_known_status_only(client):
    plan = Plan.objects.get(slug=NATIONAL)
    statuses = raw_statuses(plan)
    running = next(n for n, s in sorted(statuses.items()) if s == "ongoing")
    unknown = next(n for n, s in sorted(statuses.items()) if s == "unknown")
    Action.objects.filter(line__plan=plan, number=running).update(progress_override=40)
    Action.objects.filter(line__plan=plan, number=unknown).update(progress_override=70)
    page = document(client.get(reverse("actions:plan", args=[NATIONAL])))
    row = text_of(page.get_element_by_id(f"actie-{running}"))
    assert "lopend" in row and "(40%)" in row
    row = text_of(page.get_element_by_id(f"actie-{unknown}"))
    assert "onbekend" in row and "%" not in row  # a figure without a known status is not shown
    rows, _csv = open_data(client)
    given = {row["actie"]: row["voortgang"] for row in rows if row["plan"] == NATIONAL}
    assert (given[running], given[unknown]) == (40, None)
    assert {n for n, v in given.items() if v is not None} == {running}
