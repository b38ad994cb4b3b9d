"""Action plans: one model for national plans, municipal plans and an association's guidance.

A plan has lines (action lines, action points or themes); a line has actions (or
recommendations); targets hang on a plan, a line or an action; progress updates record what was
measured or decided. An action's status is never stored on the action: it is its latest progress
update with a status (as healthchecks derives a check's status from its flips), *unknown*
without one. Status and overdue are computed in SQL, never stored twice.

A percentage of progress is shown only where a source or an editor gives one
(`Action.progress_override`); it is never derived from a status ("lopend" is not "50 %"). Lines
and plans are summed up by counting their actions per status (`StatusCounts`), never by
averaging percentages.
"""

import datetime
from dataclasses import dataclass, field
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel
from municipalities.models import Country, Municipality

from .. import timing
from .organisations import Organisation


class ActionStatus(models.TextChoices):
    """Decidim's result/progress vocabulary, plus *unknown*: no progress update gives a status."""

    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    DELAYED = "delayed", _("delayed")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")
    UNKNOWN = "unknown", _("unknown")


# What a progress update (or a plan) can report; *unknown* is only ever derived.
REPORTED_STATUSES = [(value, label) for value, label in ActionStatus.choices if value != ActionStatus.UNKNOWN]


class TimingKind(models.TextChoices):
    """How the source's timing reads (actions/timing.py): a window, a deadline, ongoing, conditional."""

    WINDOW = timing.WINDOW, _("window")
    DEADLINE = timing.DEADLINE, _("deadline")
    ONGOING = timing.ONGOING, _("continuing")
    CONDITIONAL = timing.CONDITIONAL, _("conditional")


CLOSED = [ActionStatus.DONE, ActionStatus.DROPPED]
OPEN = [ActionStatus.PLANNED, ActionStatus.ONGOING, ActionStatus.DELAYED]


def overdue(day):
    """The overdue rule as a condition on actions annotated by `with_status()`.

    Overdue: the period (deadline or window) ended before `day` and the last known status is
    neither done nor dropped. An action of unknown status is never overdue, only "deadline passed,
    status unknown" (see `past_deadline_unknown`).
    """
    return Q(period_end__lt=day, status__in=OPEN)


def past_deadline_unknown(day):
    """The period ended before `day` and no progress update gives the status."""
    return Q(period_end__lt=day, status=ActionStatus.UNKNOWN)


def plan_of_target(prefix=""):
    """The id of the plan a target belongs to, directly or through its line or action, in SQL."""
    return Coalesce(f"{prefix}plan_id", f"{prefix}line__plan_id", f"{prefix}action__line__plan_id")


def _latest_status_update(day=None):
    updates = ProgressUpdate.objects.filter(action=OuterRef("pk")).exclude(status="")
    if day is not None:
        updates = updates.filter(date__lte=day)
    return updates.order_by("-date", "-pk")


def _flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=models.BooleanField())


@dataclass
class StatusCounts:
    """Actions per derived status, and how many are overdue or past their deadline with an unknown status.

    This is the roll-up of a line or a plan: counts by status, and the share of done actions among
    those whose status is known (`done_share`), with the unknown ones counted apart.
    """

    by_status: dict = field(default_factory=dict)
    overdue: int = 0
    past_deadline_unknown: int = 0

    def __add__(self, other):
        """The counts of two groups together (e.g. a plan's lines summed into the plan)."""
        by_status = dict(self.by_status)
        for status, n in other.by_status.items():
            by_status[status] = by_status.get(status, 0) + n
        return StatusCounts(by_status, self.overdue + other.overdue,
                            self.past_deadline_unknown + other.past_deadline_unknown)

    @property
    def total(self):
        return sum(self.by_status.values())

    @property
    def unknown(self):
        return self.by_status.get(ActionStatus.UNKNOWN, 0)

    @property
    def known(self):
        """Actions whose status a progress update gives."""
        return self.total - self.unknown

    @property
    def done(self):
        return self.by_status.get(ActionStatus.DONE, 0)

    @property
    def done_share(self):
        """Done actions as a percentage of the actions with a known status (whole number);
        None when no status is known."""
        return round(100 * self.done / self.known) if self.known else None

    @property
    def items(self):
        """[(label, count)] in the vocabulary's order, statuses without actions left out."""
        return [(label, self.by_status[value]) for value, label in ActionStatus.choices if self.by_status.get(value)]


class ActionQuerySet(models.QuerySet):
    def with_status(self, day: datetime.date | None = None) -> Self:
        """`status`: the status of the latest progress update that gives one (by date, then entry
        order), else "unknown"; `status_date`: that update's date (None when unknown). One query.

        `status_source`: that update's source (a figure carries its source).

        With `day`, the status on that day: only updates dated on or before it count. A later
        `with_status()` without a day (e.g. inside `with_progress`) keeps the annotation; one asking
        for another day raises ValueError rather than silently answering for the first day.
        """
        if "status" in self.query.annotations:
            chosen = getattr(self.query, "status_day", None)
            if day is not None and day != chosen:
                raise ValueError(f"status already annotated for {chosen}, not {day}: ask for the day first")
            return self
        latest = _latest_status_update(day)
        annotated = self.annotate(
            status=Coalesce(Subquery(latest.values("status")[:1]), Value(ActionStatus.UNKNOWN),
                            output_field=models.CharField()),
            status_date=Subquery(latest.values("date")[:1]),
            status_source=Subquery(latest.values("source")[:1]),
        )
        annotated.query.status_day = day  # type: ignore[attr-defined]  # ours; Query.clone copies it
        return annotated

    def with_progress(self) -> Self:
        """`progress`: the percentage a source or an editor gives (`progress_override`), shown beside
        a known status; None otherwise. Never derived from the status (implies `with_status()`)."""
        return self.with_status().annotate(
            progress=Case(
                When(status=ActionStatus.UNKNOWN, then=Value(None)),
                default=F("progress_override"),
                output_field=IntegerField(),
            )
        )

    def with_overdue_on(self, day: datetime.date) -> Self:
        """`is_overdue` (see `overdue`) and `is_past_deadline_unknown` on `day`, from the status on
        `day` (implies `with_status(day)`)."""
        return self.with_status(day).annotate(
            is_overdue=_flag(overdue(day)), is_past_deadline_unknown=_flag(past_deadline_unknown(day))
        )

    def overdue_on(self, day: datetime.date) -> Self:
        return self.with_status(day).filter(overdue(day))

    def status_counts_on(self, day: datetime.date, group_by: str) -> dict[int, StatusCounts]:
        """{value of `group_by` (e.g. "line__plan"): StatusCounts} on `day` (statuses on `day` too), in one query."""
        rows = (
            self.with_status(day).order_by().values(group_by, "status")
            .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue(day)),
                      past=Count("pk", filter=past_deadline_unknown(day)))
        )
        counts: dict[int, StatusCounts] = {}
        for row in rows:
            entry = counts.setdefault(row[group_by], StatusCounts())
            entry.by_status[row["status"]] = row["n"]
            entry.overdue += row["overdue"]
            entry.past_deadline_unknown += row["past"]
        return counts


class Plan(VersionedModel):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("national action plan")
        MUNICIPAL = "municipal", _("municipal action plan")
        GUIDANCE = "guidance", _("guidance")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    authors: models.ManyToManyField = models.ManyToManyField(
        Organisation, through="PlanAuthor", blank=True, related_name="authored_plans", verbose_name=_("authors"),
        help_text=_("Who wrote the plan, in the order the source names them; a plan may have several."),
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_plans",
                                      verbose_name=_("partners and others involved"))
    involvement_text = models.TextField(
        _("others involved, as the source says it"), blank=True,
        help_text=_("The source's own words on who else took part (e.g. “betrokken bij de totstandkoming”)."),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name=_("municipality"),
    )
    period_text = models.CharField(_("period as the source gives it"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    budget_note = models.TextField(_("about the budget"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=REPORTED_STATUSES, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    out_of_scope = models.TextField(_("out of scope"), blank=True)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    positive_effects = models.TextField(_("positive effects"), blank=True)
    principles = models.TextField(_("principles"), blank=True)
    dependencies = models.TextField(
        _("dependencies"), blank=True,
        help_text=_("What the plan depends on, in the source's words (e.g. “we zijn afhankelijk van …”)."),
    )
    preconditions = models.TextField(_("preconditions"), blank=True)
    communication = models.TextField(
        _("communication and evaluation"), blank=True,
        help_text=_("How the plan is presented, reported on and evaluated, with the dates the source gives."),
    )
    source = models.CharField(_("source document"), max_length=500)
    history = HistoricalRecords(m2m_fields=[partners])  # `authors`: PlanAuthor's own history

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="plan_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="plan_budget_not_negative"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="plan_has_source"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:plan", args=[self.slug])

    @property
    def is_guidance(self):
        return self.kind == self.Kind.GUIDANCE

    def ordered_authors(self):
        """The authors in the source's order (uses a prefetch of `authorships__organisation` if present)."""
        return [authorship.organisation for authorship in self.authorships.all()]


class PlanAuthor(VersionedModel):
    """One author of a plan, at its place in the source's list ("JN, NVP, NJI, VNG, VWS en VenJ")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="authorships", verbose_name=_("plan"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="authorships",
                                     verbose_name=_("organisation"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("author of a plan")
        verbose_name_plural = _("authors of a plan")
        ordering = ["plan", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="plan_author_once")]

    def __str__(self):
        return f"{self.plan}: {self.organisation}"


class Line(VersionedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    challenge = models.TextField(_("challenge (opgave)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("line")
        verbose_name_plural = _("lines")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="line_number_unique_in_plan")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Action(VersionedModel):
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="actions", verbose_name=_("line"))
    number = models.CharField(_("number"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible: models.ManyToManyField = models.ManyToManyField(
        Organisation, through="Responsibility", blank=True, related_name="actions",
        verbose_name=_("responsible organisations"),
        help_text=_("In the order of the source's Verantwoordelijk column."),
    )
    result = models.TextField(_("result"), blank=True)
    timing_text = models.CharField(_("timing as the source gives it"), max_length=300, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True, editable=False)
    period_end = models.DateField(_("period end"), null=True, blank=True, editable=False)
    timing_kind = models.CharField(_("kind of timing"), max_length=12, choices=TimingKind.choices, blank=True,
                                   editable=False)
    timing_condition = models.CharField(_("condition of the timing"), max_length=300, blank=True, editable=False)
    timing_unparsed = models.BooleanField(
        _("timing not understood"), default=False, editable=False,
        help_text=_("The timing text could not be read as a period: an editor should look at it."),
    )
    progress_override = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True,
        help_text=_("Only a percentage that a source or an editor gives; leave empty otherwise. No percentage "
                    "is ever derived from the status, and none is shown while the status is unknown."),
    )
    example_municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="cited_in_actions", verbose_name=_("municipalities cited as examples")
    )
    quote = models.TextField(_("quote from the source"), blank=True)
    inference_note = models.TextField(
        _("what was inferred"), blank=True,
        help_text=_("What this transcription reads into the source rather than copying it (shown on the plan "
                    "page as inferred), e.g. an illegible organisation or a timing taken from the prose."),
    )
    history = HistoricalRecords(m2m_fields=[example_municipalities])  # `responsible`: Responsibility's own history

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["line__plan", "line__number", "position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="action_number_unique_in_line"),
            models.CheckConstraint(
                condition=Q(progress_override__isnull=True) | Q(progress_override__lte=100),
                name="action_progress_at_most_100",
                violation_error_message=_("Progress is a percentage: at most 100."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True) | Q(period_end__gte=F("period_start")),
                name="action_period_in_order",
            ),
            models.CheckConstraint(condition=Q(timing_kind__in=["", *TimingKind.values]), name="action_timing_kind_known"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        """Keep the kind, period and condition read from the text (as printed in the plan's
        Wanneer/Realisatie column) beside it; text that cannot be read is flagged, not guessed."""
        read = timing.parse_timing(self.timing_text, timing.WHEN) if self.timing_text else None
        self.timing_kind = read.kind if read else ""
        self.period_start = read.start if read else None
        self.period_end = read.end if read else None
        self.timing_condition = read.condition if read else ""
        self.timing_unparsed = bool(self.timing_text) and read is None
        super().save(*args, **kwargs)

    @property
    def timing_summary(self):
        """How the timing was read, in words ("uiterlijk 30/06/2019", "periode 01/01/2017 – 31/12/2018",
        "doorlopend"), with the condition if any; "" without timing text."""
        if not self.timing_text:
            return ""
        if self.timing_unparsed:
            return str(_("not understood as a period"))
        start = self.period_start.strftime("%d/%m/%Y") if self.period_start else None
        end = self.period_end.strftime("%d/%m/%Y") if self.period_end else None
        if end is None:
            text = _("continuing from %(day)s") % {"day": start} if start else _("continuing")
        elif start is None:
            text = _("no later than %(day)s") % {"day": end}
        else:
            text = _("period %(start)s – %(end)s") % {"start": start, "end": end}
        if self.timing_condition:
            text = _("%(timing)s, under a condition: %(condition)s") % {"timing": text, "condition": self.timing_condition}
        return str(text)

    @property
    def status_label(self):
        """The derived status (from `with_status()`) in words."""
        return ActionStatus(self.status).label

    @property
    def status_summary(self):
        """The derived status with the date it holds from: "lopend (sinds 01/09/2015)", or "onbekend"."""
        if getattr(self, "status_date", None):
            return str(_("%(status)s (since %(day)s)") % {"status": self.status_label,
                                                           "day": self.status_date.strftime("%d/%m/%Y")})
        return str(self.status_label)

    @property
    def status_known(self):
        return self.status != ActionStatus.UNKNOWN

    def get_absolute_url(self):
        return f"{self.line.plan.get_absolute_url()}#actie-{self.number}"

    def ordered_responsible(self):
        """The responsible organisations in the source's order (uses a prefetch of
        `responsibilities__organisation` if present)."""
        return [responsibility.organisation for responsibility in self.responsibilities.all()]


class Responsibility(VersionedModel):
    """An organisation responsible for an action, at its place in the source's Verantwoordelijk column."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="responsibilities",
                               verbose_name=_("action"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="responsibilities",
                                     verbose_name=_("organisation"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsible organisation")
        verbose_name_plural = _("responsible organisations")
        ordering = ["action", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["action", "organisation"], name="responsibility_once")]

    def __str__(self):
        return f"{self.action}: {self.organisation}"


class TargetQuerySet(models.QuerySet):
    def of_plan(self, plan: Plan) -> Self:
        """The targets of a plan, wherever they hang: on the plan, a line or an action."""
        return self.annotate(plan_ref=plan_of_target()).filter(plan_ref=plan.pk)

    def with_latest_measurement(self, day: datetime.date | None = None) -> Self:
        """`latest_value` (Decimal), `latest_date` and `latest_source`: the latest progress update of
        the target dated on or before `day` (any day when None), by date then entry order; None when
        there is none. One query; a figure keeps its source."""
        latest = ProgressUpdate.objects.filter(target=OuterRef("pk"))
        if day is not None:
            latest = latest.filter(date__lte=day)
        latest = latest.order_by("-date", "-pk")
        return self.annotate(
            latest_value=Subquery(latest.values("measured_value")[:1],
                                  output_field=models.DecimalField(max_digits=14, decimal_places=2)),
            latest_date=Subquery(latest.values("date")[:1]),
            latest_source=Subquery(latest.values("source")[:1]),
        )


class Target(VersionedModel):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("increase by")
        DECREASE = "decrease", _("decrease")
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="targets", verbose_name=_("plan"))
    line = models.ForeignKey(Line, on_delete=models.CASCADE, null=True, blank=True, related_name="targets", verbose_name=_("line"))
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="targets", verbose_name=_("action"))
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=120)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_text = models.CharField(_("baseline as the source gives it"), max_length=200, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_text = models.TextField(_("target as the source words it"))
    indicative = models.BooleanField(
        _("indicative"), default=False,
        help_text=_("The source gives this target only as an example of what would count as success "
                    "(e.g. “Bijvoorbeeld:”), not as a commitment."),
    )
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["target_date", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, line__isnull=True, action__isnull=True)
                | Q(plan__isnull=True, line__isnull=False, action__isnull=True)
                | Q(plan__isnull=True, line__isnull=True, action__isnull=False),
                name="target_belongs_to_one_plan_line_or_action",
                violation_error_message=_("A target belongs to exactly one plan, line or action."),
            ),
            models.CheckConstraint(condition=~Q(unit=""), name="target_has_unit",
                                   violation_error_message=_("A target needs a unit.")),
        ]

    def __str__(self):
        return self.indicator

    @property
    def owner_plan(self):
        if self.plan_id:
            return self.plan
        if self.line_id:
            return self.line.plan
        return self.action.line.plan if self.action_id else None


class ProgressUpdate(VersionedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="updates", verbose_name=_("action"))
    target = models.ForeignKey(Target, on_delete=models.CASCADE, null=True, blank=True, related_name="updates", verbose_name=_("target"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=REPORTED_STATUSES, blank=True)
    measured_value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["", *dict(REPORTED_STATUSES)]),
                                   name="progress_update_status_reported"),
            models.CheckConstraint(
                condition=Q(action__isnull=False, target__isnull=True) | Q(action__isnull=True, target__isnull=False),
                name="progress_update_for_one_action_or_target",
                violation_error_message=_("A progress update is about one action or one target."),
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(measured_value__isnull=False),
                name="progress_update_of_target_has_value",
                violation_error_message=_("An update of a target needs the measured value."),
            ),
            models.CheckConstraint(condition=~Q(source=""), name="progress_update_has_source"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.action or self.target}"

    def clean(self):
        super().clean()
        plan = self.action.line.plan if self.action_id else (self.target.owner_plan if self.target_id else None)
        if plan and plan.start_date and self.date and self.date < plan.start_date:
            raise ValidationError({"date": _("A progress update cannot be dated before the plan started (%(day)s).")
                                   % {"day": plan.start_date.strftime("%d/%m/%Y")}})


class Adoption(VersionedModel):
    """A municipality and a recommendation of a guidance plan: either the municipality took it up,
    with evidence (*adoption*), or the guidance itself cites the municipality's practice as an
    example ("een goed voorbeeld is …": *example*, with the guidance's own words as the quote).
    An example is never counted as an adoption."""

    class Kind(models.TextChoices):
        ADOPTION = "adoption", _("took it up")
        EXAMPLE = "example", _("cited as an example")

    class Where(models.TextChoices):
        ELECTION_PROGRAMME = "election_programme", _("election programme")
        COALITION_AGREEMENT = "coalition_agreement", _("coalition agreement")
        COUNCIL_AGREEMENT = "council_agreement", _("council agreement")
        COUNCIL_MOTION = "council_motion", _("council motion")
        PRACTICE = "practice", _("practice")

    recommendation = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("recommendation"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("municipality"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ADOPTION)
    scope_note = models.CharField(
        _("why this municipality"), max_length=300, blank=True,
        help_text=_("Where the source names a group rather than this municipality, say so "
                    "(“de bron noemt dit voor alle tien Groningse gemeenten”)."),
    )
    adopted = models.BooleanField(_("adopted"), default=True)
    where = models.CharField(_("where"), max_length=20, choices=Where.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    evidence_title = models.CharField(_("evidence (document title)"), max_length=500)
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    quote = models.TextField(_("quote"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adoption of a recommendation")
        verbose_name_plural = _("adoptions of recommendations")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "municipality", "where"], name="adoption_once_per_place"),
            models.CheckConstraint(condition=~Q(evidence_title=""), name="adoption_has_evidence"),
            models.CheckConstraint(condition=Q(kind__in=["adoption", "example"]), name="adoption_kind_known"),
            models.CheckConstraint(
                condition=~Q(kind="example") | ~Q(quote=""), name="example_has_quote",
                violation_error_message=_("An example needs the source's own words as the quote."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.recommendation}"

    def clean(self):
        super().clean()
        if self.recommendation_id and not self.recommendation.line.plan.is_guidance:
            raise ValidationError({"recommendation": _("Only recommendations of a guidance plan can be adopted.")})
        if self.municipality_id and self.municipality.province.country != Country.NETHERLANDS:
            raise ValidationError({"municipality": _("Only Dutch municipalities can adopt these recommendations.")})


class ReferenceQuerySet(models.QuerySet):
    def in_page_order(self) -> Self:
        """Grouped as a reader meets them: links, motions, example practices, listed annexes; each
        group in the source's order (position)."""
        order = Case(*(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(Reference.Kind.values)),
                     output_field=models.IntegerField())
        return self.order_by(order, "position", "pk")


class Reference(VersionedModel):
    """Something a plan refers to, as the source gives it: a link of its annex of links, a
    parliamentary motion cited in a footnote, an example practice of its annex of examples
    (linked to the municipality where the practice is a municipality's), or an annex the plan
    lists by title and date without reproducing it."""

    class Kind(models.TextChoices):
        LINK = "link", _("link")
        MOTION = "motion", _("parliamentary motion")
        EXAMPLE_PRACTICE = "example_practice", _("example practice")
        ANNEX = "annex", _("annex")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The date the source gives it, if any."))
    text = models.TextField(_("text as the source gives it"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="plan_references", verbose_name=_("municipalities"),
        help_text=_("The municipalities whose practice this is, where the source names them."),
    )
    history = HistoricalRecords(m2m_fields=[municipalities])

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["plan", "kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "title"], name="reference_once_per_plan"),
            models.CheckConstraint(condition=Q(kind__in=["link", "motion", "example_practice", "annex"]),
                                   name="reference_kind_known"),
        ]

    def __str__(self):
        return self.title

    @property
    def kind_heading(self):
        """The heading the plan page puts above the references of this kind."""
        return {
            self.Kind.LINK: _("Links"),
            self.Kind.MOTION: _("Parliamentary motions cited"),
            self.Kind.EXAMPLE_PRACTICE: _("Example practices"),
            self.Kind.ANNEX: _("Annexes the source lists (not included in it)"),
        }[self.kind]
