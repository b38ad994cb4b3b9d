from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext

from core import opendata
from core.caching import public_page
from core.dates import ReferenceDateForm, file_day
from core.downloads import xlsx_response
from core.listing import filtered_for_file

from . import export, timeline
from .changes import plan_history
from .filters import ActionFilter, OpenDataActionFilter
from .models import (
    Action,
    Adoption,
    Line,
    Organisation,
    Plan,
    PlanAuthor,
    ProgressUpdate,
    Reference,
    Responsibility,
    Target,
)
from .models.plans import StatusCounts, plan_of_target


@public_page
def plan_list(request):
    """Every plan with its actions counted by status on `?datum=` (today by default)."""
    day, date_form = ReferenceDateForm.for_request(request)
    plans = list(
        Plan.objects.select_related("municipality")
        .prefetch_related(plan_authors())
        .annotate(actions_total=Count("lines__actions", distinct=True))
        .order_by("kind", "-start_date", "title")
    )
    counts = Action.objects.status_counts_on(day, "line__plan")
    targets = dict(
        Target.objects.annotate(owner_plan=plan_of_target())
        .values("owner_plan").annotate(n=Count("pk")).values_list("owner_plan", "n")
    )
    measured = dict(
        ProgressUpdate.objects.filter(target__isnull=False, date__lte=day)
        .annotate(owner_plan=plan_of_target("target__"))
        .values("owner_plan").annotate(n=Count("target", distinct=True)).values_list("owner_plan", "n")
    )
    rows = [(plan, counts.get(plan.pk, StatusCounts()), targets.get(plan.pk, 0), measured.get(plan.pk, 0))
            for plan in plans]
    return render(request, "actions/plan_list.html", {"rows": rows, "today": day, "day": day, "date_form": date_form,
                                                      "breadcrumbs": [(gettext("Action plans"), None)]})


def plan_authors():
    """The authors of each plan in the source's order (`plan.ordered_authors()`): one query."""
    return Prefetch("authorships", queryset=PlanAuthor.objects.select_related("organisation").order_by("position", "pk"))


def responsible_in_order():
    """The responsible organisations of each action in the source's order (`action.ordered_responsible()`)."""
    return Prefetch("responsibilities",
                    queryset=Responsibility.objects.select_related("organisation").order_by("position", "pk"))


def status_history(day=None):
    """The progress updates of each action, oldest first: its status history (up to `day` when given)."""
    updates = ProgressUpdate.objects.order_by("date", "pk")
    return Prefetch("updates", queryset=updates.filter(date__lte=day) if day else updates)


@public_page
def plan_detail(request, slug):
    """A plan, its lines and actions with their status and overdue on `?datum=` (today by default)."""
    today, date_form = ReferenceDateForm.for_request(request)
    plan = get_object_or_404(
        Plan.objects.select_related("municipality").prefetch_related(plan_authors(), "partners"), slug=slug,
    )
    lines = list(Line.objects.filter(plan=plan).order_by("number"))
    # The roll-ups count every action of the plan by status, whatever the filters show.
    line_counts = Action.objects.filter(line__plan=plan).status_counts_on(today, "line")
    plan_counts = sum(line_counts.values(), StatusCounts())
    actions = (
        Action.objects.filter(line__plan=plan)
        .with_overdue_on(today)
        .with_progress()
        .annotate(adoption_count=Count("adoptions", filter=Q(adoptions__kind=Adoption.Kind.ADOPTION,
                                                             adoptions__adopted=True), distinct=True),
                  example_count=Count("adoptions", filter=Q(adoptions__kind=Adoption.Kind.EXAMPLE), distinct=True))
        .select_related("line")
        .prefetch_related(responsible_in_order(), "example_municipalities", status_history(today))
        .order_by("line__number", "position")
    )
    filterset = ActionFilter(request.GET, queryset=actions, plan=plan)
    shown = list(filterset.qs)
    by_line = {line.pk: [] for line in lines}
    for action in shown:
        by_line[action.line_id].append(action)
    targets = list(
        Target.objects.of_plan(plan)
        .with_latest_measurement(today)
        .select_related("line", "action")
        .order_by("target_date", "pk")
    )
    return render(
        request,
        "actions/plan_detail.html",
        {
            "plan": plan,
            "lines": [(line, by_line[line.pk], line_counts.get(line.pk, StatusCounts())) for line in lines],
            "counts": plan_counts,
            "filter": filterset,
            "targets": targets,
            "timeline": timeline.build(shown, today),
            "actions": shown,
            "references": list(Reference.objects.filter(plan=plan).in_page_order().prefetch_related("municipalities")),
            "today": today,
            "day": today,
            "date_form": date_form,
            "breadcrumbs": [(gettext("Action plans"), reverse("actions:plans")), (plan.title, None)],
        },
    )


@public_page
def plan_changes_page(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    return render(request, "actions/plan_changes.html", {
        "plan": plan, "history": plan_history(plan),
        "breadcrumbs": [(gettext("Action plans"), reverse("actions:plans")), (plan.title, plan.get_absolute_url()),
                        (gettext("Changes"), None)],
    })


@public_page
def plan_xlsx(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    day = file_day(request)
    return xlsx_response(export.plan_workbook(plan, day), f"{plan.slug}.xlsx")


@public_page
def organisation_detail(request, slug):
    """An organisation's plans and the actions it is responsible for, with their status on `?datum=`."""
    day, date_form = ReferenceDateForm.for_request(request)
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), slug=slug)
    actions = (
        organisation.actions.with_overdue_on(day).with_progress()
        .select_related("line__plan")
        .prefetch_related(status_history(day))
        .order_by("line__plan__title", "line__number", "position")
    )
    plans = Plan.objects.filter(Q(authors=organisation) | Q(partners=organisation)).distinct().order_by("title")
    grouped = [(plan, list(items)) for plan, items in groupby(actions, key=lambda a: a.line.plan)]
    return render(
        request,
        "actions/organisation_detail.html",
        {"organisation": organisation, "grouped": grouped, "plans": plans, "day": day, "date_form": date_form,
         "breadcrumbs": [(gettext("Action plans"), reverse("actions:plans")), (organisation.short_name, None)]},
    )


@public_page
def recommendation_detail(request, slug, number):
    """A recommendation of a guidance, its status on `?datum=` and the municipalities that took it up."""
    day, date_form = ReferenceDateForm.for_request(request)
    recommendation = get_object_or_404(
        Action.objects.with_overdue_on(day).select_related("line__plan").prefetch_related(status_history(day)),
        line__plan__slug=slug, number=number,
    )
    if not recommendation.line.plan.is_guidance:
        raise Http404
    rows = (
        Adoption.objects.filter(recommendation=recommendation, adopted=True)
        .select_related("municipality__province")
        .order_by("municipality__province__name", "municipality__name")
    )
    adoptions = [row for row in rows if row.kind == Adoption.Kind.ADOPTION]
    examples = [row for row in rows if row.kind == Adoption.Kind.EXAMPLE]
    grouped = [(province, list(items)) for province, items in groupby(adoptions, key=lambda a: a.municipality.province)]
    return render(
        request,
        "actions/recommendation_detail.html",
        {"recommendation": recommendation, "plan": recommendation.line.plan, "grouped": grouped,
         "examples": _examples_by_quote(examples), "day": day, "date_form": date_form,
         "breadcrumbs": [(gettext("Action plans"), reverse("actions:plans")),
                         (recommendation.line.plan.title, recommendation.line.plan.get_absolute_url()),
                         (recommendation.title, None)]},
    )


def _examples_by_quote(examples):
    """[(quote, scope_note, [municipalities])]: the guidance's words once, with every municipality it covers."""
    grouped = {}
    for example in examples:
        entry = grouped.setdefault((example.quote, example.scope_note, example.evidence_title), [])
        entry.append(example.municipality)
    return [(quote, note, title, municipalities) for (quote, note, title), municipalities in grouped.items()]



ACTION_FIELDS = ["plan", "plan_titel", "plan_soort", "opgesteld_door", "lijn", "lijn_titel", "actie", "titel",
                 "verantwoordelijk", "resultaat", "wanneer", "termijn_soort", "termijn_voorwaarde", "periode_begin",
                 "periode_einde", "peildatum", "status", "status_datum", "status_bron", "voortgang", "te_laat",
                 "termijn_verstreken_status_onbekend", "voorbeeldgemeenten", "afgeleid", "bron", "url"]


@public_page
def action_data(request, fmt):
    """Every action of every plan with its plan and line and its status on `?datum=` (today by default;
    an impossible day is refused, see file_day), filterable like the plan page."""
    day = file_day(request)
    actions = (
        Action.objects.with_overdue_on(day).with_progress()
        .select_related("line__plan")
        .prefetch_related(Prefetch("line__plan__authorships",
                                   queryset=PlanAuthor.objects.select_related("organisation").order_by("position", "pk")),
                          responsible_in_order(), "example_municipalities")
        .order_by("line__plan__slug", "line__number", "position")
    )
    filterset = OpenDataActionFilter(request.GET, queryset=actions)
    rows = [
        {
            "plan": a.line.plan.slug, "plan_titel": a.line.plan.title, "plan_soort": a.line.plan.kind,
            "opgesteld_door": [o.short_name for o in a.line.plan.ordered_authors()], "lijn": a.line.number, "lijn_titel": a.line.title,
            "actie": a.number, "titel": a.title, "verantwoordelijk": [o.short_name for o in a.ordered_responsible()],
            "resultaat": a.result, "wanneer": a.timing_text, "termijn_soort": a.timing_kind,
            "termijn_voorwaarde": a.timing_condition, "periode_begin": a.period_start,
            "periode_einde": a.period_end, "peildatum": day, "status": a.status, "status_datum": a.status_date,
            "status_bron": a.status_source,
            "voortgang": a.progress, "te_laat": a.is_overdue,
            "termijn_verstreken_status_onbekend": a.is_past_deadline_unknown,
            "voorbeeldgemeenten": [m.code for m in a.example_municipalities.all()],
            "afgeleid": a.inference_note, "bron": a.line.plan.source,
            "url": request.build_absolute_uri(a.get_absolute_url()),
        }
        for a in filtered_for_file(filterset)
    ]
    return opendata.respond(fmt, ACTION_FIELDS, rows, "acties")
