"""The pleegzorggemeente status of a Flemish or Brussels municipality: a history of dated events.

Like a monitoring system's flips, the status is never stored as a flag: it is derived from the
events by `Municipality.objects.with_status_on(day)`, the one place that answers "what was the
status of each municipality on day D".
"""

import contextlib
import contextvars
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel

from .areas import Municipality
from .kinds import KIND_RANK, NOT_REGISTERED, EventKind, Status  # noqa: F401 (the register's vocabulary, re-exported)

# Which event may follow which (None: the municipality's first event).
ALLOWED_NEXT = {
    None: {EventKind.CANDIDATE, EventKind.REGISTERED},
    EventKind.CANDIDATE: {EventKind.REGISTERED, EventKind.STOPPED},
    EventKind.REGISTERED: {EventKind.STOPPED},
    EventKind.STOPPED: {EventKind.CANDIDATE, EventKind.REGISTERED},
}


DUPLICATE_MESSAGE = _("This municipality already has this event on this day.")


def format_event_date(day, is_upper_bound):
    """'31/12/2023', or 'uiterlijk 31/12/2023' when only known as no later than that day."""
    text = date_format(day, "d/m/Y")
    return gettext("no later than %(date)s") % {"date": text} if is_upper_bound else text


def check_sequence(events):
    """Raise a ValidationError when the (kind, date) pairs cannot follow each other.

    Used by the model and by the admin's inline formset, which must judge unsaved siblings too.
    """
    ordered = sorted(events, key=lambda event: (event[1], KIND_RANK[event[0]]))
    previous = None
    for kind, day in ordered:
        if previous == (kind, day):
            raise ValidationError(DUPLICATE_MESSAGE, code="duplicate")
        if kind not in ALLOWED_NEXT[previous[0] if previous else None]:
            raise ValidationError(_sequence_message(previous, (kind, day)), code="sequence")
        previous = (kind, day)


def _sequence_message(previous, current):
    kind, day = current
    values = {"date": date_format(day, "d/m/Y"), "kind": EventKind(kind).label}
    if previous is None:
        return gettext("The first event cannot be “%(kind)s” (%(date)s): nothing had started.") % values
    values.update(previous=EventKind(previous[0]).label, previous_date=date_format(previous[1], "d/m/Y"))
    if previous[0] == EventKind.REGISTERED and kind == EventKind.CANDIDATE:
        return gettext(
            "The appointment (%(previous_date)s) cannot be before the start of the procedure (%(date)s)."
        ) % values
    return gettext(
        "“%(kind)s” on %(date)s cannot follow “%(previous)s” on %(previous_date)s."
    ) % values


# The municipalities whose events changed inside the current `changing_register()` block.
_pending = contextvars.ContextVar("register_changes_pending", default=None)


def lock_municipalities(ids):
    """Lock the rows of these municipalities until the transaction ends (SELECT ... FOR UPDATE).

    Every change to a municipality's events takes this lock first, so two officers changing the
    same municipality are serialised: the second one sees the first one's events and is judged on
    them. Ordered by pk, so two transactions never wait on each other in a cycle. On SQLite the
    lock is a no-op: its writers are serialised by the database (BEGIN IMMEDIATE, see settings).
    Must run inside a transaction.
    """
    ids = sorted({pk for pk in ids if isinstance(pk, int)})
    if ids:
        list(Municipality._base_manager.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    return ids


def check_stored_sequences(ids):
    """Raise a ValidationError naming the municipality when its stored events cannot follow each other."""
    events = defaultdict(list)
    for pk, kind, day in StatusEvent._base_manager.filter(municipality__in=ids).values_list("municipality", "kind", "date"):
        events[pk].append((kind, day))
    names = dict(Municipality._base_manager.filter(pk__in=ids).values_list("pk", "name"))
    for pk in sorted(ids):
        try:
            check_sequence(events[pk])
        except ValidationError as error:
            raise ValidationError(
                "%(name)s: %(problem)s" % {"name": names.get(pk, pk), "problem": " ".join(error.messages)},
                code=error.error_list[0].code,
            ) from None


def _changed(ids):
    """Judge the municipalities now, or at the end of the enclosing `changing_register()` block."""
    pending = _pending.get()
    if pending is None:
        check_stored_sequences(ids)
    else:
        pending.update(ids)


@contextlib.contextmanager
def changing_register():
    """Several event changes judged together, once, when all are written (inside one transaction).

    A formset or an import may pass through states that are impossible on their own (deleting
    "registered" before "stopped"); only the result counts. Raises ValidationError at the end,
    which rolls the whole block back.
    """
    if _pending.get() is not None:  # nested: the outer block judges
        yield
        return
    with transaction.atomic():
        token = _pending.set(set())
        try:
            yield
            check_stored_sequences(_pending.get())
        finally:
            _pending.reset(token)


class StatusEventQuerySet(models.QuerySet):
    """Bulk deletes and updates keep every municipality's sequence valid, like single saves."""

    def delete(self):
        with transaction.atomic(using=self.db):
            ids = lock_municipalities(self.values_list("municipality", flat=True))
            result = super().delete()
            _changed(ids)
        return result

    def update(self, **kwargs):
        """Also serves bulk_update(), whose values are expressions: the municipalities touched are
        read from the rows before and after the write."""
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            before = lock_municipalities(self.values_list("municipality", flat=True))
            rows = super().update(**kwargs)
            after = StatusEvent._base_manager.filter(pk__in=pks).values_list("municipality", flat=True)
            ids = lock_municipalities({*before, *after})
            _changed(ids)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            ids = lock_municipalities(obj.municipality_id for obj in objs)
            created = super().bulk_create(objs, *args, **kwargs)
            _changed(ids)
        return created


_StatusEventManagerBase = models.Manager.from_queryset(StatusEventQuerySet)


class StatusEventManager(_StatusEventManagerBase):
    def get_by_natural_key(self, code, kind, day):
        return self.get(municipality__code=code, kind=kind, date=day)


class StatusEvent(VersionedModel):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="status_events",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    date = models.DateField(_("date"))
    date_is_upper_bound = models.BooleanField(
        _("no later than"),
        default=False,
        help_text=_(
            "Tick when the source only says it happened no later than this date. Before it, "
            "the status is unknown."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("A document, or e.g. “Pleegzorg Vlaanderen, list of 1/3/2024”."),
    )
    history = HistoricalRecords()

    objects = StatusEventManager()

    class Meta:
        verbose_name = _("status event")
        verbose_name_plural = _("status events")
        ordering = ["municipality__name", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "date"],
                name="status_event_once_per_kind_and_day",
                violation_error_message=DUPLICATE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="status_event_kind_known"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="status_event_has_source"),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.get_kind_display()} ({self.date_display})"

    def natural_key(self):
        return (self.municipality.code, self.kind, self.date)

    natural_key.dependencies = ["municipalities.municipality"]  # type: ignore[attr-defined]  # Django's documented way

    @property
    def date_display(self):
        return format_event_date(self.date, self.date_is_upper_bound)

    def save(self, *args, **kwargs):
        """Write under the municipality's lock, then judge its events (and those of the one it left).

        Raises ValidationError (nothing written) when the sequence would be impossible, including
        a duplicate that a concurrent officer just saved.
        """
        with transaction.atomic(using=kwargs.get("using")):
            ids = {self.municipality_id}
            if self.pk is not None:
                ids.add(type(self)._base_manager.filter(pk=self.pk).values_list("municipality", flat=True).first())
            ids = lock_municipalities(ids)
            try:
                with transaction.atomic(using=kwargs.get("using")):
                    super().save(*args, **kwargs)
            except IntegrityError:
                duplicate = type(self)._base_manager.filter(
                    municipality=self.municipality_id, kind=self.kind, date=self.date).exclude(pk=self.pk)
                if duplicate.exists():
                    raise ValidationError(DUPLICATE_MESSAGE, code="duplicate") from None
                raise
            _changed(ids)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("municipality", flat=True).first()
            ids = lock_municipalities([self.municipality_id, stored])
            result = super().delete(*args, **kwargs)
            _changed(ids)
        return result

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("An event cannot be dated in the future.")})
        if not self.municipality_id:
            return
        municipality = self.municipality
        if not municipality.on_flemish_register:
            raise ValidationError(
                {"municipality": _("Only Flemish and Brussels municipalities can be a pleegzorggemeente.")}
            )
        if self.date and municipality.valid_from and self.date < municipality.valid_from:
            raise ValidationError(
                {"date": _("%(name)s did not exist yet on that day (it exists since %(day)s).")
                 % {"name": municipality.name, "day": date_format(municipality.valid_from, "d/m/Y")}}
            )
        if self.date and municipality.valid_until and self.date > municipality.valid_until:
            raise ValidationError(
                {"date": _("%(name)s no longer existed on that day (until %(day)s): record it for %(successor)s.")
                 % {
                     "name": municipality.name,
                     "day": date_format(municipality.valid_until, "d/m/Y"),
                     "successor": municipality.successor or _("its successor"),
                 }}
            )
        # The admin's inline formset judges all events of a municipality together instead.
        if self.date and self.kind in KIND_RANK and not getattr(self, "sequence_checked_elsewhere", False):
            others = municipality.status_events.exclude(pk=self.pk).values_list("kind", "date")
            try:
                check_sequence([*others, (self.kind, self.date)])
            except ValidationError as error:
                raise ValidationError({"date": error.messages}) from None
