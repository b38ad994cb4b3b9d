"""Two kinds of fault that must never end in a 500: text no database can hold, and a database
that does not answer.

UnstorableTextMiddleware (early in MIDDLEWARE, before anything reads the session or a view runs):
    PostgreSQL refuses a NUL character (U+0000) in any text value: psycopg2 raises ValueError "A
    string literal cannot contain NUL (0x00) characters" for a lookup as for a save. A lone
    surrogate (U+D800-U+DFFF) cannot be encoded to UTF-8 for any database. Real HTTP brings a NUL in
    as %00 in the path or a parameter, or as "\\000" in a quoted cookie value. A request carrying
    one anywhere a view or middleware may pass on to the database (path, query string, form
    fields, uploaded file names, cookies, headers) is answered here, the same on SQLite and on
    PostgreSQL: 404 when it is in the path (no page has such an address), else 400 with a Dutch
    page. Other invisible characters are the forms' concern (core.text).

DatabaseUnavailableMiddleware:
    When the database cannot be reached (server down or restarting, connection lost, locked,
    statement cancelled) a view raises OperationalError or InterfaceError. The answer is a Dutch
    503 page with a Retry-After header; a save is "not saved" (the admin saves in one transaction,
    so nothing is half-written). A query the database finds too complex (a limit of the
    SQL engine, not an outage) is a 400 with a Dutch page instead: retrying would not help.
    The session and the user are loaded lazily, from within the view, so a session lookup that
    fails is caught here too.
"""

import logging
import re

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
RETRY_AFTER_SECONDS = 30

# SQLSTATE class 54 "program limit exceeded" (statement too complex, too many arguments, ...).
POSTGRESQL_LIMIT_CLASS = "54"
# sqlite3 reports its limits by message only: "LIKE or GLOB pattern too complex", "Expression tree
# is too large (maximum depth 1000)", "too many SQL variables", "parser stack overflow", ...
SQLITE_LIMIT = re.compile(r"too (complex|large|many|big)|stack overflow", re.IGNORECASE)


def has_unstorable_text(value) -> bool:
    return isinstance(value, str) and UNSTORABLE.search(value) is not None


def unstorable_part(request) -> str | None:
    """Where the request carries a character no database can store: a short English label, or None.

    Reading request.POST parses the body once; Django keeps the result for the view.
    """
    parts = {
        "query": request.GET.lists(),
        "form": request.POST.lists() if request.method == "POST" else (),
        "cookie": ((name, [value]) for name, value in request.COOKIES.items()),
        "header": ((name, [value]) for name, value in request.META.items() if name.startswith("HTTP_")),
    }
    for part, pairs in parts.items():
        for name, values in pairs:
            if has_unstorable_text(name) or any(has_unstorable_text(value) for value in values):
                return part
    if request.method == "POST" and any(has_unstorable_text(upload.name) for upload in request.FILES.values()):
        return "form"
    return None


class UnstorableTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_unstorable_text(request.path_info):
            raise Http404("Unstorable character in the path.")
        part = unstorable_part(request)
        if part:
            logger.warning("Refused %s %s: unstorable character in its %s.", request.method, request.path, part)
            return refuse_unstorable(request)
        return self.get_response(request)


def refuse_unstorable(request):
    """400 with a Dutch page: nothing was read nor changed."""
    with translation.override(settings.LANGUAGE_CODE):
        return render(
            request,
            "400.html",
            {
                "message": _(
                    "Your request contains an invisible character (U+0000) that cannot be processed. "
                    "Nothing was changed. Remove it and try again."
                )
            },
            status=400,
        )


def is_limit_error(exception) -> bool:
    """True when the database refused a statement as too complex: the request's fault, not an outage."""
    cause = exception.__cause__
    code = getattr(cause, "pgcode", None) or ""
    return code.startswith(POSTGRESQL_LIMIT_CLASS) or (
        type(cause).__module__ == "sqlite3" and SQLITE_LIMIT.search(str(cause)) is not None
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if isinstance(exception, OperationalError) and is_limit_error(exception):
            logger.warning("Query too complex for the database on %s: %s", request.path, exception)
            return too_complex(request)
        logger.error("Database unavailable on %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)


def too_complex(request):
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "400.html",
            {
                "message": _(
                    "This request is too large or too complex for the database. Nothing was changed. "
                    "Make it shorter (for a search: fewer or shorter words) and try again."
                )
            },
        )
    return HttpResponse(body, status=400)


def database_unavailable(request):
    """503 with a Dutch page and Retry-After.

    Rendered without the request, so without context processors: they could need the session,
    and so the database.
    """
    saving = request.method not in ("GET", "HEAD", "OPTIONS")
    with translation.override(settings.LANGUAGE_CODE):
        message = (
            _("Not saved: the database cannot be reached right now. Please try again shortly.")
            if saving
            else _("The database cannot be reached right now. Please try again shortly.")
        )
        body = render_to_string("503.html", {"message": message})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
