"""Reading a worksheet of an uploaded .xlsx row by row, trusting nothing in the file.

openpyxl's read-only worksheets trust the sheet's `<dimension>` (a wrong one drops or invents rows
and columns) and raise inside their row generator on a malformed cell, which ends the iteration.
`sheet_rows(sheet)` instead streams the sheet XML itself with openpyxl's parser, ignores
`<dimension>`, and turns every cell it cannot read into a problem of that cell's row:

- a number that is none (`<v>abc</v>`, `NaN`, `1e999`), a boolean other than 0/1, a date or
  date serial that is none, an unknown cell type, a shared-string index out of range, an unknown
  style, a cell reference that is malformed, belongs to another row or appears twice;
- a row number that is malformed or does not follow the previous row.

Text is decoded the way Excel writes it (ECMA-376 §22.9.2.19: `_x000B_` is U+000B and `_x005F_`
an underscore); what that yields is for the caller to judge (see core.text).
If the XML itself is broken, reading stops with UnreadableSheet naming the sheet and the row.

It builds on openpyxl 3.1's WorkSheetParser and the read-only workbook's archive and styles
(private names, hence the ~=3.1 pin); tests/initiatives/test_import_malformed.py covers them.
"""

import math
import re
from typing import NamedTuple

from django.utils.translation import gettext as _
from openpyxl.cell.text import Text
from openpyxl.packaging.manifest import Manifest
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, INLINE_STRING, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring, iterparse

MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's limits
DIGITS = re.compile(r"[0-9]+")
REFERENCE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
NUMBER = re.compile(r"\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*")
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
STRING_TAG = "{%s}si" % SHEET_MAIN_NS


class Cell(NamedTuple):
    """One cell: its value as Python, data_type n/s/b/d/e/f (f: a formula, value is its text)."""

    reference: str
    value: object
    data_type: str
    number_format: str


class Row(NamedTuple):
    """A `<row>`: its number, {column number: Cell}, and what could not be read (Dutch texts)."""

    number: int
    cells: dict
    problems: list


class UnreadableSheet(Exception):
    """The sheet XML is broken: reading cannot go on. The message names sheet and row, in Dutch."""


class _BadCell(Exception):
    pass


def decode(text):
    """Excel's escapes in cell text: '_x000D_' -> '\\r', '_x005F_x000D_' -> '_x000D_'."""
    return ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def shown(text, limit=20):
    """A value from the file, safe to put in a message: printable characters only, shortened."""
    text = "".join(character for character in str(text) if character.isprintable())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shared_strings(workbook):
    """The workbook's shared strings as Excel wrote them (openpyxl's list has the escapes mangled)."""
    archive = workbook._archive
    manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    part = manifest.find(SHARED_STRINGS)
    strings = []
    if part is not None:
        with archive.open(part.PartName.lstrip("/")) as source:
            for _event, node in iterparse(source):
                if node.tag == STRING_TAG:
                    strings.append(Text.from_tree(node).content)
                    node.clear()
    return strings


def sheet_rows(sheet, strings):
    """Yield a Row for every `<row>` of the read-only worksheet `sheet`, in file order.

    `strings`: the list from shared_strings(). Raises UnreadableSheet when the XML is broken.
    """
    workbook = sheet.parent
    last = 0
    try:
        with workbook._archive.open(sheet._worksheet_path) as source:
            for row in _Parser(source, strings, workbook).parse():
                yield row
                last = row.number
    except Exception:  # the XML parser and openpyxl raise many kinds for a damaged part
        raise UnreadableSheet(
            _("Sheet “%(sheet)s” cannot be read from row %(row)d on: the file is damaged.")
            % {"sheet": sheet.title, "row": last + 1}
        ) from None


class _Parser(WorkSheetParser):
    """openpyxl's streaming parser with strict cells: a cell that is not valid is a row problem."""

    def __init__(self, source, strings, workbook):
        super().__init__(
            source,
            strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        self.styles = workbook._cell_styles
        self.custom_formats = workbook._number_formats
        self.last_row = 0

    def parse_row(self, row):
        problems = []
        number = row.get("r")
        if number is None:
            number = self.last_row + 1
        elif DIGITS.fullmatch(number) and 0 < int(number) <= MAX_ROW:
            number = int(number)
            if number <= self.last_row:
                problems.append(
                    _("the row number %(number)d comes after row %(previous)d")
                    % {"number": number, "previous": self.last_row}
                )
                number = self.last_row + 1
        else:
            problems.append(_("the row number “%(number)s” is not valid") % {"number": shown(number)})
            number = self.last_row + 1
        self.row_counter = self.last_row = number
        self.col_counter = 0
        cells = {}
        for element in row:
            if element.tag != CELL_TAG:
                continue
            try:
                cell = self.cell(element)
            except _BadCell as problem:
                problems.append(str(problem))
                continue
            except Exception:  # openpyxl's formula translator and text parser raise many kinds
                problems.append(_("cell %(cell)s cannot be read") % {"cell": shown(element.get("r") or "?")})
                continue
            if self.col_counter in cells:
                problems.append(_("cell %(cell)s appears twice") % {"cell": cell.reference})
            cells[self.col_counter] = cell
        return Row(number, cells, problems)

    def cell(self, element):
        reference = element.get("r")
        if reference is None:
            column = self.col_counter + 1
            if column > MAX_COLUMN:
                raise _BadCell(_("row %(row)d has too many cells") % {"row": self.row_counter})
            reference = f"{get_column_letter(column)}{self.row_counter}"
        else:
            match = REFERENCE.fullmatch(reference)
            column = column_index_from_string(match.group(1)) if match else 0
            if not match or column > MAX_COLUMN:
                raise _BadCell(_("the cell reference “%(cell)s” is not valid") % {"cell": shown(reference)})
            if int(match.group(2)) != self.row_counter:
                raise _BadCell(
                    _("cell %(cell)s does not belong to row %(row)d") % {"cell": reference, "row": self.row_counter}
                )
        self.col_counter = column
        style_id = element.get("s", "0")
        if not DIGITS.fullmatch(style_id) or int(style_id) >= len(self.styles):
            raise _BadCell(_("cell %(cell)s has an unknown style") % {"cell": reference})
        style_id = int(style_id)
        number_format = self.number_format(style_id, reference)
        kind = element.get("t", "n")
        if element.find(FORMULA_TAG) is not None:
            return Cell(reference, self.parse_formula(element), "f", number_format)
        value = self.value(element, kind, style_id, reference)
        if isinstance(value, tuple):
            value, kind = value
        return Cell(reference, value, kind, number_format)

    def value(self, element, kind, style_id, reference):
        """The cell's value, or (value, data type) when the type changes; raises _BadCell."""
        if kind == "inlineStr":
            child = element.find(INLINE_STRING)
            if child is None:
                if element.findtext(VALUE_TAG):
                    raise _BadCell(_("cell %(cell)s has a value but no text") % {"cell": reference})
                return None, "n"
            return decode(Text.from_tree(child).content), "s"
        text = element.findtext(VALUE_TAG)
        if kind not in ("n", "s", "str", "b", "d", "e"):
            raise _BadCell(_("cell %(cell)s has an unknown type “%(type)s”") % {"cell": reference, "type": shown(kind)})
        if text is None or text == "":
            return None, "n"
        if kind == "n":
            if not NUMBER.fullmatch(text):
                raise _BadCell(_("cell %(cell)s is not a number") % {"cell": reference})
            number = float(text) if any(sign in text for sign in ".eE") else int(text)
            if isinstance(number, float) and not math.isfinite(number):
                raise _BadCell(_("cell %(cell)s is not a finite number") % {"cell": reference})
            if style_id in self.date_formats:
                try:
                    return from_excel(number, self.epoch, timedelta=style_id in self.timedelta_formats), "d"
                except (OverflowError, ValueError):
                    raise _BadCell(_("cell %(cell)s is not a possible date") % {"cell": reference}) from None
            return number
        if kind == "s":
            if not DIGITS.fullmatch(text.strip()) or int(text) >= len(self.shared_strings):
                raise _BadCell(_("cell %(cell)s refers to a text that is not in the file") % {"cell": reference})
            return decode(self.shared_strings[int(text)])
        if kind == "str":
            return decode(text), "s"
        if kind == "b":
            if text.strip() not in ("0", "1", "true", "false"):
                raise _BadCell(_("cell %(cell)s is not a valid true/false value") % {"cell": reference})
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                value = from_ISO8601(text)
            except (ValueError, OverflowError, TypeError):
                value = None
            if value is None:
                raise _BadCell(_("cell %(cell)s is not a valid date") % {"cell": reference})
            return value
        return text  # "e": an error value such as #N/A; the caller refuses it

    def number_format(self, style_id, reference):
        format_id = self.styles[style_id].numFmtId
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(format_id, "General")
        if format_id - BUILTIN_FORMATS_MAX_SIZE >= len(self.custom_formats):
            raise _BadCell(_("cell %(cell)s has an unknown style") % {"cell": reference})
        return self.custom_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
