"""The one shape of a public list and its open-data twins: /x/ as a page, /x.csv and /x.json as files.

    return list_or_file(request, fmt, filterset.qs, fields=FIELDS, row=as_row, filename="gemeenten",
                        template="municipalities/municipality_list.html", context={...}, page_size=50)
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import django_filters
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from . import opendata
from .errors import Refused


def filtered_for_file(filterset: django_filters.FilterSet):
    """`filterset.qs` for a data file. An invalid filter value (an unknown plan, a province code that does
    not exist, a year that is no year) raises core.errors.Refused with the Dutch reasons: a page shows the
    error beside its field, a file has no field and must never answer with other rows than were asked for."""
    if filterset.is_bound and not filterset.is_valid():
        reasons = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
        raise Refused(gettext("No file for these filters: %(reasons)s") % {"reasons": reasons})
    return filterset.qs


def list_or_file(
    request: HttpRequest,
    fmt: str | None,
    objects: QuerySet | Sequence | django_filters.FilterSet,
    *,
    fields: list[str],
    row: Callable[[Any], dict],
    filename: str,
    template: str,
    context: Mapping | Callable[[], Mapping] | None = None,
    page_size: int | None = None,
) -> HttpResponse:
    """With `fmt` ("csv" or "json"): every object of `objects` as `row(object)` (a dict keyed by `fields`),
    in the file `filename` (core.opendata.respond). `objects` may be a FilterSet with the page's filters:
    a page lists its `qs` (showing a bad value's error in its form), a file refuses a bad value
    (`filtered_for_file`).

    Without: the page `template` with `context` (a mapping, or a callable that builds it, so that a file
    does not pay for what only the page shows), plus, when `page_size` is given, `page` (the Paginator
    page that `?page=` asks for; the last one for a number past the end, the first for garbage) and
    `query` (the query string without `page`, for the pagination links).
    """
    if fmt:
        if isinstance(objects, django_filters.FilterSet):
            objects = filtered_for_file(objects)
        return opendata.respond(fmt, fields, [row(item) for item in objects], filename)
    if isinstance(objects, django_filters.FilterSet):
        objects = objects.qs
    data = dict(context() if callable(context) else context or {})
    if page_size:
        data["page"] = Paginator(objects, page_size).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        data["query"] = query.urlencode()
    return render(request, template, data)
