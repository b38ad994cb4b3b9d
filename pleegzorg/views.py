"""Pages that combine the apps: home, the municipality page, the health check."""

from django.db import DatabaseError, connection
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from actions.models import Action, Adoption, Plan
from core.caching import public_page
from core.dates import ReferenceDateForm, file_day
from core.errors import Refused
from core.listing import list_or_file
from initiatives.models import Initiative
from municipalities.models import KeyFigure, Municipality, Province, Status, StatusEvent
from municipalities.register_history import last_register_change
from municipalities.statistics import complete_registers, counts_by_province, official_comparisons

from .catalogue import license_uri
from .datasets import DATASETS
from .filters import MunicipalityFilter

PAGE_SIZE = 50
LATEST_FIGURES = 6  # on the home page
MUNICIPALITY_FIELDS = [
    "code",
    "naam",
    "naam_fr",
    "land",
    "provincie",
    "provincie_code",
    "status",
    "status_label",
    "status_datum",
    "status_datum_uiterlijk",
    "status_bron",
    "status_afgeleid",
    "start_procedure",
    "gepubliceerde_initiatieven",
    "peildatum",
    "url",
]


@public_page
def home(request):
    """Flanders' coverage on a day (today by default), per province, and the latest key figures dated on
    or before that day, each with its source."""
    day, date_form = ReferenceDateForm.for_request(request)
    counts = counts_by_province(day)
    # What was known on the day: only figures dated on or before it, newest first, in a stable order.
    figures = KeyFigure.objects.filter(date__lte=day).order_by("-date", "country", "label", "area", "pk")[
        :LATEST_FIGURES
    ]
    return render(
        request,
        "home.html",
        {
            "day": day,
            "date_form": date_form,
            "counts": counts[:-1],
            "total": counts[-1],
            "figures": figures,
            "official": official_comparisons(day, counts),
            "complete": complete_registers(day),
            "provinces": Province.objects.all(),
        },
    )


@public_page
def municipality_list(request, fmt=None):
    """Every municipality active on a day, with its status that day; CSV and JSON twins."""
    day, date_form = ReferenceDateForm.for_request(request)
    published = Initiative.objects.published().filter(municipality=OuterRef("pk")).order_by().values("municipality")
    active = Municipality.objects.active_on(day)
    municipalities = (
        (active.with_status_source_on(day) if fmt else active.with_status_on(day))
        .select_related("province")
        .annotate(initiative_count=Coalesce(Subquery(published.annotate(n=Count("pk")).values("n")), 0))
        .order_by("name", "code")
    )
    filterset = MunicipalityFilter(request.GET, queryset=municipalities)
    inferred_from = {}
    if fmt:
        file_day(request)  # a file refuses an impossible day rather than answer for today
        inferred_from = {record.province_id: record.source for record in complete_registers(day)}
    return list_or_file(
        request,
        fmt,
        filterset,
        fields=MUNICIPALITY_FIELDS,
        row=lambda m: _municipality_row(request, m, day, inferred_from),
        filename=f"gemeenten-{day.isoformat()}",
        template="municipalities/municipality_list.html",
        page_size=PAGE_SIZE,
        context=lambda: {
            "filter": filterset,
            "date_form": date_form,
            "day": day,
            "complete": complete_registers(day),
            "breadcrumbs": [(_("Municipalities"), None)],
        },
    )


def _municipality_row(request, municipality, day, inferred_from):
    """One municipality of the open data; `inferred_from`: {province pk: source} of the registers complete
    on `day`, the source of a "none" that no event of the municipality's own states."""
    belgian = municipality.on_flemish_register
    inferred = belgian and municipality.status_inferred
    return {
        "code": municipality.code,
        "naam": municipality.name,
        "naam_fr": municipality.name_fr,
        "land": municipality.province.country,
        "provincie": municipality.province.name,
        "provincie_code": municipality.province.iso_code,
        "status": municipality.status if belgian else None,
        "status_label": str(Status(municipality.status).label) if belgian else None,
        "status_datum": municipality.status_date,
        "status_datum_uiterlijk": municipality.status_date_is_upper_bound,
        "status_bron": inferred_from.get(municipality.province_id) if inferred else municipality.status_source,
        "status_afgeleid": inferred if belgian else None,
        "start_procedure": municipality.procedure_started,
        "gepubliceerde_initiatieven": municipality.initiative_count,
        "peildatum": day,
        "url": request.build_absolute_uri(municipality.get_absolute_url()),
    }


@public_page
def municipality_detail(request, code):
    """A municipality with its status on `?datum=` (today by default), and the history and
    initiatives of its predecessors too."""
    today, date_form = ReferenceDateForm.for_request(request)
    municipality = get_object_or_404(
        Municipality.objects.with_status_on(today).with_existence_on(today).select_related("province", "successor"),
        code=code,
    )
    predecessors = list(municipality.predecessors.with_existence_on(today).order_by("name"))
    # On a day it did not exist the page has no status to show, only what existed instead; one that
    # merged away keeps showing its successor's status.
    absent = not municipality.exists_on_day and not (municipality.successor_id and municipality.valid_until < today)
    lineage = [municipality, *predecessors]
    events = (
        StatusEvent.objects.filter(municipality__in=lineage).select_related("municipality").order_by("date", "kind")
    )
    initiatives = (
        Initiative.objects.published()
        .filter(municipality__in=lineage)
        .select_related("municipality", "category")
        .order_by("-start_date", "title")
    )
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "predecessors": predecessors,
            "events": events,
            "initiatives": initiatives,
            "plans": Plan.objects.filter(municipality=municipality).order_by("title"),
            "cited_in": Action.objects.filter(example_municipalities=municipality)
            .select_related("line__plan")
            .order_by("line__plan__title", "number"),
            "adoptions": Adoption.objects.filter(municipality=municipality, adopted=True)
            .select_related("recommendation__line__plan")
            .order_by("recommendation__number"),
            "today": today,
            "day": today,
            "absent": absent,
            "existing_predecessors": [p for p in predecessors if p.exists_on_day],
            "date_form": date_form,
            "merger_note": None
            if absent
            else Municipality.objects.filter(pk=municipality.pk).merger_notes().get(municipality.pk),
            # A "no" without an event of its own is an inference from a complete register: the page names it and its source.
            "complete": [] if absent else _completeness_behind(municipality, today),
            "last_change": last_register_change(lineage),
            # Arrived from the search by a merged-away name (pleegzorg.search): a note says so.
            "searched": next((p for p in predecessors if p.code == request.GET.get("via")), None),
            "breadcrumbs": [
                (_("Municipalities"), reverse("municipalities")),
                (municipality.province.name, municipality.province.get_absolute_url()),
                (municipality.name, None),
            ],
        },
    )


def _completeness_behind(municipality, day):
    """The RegisterCompleteness records that make `municipality` "not a pleegzorggemeente" on `day`
    without an event of its own ([] when its status rests on an event or is not "none"); one query at most."""
    if not municipality.status_inferred:
        return []
    return [record for record in complete_registers(day) if record.province_id == municipality.province_id]


@public_page
def open_data(request):
    return render(
        request,
        "open_data.html",
        {"datasets": DATASETS, "licence": license_uri(), "breadcrumbs": [(_("Open data"), None)]},
    )


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request, exception):
    """handler400: the Dutch 400 page, with the reason of a core.errors.Refused. Rendered without the
    request, as Django's own handler does: the request may be what is wrong (a foreign Host header)."""
    message = exception.message if isinstance(exception, Refused) else None
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
