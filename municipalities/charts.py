"""Geometry for small horizontal bar charts, drawn as SVG by templates (each beside its table).

A chart may hold several segments: figures that the sources do not call comparable (they come
from different sources). Each segment is scaled on its own, and a break row (a dashed line with a
text) separates it from the one before, so that no reader takes them for one series.
"""

import math
from dataclasses import dataclass, field

BAR_AREA, ROW_HEIGHT, VALUE_GAP, LABEL_GAP, MARGIN = 300, 26, 8, 6, 4
CHAR_WIDTH = 7.5  # a generous width of one character at the chart's 12px font (site.css .chart), in viewBox units
LABEL_CHARACTERS = 40  # a longer label is cut in its middle to this many characters; the table has it whole
LABEL_TAIL = 12  # what a cut label keeps of its end, where the date is ("… (2014)")


def text_width(text):
    """The room `text` takes at the chart's font, rounded up: never less than it draws."""
    return math.ceil(len(text) * CHAR_WIDTH)


def cut(text, characters=LABEL_CHARACTERS):
    """`text`, or its start and its end with "…" between, `characters` long (the end tells bars apart)."""
    if len(text) <= characters:
        return text
    head = characters - LABEL_TAIL - 1
    return text[:head].rstrip() + "…" + text[-LABEL_TAIL:]


@dataclass(frozen=True)
class ChartBar:
    label: str  # whole
    value: float
    text: str
    y: int
    width: float
    short_label: str = ""  # what the chart draws: `label` cut to LABEL_CHARACTERS


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
    two segments comes a ChartBreak with `break_text`. Empty segments are skipped. The label column
    and the room right of the bars are as wide as their longest text (`text_width`), so no label or
    value is cut off by the viewBox, whatever the language or the figure.
    """
    bars, breaks, y = [], [], 0
    for segment in (s for s in segments if s):
        if bars:
            breaks.append(ChartBreak(break_text, y, y + ROW_HEIGHT - 4))
            y += ROW_HEIGHT
        largest = max(max(float(value) for _, value, _ in segment), 0) or 1
        for label, value, text in segment:
            width = round(BAR_AREA * max(float(value), 0) / largest, 1)
            bars.append(ChartBar(label, float(value), text, y, width, cut(label)))
            y += ROW_HEIGHT
    left_texts = [bar.short_label for bar in bars] + [chart_break.text for chart_break in breaks]
    label_width = MARGIN + max((text_width(text) for text in left_texts), default=0) + LABEL_GAP
    value_room = max((text_width(bar.text) for bar in bars), default=0) + MARGIN
    return Chart(bars, label_width + BAR_AREA + VALUE_GAP + value_room, y + 4, label_width, breaks)
