"""The files of the newer open datasets (/open-data/<slug>.csv|json) and the DCAT-AP catalogue."""

import json

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control

from core import opendata
from core.caching import public_page

from .catalogue import catalogue
from .datasets import served_dataset


@public_page
def dataset_file(request, slug, fmt):
    """One dataset as CSV or JSON, with the filters of its page as query parameters; 404 for an unknown slug."""
    dataset = served_dataset(slug)
    if dataset is None:
        raise Http404
    return opendata.respond(fmt, dataset.field_names, dataset.rows(request), dataset.slug)


@public_page
def catalogue_jsonld(request):
    """The catalogue of every dataset in DCAT-AP, as JSON-LD (pleegzorg.catalogue)."""
    body = json.dumps(catalogue(request), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    patch_cache_control(response, public=True, max_age=opendata.CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response
