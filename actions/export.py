"""A plan as Excel in its source's layout: per line, Verantwoordelijk / Resultaat / Wanneer.

Written through core.workbooks, so stored text is always text (never a formula) and a line title
always gives a valid, unique sheet name.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.workbooks import DATE_FORMAT, Cell, Workbook, style

from .models import Action, Line, Responsibility

WRAP = style(text_wrap=True, valign="top")
BOLD = style(bold=True)
DATE = style(num_format=DATE_FORMAT)
WIDTHS = (48, 22, 48, 18, 12, 12, 12, 10)


def plan_workbook(plan, today):
    """One sheet per line (title, challenge, then the actions' table); 3 queries."""
    lines = list(Line.objects.filter(plan=plan).order_by("number"))
    actions = (
        Action.objects.filter(line__plan=plan)
        .with_overdue_on(today)
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("organisation").order_by("position", "pk"),
            )
        )
        .order_by("line__number", "position")
    )
    by_line = {line.pk: [] for line in lines}
    for action in actions:
        by_line[action.line_id].append(action)
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook(plan.title, created=timezone.now())
        headers = [
            _("Action"),
            _("Responsible"),
            _("Result"),
            _("When"),
            _("Status"),
            _("Period start"),
            _("Period end"),
            _("Deadline passed, not reported as done (inferred)"),
        ]
        for line in lines:
            sheet = workbook.add_sheet(
                f"{line.number}. {line.title}",
                WIDTHS,
                header_row=3,
                landscape=True,
                page_header=f"{plan.title} — {_('as of')} {today.strftime('%d/%m/%Y')}",
            )
            sheet.merge_row(Cell(f"{line.number}. {line.title}", BOLD), len(WIDTHS))
            sheet.merge_row(line.challenge, len(WIDTHS))
            sheet.append([Cell(text, BOLD) for text in headers])
            for action in by_line[line.pk]:
                sheet.append(
                    [
                        _wrapped(f"{action.number} {action.title}"),
                        _wrapped(", ".join(o.short_name for o in action.ordered_responsible())),
                        _wrapped(action.result),
                        _wrapped(action.timing_text),
                        _wrapped(action.status_summary),
                        _date(action.period_start),
                        _date(action.period_end),
                        _wrapped(
                            _("yes")
                            if action.is_overdue
                            else (_("deadline passed, status unknown") if action.is_past_deadline_unknown else "")
                        ),
                    ]
                )
        return workbook.close()


def _wrapped(text):
    return Cell(text or None, WRAP)


def _date(day):
    return None if day is None else Cell(day, DATE)
