"""Template tags of the site's frame (base.html): when the page's data last changed."""

from django import template

from pleegzorg.last_updated import page_last_updated

register = template.Library()


@register.simple_tag(takes_context=True)
def last_updated(context):
    """{% last_updated as updated %}: the audit trail's latest change to what this page shows, or None
    (pleegzorg.last_updated; one query on a listed page, none elsewhere)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return page_last_updated(match.view_name, match.kwargs)
