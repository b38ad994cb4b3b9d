"""Presenting the register: status labels and dates that may be "no later than"."""

from django import template
from django.utils.translation import gettext

from municipalities.models import Status
from municipalities.models.status import format_event_date

register = template.Library()


@register.filter
def status_label(value):
    return Status(value).label if value in Status.values else ""


@register.filter
def event_date(day, is_upper_bound=False):
    return format_event_date(day, bool(is_upper_bound)) if day else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def predecessors_summary(note):
    """'alle voorgangers waren pleegzorggemeente' or 'voorgangers op 31/12/2024: A: …, B: …'."""
    if not note:
        return ""
    last_day, predecessors = note
    statuses = {status for _, status in predecessors}
    if len(statuses) == 1:
        return gettext("on %(day)s all its predecessors had the status “%(status)s”") % {
            "day": last_day.strftime("%d/%m/%Y"), "status": status_label(statuses.pop())}
    parts = ", ".join(f"{m.name}: {status_label(s)}" for m, s in predecessors)
    return gettext("its predecessors on %(day)s: %(list)s") % {"day": last_day.strftime("%d/%m/%Y"), "list": parts}
