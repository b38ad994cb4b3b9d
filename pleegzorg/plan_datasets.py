"""Open datasets of the Dutch plans: plans, targets, organisations, example practices, adoptions.

(The actions themselves are actions.views.action_data, at /plannen.csv|json.) Each `*_rows(request)`
returns dicts keyed by the field names declared below, in a constant number of queries; `?plan=`
(a plan's slug) narrows targets, example practices and adoptions to one plan, as its page shows
them. An unknown slug or kind is refused with a 400 page (core.listing.filtered_for_file), never ignored.
"""

import django_filters
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actions.models import Adoption, Organisation, Plan, Reference, Target
from actions.models.plans import plan_of_target
from actions.views import plan_authors
from core.dates import file_day
from core.listing import filtered_for_file

from .dataset_declaration import BOOLEAN, COMPUTED, DATE, DECIMAL, INTEGER, LIST, PLAN_SOURCE, TEXT, URL, Dataset, Field


class PlanFilter(django_filters.FilterSet):
    """`?plan=<slug>` on rows that belong to a plan through `plan_field`."""

    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), to_field_name="slug", method="of_plan")
    plan_field = "plan"

    def of_plan(self, queryset, name, value):
        return queryset.filter(**{self.plan_field: value.pk})


class TargetFilter(PlanFilter):
    plan_field = "plan_ref"

    class Meta:
        model = Target
        fields = ["plan"]


class ReferenceFilter(PlanFilter):
    class Meta:
        model = Reference
        fields = ["plan"]


class AdoptionFilter(PlanFilter):
    plan_field = "recommendation__line__plan"
    soort = django_filters.ChoiceFilter(field_name="kind", choices=Adoption.Kind.choices)

    class Meta:
        model = Adoption
        fields = ["plan", "soort"]


def plan_rows(request):
    """Every plan in the plans page's order, with its number of actions and targets (four queries)."""
    plans = (
        Plan.objects.select_related("municipality").prefetch_related(plan_authors(), "partners")
        .annotate(actions_total=Count("lines__actions", distinct=True))
        .order_by("kind", "-start_date", "title")
    )
    targets = dict(Target.objects.annotate(owner_plan=plan_of_target()).values("owner_plan")
                   .annotate(n=Count("pk")).values_list("owner_plan", "n"))
    return [
        {"slug": p.slug, "titel": p.title, "soort": p.kind, "opgesteld_door": [o.short_name for o in p.ordered_authors()],
         "partners": sorted(o.short_name for o in p.partners.all()),
         "gemeente_code": p.municipality.code if p.municipality else None, "periode_zoals_bron": p.period_text,
         "begindatum": p.start_date, "einddatum": p.end_date, "budget": p.budget, "status": p.status or None,
         "acties": p.actions_total, "doelen": targets.get(p.pk, 0), "bron": p.source,
         "url": request.build_absolute_uri(p.get_absolute_url())}
        for p in plans
    ]


def target_rows(request):
    """Every quantified target with its latest measurement on `?datum=` (today by default; an impossible
    day is refused, see file_day), by plan, then as the plan page orders them."""
    slugs = dict(Plan.objects.values_list("pk", "slug"))
    day = file_day(request)
    targets = (
        Target.objects.with_latest_measurement(day).annotate(plan_ref=plan_of_target())
        .select_related("line", "action__line").order_by("plan_ref", "target_date", "pk")
    )
    rows = []
    for t in filtered_for_file(TargetFilter(request.GET, queryset=targets)):
        level = "actie" if t.action_id else "lijn" if t.line_id else "plan"
        line = t.action.line if t.action_id else t.line
        rows.append({
            "plan": slugs[t.plan_ref], "niveau": level, "lijn": line.number if line else None,
            "actie": t.action.number if t.action_id else None, "indicator": t.indicator, "eenheid": t.unit,
            "richting": t.direction, "basiswaarde": t.baseline_value, "basisdatum": t.baseline_date,
            "basis_zoals_bron": t.baseline_text, "streefwaarde": t.target_value, "streefdatum": t.target_date,
            "doel_zoals_bron": t.target_text, "indicatief": t.indicative, "peildatum": day, "laatste_meting": t.latest_value,
            "laatste_meting_datum": t.latest_date, "laatste_meting_bron": t.latest_source,
            "url": request.build_absolute_uri(reverse("actions:plan", args=[slugs[t.plan_ref]])),
        })
    return rows


def organisation_rows(request):
    """Every organisation with the number of actions it is responsible for and plans it wrote (one query)."""
    organisations = (
        Organisation.objects.select_related("municipality")
        .annotate(action_count=Count("responsibilities", distinct=True), plan_count=Count("authorships", distinct=True))
        .order_by("short_name")
    )
    return [
        {"kort": o.short_name, "naam": o.name, "soort": o.kind, "gemeente_code": o.municipality.code if o.municipality else None,
         "acties": o.action_count, "plannen_opgesteld": o.plan_count,
         "url": request.build_absolute_uri(o.get_absolute_url())}
        for o in organisations
    ]


def example_rows(request):
    """The example practices the plans list, with the municipalities whose practice each is (two queries)."""
    references = (
        Reference.objects.filter(kind=Reference.Kind.EXAMPLE_PRACTICE).select_related("plan")
        .prefetch_related("municipalities").order_by("plan__slug", "position", "pk")
    )
    rows = []
    for r in filtered_for_file(ReferenceFilter(request.GET, queryset=references)):
        places = sorted(r.municipalities.all(), key=lambda m: m.name)
        rows.append({
            "plan": r.plan.slug, "titel": r.title, "link": r.url or None, "datum": r.date, "tekst": r.text,
            "gemeente_codes": [m.code for m in places], "gemeenten": [m.name for m in places],
            "url": request.build_absolute_uri(f"{r.plan.get_absolute_url()}#verwijzing-{r.pk}"),
        })
    return rows


def adoption_rows(request):
    """The guidance's recommendations taken up by Dutch municipalities, and the municipalities the guidance
    cites as an example, as the recommendation pages show them (one query)."""
    adoptions = (
        Adoption.objects.filter(adopted=True).select_related("recommendation__line__plan", "municipality")
        .order_by("recommendation__line__plan__slug", "recommendation__line__number", "recommendation__position",
                  "kind", "municipality__name", "pk")
    )
    rows = []
    for a in filtered_for_file(AdoptionFilter(request.GET, queryset=adoptions)):
        plan = a.recommendation.line.plan
        rows.append({
            "plan": plan.slug, "aanbeveling": a.recommendation.number, "aanbeveling_titel": a.recommendation.title,
            "soort": a.kind, "gemeente_code": a.municipality.code, "gemeente": a.municipality.name, "waar": a.where,
            "datum": a.date, "bewijs": a.evidence_title, "bewijs_url": a.evidence_url or None, "citaat": a.quote,
            "toelichting": a.scope_note,
            "url": request.build_absolute_uri(reverse("actions:recommendation", args=[plan.slug, a.recommendation.number])),
        })
    return rows


PLAN_MODELS = ("actions.Plan", "actions.PlanAuthor", "actions.Line")

DATASETS = [
    Dataset(
        slug="plannen",
        title=_("Dutch action plans"),
        description=_("The Dutch national and municipal foster-care plans and the guidance, with their authors, period, "
                      "budget and number of actions and targets."),
        source=_("the plan's source document (bron)"),
        page="actions:plans", rows=plan_rows,
        models=(*PLAN_MODELS, "actions.Action", "actions.Target"),
        temporal=("actions.Plan.start_date", "actions.Plan.end_date"), spatial=("NLD",),
        keywords=("pleegzorg", "actieplan"),
        fields=[
            Field("slug", TEXT, _("the plan's stable name")), Field("titel", TEXT, _("title")),
            Field("soort", TEXT, _("national, municipal or guidance")),
            Field("opgesteld_door", LIST, _("the plan's authors (short names), in the source's order")),
            Field("partners", LIST, _("partners and others involved (short names), alphabetical")),
            Field("gemeente_code", TEXT, _("CBS code of the municipality of a municipal plan")),
            Field("periode_zoals_bron", TEXT, _("the period as the source gives it")),
            Field("begindatum", DATE, _("start date")), Field("einddatum", DATE, _("end date")),
            Field("budget", DECIMAL, _("budget in euro, where the source gives one")),
            Field("status", TEXT, _("the plan's own status where the source gives one: planned, ongoing, delayed, done or dropped")),
            Field("acties", INTEGER, _("number of actions"), COMPUTED),
            Field("doelen", INTEGER, _("number of quantified targets"), COMPUTED),
            Field("bron", TEXT, _("source document")), Field("url", URL, _("the plan's page"), COMPUTED),
        ],
    ),
    Dataset(
        slug="doelen",
        title=_("Quantified targets of the Dutch plans"),
        description=_("The plans' quantified targets with baseline, target value and date, and the latest measurement."),
        source=PLAN_SOURCE,
        page="actions:plans", rows=target_rows, filters="datum, plan",
        models=(*PLAN_MODELS, "actions.Action", "actions.Target", "actions.ProgressUpdate"),
        temporal=("actions.Target.baseline_date", "actions.Target.target_date"), spatial=("NLD",),
        keywords=("pleegzorg", "actieplan", "doelen", "indicatoren"),
        fields=[
            Field("plan", TEXT, _("the plan's slug")), Field("niveau", TEXT, _("what the target hangs on: plan, lijn or actie")),
            Field("lijn", INTEGER, _("line number (empty for a target of the plan)")),
            Field("actie", TEXT, _("action number (empty unless the target hangs on an action)")),
            Field("indicator", TEXT, _("indicator")), Field("eenheid", TEXT, _("unit")),
            Field("richting", TEXT, _("increase, decrease, at_least or at_most")),
            Field("basiswaarde", DECIMAL, _("baseline value")), Field("basisdatum", DATE, _("baseline date")),
            Field("basis_zoals_bron", TEXT, _("the baseline as the source gives it")),
            Field("streefwaarde", DECIMAL, _("target value")), Field("streefdatum", DATE, _("target date")),
            Field("doel_zoals_bron", TEXT, _("the target in the source's words")),
            Field("indicatief", BOOLEAN, _("true when the source gives the target only as an example (“Bijvoorbeeld”)")),
            Field("peildatum", DATE, _("the day the latest measurement is looked up for (?datum=, today by default)"), COMPUTED),
            Field("laatste_meting", DECIMAL, _("the latest measured value on or before the peildatum (empty when none)"), _("the progress update's source")),
            Field("laatste_meting_datum", DATE, _("the date of that measurement"), _("the progress update's source")),
            Field("laatste_meting_bron", TEXT, _("the source of that measurement"), _("the progress update's source")),
            Field("url", URL, _("the plan's page"), COMPUTED),
        ],
    ),
    Dataset(
        slug="organisaties",
        title=_("Organisations of the Dutch plans"),
        description=_("The organisations that wrote the plans or are responsible for their actions."),
        source=PLAN_SOURCE,
        rows=organisation_rows,
        models=("actions.Organisation", "actions.Responsibility", "actions.PlanAuthor"), spatial=("NLD",),
        keywords=("pleegzorg", "organisaties"),
        fields=[
            Field("kort", TEXT, _("short name, as the plans write it")), Field("naam", TEXT, _("full name")),
            Field("soort", TEXT, _("sector, government, association, provider, knowledge, municipality or other")),
            Field("gemeente_code", TEXT, _("CBS code, for a municipality")),
            Field("acties", INTEGER, _("number of actions it is responsible for"), COMPUTED),
            Field("plannen_opgesteld", INTEGER, _("number of plans it wrote"), COMPUTED),
            Field("url", URL, _("the organisation's page"), COMPUTED),
        ],
    ),
    Dataset(
        slug="voorbeeldpraktijken",
        title=_("Example practices in the Dutch plans"),
        description=_("The example practices the plans list in their annexes, with the municipalities whose practice each is."),
        source=PLAN_SOURCE,
        page="actions:plans", rows=example_rows, filters="plan",
        models=("actions.Reference", "actions.Plan"), temporal=("actions.Reference.date",), spatial=("NLD",),
        keywords=("pleegzorg", "voorbeelden", "gemeenten"),
        fields=[
            Field("plan", TEXT, _("the plan's slug")), Field("titel", TEXT, _("title")),
            Field("link", URL, _("link the source gives (may be empty)")), Field("datum", DATE, _("date the source gives (may be empty)")),
            Field("tekst", TEXT, _("the text as the source gives it")),
            Field("gemeente_codes", LIST, _("CBS codes of the municipalities whose practice this is")),
            Field("gemeenten", LIST, _("their names, in the same order")),
            Field("url", URL, _("the practice on its plan's page"), COMPUTED),
        ],
    ),
    Dataset(
        slug="adopties",
        title=_("Recommendations taken up by Dutch municipalities"),
        description=_("Which municipalities took up a recommendation of the guidance, with evidence, and which the "
                      "guidance itself cites as an example (never counted as taking it up)."),
        source=_("the evidence on each row (bewijs, bewijs_url)"),
        page="actions:plans", rows=adoption_rows, filters="plan, soort",
        models=("actions.Adoption", "actions.Action"), temporal=("actions.Adoption.date",), spatial=("NLD",),
        keywords=("pleegzorg", "aanbevelingen", "gemeenten"),
        fields=[
            Field("plan", TEXT, _("the guidance's slug")), Field("aanbeveling", TEXT, _("recommendation number")),
            Field("aanbeveling_titel", TEXT, _("the recommendation")),
            Field("soort", TEXT, _("adoption (took it up) or example (the guidance cites its practice)")),
            Field("gemeente_code", TEXT, _("CBS code")), Field("gemeente", TEXT, _("municipality")),
            Field("waar", TEXT, _("election_programme, coalition_agreement, council_agreement, council_motion or practice")),
            Field("datum", DATE, _("date of the evidence (may be empty)")),
            Field("bewijs", TEXT, _("the evidence's document title")), Field("bewijs_url", URL, _("link to the evidence")),
            Field("citaat", TEXT, _("quote: for an example, the guidance's own words")),
            Field("toelichting", TEXT, _("why this municipality, where the source names a group")),
            Field("url", URL, _("the recommendation's page"), COMPUTED),
        ],
    ),
]
