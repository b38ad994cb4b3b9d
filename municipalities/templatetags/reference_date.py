"""Links that keep the reader's reference date (`?datum=`) from one status page to the next.

    {% load reference_date %}
    <a href="{% dated municipality.get_absolute_url %}">…</a>
    <a href="{% dated_url 'municipalities:map' %}">…</a>

The day is the one `forms.chosen_day` finds in the current request: a page reached with a valid
`?datum=2023-10-05` links on with `datum=2023-10-05`; without one (or with an invalid one) links stay
bare, so they follow today. No template spells the query string itself.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from municipalities.forms import DATE_PARAMETER, chosen_day

register = template.Library()


def with_date(url, day):
    """`url` with `datum=<day>` added to its query string (before any #fragment); `url` when `day` is None."""
    if day is None:
        return url
    url, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({DATE_PARAMETER: day.isoformat()})}{hash_mark}{fragment}"


@register.simple_tag(takes_context=True)
def dated(context, url):
    """`url` keeping the request's chosen day (see the module docstring)."""
    request = context.get("request")
    return with_date(url, chosen_day(request) if request is not None else None)


@register.simple_tag(takes_context=True)
def dated_url(context, name, *args):
    """`{% url name *args %}` keeping the request's chosen day."""
    return dated(context, reverse(name, args=args))
