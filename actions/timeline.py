"""Geometry of the plan timeline: actions as bars on a year axis, rendered as SVG by a template."""

import datetime
from dataclasses import dataclass

WIDTH, LABEL_WIDTH, ROW_HEIGHT, AXIS_HEIGHT = 900, 260, 22, 28


@dataclass(frozen=True)
class Bar:
    action: object
    y: int
    x: float | None  # None: no period known, only the label is drawn
    width: float | None
    open_start: bool


@dataclass(frozen=True)
class Tick:
    year: int
    x: float


@dataclass(frozen=True)
class Timeline:
    bars: list
    ticks: list
    width: int
    height: int
    label_width: int
    today_x: float | None


def build(actions, today):
    """Bars for `actions` (with period_start/period_end), scaled to the years they span."""
    periods = [(a.period_start, a.period_end) for a in actions if a.period_end]
    if not periods:
        return None
    first = min((start or end) for start, end in periods).year
    last = max(end for _, end in periods).year
    origin, finish = datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1)
    span = (finish - origin).days
    scale = (WIDTH - LABEL_WIDTH - 40) / span  # room on the right for the last year's label

    def x(day):
        return round(LABEL_WIDTH + (day - origin).days * scale, 1)

    bars = []
    for row, action in enumerate(actions):
        y = AXIS_HEIGHT + row * ROW_HEIGHT
        if action.period_end:
            start = action.period_start or origin
            bars.append(Bar(action, y, x(start), max(x(action.period_end + datetime.timedelta(days=1)) - x(start), 2),
                            action.period_start is None))
        else:
            bars.append(Bar(action, y, None, None, False))
    ticks = [Tick(year, x(datetime.date(year, 1, 1))) for year in range(first, last + 2)]
    today_x = x(today) if origin <= today <= finish else None
    return Timeline(bars, ticks, WIDTH, AXIS_HEIGHT + len(actions) * ROW_HEIGHT + 6, LABEL_WIDTH, today_x)
