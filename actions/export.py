"""A plan as Excel in its source's layout: per line, Verantwoordelijk / Resultaat / Wanneer."""

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from .models import Action, ActionStatus, Line

WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)


def plan_workbook(plan, today):
    """One sheet per line (title, challenge, then the actions' table); 3 queries."""
    lines = list(Line.objects.filter(plan=plan).order_by("number"))
    actions = (
        Action.objects.filter(line__plan=plan)
        .with_overdue_on(today)
        .prefetch_related("responsible")
        .order_by("line__number", "position")
    )
    by_line = {line.pk: [] for line in lines}
    for action in actions:
        by_line[action.line_id].append(action)
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook(write_only=True)
        workbook.properties.title = plan.title[:250]
        workbook.properties.creator = "Pleegzorg Tracker"
        headers = [_("Action"), _("Responsible"), _("Result"), _("When"), _("Status"), _("Period start"),
                   _("Period end"), _("Overdue")]
        for line in lines:
            sheet = workbook.create_sheet(f"{line.number}. {line.title}"[:31].translate(str.maketrans("[]:*?/\\", "(),,, ,")))
            for column, width in zip("ABCDEFGH", (48, 22, 48, 18, 12, 12, 12, 10)):
                sheet.column_dimensions[column].width = width
            sheet.freeze_panes = "A4"
            sheet.print_title_rows = "3:3"
            sheet.page_setup.orientation = "landscape"
            title = WriteOnlyCell(sheet, value=f"{line.number}. {line.title}")
            title.font = BOLD
            sheet.append([title])
            sheet.append([_cell(sheet, line.challenge)])
            sheet.append([_header(sheet, text) for text in headers])
            for action in by_line[line.pk]:
                sheet.append([
                    _cell(sheet, f"{action.number} {action.title}"),
                    ", ".join(o.short_name for o in action.responsible.all()),
                    _cell(sheet, action.result),
                    action.timing_text,
                    str(ActionStatus(action.status).label),
                    _date(sheet, action.period_start),
                    _date(sheet, action.period_end),
                    _("yes") if action.is_overdue else "",
                ])
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = BOLD
    return cell


def _cell(sheet, text):
    cell = WriteOnlyCell(sheet, value=text or None)
    cell.alignment = WRAP
    return cell


def _date(sheet, day):
    if day is None:
        return None
    cell = WriteOnlyCell(sheet, value=day)
    cell.number_format = "dd/mm/yyyy"
    return cell
