"""Collecting what the annex shows for a reference date, in a constant number of queries.

`collect(day, since, question)` returns an AnnexData of plain tuples: the annex only presents, and
this is its hot path. The workbook (annex.workbook) is a pure function of it.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from municipalities.models import Municipality, MunicipalityQuerySet, Province, Status
from municipalities.register_changes import register_changes
from municipalities.statistics import complete_registers, counts_by_province, official_comparisons

from ..models import Initiative, ParliamentaryQuestion


class RegisterRow(NamedTuple):
    """A municipality on sheet a or b. `status_event` / `procedure_event` are the pks of the events
    behind the two dates, so that an import can correct exactly those."""

    province: str
    name: str
    code: str
    status: str
    status_date: datetime.date | None
    status_date_is_upper_bound: bool | None
    procedure_started: datetime.date | None
    procedure_started_is_upper_bound: bool | None
    status_event: int | None
    procedure_event: int | None
    municipality: int


class InitiativeRow(NamedTuple):
    """An initiative on sheet c; `key` is its pk, the stable key the workbook carries."""

    province: str
    name: str
    code: str
    title: str
    description: str
    category: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    timing_text: str
    is_structural: bool
    key: int
    municipality: int


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
    province: object = None  # a Province: the annex of that province alone

    @property
    def total(self):
        """The counts row of everything this annex covers: the province's, or the total of all."""
        return self.counts[-1]


def annex_municipalities(day: datetime.date, province: Province | None = None) -> MunicipalityQuerySet:
    """The municipalities an annex for `day` covers: Flanders and Brussels, existing on `day`,
    only those of `province` when given. The one rule the workbook and its import share."""
    municipalities = Municipality.objects.flemish_register().active_on(day)
    return municipalities.filter(province=province) if province is not None else municipalities


def register_rows(day: datetime.date, province: Province | None = None) -> list[RegisterRow]:
    """The pleegzorggemeenten and candidates on `day` ([RegisterRow], by province and name); one query."""
    register = (
        annex_municipalities(day, province)
        .with_listed_events_on(day)
        .filter(status__in=[Status.REGISTERED, Status.CANDIDATE])
        .order_by("province__kind", "province__name", "name")
        .values_list(
            "province__name", "name", "code", "status", "status_date", "status_date_is_upper_bound",
            "procedure_started", "procedure_started_is_upper_bound", "status_event", "procedure_event", "pk",
        )
    )
    return [RegisterRow(*values) for values in register]


def initiative_rows(day: datetime.date, province: Province | None = None) -> list[InitiativeRow]:
    """The published initiatives started by `day` (or without a start date) of the municipalities
    the annex covers ([InitiativeRow], by province, municipality, start and title); one query."""
    initiatives = (
        Initiative.objects.published()
        .filter(municipality__in=annex_municipalities(day, province))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .order_by("municipality__province__kind", "municipality__province__name", "municipality__name", "start_date",
                  "title", "pk")
        .values_list(
            "municipality__province__name", "municipality__name", "municipality__code", "title", "description",
            "category__name", "start_date", "end_date", "timing_text", "is_structural", "pk", "municipality",
        )
    )
    return [InitiativeRow(*values) for values in initiatives]


def collect(
    day: datetime.date, since: datetime.date | None = None, question: ParliamentaryQuestion | None = None,
    generated_at: datetime.datetime | None = None, province: Province | None = None,
) -> AnnexData:
    """Everything the annex shows for `day` (AnnexData); 6 queries, 11 with a comparison date.

    `province`: a Province, for the annex of that province alone (its counts, its completeness;
    the official counts, which are about Flanders as a whole, are then left out).
    """
    rows = register_rows(day, province)
    counts = counts_by_province(day)
    since_counts = counts_by_province(since) if since else []
    changes = register_changes(since, day) if since else []
    complete = complete_registers(day)
    official = official_comparisons(day, counts)
    if province is not None:
        counts = _province_counts(counts, province)
        since_counts = _province_counts(since_counts, province) if since else []
        changes = [change for change in changes if change.municipality.province_id == province.pk]
        complete = [record for record in complete if record.province_id == province.pk]
        official = []
    return AnnexData(
        day=day,
        since=since,
        question=question,
        generated_at=generated_at or timezone.localtime(),
        counts=counts,
        registered=[m for m in rows if m.status == Status.REGISTERED],
        candidates=[m for m in rows if m.status == Status.CANDIDATE],
        initiatives=initiative_rows(day, province),
        changes=changes,
        since_counts=since_counts,
        official=official,
        complete=complete,
        province=province,
    )


def _province_counts(counts, province):
    """The province's row of counts_by_province, twice: as its row and as the total."""
    row = next(row for row in counts if row.province is not None and row.province.pk == province.pk)
    return [row, dataclasses.replace(row, province=None)]
