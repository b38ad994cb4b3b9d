"""Reading an uploaded annex workbook into its sheets' rows, by the layout contract (annex.layout).

`open_workbook(content)` refuses what is no sound .xlsx (size, zip bomb, password, damage);
`read_table(sheet, sheet_layout, strings)` finds the title block and the header row by their
texts and returns a Table: the sheet's reference date and scope from the title block, and its
rows as {column key: cell} with, per row, the reason it cannot be read (or None). Subtotal and
total rows, which the writer adds, are skipped. Every refusal is Dutch and names sheet and row.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter

from core.text import validate_no_control_characters

from . import layout
from .xlsx_rows import sheet_rows, shown

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 20_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EARLIEST = datetime.date(2000, 1, 1)


class AnnexFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Dutch."""


@dataclass
class Table:
    """One sheet as read: its title block's reference date and scope text, and its data rows."""

    name: str
    day: object = None  # the reference date of the title block, or None when it has none
    made_at: object = None  # when the workbook was made (an aware datetime), or None
    scope: str | None = None  # the "Covers" text of the title block
    rows: list = field(default_factory=list)  # [(row number, {column key: Cell or None}, reason or None)]


def open_workbook(content):
    """An openpyxl read-only workbook for `content` (bytes); raises AnnexFileError."""
    if len(content) > MAX_FILE_SIZE:
        raise AnnexFileError(_("The file is larger than 10 MB."))
    if content.startswith(OLE_MAGIC):
        raise AnnexFileError(
            _("The file is protected with a password or is an old .xls file: save it as .xlsx without a password.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise AnnexFileError(_("This is not an Excel workbook (.xlsx), or the file is damaged.")) from None
    if unpacked > MAX_UNCOMPRESSED_SIZE or unpacked > MAX_COMPRESSION_RATIO * max(len(content), 1):
        raise AnnexFileError(_("The file unpacks to far more data than a workbook of this size can hold: refused."))
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, ...) for a damaged file
        raise AnnexFileError(_("This is not an Excel workbook (.xlsx), or the file is damaged.")) from None


def read_table(sheet, sheet_layout, strings):
    """The Table of `sheet` laid out as `sheet_layout`; raises AnnexFileError without a header row."""
    headers = sheet_layout.headers()
    labels = {str(label): key for key, label in layout.TITLE_LABELS.items()}
    table = Table(sheet.title)
    rows = sheet_rows(sheet, strings)
    for row in rows:
        if row.number > layout.MAX_TITLE_ROWS:
            break
        if _texts(row) == headers:
            break
        label = _plain(row.cells.get(1))
        if label in labels and not row.problems:
            value = row.cells.get(2)
            moment = value.value if value is not None and isinstance(value.value, datetime.date) else None
            if labels[label] == "day" and moment is not None:
                table.day = moment.date() if isinstance(moment, datetime.datetime) else moment
            elif labels[label] == "made" and isinstance(moment, datetime.datetime):
                table.made_at = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
            elif labels[label] == "scope":
                table.scope = _plain(value)
    else:
        row = None
    if row is None or row.number > layout.MAX_TITLE_ROWS or _texts(row) != headers:
        raise AnnexFileError(
            _("Sheet “%(sheet)s”: no header row found; it must be: %(expected)s.")
            % {"sheet": sheet.title, "expected": " | ".join(headers)}
        )
    date_keys = {column.key for column in sheet_layout.columns if column.kind == layout.DATE}
    budget = MAX_ROWS * (len(sheet_layout.columns) + 1)  # cells: far more than an annex can hold
    key_columns = {column.key for column in sheet_layout.columns if column.kind == layout.KEY}
    for row in rows:
        budget -= len(row.cells)
        if row.number > MAX_ROWS or budget < 0:
            raise AnnexFileError(_("Sheet “%(sheet)s” has too many rows.") % {"sheet": sheet.title})
        if not row.problems and all(cell.value in (None, "") for cell in row.cells.values()):
            continue
        cells = {column.key: row.cells.get(index) for index, column in enumerate(sheet_layout.columns, start=1)}
        if _is_subtotal(cells):
            continue
        reason = _row_reason(row, sheet_layout, date_keys | key_columns)
        table.rows.append((row.number, cells, reason))
    return table


def _texts(row):
    """The texts of a row, without trailing empty cells."""
    if row.problems:
        return []
    texts = [_plain(row.cells.get(column)) or "" for column in range(1, max(row.cells, default=0) + 1)]
    while texts and texts[-1] == "":
        texts.pop()
    return texts


def _plain(cell):
    value = cell.value if cell is not None else None
    return value.strip() if isinstance(value, str) else None


def _is_subtotal(cells):
    """The writer's subtotal and total rows: "Subtotaal <provincie>" or "Totaal", no NIS code."""
    first = _plain(cells.get("province"))
    if first is None or cells.get("nis_code") is not None and cells["nis_code"].value not in (None, ""):
        return False
    return first == str(layout.TOTAL) or first.startswith(f"{layout.SUBTOTAL} ")


def _row_reason(row, sheet_layout, non_text_keys):
    """Why the row cannot be read as it stands, or None: the first problem, from cell to column."""
    if row.problems:
        return "; ".join(row.problems[:3]) + ("; …" if len(row.problems) > 3 else "")
    width = len(sheet_layout.columns)
    extra = [column for column, cell in row.cells.items() if column > width and cell.value not in (None, "")]
    if extra:
        return _("column %(column)s holds a value but has no header") % {"column": get_column_letter(min(extra))}
    for index, column in enumerate(sheet_layout.columns, start=1):
        cell = row.cells.get(index)
        if cell is None or cell.value is None:
            continue
        values = {"column": column.header}
        if cell.data_type == "f":
            return _("column “%(column)s” holds a formula instead of a value") % values
        if cell.data_type == "e":
            return _("column “%(column)s” holds the Excel error “%(error)s”") % {**values, "error": shown(cell.value)}
        try:
            validate_no_control_characters(cell.value)
        except ValidationError as problem:
            return _("column “%(column)s” %(problem)s") % {**values, "problem": " ".join(problem.messages)}
        is_text = isinstance(cell.value, str) or isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        if column.key not in non_text_keys and not is_text:
            return _("column “%(column)s” must hold text") % values
    return None


def text(cell):
    """A text cell's value, stripped; a whole number as its digits (a NIS code or a title typed as a
    number); None for an empty cell."""
    value = cell.value if cell is not None else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def known_text(cell):
    """A text cell where "onbekend" (what the writer puts for an unknown value) reads as empty."""
    value = text(cell) or ""
    return "" if value.casefold() == str(layout.UNKNOWN).casefold() else value


def date(cell, column, upper_bound=True, day=None, future=False):
    """(date, is_upper_bound) from a real Excel date cell; None for an empty cell or for the
    writer's "onbekend" / "doorlopend"; ValueError (Dutch) otherwise.

    `upper_bound`: whether the "uiterlijk" format (a date known as "no later than") is allowed.
    `day`: the reference date, which the date may not follow. `future`: whether a date after
    today is allowed (the planned end of an initiative).
    """
    value = cell.value if cell is not None else None
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().casefold() in {
        str(layout.UNKNOWN).casefold(), pgettext("initiative end", "ongoing").casefold()
    }:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    header = column.header
    if not isinstance(value, datetime.date) or isinstance(value, bool):
        raise ValueError(_("column “%(column)s” is not an Excel date") % {"column": header})
    if not future and value > timezone.localdate():
        raise ValueError(_("column “%(column)s” lies in the future") % {"column": header})
    if day is not None and value > day:
        raise ValueError(_("column “%(column)s” lies after the reference date %(day)s") % {
            "column": header, "day": day.strftime("%d/%m/%Y")})
    if value < EARLIEST:
        raise ValueError(_("column “%(column)s” is an impossible date") % {"column": header})
    is_upper_bound = "uiterlijk" in (cell.number_format or "")
    if is_upper_bound and not upper_bound:
        raise ValueError(_("column “%(column)s” must be an exact date") % {"column": header})
    return value, is_upper_bound


def shown_name(cells):
    """The municipality column of a row, for its line in the preview."""
    value = text(cells.get("municipality"))
    return shown(value, 60) if value is not None else ""
