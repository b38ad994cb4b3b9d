"""The register's vocabulary: the kinds of status event and the statuses a municipality can have on a day.

A leaf module (it imports no model), so that the municipality's querysets (areas.py) and the events
(status.py) both use it without importing each other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CANDIDATE = "candidate", _("in talks / candidate")
    REGISTERED = "registered", _("pleegzorggemeente")
    STOPPED = "stopped", _("stopped")


class Status(models.TextChoices):
    """A municipality's status on a day: an event kind, or none yet, or not known."""

    NONE = "none", _("not a pleegzorggemeente")
    CANDIDATE = EventKind.CANDIDATE.value, EventKind.CANDIDATE.label
    REGISTERED = EventKind.REGISTERED.value, EventKind.REGISTERED.label
    STOPPED = EventKind.STOPPED.value, EventKind.STOPPED.label
    UNKNOWN = "unknown", _("unknown")


# Known not to be a pleegzorggemeente on a day: never one (where the register is complete), or stopped.
NOT_REGISTERED = (Status.NONE, Status.STOPPED)

# Events on the same day happen in this order: the procedure starts, then the appointment, then
# the end of the engagement.
KIND_RANK = {EventKind.CANDIDATE: 1, EventKind.REGISTERED: 2, EventKind.STOPPED: 3}
