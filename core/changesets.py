"""Change sets: the audit trail says what a write was part of.

django-simple-history records who changed what, when, row by row. A bulk action, an import or a
management command writes many rows at once; `recording(...)` groups them:

    with recording(gettext("Import: %(source)s") % ..., ChangeSet.Kind.IMPORT, sha256=digest):
        ...  # every historical record created here points to one ChangeSet

A `pre_create_historical_record` receiver attaches the active change set to each record
(`history_change_set`, a field every historical model has through core.history). The change set
is stored with the first record, in the same transaction: a run that writes nothing leaves no
change set, and one rolled back leaves none either.

Nested change sets: the inner one is the one recorded; it keeps the outer one's user and command
unless it names its own (an import run by `import_annex` is an import, attributed to the command).
Without a user, the officer of the current request is taken (simple-history's middleware).

Writes that bypass model signals (QuerySet.update, bulk_create) leave no historical record; the
project has none in its write paths (tests/test_audit_trail.py checks that the trail follows every
row), and `history_attrs()` gives what simple-history's bulk_*_with_history need to join a
change set.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import receiver
from simple_history.models import HistoricalRecords as SimpleHistoricalRecords
from simple_history.signals import pre_create_historical_record

from .models import ChangeSet

_active = ContextVar("change_set", default=None)


@contextmanager
def recording(label, kind, user=None, command="", sha256=""):
    """Group every historical record written inside into one ChangeSet; yields it (unsaved until used).

    `label`: Dutch text shown in the admin history; `kind`: ChangeSet.Kind; `user`: who asked for it
    (default: the outer change set's, else the request's officer); `command`: the management
    command's name; `sha256`: the hex digest of an imported file.
    """
    outer = _active.get()
    if user is None:
        user = outer.user if outer is not None else _request_user()
    change_set = ChangeSet(
        label=str(label)[:300],
        kind=kind,
        user=user,
        command=command or (outer.command if outer is not None else ""),
        sha256=sha256 or "",
    )
    token = _active.set(change_set)
    try:
        yield change_set
    finally:
        _active.reset(token)


def active():
    """The ChangeSet being recorded, or None."""
    return _active.get()


def history_attrs(using=None):
    """{"history_change_set": <saved ChangeSet>} for bulk_create_with_history's custom_historical_attrs, or {}."""
    change_set = _stored(using)
    return {"history_change_set": change_set} if change_set is not None else {}


def _stored(using=None):
    change_set = _active.get()
    if change_set is not None and change_set.pk is None:
        change_set.full_clean()
        change_set.save(using=using)
    return change_set


@receiver(pre_create_historical_record)
def attach_change_set(sender, history_instance, using=None, **kwargs):
    change_set = _stored(using)
    if change_set is not None:
        history_instance.history_change_set = change_set


def _request_user():
    request = getattr(SimpleHistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
