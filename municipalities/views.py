from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext

from core.caching import public_page
from core.dates import ReferenceDateForm
from core.listing import list_or_file

from .charts import segmented_bar_chart
from .map_data import map_data
from .models import FosterCareForm, FosterCareTopic, KeyFigure, MapLayer, Province
from .statistics import complete_registers, counts_by_province


@public_page
def province_detail(request, iso_code):
    """A province's municipalities with their status on `?datum=` (today by default) and its counts."""
    province = get_object_or_404(Province, iso_code=iso_code)
    day, date_form = ReferenceDateForm.for_request(request)
    active = province.municipalities.active_on(day).order_by("name")
    counts, complete, merger_notes = None, [], {}
    if province.on_flemish_register:
        active = active.with_status_on(day)
        counts = next(row for row in counts_by_province(day) if row.province == province)
        complete = [record for record in complete_registers(day) if record.province_id == province.pk]
        merger_notes = active.merger_notes()
    former = province.municipalities.ended_before(day).select_related("successor").order_by("name")
    return render(
        request,
        "municipalities/province_detail.html",
        {"province": province, "active": active, "former": former, "today": day, "day": day, "date_form": date_form,
         "counts": counts, "complete": complete, "note_province": province, "merger_notes": merger_notes,
         "breadcrumbs": [(gettext("Municipalities"), reverse("municipalities")), (province.name, None)]},
    )


@public_page
def foster_care_forms(request):
    """Information page: the forms of foster care in Flanders, then every slide of the source in its own words."""
    return render(
        request,
        "municipalities/foster_care_forms.html",
        {"forms": FosterCareForm.objects.all(), "topics": FosterCareTopic.objects.all(),
         "breadcrumbs": [(gettext("Forms of foster care"), None)]},
    )


KEY_FIGURE_FIELDS = ["reeks", "omschrijving", "waarde", "eenheid", "datum", "datum_zoals_bron", "gebied", "land",
                     "provincie_code", "bron", "opmerking"]


@public_page
def key_figures(request, fmt=None):
    """Every key figure with date, area and source; each series as a bar chart with its table."""
    figures = list(KeyFigure.objects.select_related("province").order_by("country", "series", "date", "label"))
    return list_or_file(request, fmt, figures, fields=KEY_FIGURE_FIELDS, row=_key_figure_row, filename="kerncijfers",
                        template="municipalities/key_figures.html", context=lambda: _key_figure_page(figures))


def _key_figure_row(f):
    return {"reeks": f.series, "omschrijving": f.label, "waarde": f.value, "eenheid": f.unit, "datum": f.date,
            "datum_zoals_bron": f.date_label, "gebied": f.area, "land": f.country,
            "provincie_code": f.province.iso_code if f.province else None, "bron": f.source, "opmerking": f.note}


def _key_figure_page(figures):
    """The page's context: each series (country, slug) with its figures split by source and its chart."""
    series = []
    for name, items in groupby(figures, key=lambda f: (f.country, f.series)):
        items = list(items)
        segments = _by_source(items)
        chart = None
        if name[1] and len(items) > 1:
            chart = segmented_bar_chart(
                [[(f"{f.label} ({f.date_display})", f.value, f"{floatformat(f.value, '-2g')} {f.unit}") for f in segment]
                 for segment in segments],
                gettext("break in the series: another source"),
            )
        series.append({"country": name[0], "slug": name[1], "figures": items, "segments": segments, "chart": chart})
    return {"series": series, "breadcrumbs": [(gettext("Key figures"), None)]}


def _by_source(figures):
    """`figures` of one series split by source, in order of first appearance: [[KeyFigure, ...], ...].

    Figures from different sources are never joined into one series: no source document says its
    figures are comparable with another's (e.g. Pleegzorg Nederland 2016 and the factsheet 2024).
    """
    segments = {}
    for figure in figures:
        segments.setdefault(figure.source, []).append(figure)
    return list(segments.values())


@public_page
def map_page(request):
    """Flanders and Brussels coloured by status on a day, with the municipalities of the day as a table.

    The map draws the 2019-2024 shapes; from 2025 on, a merged municipality's shape shows its
    successor's status and links to it, and the page says so. The legend and the table count the
    municipalities of the day, not the shapes (`map_data`).
    """
    day, date_form = ReferenceDateForm.for_request(request)
    layer = MapLayer.objects.filter(name="vlaanderen-brussel").first()
    data = map_data(day, layer)
    return render(
        request,
        "municipalities/map.html",
        {"day": day, "date_form": date_form, "layer": layer, "shapes": data.shapes, "register": data.register,
         "counts": data.counts, "merged_shapes": data.merged_shapes, "merger_notes": data.merger_notes,
         "complete": complete_registers(day), "breadcrumbs": [(gettext("Map"), None)]},
    )
