"""Counts of pleegzorggemeenten per province on a day, all from `with_status_on`."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Country, Municipality, Province, Status


@dataclass(frozen=True)
class StatusCounts:
    province: Province | None  # None for the total row
    active: int
    registered: int
    candidates: int
    unknown: int

    @property
    def neither(self):
        """Active municipalities known to be neither registered nor candidate."""
        return self.active - self.registered - self.candidates - self.unknown

    @property
    def coverage(self):
        """Share of active municipalities that are pleegzorggemeente, in percent."""
        return round(100 * self.registered / self.active, 1) if self.active else 0.0


def counts_by_province(day):
    """One row per Flemish province and Brussels, then a total row; two queries."""
    rows = (
        Municipality.objects.flemish_register()
        .active_on(day)
        .with_status_on(day)
        .values("province")
        .annotate(
            active=Count("pk"),
            registered=Count("pk", filter=Q(status=Status.REGISTERED)),
            candidates=Count("pk", filter=Q(status=Status.CANDIDATE)),
            unknown=Count("pk", filter=Q(status=Status.UNKNOWN)),
        )
        .order_by()
    )
    by_province = {row.pop("province"): row for row in rows}
    empty = {"active": 0, "registered": 0, "candidates": 0, "unknown": 0}
    counts = [
        StatusCounts(province, **by_province.get(province.pk, empty))
        for province in Province.objects.filter(country=Country.BELGIUM).order_by("kind", "name")
    ]
    total = {key: sum(getattr(row, key) for row in counts) for key in empty}
    return counts + [StatusCounts(None, **total)]
