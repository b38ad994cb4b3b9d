"""When what a page shows last changed, read from the audit trail (django-simple-history).

`latest_change(querysets)` takes querysets of historical records (e.g. `StatusEvent.history.filter(...)`)
and returns the latest `history_date` among them, in ONE query whatever their number: each becomes a
scalar subquery (ORDER BY history_date DESC LIMIT 1) of a single select. Imports no app.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, Subquery


def latest_change(querysets):
    """The latest `history_date` (an aware datetime) among `querysets` of historical records, or None when
    they hold no record. One query (none for an empty list)."""
    querysets = list(querysets)
    if not querysets:
        return None
    columns = {
        f"latest_{number}": Subquery(
            queryset.order_by("-history_date").values("history_date")[:1], output_field=DateTimeField()
        )
        for number, queryset in enumerate(querysets)
    }
    # Any table with a row carries the subqueries; content types exist as soon as the database is migrated.
    row = ContentType.objects.order_by().annotate(**columns).values_list(*columns)[:1]
    dates = [value for value in (row[0] if row else ()) if value is not None]
    return max(dates, default=None)
