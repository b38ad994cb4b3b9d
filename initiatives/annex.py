"""The parliamentary annex: (candidate) pleegzorggemeenten per province on a reference date.

`collect(day, since)` reads everything in a constant number of queries; `build_workbook(data)` is
a pure function from that data to the bytes of an .xlsx file, one function per sheet. The
workbook is written in openpyxl's write-only (streaming) mode.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from municipalities.models import Municipality, Status
from municipalities.statistics import counts_by_province

from .models import Initiative

DATE_FORMAT = "dd/mm/yyyy"
# A date only known as "no later than" stays a real Excel date; its format shows the word.
UPPER_BOUND_FORMAT = '"uiterlijk "dd/mm/yyyy'
PERCENT_FORMAT = "0.0%"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")


def annex_filename(day):
    return f"bijlage-pleegzorggemeenten-{day.isoformat()}.xlsx"


class RegisterRow(NamedTuple):
    province: str
    name: str
    code: str
    status: str
    status_date: datetime.date | None
    status_date_is_upper_bound: bool | None
    procedure_started: datetime.date | None


@dataclass
class AnnexData:
    day: datetime.date
    generated_at: datetime.datetime
    counts: list
    registered: list
    candidates: list
    initiatives: list
    since: datetime.date | None = None
    changes: list = field(default_factory=list)
    question: object = None


def collect(day, since=None, question=None, generated_at=None):
    """Everything the annex shows for `day`; 4 queries, 6 with a comparison date."""
    register = (
        Municipality.objects.flemish_register()
        .active_on(day)
        .with_status_on(day)
        .filter(status__in=[Status.REGISTERED, Status.CANDIDATE])
        .order_by("province__kind", "province__name", "name")
        .values_list(
            "province__name", "name", "code", "status", "status_date", "status_date_is_upper_bound", "procedure_started"
        )
    )
    rows = [RegisterRow(*values) for values in register]
    # Plain tuples rather than model instances: the annex only presents, and this is its hot path.
    initiatives = (
        Initiative.objects.published()
        .filter(municipality__in=Municipality.objects.flemish_register().active_on(day))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .order_by("municipality__province__kind", "municipality__province__name", "municipality__name", "start_date", "title")
        .values_list(
            "municipality__province__name", "municipality__name", "municipality__code", "title", "description",
            "category__name", "start_date", "end_date", "timing_text", "is_structural",
        )
    )
    return AnnexData(
        day=day,
        since=since,
        question=question,
        generated_at=generated_at or timezone.localtime(),
        counts=counts_by_province(day),
        registered=[m for m in rows if m.status == Status.REGISTERED],
        candidates=[m for m in rows if m.status == Status.CANDIDATE],
        initiatives=list(initiatives),
        changes=status_changes(since, day) if since else [],
    )


def status_changes(since, day):
    """Municipalities active on `day` whose status differs from the one on `since`."""
    active = Municipality.objects.flemish_register().active_on(day)
    before = dict(active.with_status_on(since).values_list("pk", "status"))
    existed = set(Municipality.objects.active_on(since).filter(pk__in=active).values_list("pk", flat=True))
    changes = []
    for municipality in active.with_status_on(day).select_related("province").order_by(
        "province__kind", "province__name", "name"
    ):
        old = before[municipality.pk] if municipality.pk in existed else None
        if old != municipality.status:
            changes.append((municipality, old))
    return changes


def build_workbook(data):
    """The .xlsx bytes for `data`, with Dutch headers whatever the active language."""
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook(write_only=True)
        workbook.properties.title = _("Annex: (candidate) pleegzorggemeenten on %(day)s") % {
            "day": data.day.strftime("%d/%m/%Y")
        }
        workbook.properties.creator = "Pleegzorg Tracker"
        workbook.properties.created = data.generated_at.replace(tzinfo=None)
        overview_sheet(workbook, data)
        registered_sheet(workbook, data)
        candidates_sheet(workbook, data)
        initiatives_sheet(workbook, data)
        if data.since:
            changes_sheet(workbook, data)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def sheet_names():
    """The sheet titles, in Dutch; the import looks for the same ones."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "overview": _("Overview"),
            "registered": _("a) Pleegzorggemeenten"),
            "candidates": _("b) Candidates"),
            "initiatives": _("c) Initiatives"),
            "changes": _("What has changed"),
        }


def registered_headers():
    return [_("Province"), _("Municipality"), _("NIS code"), _("Procedure started"), _("Date of appointment")]


def candidate_headers():
    return [_("Province"), _("Municipality"), _("NIS code"), _("Procedure started")]


def initiative_headers():
    return [
        _("Province"), _("Municipality"), _("NIS code"), _("Initiative"), _("Description"),
        _("Category"), _("Start"), _("End"), _("Timing"), _("Structural or one-off"),
    ]


def _table_sheet(workbook, title, headers, widths, rows):
    """A sheet with one header row: frozen, filtered, repeated on every printed page."""
    sheet = workbook.create_sheet(title)
    _prepare(sheet, widths, header_row=1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows), 0) + 1}"
    sheet.append([_header(sheet, text) for text in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    return sheet


def _prepare(sheet, widths, header_row):
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _header(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    return cell


def _cell(sheet, value):
    """Dates get a date format; (date, True) is a date known as "no later than"."""
    if isinstance(value, tuple):
        day, is_upper_bound = value
        if day is None:
            return None
        cell = WriteOnlyCell(sheet, value=day)
        cell.number_format = UPPER_BOUND_FORMAT if is_upper_bound else DATE_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and len(value) > 40:
        cell = WriteOnlyCell(sheet, value=value)
        cell.alignment = WRAP
        return cell
    return value


def overview_sheet(workbook, data):
    sheet = workbook.create_sheet(sheet_names()["overview"])
    title_rows = [
        [_header(sheet, _(
            "Annex: overview of the (candidate) pleegzorggemeenten per province, date of application "
            "and/or appointment as pleegzorggemeente and the content of the support of the initiatives"
        ))],
        [_("Reference date"), _cell(sheet, data.day)],
        [_("Generated on"), data.generated_at.strftime("%d/%m/%Y %H:%M")],
    ]
    if data.since:
        title_rows.append([_("Changes since"), _cell(sheet, data.since)])
    if data.question is not None:
        question = data.question
        title_rows += [
            [_("Written question"), _("nr. %(number)s of %(date)s") % {
                "number": question.number, "date": question.date.strftime("%d/%m/%Y")}],
            [_("Asked by"), question.asker],
            [_("Minister"), question.minister],
        ]
    header_row = len(title_rows) + 2
    _prepare(sheet, [34, 14, 18, 14, 14, 16, 12], header_row)
    for row in title_rows:
        sheet.append(row)
    sheet.append([])
    headers = [
        _("Province"), _("Active municipalities"), _("Pleegzorggemeenten"), _("Candidates"),
        _("Status unknown"), _("Neither"), _("Coverage"),
    ]
    sheet.append([_header(sheet, text) for text in headers])
    for row in data.counts:
        name = row.province.name if row.province else _("Total")
        coverage = WriteOnlyCell(sheet, value=row.coverage / 100)
        coverage.number_format = PERCENT_FORMAT
        values = [name, row.active, row.registered, row.candidates, row.unknown, row.neither]
        if row.province is None:
            values = [_header(sheet, value) for value in values]
            coverage.font = HEADER_FONT
        sheet.append([*values, coverage])


def registered_sheet(workbook, data):
    rows = [
        (m.province, m.name, m.code, (m.procedure_started, False), (m.status_date, m.status_date_is_upper_bound))
        for m in data.registered
    ]
    _table_sheet(workbook, sheet_names()["registered"], registered_headers(), [30, 28, 10, 16, 20], rows)


def candidates_sheet(workbook, data):
    rows = [(m.province, m.name, m.code, (m.status_date, m.status_date_is_upper_bound)) for m in data.candidates]
    _table_sheet(workbook, sheet_names()["candidates"], candidate_headers(), [30, 28, 10, 18], rows)


def initiatives_sheet(workbook, data):
    kinds = {True: _("structural"), False: _("one-off")}
    rows = [(*item[:-1], kinds[item[-1]]) for item in data.initiatives]
    widths = [24, 22, 10, 34, 50, 26, 12, 12, 24, 14]
    _table_sheet(workbook, sheet_names()["initiatives"], initiative_headers(), widths, rows)


def changes_sheet(workbook, data):
    def label(status):
        return str(Status(status).label) if status else _("did not exist yet")

    rows = [
        (
            m.province.name,
            m.name,
            m.code,
            label(old),
            label(m.status),
            (m.status_date, m.status_date_is_upper_bound) if m.status_date else None,
        )
        for m, old in data.changes
    ]
    headers = [
        _("Province"), _("Municipality"), _("NIS code"),
        _("Status on %(day)s") % {"day": data.since.strftime("%d/%m/%Y")},
        _("Status on %(day)s") % {"day": data.day.strftime("%d/%m/%Y")},
        _("Date of the last event"),
    ]
    _table_sheet(workbook, sheet_names()["changes"], headers, [30, 28, 10, 24, 24, 20], rows)


def answer_question(question):
    """Archive the annex for `question` as it stands now; it never changes afterwards."""
    data = collect(question.reference_date, since=question.since, question=question)
    question.mark_answered(build_workbook(data))
