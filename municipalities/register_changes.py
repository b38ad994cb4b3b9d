"""What changed in the Flemish register between two days, so that two totals can be reconciled.

Three kinds of change:
- CHANGED: a municipality active on both days whose status differs;
- CEASED: active on `since`, gone by `day` (merged): with its status on `since`, its status on
  its last day and the municipality it went into ("opgegaan in Hasselt op 1/1/2025");
- BEGAN: active on `day`, not yet on `since` (formed by a merger), with its status on `day`.

For every status S: count(day, S) = count(since, S) - changed away from S + changed into S
- ceased with S on `since` + began with S on `day`. `reconcile()` checks exactly that.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from .models import Municipality

CHANGED, CEASED, BEGAN = "changed", "ceased", "began"


@dataclass(frozen=True)
class RegisterChange:
    municipality: Municipality
    kind: str
    before: str | None  # status on `since`; None when it BEGAN after `since`
    after: str | None  # status on `day`; None when it CEASED before `day`
    last_status: str | None = None  # CEASED: its status on its last day
    successor: Municipality | None = None


def _register(day):
    return (
        Municipality.objects.flemish_register().active_on(day).with_status_on(day)
        .select_related("province", "successor").order_by("province__kind", "province__name", "name")
    )


def register_changes(since: datetime.date, day: datetime.date) -> list[RegisterChange]:
    """Every change between `since` and `day` (since < day), ordered by province and name.

    Queries: two for the registers of both days, plus one per distinct last day of the
    municipalities that ceased (in practice one: 31/12/2024).
    """
    before = {m.pk: m for m in _register(since)}
    after = {m.pk: m for m in _register(day)}
    ceased_on: dict[datetime.date, list[int]] = {}  # last day -> pks
    for municipality in before.values():
        if municipality.pk not in after:
            ceased_on.setdefault(municipality.valid_until, []).append(municipality.pk)
    last_status: dict[int, str] = {}
    for last_day, ids in ceased_on.items():
        if last_day is not None:
            last_status.update(Municipality.objects.filter(pk__in=ids).with_status_on(last_day).values_list("pk", "status"))
    changes = []
    for pk, municipality in after.items():
        if pk not in before:
            changes.append(RegisterChange(municipality, BEGAN, None, municipality.status))
        elif before[pk].status != municipality.status:
            changes.append(RegisterChange(municipality, CHANGED, before[pk].status, municipality.status))
    for pk, municipality in before.items():
        if pk not in after:
            changes.append(RegisterChange(municipality, CEASED, municipality.status, None,
                                          last_status.get(pk), municipality.successor))
    return sorted(changes, key=lambda c: (c.municipality.province.kind, c.municipality.province.name,
                                          c.municipality.name))


def reconcile(since_counts: Counter, day_counts: Counter, changes: list[RegisterChange]) -> bool:
    """True when the per-status totals of both days are explained by `changes` (see module doc)."""
    expected = Counter(since_counts)
    for change in changes:
        if change.before is not None:
            expected[change.before] -= 1
        if change.after is not None:
            expected[change.after] += 1
    def nonzero(counts):
        return {status: count for status, count in counts.items() if count}

    return nonzero(expected) == nonzero(day_counts)
