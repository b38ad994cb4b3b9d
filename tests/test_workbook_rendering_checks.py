"""The rendering checks (tests/workbook_layout.py) catch what they are meant to catch.

A row too low for its wrapped text (row heights from a wrong estimate) is printed clipped, and
place() says so; boxes of different rows that overlap are reported by the checks.
"""

import datetime

import pytest

from core import workbooks
from core.workbooks import Cell, Workbook, style

from .workbook_layout import (
    CellText,
    Placement,
    Row,
    SheetText,
    intersecting_words,
    overlapping_rows,
    place,
    read_sheets,
)
from .workbook_render import Page, Word, render

WRAP = style(text_wrap=True, valign="top")
TEXT = "Een lange tekst die over meerdere regels moet lopen in een smalle kolom van het werkblad. " * 3


def workbook(rows):
    book = Workbook("Proef", created=datetime.datetime(2024, 1, 15, 10, 30))
    sheet = book.add_sheet("Blad", [20, 20], landscape=True)
    for row in rows:
        sheet.append(row)
    return book.close()


def test_a_row_estimated_too_low_is_caught_and_a_right_one_passes(monkeypatch):
    rows = [[Cell(TEXT, WRAP), "kort"], ["volgende rij", "ook"]]
    content = workbook(rows)
    placements = place(render(content, "check-right"), read_sheets(content))
    assert overlapping_rows(placements) == []

    monkeypatch.setattr(workbooks, "text_lines", lambda text, width, bold=False: 1)
    content = workbook(rows)
    with pytest.raises(AssertionError, match="row 1, column 1: .* is not \\(completely\\) on the page"):
        place(render(content, "check-too-low"), read_sheets(content))


def test_rows_and_words_that_overlap_are_reported():
    above = [Word("regel", 50, 100, 80, 112), Word("twee", 50, 111, 75, 123)]  # two lines of one cell
    below = [Word("volgende", 50, 112, 90, 124)]  # starts before the line above ends
    page = Page(1, 841.89, 595.28, tuple(above + below))
    sheet = SheetText("Blad", [], None, "", "", (50.4, 50.4))
    placement = Placement(page, sheet, rows=[
        Row(1, [(CellText(1, "regel twee", True), above)]), Row(2, [(CellText(1, "volgende", False), below)])])
    assert overlapping_rows([placement]) == [
        "page 1 ('Blad'): row 1 ends at 123.0 ('twee'), below the start of row 2 at 112.0"]
    assert intersecting_words([page]) == ["page 1: 'twee' and 'volgende' overlap"]
    apart = Page(1, 841.89, 595.28, (Word("regel", 50, 100, 80, 112), Word("volgende", 50, 111, 90, 123)))
    assert intersecting_words([apart]) == []  # adjacent lines' boxes touch a little: no overlap
