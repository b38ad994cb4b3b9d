"""Geometry of the plan timeline, rendered as SVG by a template (no script).

Each action is a row; its shape says how the source words its timing (actions/timing.py), so a
reader can tell the kinds apart:

  window       a bar over the period
  deadline     a diamond on the day, with "uiterlijk dd/mm/yyyy" beside it (never a bar)
  ongoing      an arrow from its start (or the axis start) to the right edge
  conditional  the bar or diamond of its period, dashed, with "onder voorwaarde" beside it

Dots on a row are the action's progress updates (its status history). Fill: hatched red when
overdue, hatched grey when the deadline passed and the status is unknown. Every text is placed
inside the view box: labels are cut to the room they have, notes go left of a shape when there is
no room on its right.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import ActionStatus, TimingKind

WIDTH, LABEL_WIDTH, ROW_HEIGHT, AXIS_HEIGHT = 900, 260, 22, 28
RIGHT_MARGIN = 40  # room for the last year's label
CHAR_WIDTH = 6.5  # a generous width of one character at the figure's 11px, to keep text inside
LEGEND_ROW = 20
COLOURS = {
    ActionStatus.PLANNED: "#6d6d6d",
    ActionStatus.ONGOING: "#0b5394",
    ActionStatus.DELAYED: "#b45f06",
    ActionStatus.DONE: "#2e7d32",
    ActionStatus.DROPPED: "#999999",
    ActionStatus.UNKNOWN: "#9fb3c8",
}


def text_width(text):
    return len(text) * CHAR_WIDTH


def fit(text, width):
    """`text` cut (with an ellipsis) to fit `width`."""
    room = int(width // CHAR_WIDTH)
    return text if len(text) <= room else text[: max(room - 1, 0)].rstrip() + "…"


@dataclass(frozen=True)
class Note:
    x: float
    y: float
    text: str
    anchor: str  # "start" or "end"


@dataclass(frozen=True)
class Mark:
    """One progress update on the row."""

    x: float
    update: object
    colour: str


@dataclass
class Row:
    action: object
    y: int
    label: str
    shape: str | None = None  # "bar", "diamond", "arrow" or None (no timing to draw)
    x: float = 0
    width: float = 0
    points: str = ""
    fill: str = ""
    dashed: bool = False
    note: Note | None = None
    marks: list = field(default_factory=list)


@dataclass(frozen=True)
class Tick:
    year: int
    x: float


@dataclass(frozen=True)
class LegendItem:
    shape: str
    x: int
    y: int
    fill: str
    dashed: bool
    text: str


@dataclass(frozen=True)
class Timeline:
    rows: list
    ticks: list
    legend: list
    width: int
    height: int
    label_width: int
    axis_bottom: int
    today_x: float | None


def _fill(action):
    if getattr(action, "is_overdue", False):
        return "url(#hatch)"
    if getattr(action, "is_past_deadline_unknown", False):
        return "url(#hatch-unknown)"
    return COLOURS[action.status]


def _diamond(x, y):
    middle = y + 11
    return f"{x},{middle - 7} {x + 7},{middle} {x},{middle + 7} {x - 7},{middle}"


def _arrow(start, end, y):
    head = max(end - 9, start)
    return (
        f"{start},{y + 6} {head},{y + 6} {head},{y + 2} {end},{y + 11} {head},{y + 20} {head},{y + 16} {start},{y + 16}"
    )


def _note(text, left, right, y):
    """Text beside a shape spanning [left, right]: on its right if it fits, else on its left, else cut."""
    if right + 6 + text_width(text) <= WIDTH - 2:
        return Note(right + 6, y + 15, text, "start")
    room = left - 6 - LABEL_WIDTH
    return Note(left - 6, y + 15, fit(text, room), "end") if room >= CHAR_WIDTH * 4 else None


def _legend(top):
    items = [
        ("bar", COLOURS[ActionStatus.ONGOING], False, _("window: during this period")),
        ("diamond", COLOURS[ActionStatus.ONGOING], False, _("deadline: no later than this day")),
        ("arrow", COLOURS[ActionStatus.ONGOING], False, _("continuing")),
        ("bar", COLOURS[ActionStatus.ONGOING], True, _("under a condition")),
        ("bar", "url(#hatch)", False, _("deadline passed, not reported as done (inferred)")),
        ("bar", "url(#hatch-unknown)", False, _("deadline passed, status unknown")),
        ("dot", COLOURS[ActionStatus.DONE], False, _("progress update")),
    ]
    legend, x, y = [], 4, top
    for shape, fill_, dashed, text in items:
        width = 26 + int(text_width(text)) + 16
        if x + width > WIDTH - 2:
            x, y = 4, y + LEGEND_ROW
        legend.append(LegendItem(shape, x, y, fill_, dashed, text))
        x += width
    return legend, y + LEGEND_ROW - top


def build(actions, today):
    """The timeline of `actions` (annotated by with_overdue_on, their `updates` prefetched), or None
    when there is no date to draw. Scaled to the years their periods and updates span."""
    days = []
    for action in actions:
        days += [day for day in (action.period_start, action.period_end) if day]
        days += [update.date for update in action.updates.all()]
    if not days:
        return None
    first, last = min(days).year, max(days).year
    origin, finish = datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1)
    scale = (WIDTH - LABEL_WIDTH - RIGHT_MARGIN) / (finish - origin).days

    def x(day):
        return round(LABEL_WIDTH + (day - origin).days * scale, 1)

    right_edge = x(finish)
    rows = []
    for number, action in enumerate(actions):
        y = AXIS_HEIGHT + number * ROW_HEIGHT
        row = Row(action, y, fit(f"{action.number} {action.title}", LABEL_WIDTH - 10))
        kind, start, end = action.timing_kind, action.period_start, action.period_end
        row.fill, row.dashed = _fill(action), kind == TimingKind.CONDITIONAL
        if kind == TimingKind.ONGOING:
            left = x(start) if start else LABEL_WIDTH
            row.shape, row.x, row.points = "arrow", left, _arrow(left, right_edge, y)
        elif end and start:
            row.shape, row.x = "bar", x(start)
            row.width = max(x(end + datetime.timedelta(days=1)) - row.x, 2)
            if row.dashed:
                row.note = _note(_("under a condition"), row.x, row.x + row.width, y)
        elif end:
            row.shape, row.x = "diamond", x(end + datetime.timedelta(days=1))
            row.points = _diamond(row.x, y)
            text = _("no later than %(day)s") % {"day": end.strftime("%d/%m/%Y")}
            if row.dashed:
                text = f"{text}, {_('under a condition')}"
            row.note = _note(text, row.x - 7, row.x + 7, y)
        row.marks = [
            Mark(x(update.date), update, COLOURS.get(update.status or ActionStatus.UNKNOWN))
            for update in action.updates.all()
        ]
        rows.append(row)
    ticks = [Tick(year, x(datetime.date(year, 1, 1))) for year in range(first, last + 2)]
    today_x = x(today) if origin <= today <= finish else None
    axis_bottom = AXIS_HEIGHT + len(rows) * ROW_HEIGHT + 4
    legend, legend_height = _legend(axis_bottom + 12)
    return Timeline(rows, ticks, legend, WIDTH, axis_bottom + 12 + legend_height, LABEL_WIDTH, axis_bottom, today_x)
