"""Seed data is loaded once: loaders never undo an officer's work.

The loaders (`load_reference_data`, `load_plans`) run on every `make run` and deployment. A
`Seeder` applies each fixture row under these rules, keeping a `SeedRecord` of the values it
wrote:

| record | object (by the record's id, else by natural key)  | what happens                     |
|--------|----------------------------------------------------|----------------------------------|
| none   | none                                               | create it, record it: "created"  |
| none   | exists (database seeded before these records)      | record the fixture values; equal |
|        |                                                    | to the fixture: "unchanged";     |
|        |                                                    | never edited (see below): update |
|        |                                                    | it, "updated"; else "kept"       |
| exists | gone                                               | an officer deleted it: "kept"    |
| exists | equals the fixture                                 | "unchanged" (the record follows  |
|        |                                                    | the fixture if it lagged behind) |
| exists | equals the record, the fixture changed (untouched) | update it and the record:        |
|        |                                                    | "updated"                        |
| exists | differs from the record (an officer edited it)     | left alone: "kept"               |

"Never edited" reads the audit trail, the only witness from before the records: no historical
row names a user (an officer's save through the site always does; loaders and migrations never
do), and the object still equals its latest historical row (no change behind the trail's back,
such as a QuerySet.update()). Anything else counts as an officer's edit and is kept.

Values are compared as JSON: relations by the target's natural key (its pk when the model has
none), many-to-many fields as sorted lists of those, decimals at the field's precision, dates
in ISO format. A run on an unchanged database writes nothing at all. Every write is validated
with full_clean (a SeedError names the row otherwise) and carries the command's name as the
audit trail's change reason. Rows that disappear from a fixture are left alone.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import SeedRecord


class SeedError(Exception):
    """A fixture row is invalid or contradicts another one; the message names the row, in Dutch."""


@dataclass
class SeedReport:
    """What one run did with one fixture; `kept` lists (key, EDITED | DELETED | PARENT_DELETED)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[tuple[str, str]] = field(default_factory=list)


# Why a row was kept: an officer edited it, deleted it, or deleted what it belongs to.
EDITED, DELETED, PARENT_DELETED = "edited", "deleted", "parent deleted"
KEPT_BECAUSE = {
    EDITED: _("edited by an officer"),
    DELETED: _("deleted by an officer"),
    PARENT_DELETED: _("what it belongs to was deleted by an officer"),
}


def report_lines(reports, verbose=False):
    """The command output for {seed: SeedReport}: one line per seed, and each kept row if `verbose`."""
    lines = []
    for seed, report in reports.items():
        lines.append(
            gettext(
                "%(file)s: %(created)d new, %(updated)d updated, "
                "%(kept)d kept (edited or deleted by an officer), %(unchanged)d unchanged."
            )
            % {"file": seed, "created": report.created, "updated": report.updated,
               "kept": len(report.kept), "unchanged": report.unchanged}
        )
        if verbose:
            lines += [f"  {key}: {KEPT_BECAUSE[why]}" for key, why in report.kept]
    return lines


class Seeder:
    """Applies fixture rows for one command; `reason` (e.g. "load_plans") names it in the audit trail.

    `reports` maps each seed (file or plan name) to its SeedReport.
    """

    def __init__(self, reason):
        self.reason = reason
        self.reports: dict[str, SeedReport] = {}
        self._records: dict[str, dict[str, SeedRecord]] = {}
        self._natural_keys = {}
        self._seen = {}
        self._done = set()

    def report(self, seed):
        return self.reports.setdefault(seed, SeedReport())

    def row(self, seed, key, model, lookup, values=None, m2m=None, where=""):
        """Apply one fixture row; returns the object, or None when an officer deleted it.

        - `seed`, `key`: the fixture and the row's natural key as text (unique within the seed).
        - `lookup`: the natural key as field values, used to find an object seeded before records
          existed (and part of the recorded values).
        - `values`: the other field values; `m2m`: {field name: list of objects}.
        - `where`: the row as a Dutch phrase for error messages ("status-events.csv, rij 3").
        Raises SeedError when the object fails validation, when `key` comes twice in `seed`, or
        when another row of this run gives the same object other values.
        """
        if (seed, key) in self._done:
            raise SeedError(f"{where}: {key} komt twee keer voor in {seed}.")
        self._done.add((seed, key))
        values = {**lookup, **(values or {})}
        m2m = m2m or {}
        wanted = self._wanted(model, values, m2m)
        self._check_consistent(model, lookup, wanted, where)
        report = self.report(seed)
        record = self._records_of(seed).get(key)

        if record is None:
            instance = model._default_manager.filter(**lookup).first()
            if instance is None and _in_audit_trail(model, lookup):
                # Seeded before records existed, then deleted or re-keyed (e.g. a corrected date).
                report.kept.append((key, DELETED))
                return None
            if instance is None:
                instance = self._write(model(), values, m2m, wanted, None, where)
                report.created += 1
            elif (current := self._current(instance, wanted)) == wanted:
                report.unchanged += 1
            elif _never_edited(instance):
                self._write(instance, values, m2m, wanted, current, where)
                report.updated += 1
            else:
                report.kept.append((key, EDITED))
            self._record(seed, key, instance, wanted)
            return instance

        instance = model._base_manager.filter(pk=record.object_id).first()
        if instance is None:
            report.kept.append((key, DELETED))
            return None
        current = self._current(instance, wanted)
        if current == wanted:
            if record.values != wanted:
                self._record(seed, key, instance, wanted)
            report.unchanged += 1
        elif _untouched(current, record.values):
            self._write(instance, values, m2m, wanted, current, where)
            self._record(seed, key, instance, wanted)
            report.updated += 1
        else:
            report.kept.append((key, EDITED))
        return instance

    # -- comparing ---------------------------------------------------------------------------

    def _wanted(self, model, values, m2m):
        wanted = {}
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                wanted[name] = self._natural_key(value) if value is not None else None
            else:
                wanted[name] = _json(model_field, value)
        for name, objects in m2m.items():
            wanted[name] = sorted((self._natural_key(obj) for obj in objects), key=_sort_key)
        return wanted

    def _current(self, instance, wanted):
        """The instance's values of the fields in `wanted`, in the same JSON form."""
        current = {}
        for name in wanted:
            model_field = instance._meta.get_field(name)
            if model_field.many_to_many:
                pks = getattr(instance, name).values_list("pk", flat=True)
                current[name] = sorted(
                    (self._natural_key_of_pk(model_field.related_model, pk) for pk in pks), key=_sort_key
                )
            elif model_field.is_relation:
                pk = getattr(instance, model_field.attname)
                current[name] = self._natural_key_of_pk(model_field.related_model, pk) if pk is not None else None
            else:
                current[name] = _json(model_field, getattr(instance, model_field.attname))
        return current

    def _natural_key(self, obj):
        cache_key = (obj._meta.concrete_model, obj.pk)
        if cache_key not in self._natural_keys:
            key = obj.natural_key() if hasattr(obj, "natural_key") else (obj.pk,)
            key = [_json(None, part) for part in key]
            self._natural_keys[cache_key] = key[0] if len(key) == 1 else key
        return self._natural_keys[cache_key]

    def _natural_key_of_pk(self, model, pk):
        cache_key = (model._meta.concrete_model, pk)
        if cache_key not in self._natural_keys:
            self._natural_key(model._base_manager.get(pk=pk))
        return self._natural_keys[cache_key]

    def _check_consistent(self, model, lookup, wanted, where):
        identity = (model._meta.label, json.dumps({k: wanted[k] for k in lookup}, sort_keys=True))
        earlier = self._seen.setdefault(identity, (wanted, where))
        if earlier[0] != wanted:
            raise SeedError(f"{where}: andere gegevens voor hetzelfde object dan {earlier[1]}.")

    # -- writing -----------------------------------------------------------------------------

    def _write(self, instance, values, m2m, wanted, current, where):
        """Create or update `instance` (validated, attributed to the command); returns it."""
        instance._change_reason = self.reason
        try:
            if current is None or any(current[name] != wanted[name] for name in values):
                for name, value in values.items():
                    setattr(instance, name, value)
                try:
                    instance.full_clean()
                except ValidationError as error:
                    raise SeedError(f"{where}: {' '.join(error.messages)}") from None
                instance.save()
            for name, objects in m2m.items():
                if (current is None and objects) or (current is not None and current[name] != wanted[name]):
                    getattr(instance, name).set(objects)
        finally:
            del instance._change_reason
        return instance

    def _records_of(self, seed):
        if seed not in self._records:
            self._records[seed] = {record.key: record for record in SeedRecord.objects.filter(seed=seed)}
        return self._records[seed]

    def _record(self, seed, key, instance, wanted):
        record = self._records_of(seed).get(key) or SeedRecord(
            seed=seed, key=key, content_type=ContentType.objects.get_for_model(instance)
        )
        record.object_id, record.values, record.seeded_at = instance.pk, wanted, timezone.now()
        record.save()
        self._records[seed][key] = record


def _never_edited(instance):
    """True when the audit trail shows no officer's edit of `instance` (see the module docstring)."""
    history = getattr(instance, "history", None)
    latest = history.order_by("-history_date", "-history_id").first() if history is not None else None
    if latest is None or history.filter(history_user__isnull=False).exists():
        return False
    return all(
        getattr(latest, f.attname) == getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if hasattr(latest, f.attname)
    )


def _in_audit_trail(model, lookup):
    """True when the audit trail knows an object with this natural key: it existed once."""
    history = getattr(model, "history", None)
    return history is not None and history.filter(**lookup).exists()


def _untouched(current, recorded):
    """True when no field the record knows was changed since it was seeded."""
    return all(current[name] == value for name, value in recorded.items() if name in current)


def _json(model_field, value):
    if isinstance(value, Decimal):
        places = getattr(model_field, "decimal_places", None)
        return format(value.quantize(Decimal(1).scaleb(-places)) if places is not None else value, "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def _sort_key(natural_key):
    return json.dumps(natural_key, sort_keys=True)
