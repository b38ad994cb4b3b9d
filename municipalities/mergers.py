"""A municipality born of a merger takes a status only when someone records one, with a source.

`record_from_predecessors` is the admin's helper for the common case: all predecessors were
pleegzorggemeente (or all candidates) on their last day, and an officer with a source saying the
new municipality continues the engagement records that. The event's note says it was inferred
from the predecessors, so the page can show it as an inference.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Municipality, Status, StatusEvent

CONTINUABLE = {Status.REGISTERED: "registered", Status.CANDIDATE: "candidate"}


def record_from_predecessors(municipality: Municipality, source: str, note: str = "") -> StatusEvent:
    """Create the event that gives `municipality` its predecessors' common status on its first day.

    Raises ValidationError (Dutch) when it was not born of a merger, already has an event, or its
    predecessors did not all have the same status "pleegzorggemeente" or "candidate".
    """
    notes = Municipality.objects.filter(pk=municipality.pk).merger_notes()
    if municipality.pk not in notes:
        raise ValidationError(_("%(name)s was not formed by a merger.") % {"name": municipality.name})
    if municipality.status_events.exists():
        raise ValidationError(_("%(name)s already has a status of its own.") % {"name": municipality.name})
    last_day, predecessors = notes[municipality.pk]
    statuses = {status for _, status in predecessors}
    if len(statuses) != 1 or next(iter(statuses)) not in CONTINUABLE:
        described = ", ".join(f"{m.name}: {Status(s).label}" for m, s in predecessors)
        raise ValidationError(
            _("%(name)s: its predecessors did not all have the same status (%(statuses)s); record its status yourself.")
            % {"name": municipality.name, "statuses": described}
        )
    status = statuses.pop()
    inferred = _("Inferred from its predecessors on %(day)s: %(names)s were all “%(status)s”.") % {
        "day": last_day.strftime("%d/%m/%Y"), "names": ", ".join(m.name for m, _s in predecessors),
        "status": Status(status).label}
    event = StatusEvent(
        municipality=municipality, kind=CONTINUABLE[Status(status)], date=municipality.valid_from,  # type: ignore[misc]  # merger-born: set
        source=source,
        note=f"{inferred} {note}".strip(),
    )
    event.full_clean()
    event.save()
    return event
