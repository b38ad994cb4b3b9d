"""Every workbook the app writes goes through here; openpyxl is for reading only.

The stack: XlsxWriter writes (in memory, so a request never touches the disk), openpyxl reads.
`Workbook` hands out `Sheet`s whose cells are written by Python type, never by guessing:

- `str`: always `write_string`, after `core.text.strip_control_characters`. So text is never a
  formula, a link or a number, whatever it starts with (= + - @ tab CR, see core.text), and no
  character XML 1.0 forbids reaches the file. Text longer than Excel's cell limit (32,767 UTF-16
  units) is cut and ends in TRUNCATED, so the reader sees that something is missing.
- `datetime.date` / `datetime.datetime`: a real Excel date with DATE_FORMAT / DATETIME_FORMAT
  (or the style's `num_format`); an aware datetime is first put in the current time zone. Excel
  has no dates before 1900: those are written as text (dd/mm/yyyy).
- `int` / `float` / `Decimal`: a number. NaN and infinities have no Excel number: they are
  written as Python's text for them ("nan", "inf", "NaN", "Infinity"), so nothing is silently
  lost; so is an integer beyond 2**53, which Excel's doubles would round, and a Decimal too large
  for a double.
- `None` and empty text: a blank cell (styled when the cell has a style).
- `bool` and anything else: TypeError. The caller chooses the words ("ja"/"nee", "structureel").

A value may be wrapped in `Cell(value, style(...))`, the style being XlsxWriter format properties
(bold=True, num_format="0.0%", text_wrap=True, ...); a date's style without num_format gets the
date format. `sheet_name()` makes any text a valid, unique sheet name. Document properties:
title, creator CREATOR, creation and modification time in UTC.

Rows are sized for their wrapped text: Excel and LibreOffice do not grow a row for a merged
cell, and Excel does not grow one for wrapped text it did not lay out itself, so `append` and
`merge_row` set each row's height from the text's estimated lines (`text_lines`) at the column
widths given to `add_sheet`. Printing: A4 landscape, fitted to the page width, the header row on
every page, and a page header and footer (`page_header`, "pagina X van Y").

XlsxWriter's constant_memory mode is not used: its `in_memory` option switches it off
(xlsxwriter/workbook.py), and it would need temporary files; at our sizes normal mode is fast.
"""

import datetime
import functools
import io
import math
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from .text import strip_control_characters

CREATOR = "Pleegzorg Tracker"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MAX_CELL_TEXT = 32767  # Excel's limit, in UTF-16 code units
TRUNCATED = " […]"
MAX_SHEET_NAME = 31
SHEET_NAME_REPLACEMENTS = str.maketrans({"[": "(", "]": ")", ":": "-", "*": "-", "?": "-", "/": "-", "\\": "-"})
RESERVED_SHEET_NAMES = {"history"}  # Excel refuses it
DEFAULT_SHEET_NAME = "Blad"
A4 = 9  # XlsxWriter's paper code
LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri, Excel's default row height
MAX_ROW_HEIGHT = 409.0  # points; Excel refuses a higher row
PAGE_FOOTER = "&Cpagina &P van &N"  # Excel's page-number codes
LARGEST_EXACT_INTEGER = 2**53
FIRST_EXCEL_YEAR = 1900


def style(**properties):
    """XlsxWriter format properties as a value for Cell, e.g. style(bold=True, num_format="0.0%")."""
    return tuple(sorted(properties.items()))


class Cell:
    """A value with a style, e.g. Cell(day, style(num_format='"uiterlijk "dd/mm/yyyy'))."""

    __slots__ = ("value", "style")

    def __init__(self, value, style=()):
        self.value = value
        self.style = style

    def __repr__(self):
        return f"Cell({self.value!r}, {self.style!r})"


def _utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def safe_text(text):
    """`text` as a cell may hold it: without forbidden control characters, cut to the cell limit."""
    text = strip_control_characters(text)
    if len(text) * 2 <= MAX_CELL_TEXT or _utf16_length(text) <= MAX_CELL_TEXT:
        return text
    return _utf16_prefix(text, MAX_CELL_TEXT - len(TRUNCATED)) + TRUNCATED


def _utf16_prefix(text, units):
    """The longest start of `text` of at most `units` UTF-16 code units, never half a character."""
    return text.encode("utf-16-le")[: units * 2].decode("utf-16-le", errors="ignore")


def sheet_name(name, taken=()):
    """A valid sheet name for `name`, unique (ignoring case) among the names in `taken`.

    Excel's rules: 1-31 characters, none of []:*?/\\, no apostrophe at either end, not "History".
    Forbidden characters become (, ) or -; an empty name becomes DEFAULT_SHEET_NAME; a taken one
    gets " (2)", " (3)", ...
    """
    base = strip_control_characters(str(name)).translate(SHEET_NAME_REPLACEMENTS)
    base = " ".join(base.split())  # no line breaks or tabs in a tab label
    base = _trim(_utf16_prefix(base, MAX_SHEET_NAME)) or DEFAULT_SHEET_NAME
    used = {str(existing).casefold() for existing in taken} | RESERVED_SHEET_NAMES
    candidate, number = base, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = (_trim(_utf16_prefix(base, MAX_SHEET_NAME - len(suffix))) or DEFAULT_SHEET_NAME) + suffix
    return candidate


def _trim(name):
    return name.strip().strip("'").strip()


def _utc(moment):
    """A naive UTC datetime, as the document properties need; naive input is in the current time zone."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)


class Workbook:
    """An .xlsx file being written in memory: `add_sheet(...)`, fill the sheets, then `close()` for the bytes."""

    def __init__(self, title, created=None):
        self._buffer = io.BytesIO()
        self._book = xlsxwriter.Workbook(
            self._buffer,
            {
                "in_memory": True,
                # write_string never converts, but say so for every other path too.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        created = _utc(created or timezone.now())
        self._book.set_properties(
            {
                "title": " ".join(strip_control_characters(str(title)).split())[:255],
                "author": CREATOR,
                "created": created,
            }
        )
        # XlsxWriter writes the modification time as the creation time: both UTC.
        self._formats = {}
        self._sheet_names = []

    def add_sheet(self, name, widths=(), header_row=None, landscape=False, page_header=None):
        """A new sheet named after `name` (made valid and unique by sheet_name).

        `widths`: column widths from column A (in Excel's character units). `header_row`
        (1-based): frozen below it and repeated on every printed page. `landscape`: A4
        landscape, fitted to one page wide. `page_header`: text at the top of every printed
        page; every page's footer says "pagina X van Y".
        """
        title = sheet_name(name, self._sheet_names)
        self._sheet_names.append(title)
        worksheet = self._book.add_worksheet(title)
        for column, width in enumerate(widths):
            worksheet.set_column(column, column, width)
        worksheet.set_footer(PAGE_FOOTER)
        if page_header:
            worksheet.set_header("&C" + _header_text(page_header))
        if header_row:
            worksheet.freeze_panes(header_row, 0)
            worksheet.repeat_rows(header_row - 1)
        if landscape:
            worksheet.set_landscape()
            worksheet.set_paper(A4)
            worksheet.fit_to_pages(1, 0)
        return Sheet(self, worksheet, widths)

    def close(self):
        """The bytes of the finished .xlsx file."""
        self._book.close()
        return self._buffer.getvalue()

    def _format(self, look, number_format=None):
        """The XlsxWriter Format for the style `look`, with `number_format` unless it has its own."""
        key = (look, number_format)
        if key not in self._formats:
            properties = dict(look)
            if number_format:
                properties.setdefault("num_format", number_format)
            self._formats[key] = self._book.add_format(properties) if properties else None
        return self._formats[key]


class Sheet:
    """One worksheet; rows are written from the top with `append`."""

    def __init__(self, workbook, worksheet, widths=()):
        self._workbook = workbook
        self._worksheet = worksheet
        self._widths = list(widths)
        self.name = worksheet.get_name()
        self.rows = 0  # rows written so far; the next append goes to row rows + 1

    def append(self, values=()):
        """Write `values` (plain values or Cells) as the next row; returns its 1-based number.

        A row with wrapped text gets the height of its tallest cell (see `text_lines`), and then
        every cell in it is aligned to the top (unless its style says otherwise): Excel's default,
        the bottom, would put a short cell beside the next row's text instead of its own."""
        values = list(values)
        widths, lines = self._widths, 1
        for column, value in enumerate(values):
            if isinstance(value, Cell):  # plain values never wrap
                lines = max(lines, self._lines(value, widths[column] if column < len(widths) else DEFAULT_WIDTH))
        if lines > 1:
            self._worksheet.set_row(self.rows, _row_height(lines))
        for column, value in enumerate(values):
            self.put(self.rows, column, value, top=lines > 1)
        self.rows += 1
        return self.rows

    def merge_row(self, value, columns, lead=None):
        """Write `value` (text, a date, or a Cell of either) wrapped across the first `columns`
        columns of the next row, the row as high as the text needs; returns its 1-based number.

        With `lead` (a value or Cell), that goes in column A, aligned to the top, and `value`
        spans the rest: a label and its long note."""
        look = value.style if isinstance(value, Cell) else ()
        text = value.value if isinstance(value, Cell) else value
        look = tuple(sorted({**dict(look), "text_wrap": True, "valign": "top"}.items()))
        first = 0 if lead is None else 1
        last = max(columns - 1, first)
        if lead is not None:
            self.put(self.rows, 0, lead, top=True)
        if last > first:
            self._worksheet.merge_range(self.rows, first, self.rows, last, "", self._workbook._format(look))
        self.put(self.rows, first, Cell(text, look))
        lines = self._lines(Cell(text, look), self._width(first, last))
        self._worksheet.set_row(self.rows, _row_height(lines))
        self.rows += 1
        return self.rows

    def _width(self, first, last):
        return sum(
            self._widths[column] if column < len(self._widths) else DEFAULT_WIDTH for column in range(first, last + 1)
        )

    @staticmethod
    def _lines(value, width):
        if not isinstance(value, Cell) or not isinstance(value.value, str):
            return 1
        wrap, bold = _wrapping(value.style)
        return text_lines(value.value, width, bold=bold) if wrap else 1

    def put(self, row, column, value, top=False):
        """Write one value at 0-based (row, column), by type as the module docstring says; `top`:
        aligned to the top of the cell, unless its style aligns it itself (a missing value stays
        unstyled)."""
        look = ()
        if isinstance(value, Cell):
            value, look = value.value, value.style
        if top and value is not None:
            look = _top_aligned(look)
        kind = type(value)
        write = _WRITERS.get(kind) or _writer_for(kind)
        write(self, row, column, value, look)

    # The writers by type (_WRITERS); each gets the value and its style.

    def _write_text(self, row, column, value, look):
        text = safe_text(value)
        if text:
            self._worksheet.write_string(row, column, text, self._workbook._format(look))
        elif look:  # an empty text cell would count as filled in Excel
            self._worksheet.write_blank(row, column, None, self._workbook._format(look))

    def _write_nothing(self, row, column, value, look):
        if look:
            self._worksheet.write_blank(row, column, None, self._workbook._format(look))

    def _refuse_bool(self, row, column, value, look):
        raise TypeError("write a bool as words chosen by the caller, e.g. 'ja' or 'nee'")

    def _write_number(self, row, column, value, look):
        number = _as_number(value)
        if number is None:
            self._worksheet.write_string(row, column, str(value), self._workbook._format(look))
        else:
            self._worksheet.write_number(row, column, number, self._workbook._format(look))

    def _write_datetime(self, row, column, value, look):
        if value.year < FIRST_EXCEL_YEAR:
            self._worksheet.write_string(row, column, value.strftime("%d/%m/%Y"), self._workbook._format(look))
            return
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        self._worksheet.write_datetime(row, column, value, self._workbook._format(look, DATETIME_FORMAT))

    def _write_date(self, row, column, value, look):
        if value.year < FIRST_EXCEL_YEAR:
            self._worksheet.write_string(row, column, value.strftime("%d/%m/%Y"), self._workbook._format(look))
        else:
            self._worksheet.write_datetime(row, column, value, self._workbook._format(look, DATE_FORMAT))

    def autofilter(self, header_row, last_row, columns):
        """A filter on the header at 1-based `header_row` over the rows up to `last_row`."""
        self._worksheet.autofilter(header_row - 1, 0, max(last_row, header_row) - 1, max(columns, 1) - 1)


DEFAULT_WIDTH = 8.43  # Excel's default column width
# Calibri 11's average letter is narrower than the "0" a width unit measures; bold is wider.
CHARACTER_WIDTH, BOLD_CHARACTER_WIDTH = 1.0, 1.1
CELL_PADDING = 1.0  # a width unit lost to the cell's margins


def text_lines(text, width, bold=False):
    """How many lines `text` takes when wrapped in a cell `width` units wide (Excel's character
    units), word by word as Excel and LibreOffice wrap; at least 1. An estimate on the safe side:
    it counts every character as wide as "0" (1.1 for bold)."""
    room = max(width - CELL_PADDING, 1.0)
    factor = BOLD_CHARACTER_WIDTH if bold else CHARACTER_WIDTH
    if (len(text) + 1) * factor <= room and "\n" not in text:
        return 1  # fits on one line, with a character to spare for rounding (most cells: no need to split)
    return _lines_word_by_word(text, room, factor)


def _lines_word_by_word(text, room, factor):
    """text_lines without its shortcut: `room` units per line, `factor` units per character."""
    lines = 0
    for paragraph in safe_text(text).split("\n"):
        line = 0.0
        lines += 1
        for word in paragraph.split(" "):
            size = len(word) * factor
            if line and line + factor + size > room:
                lines += 1
                line = 0.0
            while size > room:  # a word longer than the cell breaks over lines
                lines += 1
                size -= room
            line += (factor if line else 0.0) + size
    return max(lines, 1)


def _row_height(lines):
    """Points for a row of `lines` lines, at most Excel's MAX_ROW_HEIGHT (about 27 lines): longer
    text belongs in more rows."""
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


# Sheet.put's writer for each type; a subclass (a SafeString, an IntEnum) gets the writer of its
# nearest base in this table, looked up once (_writer_for). bool comes before int: it is refused.
_WRITERS = {
    str: Sheet._write_text,
    type(None): Sheet._write_nothing,
    bool: Sheet._refuse_bool,
    int: Sheet._write_number,
    float: Sheet._write_number,
    Decimal: Sheet._write_number,
    datetime.datetime: Sheet._write_datetime,
    datetime.date: Sheet._write_date,
}


def _writer_for(kind):
    """The writer of `kind`'s nearest base in _WRITERS, remembered for `kind`; TypeError for none."""
    for base in kind.__mro__:
        if base in _WRITERS:
            _WRITERS[kind] = _WRITERS[base]
            return _WRITERS[kind]
    raise TypeError(f"no cell type for {kind.__name__}")


@functools.cache
def _wrapping(look):
    """(wraps, bold) for the style `look`: whether its text wraps over lines, and in bold."""
    properties = dict(look)
    return bool(properties.get("text_wrap")), bool(properties.get("bold"))


@functools.cache
def _top_aligned(look):
    """The style `look` aligned to the top of its cell, unless it aligns the cell itself."""
    properties = dict(look)
    if "valign" in properties:
        return look
    return style(**properties, valign="top")


def _header_text(text):
    """Text for a page header: "&" doubled (Excel's codes start with it), at most 200 characters."""
    return " ".join(strip_control_characters(str(text)).split())[:200].replace("&", "&&")


def _as_number(value):
    """`value` as Excel's double, or None when that would not hold it (NaN, infinite, too large)."""
    if isinstance(value, int) and abs(value) > LARGEST_EXACT_INTEGER:
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError):  # Decimal("sNaN") cannot be converted
        return None
    return number if math.isfinite(number) else None
