"""Presenting the register: status labels and dates that may be "no later than"."""

from django import template

from municipalities.models import Status
from municipalities.models.status import format_event_date

register = template.Library()


@register.filter
def status_label(value):
    return Status(value).label if value in Status.values else ""


@register.filter
def event_date(day, is_upper_bound=False):
    return format_event_date(day, bool(is_upper_bound)) if day else ""
