"""When a municipality's register entry last changed, and on which source, read from the audit trail.

The register entry of a municipality is its status events (including events since deleted) and
its own register fields (`REGISTER_FIELDS`). A change is a historical record that adds, removes
or changes one of those: a save that changed nothing the public sees (such as only the version)
is no change. The source is the event's `source`; the trail holds none for a deletion (the
deleted event's source is what was withdrawn, not why) nor for the municipality's own fields,
and then the page says the source is not given.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Municipality, StatusEvent
from .models.status import EventKind, format_event_date

# What the public sees of a municipality's own entry and of an event; the rest (id, version) is internal.
REGISTER_FIELDS = ("code", "name", "name_fr", "province_id", "valid_from", "valid_until", "successor_id")
EVENT_FIELDS = ("municipality_id", "kind", "date", "date_is_upper_bound", "note", "source")

# What the last change did, in words.
ADDED = {StatusEvent: _("event added"), Municipality: _("municipality added to the register")}
CHANGED = {StatusEvent: _("event changed"), Municipality: _("municipality's details changed")}
REMOVED = {StatusEvent: _("event removed"), Municipality: _("municipality removed from the register")}


@dataclass(frozen=True)
class LastChange:
    """The latest change: when, what (in words), the event it concerns ("" for the municipality
    itself) and its source ("" when the trail gives none)."""

    date: datetime.datetime
    what: str
    event: str
    source: str


def _changes(records, fields):
    """The records that added, removed or changed one of `fields`; `records` ordered by object, then time."""
    previous = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if (
            record.history_type != "~"
            or before is None
            or any(getattr(record, name) != getattr(before, name) for name in fields)
        ):
            yield record


def last_register_change(municipalities):
    """The latest change (a LastChange) to the register entries of `municipalities` (a municipality
    first, then e.g. its predecessors, whose events are named after them), or None when the trail
    records none. Two queries."""
    names = {municipality.pk: municipality.name for municipality in municipalities}
    ids = list(names)
    ordered = ("id", "history_date", "history_id")
    candidates = [
        (record, StatusEvent)
        for record in _changes(StatusEvent.history.filter(municipality_id__in=ids).order_by(*ordered), EVENT_FIELDS)
    ] + [
        (record, Municipality)
        for record in _changes(Municipality.history.filter(id__in=ids).order_by(*ordered), REGISTER_FIELDS)
    ]
    if not candidates:
        return None
    record, model = max(candidates, key=lambda pair: (pair[0].history_date, pair[0].history_id))
    what = {"+": ADDED, "~": CHANGED, "-": REMOVED}[record.history_type][model]
    if model is Municipality:
        return LastChange(record.history_date, str(what), "", "")
    kind = EventKind(record.kind).label if record.kind in EventKind.values else record.kind
    event = f"{kind} ({format_event_date(record.date, record.date_is_upper_bound)})"
    if ids and record.municipality_id != ids[0]:
        event = f"{event}, {names.get(record.municipality_id, '')}".rstrip(", ")
    source = record.source if record.history_type != "-" else ""
    return LastChange(record.history_date, str(what), event, source)
