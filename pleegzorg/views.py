"""Pages that combine the apps: home, the municipality page, the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from actions.models import Action, Adoption, Plan
from initiatives.models import Initiative
from municipalities.models import Municipality, Province, StatusEvent


def home(request):
    provinces = Province.objects.all()
    return render(request, "home.html", {"provinces": provinces})


def municipality_detail(request, code):
    """A municipality with its status, and the history and initiatives of its predecessors too."""
    today = timezone.localdate()
    municipality = get_object_or_404(
        Municipality.objects.with_status_on(today).select_related("province", "successor"), code=code
    )
    predecessors = list(municipality.predecessors.order_by("name"))
    lineage = [municipality, *predecessors]
    events = StatusEvent.objects.filter(municipality__in=lineage).select_related("municipality").order_by("date", "kind")
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
        },
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
