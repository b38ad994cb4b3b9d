"""Links that keep the reader's reference date (`?datum=`) from one status page to the next.

    {% load reference_date %}
    <a href="{% dated municipality.get_absolute_url %}">…</a>
    <a href="{% dated_url 'municipalities:map' %}">…</a>

The day is the one `core.dates.chosen_day` finds in the current request: a page reached with a valid
`?datum=2023-10-05` links on with `datum=2023-10-05`; without one (or with an invalid one) links stay
bare, so they follow today. No template spells the query string itself.
"""

from django import template
from django.urls import reverse

from core.dates import chosen_day, dated_for

register = template.Library()


@register.simple_tag(takes_context=True)
def dated(context, url):
    """`url` keeping the request's chosen day (see the module docstring)."""
    return dated_for(context.get("request"), url)


@register.simple_tag(takes_context=True)
def dated_url(context, name, *args):
    """`{% url name *args %}` keeping the request's chosen day."""
    return dated(context, reverse(name, args=args))


@register.simple_tag(takes_context=True)
def chosen_date(context):
    """The request's chosen day as YYYY-MM-DD, or "" (for a form's hidden `datum` field)."""
    request = context.get("request")
    day = chosen_day(request) if request is not None else None
    return day.isoformat() if day else ""
