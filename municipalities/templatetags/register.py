"""Presenting the register: status labels and dates that may be "no later than"."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from municipalities.models import Status
from municipalities.models.status import format_event_date

register = template.Library()


@register.filter
def status_label(value):
    return Status(value).label if value in Status.values else ""


@register.simple_tag
def status_badge(municipality, since=False):
    """A municipality's status (annotated by `with_status_on`) as a coloured badge:

        {% status_badge municipality %}             <span class="status status-registered">pleegzorggemeente</span>
        {% status_badge municipality since=True %}  … with " (sinds 01/02/2023)" when the day is known

    A municipality off the Flemish register (on_flemish_register) has no status: "niet van toepassing".
    """
    if not municipality.on_flemish_register:
        return format_html('<span class="not-applicable">{}</span>', gettext("not applicable"))
    badge = format_html(
        '<span class="status status-{}">{}</span>', municipality.status, status_label(municipality.status)
    )
    if since and municipality.status_date and municipality.status != Status.UNKNOWN:
        day = event_date(municipality.status_date, municipality.status_date_is_upper_bound)
        return format_html("{} ({})", badge, gettext("since %(day)s") % {"day": day})
    return badge


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
            "day": last_day.strftime("%d/%m/%Y"),
            "status": status_label(statuses.pop()),
        }
    parts = ", ".join(f"{m.name}: {status_label(s)}" for m, s in predecessors)
    return gettext("its predecessors on %(day)s: %(list)s") % {"day": last_day.strftime("%d/%m/%Y"), "list": parts}
