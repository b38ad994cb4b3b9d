"""Provinces and municipalities: the reference data everything else hangs on."""

import datetime
import re
import unicodedata
from typing import Self

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, ProtectedError, Q, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel

from .kinds import KIND_RANK, EventKind, Status


class Country(models.TextChoices):
    BELGIUM = "BE", _("Belgium")
    NETHERLANDS = "NL", _("Netherlands")


# The one rule for "is on the Flemish register", where the pleegzorggemeente status exists: the Belgian
# rows, which are the five Flemish provinces and the Brussels-Capital Region (question 26's annex lists
# Flemish and Brussels municipalities; no Walloon area is loaded). Read it as Province.on_flemish_register,
# Municipality.on_flemish_register (templates too) and the querysets' flemish_register().
REGISTER_COUNTRY = Country.BELGIUM


class ProvinceQuerySet(models.QuerySet):
    def flemish_register(self) -> Self:
        """The provinces and region whose municipalities can carry the status (REGISTER_COUNTRY)."""
        return self.filter(country=REGISTER_COUNTRY)


class Province(VersionedModel):
    """A province, or the Brussels-Capital Region, which has none and is stored as a region row."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        REGION = "region", _("region")

    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    official_code = models.CharField(
        _("official code"),
        max_length=6,
        blank=True,
        help_text=_("NIS code in Belgium (e.g. 10000), empty in the Netherlands."),
    )
    history = HistoricalRecords()
    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["country", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(country__in=Country.values), name="province_country_known"),
            models.CheckConstraint(condition=Q(kind__in=["province", "region"]), name="province_kind_known"),
            models.CheckConstraint(
                condition=Q(country="BE", iso_code__startswith="BE-") | Q(country="NL", iso_code__startswith="NL-"),
                name="province_iso_code_matches_country",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:province", args=[self.iso_code])

    @property
    def is_region(self):
        return self.kind == self.Kind.REGION

    @property
    def on_flemish_register(self):
        """True for the Flemish provinces and Brussels (REGISTER_COUNTRY): their municipalities carry a status."""
        return self.country == REGISTER_COUNTRY

    @property
    def region(self):
        """The ISO 3166-2 code of the region whose law governs this province's municipalities:
        "BE-VLG" (Flemish provinces, BE-V..), "BE-WAL" (BE-W..), "BE-BRU" (Brussels, a region
        itself), or the country code for the Netherlands, whose municipalities one national law
        governs (Wet arhi)."""
        if self.country != Country.BELGIUM:
            return self.country
        return {"BE-V": "BE-VLG", "BE-W": "BE-WAL"}.get(self.iso_code[:4], self.iso_code)


# What a search compares: letters and digits only, without accents and case.
NOT_A_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")
SHORTEST_PARTIAL_SEARCH = 3


def search_key(text):
    """`text` as a search compares it: accents, case, spaces, hyphens and punctuation dropped
    ("Rhode-Saint-Genèse" -> "rhodesaintgenese"). Letters outside the Latin alphabet are dropped too."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return NOT_A_LETTER_OR_DIGIT.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


class MunicipalityQuerySet(models.QuerySet):
    def search(self, text: str) -> Self:
        """The municipalities that `text` names, as a queryset; ended ones included (the caller follows `successor`).

        `text` matches an official code (NIS "71034", CBS "GM0363", any case) or a Dutch or French name, compared
        as `search_key` does: "sint genesius rode", "RHODE-SAINT-GENESE" and "Sint-Genesius-Rode" are equal, and
        so are "Tongeren Borgloon" and "Tongeren-Borgloon". Exact matches win; without one, the names that begin with
        `text`, then the names that contain it (at least SHORTEST_PARTIAL_SEARCH letters or digits). Empty for text without letters or digits.
        Reads the names and codes in one query; the queryset returned costs one more.
        """
        key = search_key(text)
        if not key:
            return self.none()
        rows = [
            (pk, [search_key(code), search_key(name), search_key(name_fr)])
            for pk, code, name, name_fr in self.values_list("pk", "code", "name", "name_fr")
        ]
        found = [pk for pk, keys in rows if key in keys]
        if not found and len(key) >= SHORTEST_PARTIAL_SEARCH:
            found = [pk for pk, (_code, *names) in rows if any(name.startswith(key) for name in names)]
        if not found and len(key) >= SHORTEST_PARTIAL_SEARCH:
            found = [pk for pk, (_code, *names) in rows if any(key in name for name in names)]
        return self.filter(pk__in=found)

    def delete(self):
        """Nobody deletes a municipality that anything refers to (Municipality.refuse_if_referenced)."""
        for municipality in self:
            municipality.refuse_if_referenced()
        return super().delete()

    def active_on(self, day: datetime.date) -> Self:
        """The municipalities that exist on `day`: the one place that decides it.

        `valid_from` and `valid_until` are both inclusive; empty means "since/until always"
        as far as this register is concerned.
        """
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def with_existence_on(self, day: datetime.date) -> Self:
        """Annotate `exists_on_day`: whether the municipality exists on `day` by the rule of `active_on`,
        in the same query (a page that shows one municipality on a day says so when it did not exist)."""
        return self.annotate(exists_on_day=Exists(self.model.objects.active_on(day).filter(pk=OuterRef("pk"))))

    def ended_before(self, day: datetime.date) -> Self:
        return self.filter(valid_until__lt=day)

    def flemish_register(self) -> Self:
        """The municipalities that can carry the pleegzorggemeente status: Flanders and Brussels."""
        return self.filter(province__country=REGISTER_COUNTRY)

    def with_status_on(self, day: datetime.date) -> Self:
        """Annotate each municipality with its pleegzorggemeente status on `day`, in one query.

        - `status`: the kind of the latest event on or before `day`. Without one it is "unknown"
          (absence of data is not a "no"), except where the register of the municipality's
          province is recorded as complete on `day` (RegisterCompleteness): then "none". A
          municipality created by a merger has no status of its own until one is recorded: it
          stays "unknown" even in a complete province (see `merger_notes` for its predecessors).
          Also "unknown" when the next event is only known as "no later than" a later date (it
          may already have happened).
        - `status_date`, `status_date_is_upper_bound`: the date of that latest event.
        - `procedure_started`: the latest start of the procedure on or before `day`.
        A municipality that merged has its successor's status after its last day.
        """
        # Looked up in the app registry, not imported: completeness.py and status.py import this module.
        RegisterCompleteness = apps.get_model("municipalities", "RegisterCompleteness")  # noqa: N806
        past, upcoming, started = self._events_around(day)
        return self.annotate(status_subject=self._status_subject(day)).annotate(
            status_kind=Subquery(past.values("kind")[:1]),
            status_date=Subquery(past.values("date")[:1]),
            status_date_is_upper_bound=Subquery(past.values("date_is_upper_bound")[:1]),
            procedure_started=Subquery(started.values("date")[:1]),
            next_is_upper_bound=Subquery(upcoming.values("date_is_upper_bound")[:1]),
            register_complete=RegisterCompleteness.objects.covers_province(day),
            created_by_merger=self.created_by_merger_condition("status_subject"),
            status=Case(
                When(next_is_upper_bound=True, then=Value(Status.UNKNOWN.value)),
                When(status_kind__isnull=False, then=F("status_kind")),
                When(created_by_merger=True, then=Value(Status.UNKNOWN.value)),
                When(register_complete=True, then=Value(Status.NONE.value)),
                default=Value(Status.UNKNOWN.value),
                output_field=models.CharField(),
            ),
        )

    def with_listed_events_on(self, day: datetime.date) -> Self:
        """`with_status_on(day)` plus what a correction of a listing needs: `status_event` and
        `procedure_event`, the pks of the events behind `status_date` and `procedure_started`
        (None when there is none), and `procedure_started_is_upper_bound`. Two more subqueries,
        so only the annex and its import ask for them."""
        past, _upcoming, started = self._events_around(day)
        return self.with_status_on(day).annotate(
            status_event=Subquery(past.values("pk")[:1]),
            procedure_event=Subquery(started.values("pk")[:1]),
            procedure_started_is_upper_bound=Subquery(started.values("date_is_upper_bound")[:1]),
        )

    def with_status_source_on(self, day: datetime.date) -> Self:
        """`with_status_on(day)` plus `status_source`: the source of the event behind the status (None
        without one: an unknown, or a "none" inferred from a complete register, whose source is that
        record's, see RegisterCompleteness). One more subquery, so only the open data asks for it."""
        past, _upcoming, _started = self._events_around(day)
        return self.with_status_on(day).annotate(status_source=Subquery(past.values("source")[:1]))

    @staticmethod
    def _status_subject(day):
        """Whose events decide the status: the successor's after a merger, else the municipality's own."""
        return Case(When(Q(valid_until__lt=day, successor__isnull=False), then=F("successor_id")), default=F("pk"))

    @staticmethod
    def _events_around(day):
        """(past, upcoming, started): the status subject's events on or before `day` (latest
        first), after it (earliest first), and its starts of the procedure on or before `day`."""
        StatusEvent = apps.get_model("municipalities", "StatusEvent")  # noqa: N806 (see with_status_on)
        rank = Case(*[When(kind=kind, then=Value(r)) for kind, r in KIND_RANK.items()])
        events = StatusEvent.objects.filter(municipality=OuterRef("status_subject")).annotate(rank=rank)
        past = events.filter(date__lte=day).order_by("-date", "-rank")
        return past, events.filter(date__gt=day).order_by("date", "rank"), past.filter(kind=EventKind.CANDIDATE)

    @staticmethod
    def created_by_merger_condition(outer="pk"):
        """An Exists(): the municipality `outer` names began on the day others merged into it
        (it has predecessors whose last day lies before its first)."""
        return Exists(
            Municipality._base_manager.filter(
                successor=OuterRef(outer),
                successor__valid_from__isnull=False,
                valid_until__lt=F("successor__valid_from"),
            )
        )

    def merger_notes(self) -> dict[int, tuple[datetime.date, list[tuple["Municipality", str]]]]:
        """{successor pk: (day before the merger, [(predecessor, status), ...])} for the merger-born
        municipalities in this queryset; one query per merger date (in practice one).

        The successor's own status stays unknown; this is what the register knew of its
        predecessors on their last day, for a note such as "alle voorgangers waren pleegzorggemeente".
        """
        successors = dict(self.filter(self.created_by_merger_condition()).values_list("pk", "valid_from"))
        notes: dict[int, tuple[datetime.date, list[tuple[Municipality, str]]]] = {}
        for first_day in sorted(set(successors.values())):
            last_day = first_day - datetime.timedelta(days=1)
            ids = [pk for pk, day in successors.items() if day == first_day]
            for predecessor in (
                Municipality.objects.filter(successor__in=ids, valid_until=last_day)
                .with_status_on(last_day)
                .order_by("name")
            ):
                notes.setdefault(predecessor.successor_id, (last_day, []))[1].append((predecessor, predecessor.status))
        return notes


_MunicipalityManagerBase = models.Manager.from_queryset(MunicipalityQuerySet)


class MunicipalityManager(_MunicipalityManagerBase):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Municipality(VersionedModel):
    code = models.CharField(
        _("official code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(
                r"^([0-9]{5}|GM[0-9]{4})$",
                _("Use a 5-digit NIS code (e.g. 11002) or a CBS code (e.g. GM0363)."),
            )
        ],
        help_text=_("The 5-digit NIS code in Belgium, the CBS code GMxxxx in the Netherlands."),
    )
    name = models.CharField(_("name"), max_length=100, db_index=True)
    name_fr = models.CharField(_("French name"), max_length=100, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("province"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True, help_text=_("First day; empty if older."))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Last day; empty if still active.")
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )

    history = HistoricalRecords()

    objects = MunicipalityManager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="municipality_valid_until_after_valid_from",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_until__isnull=False),
                name="municipality_successor_only_when_ended",
                violation_error_message=_("Only a municipality that has ended can have a successor."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="municipality_code_not_empty"),
        ]
        permissions = [
            ("change_reference_data", _("Can change reference data (names, codes, validity, successors)")),
            ("change_every_province", _("Can change the register in every province")),
        ]

    # The reference data of a municipality: read-only for all but whoever may change reference
    # data (pleegzorg.roles: the Beheerder). Its events and initiatives are the register.
    REFERENCE_FIELDS = ("code", "name", "name_fr", "province", "valid_from", "valid_until", "successor")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipality", args=[self.code])

    @property
    def status_inferred(self):
        """True when `with_status_on` gave "none" without an event of the municipality's own: a "no" inferred
        from its province's register being complete that day (RegisterCompleteness), which no source states
        about this municipality. Pages and open data mark it as an inference and cite the completeness record."""
        return self.status == Status.NONE and self.status_kind is None

    @property
    def on_flemish_register(self):
        """True when the municipality can carry the pleegzorggemeente status (Province.on_flemish_register)."""
        return self.province.on_flemish_register

    @property
    def merged_on(self):
        """The first day as part of its successor (the day after `valid_until`), or None if it did not merge."""
        if self.successor_id is None or self.valid_until is None:
            return None
        return self.valid_until + datetime.timedelta(days=1)

    def current(self):
        """What this municipality is part of now: itself, or the last of its successors. Free when the
        municipality came with select_related("successor") and merged at most once; one query per further merger."""
        return self.lineage_forward()[-1]

    def lineage_forward(self):
        """[self, its successor, the successor's successor, ...]: what it became, oldest first (costs as `current`)."""
        lineage, seen = [self], {self.pk}
        while lineage[-1].successor_id is not None and lineage[-1].successor_id not in seen:
            lineage.append(lineage[-1].successor)
            seen.add(lineage[-1].pk)
        return lineage

    def natural_key(self):
        return (self.code,)

    def clean(self):
        super().clean()
        if self.successor_id is None:
            return
        if self.successor_id == self.pk:
            raise ValidationError({"successor": _("A municipality cannot merge into itself.")})
        if self.province_id and self.successor.province.country != self.province.country:
            raise ValidationError({"successor": _("The successor must be in the same country.")})
        # Belgium: municipalities are governed by their region (Special Act of 8 August 1980 on
        # institutional reform, art. 6 §1 VIII), so a merger joins municipalities of one region.
        # A province may change (Zwijndrecht joined Beveren-Kruibeke-Zwijndrecht in East Flanders
        # in 2025, by the law that moved the provincial boundary); a region may not.
        if self.province_id and self.successor.province.region != self.province.region:
            raise ValidationError({"successor": _("The successor must be in the same region.")})

    def delete(self, *args, **kwargs):
        self.refuse_if_referenced()
        return super().delete(*args, **kwargs)

    def refuse_if_referenced(self):
        """Raises ProtectedError (with a Dutch message) if anything refers to this municipality.

        Nobody deletes a municipality that anything refers to, whichever way (admin, bulk
        action, queryset, shell): foreign keys to a municipality PROTECT it already; this also
        covers many-to-many references (examples in plans), whose rows would otherwise vanish
        with it. Checked before anything is written."""
        references = self.references()
        if references:
            raise ProtectedError(
                gettext("%(municipality)s cannot be deleted: %(references)s refer to it.")
                % {"municipality": self, "references": ", ".join(f"{count} {name}" for name, count in references)},
                set(),
            )

    def references(self):
        """[(verbose name plural, count), ...] of the rows that refer to this municipality
        (events, initiatives, map shapes, predecessors, plans, examples, ...), found from the
        model's relations at run time, so a relation added later is counted too. Empty if none.
        One query per relation."""
        found = []
        for relation in self._meta.related_objects:
            count = relation.related_model._base_manager.filter(**{relation.field.name: self}).count()
            if count:
                found.append((relation.related_model._meta.verbose_name_plural, count))
        return found
