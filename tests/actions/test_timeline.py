"""The plan timeline draws each kind of timing so that a reader can tell them apart (actions/timeline.py)."""

import datetime
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.urls import reverse

from actions import timeline

DAY = datetime.date
SVG = "{http://www.w3.org/2000/svg}"


class Updates(list):
    def all(self):
        return self


def action(number, kind, start, end, status="unknown", overdue=False, past_unknown=False, updates=(), title="Actie"):
    return SimpleNamespace(
        number=number,
        title=title,
        timing_kind=kind,
        period_start=start,
        period_end=end,
        status=status,
        is_overdue=overdue,
        is_past_deadline_unknown=past_unknown,
        updates=Updates(updates),
    )


def test_each_kind_has_its_own_shape():
    rows = timeline.build(
        [
            action("1", "window", DAY(2017, 1, 1), DAY(2018, 12, 31)),
            action("2", "deadline", None, DAY(2019, 6, 30)),
            action("3", "ongoing", None, None),
            action("4", "conditional", DAY(2018, 1, 1), DAY(2018, 3, 31)),
            action("5", "conditional", None, DAY(2018, 6, 30)),
            action("6", "", None, None),
        ],
        DAY(2018, 5, 1),
    ).rows
    assert [row.shape for row in rows] == ["bar", "diamond", "arrow", "bar", "diamond", None]
    assert [row.dashed for row in rows] == [False, False, False, True, True, False]
    assert rows[1].note.text == "uiterlijk 30/06/2019"
    assert rows[3].note.text == "onder voorwaarde" and rows[4].note.text == "uiterlijk 30/06/2018, onder voorwaarde"
    assert rows[0].note is None and rows[2].note is None


def test_a_deadline_is_a_point_not_a_two_month_bar():
    chart = timeline.build(
        [action("1", "deadline", None, DAY(2017, 6, 30)), action("2", "window", DAY(2017, 6, 1), DAY(2017, 7, 31))],
        DAY(2020, 1, 1),
    )
    deadline, window = chart.rows
    assert deadline.shape == "diamond" and deadline.width == 0
    assert window.shape == "bar" and window.width > 20
    assert window.x < deadline.x < window.x + window.width  # 30 June sits inside June-July


def test_ongoing_runs_to_the_right_edge_from_its_start():
    chart = timeline.build(
        [action("1", "ongoing", DAY(2018, 1, 1), None), action("2", "window", DAY(2017, 1, 1), DAY(2019, 12, 31))],
        DAY(2018, 1, 1),
    )
    arrow = chart.rows[0]
    tip = max(float(point.split(",")[0]) for point in arrow.points.split())
    assert arrow.x == chart.ticks[1].x and tip == chart.ticks[-1].x


def test_fill_says_overdue_or_deadline_passed_with_unknown_status():
    rows = timeline.build(
        [
            action("1", "window", DAY(2017, 1, 1), DAY(2017, 12, 31), status="ongoing", overdue=True),
            action("2", "window", DAY(2017, 1, 1), DAY(2017, 12, 31), past_unknown=True),
            action("3", "window", DAY(2017, 1, 1), DAY(2017, 12, 31), status="done"),
        ],
        DAY(2020, 1, 1),
    ).rows
    assert [row.fill for row in rows] == ["url(#hatch)", "url(#hatch-unknown)", timeline.COLOURS["done"]]


def test_progress_updates_are_dots_and_widen_the_axis():
    update = SimpleNamespace(date=DAY(2015, 9, 1), status="ongoing")
    chart = timeline.build(
        [action("1", "deadline", None, DAY(2018, 9, 30), status="ongoing", updates=[update])], DAY(2016, 1, 1)
    )
    assert chart.ticks[0].year == 2015
    mark = chart.rows[0].marks[0]
    per_day = (chart.ticks[1].x - chart.ticks[0].x) / 365
    assert mark.x == pytest.approx(chart.ticks[0].x + (DAY(2015, 9, 1) - DAY(2015, 1, 1)).days * per_day, abs=0.2)
    assert mark.colour == timeline.COLOURS["ongoing"]


def test_nothing_to_draw_gives_no_timeline():
    assert timeline.build([action("1", "", None, None), action("2", "ongoing", None, None)], DAY(2020, 1, 1)) is None


def test_notes_and_labels_stay_inside_the_view_box():
    long_title = "Een heel lange titel van een actie die nooit in de ruimte voor labels past " * 3
    rows = timeline.build(
        [
            action("1", "deadline", None, DAY(2019, 12, 31), title=long_title),  # at the right edge: note on the left
            action("2", "deadline", None, DAY(2017, 1, 1)),
            action("3", "conditional", DAY(2019, 1, 1), DAY(2019, 12, 31)),
        ],
        DAY(2018, 1, 1),
    ).rows
    for row in rows:
        assert len(row.label) * timeline.CHAR_WIDTH <= timeline.LABEL_WIDTH
        note = row.note
        left = note.x - timeline.text_width(note.text) if note.anchor == "end" else note.x
        right = note.x if note.anchor == "end" else note.x + timeline.text_width(note.text)
        assert timeline.LABEL_WIDTH <= left and right <= timeline.WIDTH
    assert rows[0].note.anchor == "end" and rows[1].note.anchor == "start"
    assert rows[0].label.endswith("…")


def _text_extent(element, width_of):
    x = float(element.get("x"))
    width = width_of(element.text or "")
    anchor = element.get("text-anchor", "start")
    return (
        (x - width, x) if anchor == "end" else (x - width / 2, x + width / 2) if anchor == "middle" else (x, x + width)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["actieplan-pleegzorg-2017-2018", "medemblik-meer-pleeggezinnen-fase-2"])
def test_every_svg_text_of_the_plan_page_is_inside_the_view_box(client, slug):
    text = client.get(reverse("actions:plan", args=[slug])).content.decode()
    svg = re.search(r"<svg viewBox=.*?</svg>", text, re.S)[0]
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    texts = [element for element in root.iter(f"{SVG}text")]
    assert len(texts) > 20
    for element in texts:
        left, right = _text_extent(element, timeline.text_width)
        assert 0 <= left and right <= width, element.text
        assert 0 < float(element.get("y")) <= height, element.text
    legend = [element.text for element in root.iter(f"{SVG}text") if element.get("class") == "tl-legend-label"]
    assert legend == [
        "periode: in deze tijd",
        "deadline: uiterlijk op deze dag",
        "doorlopend",
        "onder voorwaarde",
        "termijn verstreken, niet als afgerond gemeld (afgeleid)",
        "deadline verstreken, status onbekend",
        "voortgangsmelding",
    ]
    kinds = {element.get("class") for element in root.iter() if element.get("class", "").startswith("tl-")}
    assert {"tl-window", "tl-deadline"} <= kinds
