"""Geometry for small horizontal bar charts, drawn as SVG by templates (each beside its table)."""

from dataclasses import dataclass

LABEL_WIDTH, BAR_AREA, ROW_HEIGHT, VALUE_GAP = 230, 300, 26, 8


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: float
    text: str
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    bars: list
    width: int
    height: int
    label_width: int


def bar_chart(points):
    """`points`: (label, value, text) triples; bars scale to the largest value."""
    largest = max((float(value) for _, value, _ in points), default=0) or 1
    bars = [
        ChartBar(label, float(value), text, index * ROW_HEIGHT, round(BAR_AREA * float(value) / largest, 1))
        for index, (label, value, text) in enumerate(points)
    ]
    width = LABEL_WIDTH + BAR_AREA + VALUE_GAP + 90
    return Chart(bars, width, len(bars) * ROW_HEIGHT + 4, LABEL_WIDTH)
