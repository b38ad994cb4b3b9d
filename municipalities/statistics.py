"""Counts of the register per province on a day, all from `with_status_on`.

Every count keeps four kinds apart: registered, candidates, known not to be a pleegzorggemeente
(no events in a province whose register is complete, or stopped) and unknown. Coverage is
computed over the municipalities whose status is known, never over all of them: an unknown is
not a "no".
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import KeyFigure, Municipality, Province, RegisterCompleteness, Status
from .models.areas import REGISTER_COUNTRY
from .models.status import NOT_REGISTERED


@dataclass(frozen=True)
class StatusCounts:
    province: Province | None  # None for the total row
    active: int
    registered: int
    candidates: int
    not_registered: int
    unknown: int

    @property
    def neither(self):
        """Active municipalities known to be neither registered nor candidate."""
        return self.not_registered

    @property
    def known(self):
        return self.active - self.unknown

    @property
    def complete(self):
        """True when the register knows the status of every one of these municipalities on the day (by
        their own events, or a complete register: RegisterCompleteness, `with_status_on`): only then is a
        count the whole truth; otherwise it is what the register holds (templates/municipalities/register_count.html)."""
        return self.unknown == 0

    @property
    def coverage(self):
        """Share of the municipalities with a known status that are pleegzorggemeente, in percent
        (one decimal); None when no status is known."""
        return round(100 * self.registered / self.known, 1) if self.known else None


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
            not_registered=Count("pk", filter=Q(status__in=NOT_REGISTERED)),
            unknown=Count("pk", filter=Q(status=Status.UNKNOWN)),
        )
        .order_by()
    )
    by_province = {row.pop("province"): row for row in rows}
    empty = {"active": 0, "registered": 0, "candidates": 0, "not_registered": 0, "unknown": 0}
    counts = [
        StatusCounts(province, **by_province.get(province.pk, empty))
        for province in Province.objects.flemish_register().order_by("kind", "name")
    ]
    total = {key: sum(getattr(row, key) for row in counts) for key in empty}
    return counts + [StatusCounts(None, **total)]


@dataclass(frozen=True)
class OfficialComparison:
    """An official count for the day beside the register's own count of the same thing."""

    figure: KeyFigure
    register_count: int

    @property
    def note(self):
        """E.g. "het register bevat 41 van de 177 pleegzorggemeenten die de bron noemt"."""
        values = {"register": self.register_count, "official": int(self.figure.value)}
        if self.figure.register_status == Status.REGISTERED:
            return _("the register holds %(register)s of the %(official)s pleegzorggemeenten the source names") % values
        return (
            _("the register holds %(register)s of the %(official)s municipalities in talks the source names") % values
        )


def official_comparisons(day, counts):
    """The official counts of Flanders' register dated `day` (KeyFigure.register_status set),
    each with the register's count for the Flemish provinces (the source counts "gemeenten in
    Vlaanderen", so Brussels is left out); one query. `counts` is counts_by_province(day)."""
    flemish = [row for row in counts if row.province is not None and not row.province.is_region]
    register = {
        Status.REGISTERED: sum(row.registered for row in flemish),
        Status.CANDIDATE: sum(row.candidates for row in flemish),
    }
    figures = KeyFigure.objects.filter(country=REGISTER_COUNTRY, province=None, date=day).exclude(register_status="")
    return [
        OfficialComparison(figure, register[figure.register_status]) for figure in figures.order_by("-register_status")
    ]


def complete_registers(day):
    """The completeness records that cover `day`, with their province; one query."""
    return list(RegisterCompleteness.objects.covering(day).select_related("province").order_by("province__name"))
