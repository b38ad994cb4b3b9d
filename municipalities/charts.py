"""Geometry for small horizontal bar charts, drawn as SVG by templates (each beside its table).

A chart may hold several segments: figures that the sources do not call comparable (they come
from different sources). Each segment is scaled on its own, and a break row (a dashed line with a
text) separates it from the one before, so that no reader takes them for one series.
"""

from dataclasses import dataclass, field

LABEL_WIDTH, BAR_AREA, ROW_HEIGHT, VALUE_GAP = 230, 300, 26, 8
VALUE_ROOM = 200  # room right of the longest bar for its value and unit ("1.641 kinderen en volwassenen")


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: float
    text: str
    y: int
    width: float


@dataclass(frozen=True)
class ChartBreak:
    """A break between two segments: a dashed line at `line_y` and `text` above it."""

    text: str
    y: int
    line_y: int


@dataclass(frozen=True)
class Chart:
    bars: list
    width: int
    height: int
    label_width: int
    breaks: list = field(default_factory=list)


def bar_chart(points):
    """`points`: (label, value, text) triples; bars scale to the largest value."""
    return segmented_bar_chart([points])


def segmented_bar_chart(segments, break_text=""):
    """`segments`: lists of (label, value, text) triples, one list per source.

    Bars scale to the largest value of their own segment (a negative value draws no bar); between
    two segments comes a ChartBreak with `break_text`. Empty segments are skipped.
    """
    bars, breaks, y = [], [], 0
    for segment in (s for s in segments if s):
        if bars:
            breaks.append(ChartBreak(break_text, y, y + ROW_HEIGHT - 4))
            y += ROW_HEIGHT
        largest = max(max(float(value) for _, value, _ in segment), 0) or 1
        for label, value, text in segment:
            width = round(BAR_AREA * max(float(value), 0) / largest, 1)
            bars.append(ChartBar(label, float(value), text, y, width))
            y += ROW_HEIGHT
    width = LABEL_WIDTH + BAR_AREA + VALUE_GAP + VALUE_ROOM
    return Chart(bars, width, y + 4, LABEL_WIDTH, breaks)
