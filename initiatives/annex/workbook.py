"""The parliamentary annex: (candidate) pleegzorggemeenten per province on a reference date.

`collect(day, since)` reads everything in a constant number of queries; `build_workbook(data)` is
a pure function from that data to the bytes of an .xlsx file, one function per sheet, written
through core.workbooks (so stored text is always text, never a formula).
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.workbooks import Cell, Workbook, style
from municipalities.models import Status
from municipalities.models.status import NOT_REGISTERED
from municipalities.register_changes import BEGAN, CEASED

from .data import collect


DATE_FORMAT = "dd/mm/yyyy"
# A date only known as "no later than" stays a real Excel date; its format shows the word.
UPPER_BOUND_FORMAT = '"uiterlijk "dd/mm/yyyy'
PERCENT_FORMAT = "0.0%"
WRAP = style(text_wrap=True, valign="top")
HEADER = style(bold=True, bg_color="#DDE6F0", text_wrap=True, valign="top")
DATE = style(num_format=DATE_FORMAT)
UPPER_BOUND_DATE = style(num_format=UPPER_BOUND_FORMAT)
PERCENT = style(num_format=PERCENT_FORMAT)
PERCENT_TOTAL = style(num_format=PERCENT_FORMAT, bold=True)


def annex_filename(day):
    return f"bijlage-pleegzorggemeenten-{day.isoformat()}.xlsx"


def build_workbook(data):
    """The .xlsx bytes for `data`, with Dutch headers whatever the active language."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Annex: (candidate) pleegzorggemeenten on %(day)s") % {"day": data.day.strftime("%d/%m/%Y")}
        workbook = Workbook(title, created=data.generated_at)
        overview_sheet(workbook, data)
        registered_sheet(workbook, data)
        candidates_sheet(workbook, data)
        initiatives_sheet(workbook, data)
        if data.since:
            changes_sheet(workbook, data)
        return workbook.close()


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
    sheet = workbook.add_sheet(title, widths, header_row=1, landscape=True)
    sheet.append([_header(text) for text in headers])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    sheet.autofilter(1, sheet.rows, len(headers))
    return sheet


def _header(value):
    return Cell(value, HEADER)


def _cell(value):
    """Dates get a date format; (date, True) is a date known as "no later than"; long text wraps."""
    if isinstance(value, tuple):
        day, is_upper_bound = value
        if day is None:
            return None
        return Cell(day, UPPER_BOUND_DATE if is_upper_bound else DATE)
    if isinstance(value, datetime.date):
        return Cell(value, DATE)
    if isinstance(value, str) and len(value) > 40:
        return Cell(value, WRAP)
    return value


def overview_sheet(workbook, data):
    title_rows = [
        [_header(_(
            "Annex: overview of the (candidate) pleegzorggemeenten per province, date of application "
            "and/or appointment as pleegzorggemeente and the content of the support of the initiatives"
        ))],
        [_("Reference date"), _cell(data.day)],
        [_("Generated on"), data.generated_at.strftime("%d/%m/%Y %H:%M")],
    ]
    if data.since:
        title_rows.append([_("Changes since"), _cell(data.since)])
    if data.question is not None:
        question = data.question
        title_rows += [
            [_("Written question"), _("nr. %(number)s of %(date)s") % {
                "number": question.number, "date": question.date.strftime("%d/%m/%Y")}],
            [_("Asked by"), question.asker],
            [_("Minister"), question.minister],
        ]
    header_row = len(title_rows) + 2
    sheet = workbook.add_sheet(
        sheet_names()["overview"], [34, 14, 18, 14, 18, 14, 16], header_row=header_row, landscape=True
    )
    for row in title_rows:
        sheet.append(row)
    sheet.append([])
    headers = [
        _("Province"), _("Active municipalities"), _("Pleegzorggemeenten"), _("Candidates"),
        _("Not a pleegzorggemeente"), _("Status unknown"), _("Coverage of the known"),
    ]
    sheet.append([_header(text) for text in headers])
    for row in data.counts:
        name = row.province.name if row.province else _("Total")
        values = [name, row.active, row.registered, row.candidates, row.not_registered, row.unknown]
        total = row.province is None
        if total:
            values = [_header(value) for value in values]
        if row.coverage is None:
            coverage = _header(_("unknown")) if total else _("unknown")
        else:
            coverage = Cell(row.coverage / 100, PERCENT_TOTAL if total else PERCENT)
        sheet.append([*values, coverage])
    sheet.append([])
    for note in register_notes(data):
        sheet.append([Cell(note, WRAP)])


def register_notes(data):
    """What the counts rest on, in words: coverage, completeness and the official count."""
    notes = [_("Coverage: the pleegzorggemeenten as a share of the municipalities whose status is known "
               "(not of all municipalities). A municipality without recorded events has the status "
               "“unknown”, unless the register of its province is known to be complete.")]
    if data.complete:
        notes.append(_("The register is known to be complete for:") + " " + "; ".join(
            f"{record.province.name} ({_('since %(day)s') % {'day': record.complete_from.strftime('%d/%m/%Y')}}, "
            f"{_('source')}: {record.source})" for record in data.complete))
    else:
        notes.append(_("The register is not known to be complete for any province on this day."))
    for comparison in data.official:
        notes.append(_("Official count: %(value)s %(label)s (%(date)s; source: %(source)s): %(note)s.") % {
            "value": int(comparison.figure.value), "label": comparison.figure.label.lower(),
            "date": comparison.figure.date_display, "source": comparison.figure.source, "note": comparison.note})
    return notes


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
    """Every change between the two dates, then the totals of both dates reconciled per status."""

    def label(status):
        return str(Status(status).label) if status else "—"

    def what(change):
        if change.kind == CEASED:
            merged = change.municipality.valid_until + datetime.timedelta(days=1)
            if change.successor:
                text = _("merged into %(name)s on %(day)s") % {"name": change.successor.name, "day": merged.strftime("%d/%m/%Y")}
            else:
                text = _("ceased to exist on %(day)s") % {"day": merged.strftime("%d/%m/%Y")}
            return f"{text} ({_('last status')}: {label(change.last_status)})"
        if change.kind == BEGAN:
            return _("new municipality since %(day)s") % {"day": change.municipality.valid_from.strftime("%d/%m/%Y")}
        return _("status changed")

    rows = [
        (c.municipality.province.name, c.municipality.name, c.municipality.code, what(c), label(c.before), label(c.after))
        for c in data.changes
    ]
    headers = [
        _("Province"), _("Municipality"), _("NIS code"), _("Change"),
        _("Status on %(day)s") % {"day": data.since.strftime("%d/%m/%Y")},
        _("Status on %(day)s") % {"day": data.day.strftime("%d/%m/%Y")},
    ]
    sheet = _table_sheet(workbook, sheet_names()["changes"], headers, [24, 26, 10, 44, 24, 24], rows)
    sheet.append([])
    sheet.append([_header(_("Reconciliation")), _header(_("Status on %(day)s") % {"day": data.since.strftime("%d/%m/%Y")}),
                  _header(_("Changed away")), _header(_("Changed into")), _header(_("Ceased")), _header(_("New")),
                  _header(_("Status on %(day)s") % {"day": data.day.strftime("%d/%m/%Y")})])
    before, after = data.since_counts[-1], data.counts[-1]
    changed = [c for c in data.changes if c.kind not in (CEASED, BEGAN)]
    ceased = [c for c in data.changes if c.kind == CEASED]
    began = [c for c in data.changes if c.kind == BEGAN]
    groups = [
        (str(Status.REGISTERED.label), (Status.REGISTERED,), "registered"),
        (str(Status.CANDIDATE.label), (Status.CANDIDATE,), "candidates"),
        (str(Status.UNKNOWN.label), (Status.UNKNOWN,), "unknown"),
        (_("Not a pleegzorggemeente"), NOT_REGISTERED, "not_registered"),
    ]
    for label, statuses, attribute in groups:
        sheet.append([
            label, getattr(before, attribute),
            -sum(c.before in statuses for c in changed), sum(c.after in statuses for c in changed),
            -sum(c.before in statuses for c in ceased), sum(c.after in statuses for c in began),
            getattr(after, attribute),
        ])
    sheet.append([_header(_("Total")), _header(before.active), _header(0), _header(0),
                  _header(-sum(c.kind == CEASED for c in data.changes)), _header(sum(c.kind == BEGAN for c in data.changes)),
                  _header(after.active)])


def answer_question(question):
    """Archive the annex for `question` as it stands now; it never changes afterwards."""
    data = collect(question.reference_date, since=question.since, question=question)
    question.mark_answered(build_workbook(data))
