"""The annex workbook: (candidate) pleegzorggemeenten per province on a reference date.

`build_workbook(data)` is a pure function from AnnexData (annex.data) to the bytes of an .xlsx
file, one function per sheet, each sheet laid out by its contract in annex.layout and written
through core.workbooks (XlsxWriter; text is always text, never a formula).

Every sheet carries the title block (annex.layout), its own title, the reference date, what it
covers, the source and the register's completeness, so that a sheet printed or sent alone still
says what it is. Unknown values are written as "onbekend", never as an empty cell. Sheets a and b
end each province with a subtotal row; every printed page repeats the header row and says
"pagina X van Y".
"""

import datetime
from itertools import groupby

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.workbooks import Cell, Workbook, style
from municipalities.models import Province, Status
from municipalities.models.status import NOT_REGISTERED
from municipalities.register_changes import BEGAN, CEASED

from ..models import ParliamentaryQuestion
from . import layout
from .data import AnnexData, collect

WRAP = style(text_wrap=True, valign="top")
TITLE = style(bold=True, font_size=12, text_wrap=True, valign="top")
SUBTITLE = style(bold=True, text_wrap=True, valign="top")
LABEL = style(bold=True, valign="top")
HEADER = style(bold=True, bg_color="#DDE6F0", text_wrap=True, valign="top", border=1)
SUBTOTAL = style(bold=True, top=1)
DATE = style(num_format=layout.DATE_FORMAT, align="left")
UPPER_BOUND_DATE = style(num_format=layout.UPPER_BOUND_FORMAT, align="left")
MOMENT = style(num_format=layout.MOMENT_FORMAT, align="left")
KEY = style(num_format=layout.KEY_FORMAT, align="left")
PERCENT = style(num_format=layout.PERCENT_FORMAT)
PERCENT_TOTAL = style(num_format=layout.PERCENT_FORMAT, bold=True)


def annex_filename(day: datetime.date, province: Province | None = None) -> str:
    suffix = f"-{province.iso_code.lower()}" if province is not None else ""
    return f"bijlage-pleegzorggemeenten-{day.isoformat()}{suffix}.xlsx"


@layout.in_dutch
def build_workbook(data: AnnexData) -> bytes:
    """The .xlsx bytes for `data` (AnnexData), in Dutch whatever the active language."""
    workbook = Workbook(f"{layout.ANNEX_TITLE} ({_day(data.day)})", created=data.generated_at)
    overview_sheet(workbook, data)
    registered_sheet(workbook, data)
    candidates_sheet(workbook, data)
    initiatives_sheet(workbook, data)
    if data.since:
        changes_sheet(workbook, data)
    return workbook.close()


def sheet_names():
    """{layout key: the tab's name in Dutch}; the import looks for the same names."""
    return layout.sheet_names()


def _day(day):
    return day.strftime("%d/%m/%Y")


def _sheet(workbook, sheet_layout, data, extra_labels=()):
    """A sheet with the title block and the header row of `sheet_layout`; returns it."""
    columns = len(sheet_layout.columns)
    labels = title_labels(data) + list(extra_labels)
    header_row = 2 + len(labels) + 2
    sheet = workbook.add_sheet(
        str(sheet_layout.name), sheet_layout.widths, header_row=header_row, landscape=True,
        page_header=f"{layout.ANNEX_TITLE} — {_('reference date')} {_day(data.day)}",
    )
    sheet.merge_row(Cell(str(layout.ANNEX_TITLE), TITLE), columns)
    sheet.merge_row(Cell(str(sheet_layout.title), SUBTITLE), columns)
    for label, value in labels:
        # The value spans the other columns: a long note wraps instead of spilling, and a date
        # and time never shows as "###" in a narrow column.
        look = MOMENT if isinstance(value, datetime.datetime) else DATE if isinstance(value, datetime.date) else WRAP
        sheet.merge_row(Cell(value, look), columns, lead=Cell(str(label), LABEL))
    sheet.append([])
    sheet.append([Cell(text, HEADER) for text in sheet_layout.headers()])
    return sheet


def title_labels(data):
    """The label/value rows every sheet starts with: [(label, value)]."""
    return [
        (layout.TITLE_LABELS["day"], data.day),
        (layout.TITLE_LABELS["made"], data.generated_at),
        (layout.TITLE_LABELS["scope"], scope_text(data.province)),
        (layout.TITLE_LABELS["source"], source_text(data)),
        (layout.TITLE_LABELS["completeness"], completeness_text(data)),
    ]


def scope_text(province):
    """What the annex covers, in words the reader maps back (annex.importing)."""
    if province is None:
        return _("Flanders and Brussels")
    return _("Province: %(province)s") % {"province": province.name}


def source_text(data):
    return _(
        "Register of the pleegzorggemeenten in Pleegzorg Tracker, as it stood on %(moment)s; each recorded "
        "date cites its own source in the register."
    ) % {"moment": data.generated_at.strftime("%d/%m/%Y %H:%M")}


def completeness_text(data):
    """Which registers are known to be complete, and what that means for the counts: the words of
    the site's completeness note (templates/municipalities/completeness_note.html), so that the
    workbook and the pages say it alike; for one province, that province's note."""
    html = render_to_string("municipalities/completeness_note.html",
                            {"complete": data.complete, "note_province": data.province})
    return " ".join(strip_tags(html).split())


def _cell(value, column=None):
    """A cell by value: (date, is_upper_bound) for a date that may be "no later than"; dates get
    a date format; None becomes "onbekend"; long text wraps."""
    if isinstance(value, tuple):
        day, is_upper_bound = value
        if day is None:
            return str(layout.UNKNOWN)
        return Cell(day, UPPER_BOUND_DATE if is_upper_bound else DATE)
    if value is None:
        return str(layout.UNKNOWN)
    if isinstance(value, datetime.date):
        return Cell(value, DATE)
    if isinstance(value, str) and len(value) > 20:
        return Cell(value, WRAP)
    return value


def _table(sheet, sheet_layout, rows, subtotal=None):
    """Append `rows` (value lists in the layout's column order); with `subtotal` (a label per
    province count), a subtotal row closes each province and a total row the table."""
    header_row = sheet.rows
    columns = len(sheet_layout.columns)
    if subtotal is None:
        for row in rows:
            sheet.append([_cell(value) for value in row])
    else:
        total = 0
        for province, group in groupby(rows, key=lambda row: row[0]):
            count = 0
            for row in group:
                sheet.append([_cell(value) for value in row])
                count += 1
            total += count
            sheet.append([Cell(f"{layout.SUBTOTAL} {province}", SUBTOTAL), Cell(subtotal(count), SUBTOTAL),
                          *[Cell(None, SUBTOTAL)] * (columns - 2)])
        sheet.append([Cell(str(layout.TOTAL), SUBTOTAL), Cell(subtotal(total), SUBTOTAL),
                      *[Cell(None, SUBTOTAL)] * (columns - 2)])
    sheet.autofilter(header_row, sheet.rows, columns)
    return sheet


def overview_sheet(workbook, data):
    extra = []
    if data.since:
        extra.append((_("Changes since"), data.since))
    if data.question is not None:
        question = data.question
        extra += [
            (_("Written question"), _("nr. %(number)s of %(date)s, asked by %(asker)s to %(minister)s") % {
                "number": question.number, "date": _day(question.date), "asker": question.asker,
                "minister": question.minister}),
        ]
    sheet = _sheet(workbook, layout.OVERVIEW, data, extra)
    for row in data.counts:
        total = row.province is None
        name = str(layout.TOTAL) if total else row.province.name
        values = [name, row.active, row.registered, row.candidates, row.not_registered, row.unknown]
        if total:
            values = [Cell(value, HEADER) for value in values]
        if row.coverage is None:
            coverage = Cell(str(layout.UNKNOWN), HEADER) if total else str(layout.UNKNOWN)
        else:
            coverage = Cell(row.coverage / 100, PERCENT_TOTAL if total else PERCENT)
        sheet.append([*values, coverage])
    sheet.append([])
    columns = len(layout.OVERVIEW.columns)
    for note in register_notes(data):
        sheet.merge_row(Cell(note, WRAP), columns)


def register_notes(data):
    """What the counts rest on, in words: coverage defined, and the official counts beside them."""
    notes = [_("Coverage (“Dekking”): the pleegzorggemeenten as a share of the municipalities whose status is "
               "known (pleegzorggemeenten, candidates and municipalities known not to be one), not of all "
               "municipalities; “unknown” where no status is known.")]
    for comparison in data.official:
        notes.append(_("Official count: %(value)s %(label)s (%(date)s; source: %(source)s): %(note)s.") % {
            "value": int(comparison.figure.value), "label": comparison.figure.label.lower(),
            "date": comparison.figure.date_display, "source": comparison.figure.source, "note": comparison.note})
    return notes


def registered_sheet(workbook, data):
    rows = [
        (m.province, m.name, m.code, (m.procedure_started, m.procedure_started_is_upper_bound),
         (m.status_date, m.status_date_is_upper_bound))
        for m in data.registered
    ]
    sheet = _sheet(workbook, layout.REGISTERED, data)
    _table(sheet, layout.REGISTERED, rows, subtotal=lambda n: _("%(count)d pleegzorggemeenten") % {"count": n})


def candidates_sheet(workbook, data):
    rows = [(m.province, m.name, m.code, (m.status_date, m.status_date_is_upper_bound)) for m in data.candidates]
    sheet = _sheet(workbook, layout.CANDIDATES, data)
    _table(sheet, layout.CANDIDATES, rows, subtotal=lambda n: _("%(count)d candidates") % {"count": n})


def initiatives_sheet(workbook, data):
    words = {value: word for word, value in layout.structural_words().items()}
    rows = [
        (i.province, i.name, i.code, i.title, i.description or None, i.category, i.start_date,
         i.end_date if i.end_date or not i.is_structural else str(layout.ONGOING), i.timing_text or None,
         words[i.is_structural], Cell(i.key, KEY))
        for i in data.initiatives
    ]
    sheet = _sheet(workbook, layout.INITIATIVES, data)
    _table(sheet, layout.INITIATIVES, rows)


def changes_sheet(workbook, data):
    """Every change between the two dates, then the totals of both dates reconciled per status."""

    def label(status):
        return str(Status(status).label) if status else "—"

    def what(change):
        if change.kind == CEASED:
            merged = change.municipality.valid_until + datetime.timedelta(days=1)
            if change.successor:
                text = _("merged into %(name)s on %(day)s") % {"name": change.successor.name, "day": _day(merged)}
            else:
                text = _("ceased to exist on %(day)s") % {"day": _day(merged)}
            return f"{text} ({_('last status')}: {label(change.last_status)})"
        if change.kind == BEGAN:
            return _("new municipality since %(day)s") % {"day": _day(change.municipality.valid_from)}
        return _("status changed")

    rows = [
        (c.municipality.province.name, c.municipality.name, c.municipality.code, what(c), label(c.before), label(c.after))
        for c in data.changes
    ]
    sheet = _sheet(workbook, layout.CHANGES, data, [(_("Changes since"), data.since)])
    _table(sheet, layout.CHANGES, rows)
    sheet.append([])
    before_day, after_day = _day(data.since), _day(data.day)
    sheet.append([Cell(text, HEADER) for text in (
        _("Reconciliation"), _("Status on %(day)s") % {"day": before_day}, _("Changed away"), _("Changed into"),
        _("Ceased"), _("New"), _("Status on %(day)s") % {"day": after_day})])
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
    for name, statuses, attribute in groups:
        sheet.append([
            name, getattr(before, attribute),
            -sum(c.before in statuses for c in changed), sum(c.after in statuses for c in changed),
            -sum(c.before in statuses for c in ceased), sum(c.after in statuses for c in began),
            getattr(after, attribute),
        ])
    sheet.append([Cell(value, HEADER) for value in (
        str(layout.TOTAL), before.active, 0, 0, -len(ceased), len(began), after.active)])


def answer_question(question: ParliamentaryQuestion) -> None:
    """Archive the annex for `question` as it stands now; it never changes afterwards."""
    data = collect(question.reference_date, since=question.since, question=question)
    question.mark_answered(build_workbook(data))
