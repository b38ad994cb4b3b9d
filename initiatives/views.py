from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext

from core.caching import public_page
from core.dates import chosen_day
from core.downloads import xlsx_response
from core.listing import list_or_file

from . import annex
from .filters import InitiativeFilter
from .forms import AnnexForm, answered_questions
from .models import Category, Initiative
from .question_views import archived_annex_url


def staff_only(request, response):
    """`response`, marked private and never to be stored when it was made for staff.

    A staff user's page offers the province field and a province's file; public_page already
    skips its server-side cache for logged-in users, and this keeps browsers and proxies from
    keeping or sharing it (`Cache-Control: private, no-store`, `Vary: Cookie`).
    """
    if request.user.is_staff:
        add_never_cache_headers(response)
        patch_vary_headers(response, ["Cookie"])
    return response


def _annex_form_page(request, form, status=200):
    context = {"form": form, "answered": list(answered_questions()),
               "breadcrumbs": [(gettext("Annex for a parliamentary question"), None)]}
    return staff_only(request, render(request, "initiatives/annex_form.html", context, status=status))


@public_page
def annex_page(request):
    """The form: the register's annex on a date (staff: of one province), or a question's archived annex.
    The date field starts at the reader's `?datum=` (forms.chosen_day), today without a valid one."""
    form = AnnexForm(initial={"datum": chosen_day(request) or timezone.localdate()}, staff=request.user.is_staff)
    return _annex_form_page(request, form)


@public_page
def annex_download(request):
    """The register's annex as .xlsx, never under a question's heading.

    With `vraag` (an answered question) nothing is built: a redirect to the archived file, which
    question_views.question_annex serves after its SHA-256 check. Bad input: the form again, 400.
    """
    form = AnnexForm(request.GET, staff=request.user.is_staff)
    if not form.is_valid():
        return _annex_form_page(request, form, status=400)
    question = form.cleaned_data["vraag"]
    if question is not None:
        return staff_only(request, redirect(archived_annex_url(question)))
    day, since, province = (form.cleaned_data[key] for key in ("datum", "sinds", "provincie"))
    workbook = annex.build_workbook(annex.collect(day, since=since, province=province))
    return staff_only(request, xlsx_response(workbook, annex.annex_filename(day, province)))


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
    return list_or_file(
        request, fmt, filterset, fields=INITIATIVE_FIELDS, row=_initiative_row, filename="initiatieven",
        template="initiatives/initiative_list.html", page_size=50,
        context=lambda: {"filter": filterset, "categories": Category.objects.all(),
                         "breadcrumbs": [(gettext("Initiatives"), None)]},
    )


def _initiative_row(initiative):
    return {
        "gemeente_code": initiative.municipality.code, "gemeente": initiative.municipality.name,
        "provincie": initiative.municipality.province.name, "titel": initiative.title,
        "beschrijving": initiative.description, "categorie": initiative.category.name,
        "begindatum": initiative.start_date, "einddatum": initiative.end_date, "timing": initiative.timing_text,
        "structureel": initiative.is_structural, "bron": initiative.source,
    }
