"""core.workbooks' shortcuts change no cell: text_lines' one-line shortcut, the writers looked up by
type (subclasses included), and the cached top alignment of a row with wrapped text."""

import datetime
import enum
import io

import openpyxl
import pytest
from django.utils.safestring import mark_safe
from hypothesis import example, given
from hypothesis import strategies as st

from core.workbooks import (
    BOLD_CHARACTER_WIDTH,
    CELL_PADDING,
    CHARACTER_WIDTH,
    Cell,
    Workbook,
    _lines_word_by_word,
    style,
    text_lines,
)


def lines_word_by_word(text, width, bold=False):
    """text_lines without its one-line shortcut: every paragraph split into words, always."""
    room = max(width - CELL_PADDING, 1.0)
    return _lines_word_by_word(text, room, BOLD_CHARACTER_WIDTH if bold else CHARACTER_WIDTH)


@given(text=st.text(alphabet=st.sampled_from("ab \n\x0b😀"), max_size=80),
       width=st.sampled_from([0, 1, 2.5, 8.43, 10, 12, 13, 20, 24, 30, 46, 80]), bold=st.booleans())
@example(text="a" * 29, width=30, bold=False)  # exactly the room: one line either way
@example(text="a" * 30, width=30, bold=False)
@example(text="a" * 26, width=30, bold=True)
def test_text_lines_shortcut_gives_the_same_count(text, width, bold):
    assert text_lines(text, width, bold) == lines_word_by_word(text, width, bold)


def test_short_text_is_one_line_and_long_text_more():
    assert text_lines("Receptie voor pleeggezinnen", 30) == 1
    assert text_lines("Receptie voor pleeggezinnen in het stadhuis", 30) == 2
    assert text_lines("kort\nkort", 30) == 2


class Count(enum.IntEnum):
    THREE = 3


class Moment(datetime.datetime):
    pass


def written(values):
    workbook = Workbook("Proef", created=datetime.datetime(2024, 1, 15, 10, 30))
    workbook.add_sheet("Blad", widths=[10, 10, 10, 10, 10, 10]).append(values)
    return openpyxl.load_workbook(io.BytesIO(workbook.close()))["Blad"]


def test_subclasses_are_written_as_their_base_type():
    sheet = written([mark_safe("=1+1"), Count.THREE, Moment(2024, 2, 29, 13, 45)])
    assert (sheet["A1"].data_type, sheet["A1"].value) == ("s", "=1+1")
    assert (sheet["B1"].data_type, sheet["B1"].value) == ("n", 3)
    assert sheet["C1"].value == datetime.datetime(2024, 2, 29, 13, 45)
    assert sheet["C1"].number_format == "dd/mm/yyyy hh:mm"


def test_a_row_with_wrapped_text_is_aligned_to_the_top_except_where_a_style_says_otherwise():
    wrap = style(text_wrap=True)
    sheet = written([Cell("een tekst die over meer regels loopt", wrap), "kort", None, 5,
                     Cell("midden", style(valign="vcenter")), ""])
    assert [sheet.cell(1, column).alignment.vertical for column in range(1, 6)] == [
        "top", "top", None, "top", "center"]
    assert sheet.row_dimensions[1].height == 75  # "een tekst|die over|meer|regels|loopt": 5 x 15 points
    assert sheet["F1"].style_id != 0  # empty text in a top-aligned row: a styled blank cell, as before


def test_a_row_without_wrapped_text_keeps_the_default_alignment_and_height():
    sheet = written([Cell("kort", style(text_wrap=True)), "kort", 5])
    assert [sheet.cell(1, column).alignment.vertical for column in range(1, 4)] == [None, None, None]
    assert sheet.row_dimensions[1].height is None


@pytest.mark.parametrize("value", [True, Count, object()])
def test_values_without_a_writer_are_still_refused(value):
    with pytest.raises(TypeError):
        Workbook("Proef").add_sheet("Blad").append([value])
