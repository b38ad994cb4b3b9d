from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .filters import MunicipalityFilter
from .models import Country, FosterCareForm, Municipality, Province
from .statistics import counts_by_province

PAGE_SIZE = 50


def municipality_list(request):
    today = timezone.localdate()
    municipalities = Municipality.objects.active_on(today).select_related("province")
    filterset = MunicipalityFilter(request.GET, queryset=municipalities)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "municipalities/municipality_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "today": today},
    )


def province_detail(request, iso_code):
    province = get_object_or_404(Province, iso_code=iso_code)
    today = timezone.localdate()
    active = province.municipalities.active_on(today).order_by("name")
    counts = None
    if province.country == Country.BELGIUM:
        active = active.with_status_on(today)
        counts = next(row for row in counts_by_province(today) if row.province == province)
    former = province.municipalities.ended_before(today).select_related("successor").order_by("name")
    return render(
        request,
        "municipalities/province_detail.html",
        {"province": province, "active": active, "former": former, "today": today, "counts": counts},
    )


def foster_care_forms(request):
    """Information page: the forms of foster care in Flanders."""
    return render(request, "municipalities/foster_care_forms.html", {"forms": FosterCareForm.objects.all()})
