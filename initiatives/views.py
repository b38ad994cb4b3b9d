from django.shortcuts import render
from django.utils import timezone

from municipalities.downloads import xlsx_response

from . import annex
from .forms import AnnexForm


def annex_page(request):
    form = AnnexForm(initial={"datum": timezone.localdate()})
    return render(request, "initiatives/annex_form.html", {"form": form})


def annex_download(request):
    form = AnnexForm(request.GET)
    if not form.is_valid():
        return render(request, "initiatives/annex_form.html", {"form": form}, status=400)
    day, since, question = (form.cleaned_data[key] for key in ("datum", "sinds", "vraag"))
    workbook = annex.build_workbook(annex.collect(day, since=since, question=question))
    return xlsx_response(workbook, annex.annex_filename(day))
