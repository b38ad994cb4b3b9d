"""The one shape of a public list and its open-data twins: /x/ as a page, /x.csv and /x.json as files.

    return list_or_file(request, fmt, filterset.qs, fields=FIELDS, row=as_row, filename="gemeenten",
                        template="municipalities/municipality_list.html", context={...}, page_size=50)
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import opendata


def list_or_file(
    request: HttpRequest,
    fmt: str | None,
    objects: Iterable,
    *,
    fields: list[str],
    row: Callable[[Any], dict],
    filename: str,
    template: str,
    context: Mapping | Callable[[], Mapping] = (),
    page_size: int | None = None,
) -> HttpResponse:
    """With `fmt` ("csv" or "json"): every object of `objects` as `row(object)` (a dict keyed by `fields`),
    in the file `filename` (core.opendata.respond; the page's filters are already in `objects`).

    Without: the page `template` with `context` (a mapping, or a callable that builds it, so that a file
    does not pay for what only the page shows), plus, when `page_size` is given, `page` (the Paginator
    page that `?page=` asks for; the last one for a number past the end, the first for garbage) and
    `query` (the query string without `page`, for the pagination links).
    """
    if fmt:
        return opendata.respond(fmt, fields, [row(item) for item in objects], filename)
    data = dict(context() if callable(context) else context)
    if page_size:
        data["page"] = Paginator(objects, page_size).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        data["query"] = query.urlencode()
    return render(request, template, data)
