from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from municipalities import opendata
from municipalities.caching import public_page
from municipalities.downloads import xlsx_response

from . import annex
from .filters import InitiativeFilter
from .forms import AnnexForm
from .models import Category, Initiative


@public_page
def annex_page(request):
    form = AnnexForm(initial={"datum": timezone.localdate()})
    return render(request, "initiatives/annex_form.html", {"form": form})


@public_page
def annex_download(request):
    form = AnnexForm(request.GET)
    if not form.is_valid():
        return render(request, "initiatives/annex_form.html", {"form": form}, status=400)
    day, since, question = (form.cleaned_data[key] for key in ("datum", "sinds", "vraag"))
    workbook = annex.build_workbook(annex.collect(day, since=since, question=question))
    return xlsx_response(workbook, annex.annex_filename(day))


INITIATIVE_FIELDS = ["gemeente_code", "gemeente", "provincie", "titel", "beschrijving", "categorie", "begindatum",
                     "einddatum", "timing", "structureel", "bron"]


@public_page
def initiative_list(request, fmt=None):
    """Published initiatives, filterable by province, category and municipality; CSV and JSON twins."""
    filterset = InitiativeFilter(
        request.GET,
        queryset=Initiative.objects.published()
        .select_related("municipality__province", "category")
        .order_by("municipality__name", "start_date", "title"),
    )
    if fmt:
        rows = [
            {"gemeente_code": i.municipality.code, "gemeente": i.municipality.name,
             "provincie": i.municipality.province.name, "titel": i.title, "beschrijving": i.description,
             "categorie": i.category.name, "begindatum": i.start_date, "einddatum": i.end_date,
             "timing": i.timing_text, "structureel": i.is_structural, "bron": i.source}
            for i in filterset.qs
        ]
        return opendata.respond(fmt, INITIATIVE_FIELDS, rows, "initiatieven")
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "initiatives/initiative_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(), "categories": Category.objects.all(),
    })
