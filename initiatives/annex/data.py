"""Collecting what the annex shows for a reference date, in a constant number of queries.

`collect(day, since, question)` returns an AnnexData of plain tuples: the annex only presents, and
this is its hot path. The workbook (annex.workbook) is a pure function of it.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from municipalities.models import Municipality, Status
from municipalities.register_changes import register_changes
from municipalities.statistics import complete_registers, counts_by_province, official_comparisons

from ..models import Initiative


class RegisterRow(NamedTuple):
    province: str
    name: str
    code: str
    status: str
    status_date: datetime.date | None
    status_date_is_upper_bound: bool | None
    procedure_started: datetime.date | None


@dataclass
class AnnexData:
    day: datetime.date
    generated_at: datetime.datetime
    counts: list
    registered: list
    candidates: list
    initiatives: list
    since: datetime.date | None = None
    changes: list = field(default_factory=list)
    since_counts: list = field(default_factory=list)
    question: object = None
    official: list = field(default_factory=list)
    complete: list = field(default_factory=list)


def collect(day, since=None, question=None, generated_at=None):
    """Everything the annex shows for `day`; 6 queries, 11 with a comparison date."""
    register = (
        Municipality.objects.flemish_register()
        .active_on(day)
        .with_status_on(day)
        .filter(status__in=[Status.REGISTERED, Status.CANDIDATE])
        .order_by("province__kind", "province__name", "name")
        .values_list(
            "province__name", "name", "code", "status", "status_date", "status_date_is_upper_bound", "procedure_started"
        )
    )
    rows = [RegisterRow(*values) for values in register]
    # Plain tuples rather than model instances: the annex only presents, and this is its hot path.
    initiatives = (
        Initiative.objects.published()
        .filter(municipality__in=Municipality.objects.flemish_register().active_on(day))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .order_by("municipality__province__kind", "municipality__province__name", "municipality__name", "start_date", "title")
        .values_list(
            "municipality__province__name", "municipality__name", "municipality__code", "title", "description",
            "category__name", "start_date", "end_date", "timing_text", "is_structural",
        )
    )
    counts = counts_by_province(day)
    return AnnexData(
        day=day,
        since=since,
        question=question,
        generated_at=generated_at or timezone.localtime(),
        counts=counts,
        registered=[m for m in rows if m.status == Status.REGISTERED],
        candidates=[m for m in rows if m.status == Status.CANDIDATE],
        initiatives=list(initiatives),
        changes=register_changes(since, day) if since else [],
        since_counts=counts_by_province(since) if since else [],
        official=official_comparisons(day, counts),
        complete=complete_registers(day),
    )
