"""Open data: any list as CSV (for Excel with a Dutch locale) or JSON, with stable field names.

CSV is UTF-8 with a byte-order mark and `;` as separator, as Dutch-locale Excel expects. A value
that Excel would read as a formula (starting with = + - @, a tab or a carriage return) is
prefixed with an apostrophe. JSON is `{"fields": [...], "count": n, "results": [...]}` with ISO
dates. Both carry cache headers: the data changes a few times a day at most.
"""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CACHE_SECONDS = 600


def neutralise(value):
    """A spreadsheet-safe cell: text that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def csv_response(fields, rows, filename):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([neutralise(_csv_value(row.get(field))) for field in fields])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return _cached(response)


def _csv_value(value):
    value = _plain(value)
    if isinstance(value, (Decimal, float)):
        return _decimal_text(value).replace(".", ",")  # Dutch-locale Excel reads a decimal comma
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def json_response(fields, rows):
    results = [{field: _json_value(row.get(field)) for field in fields} for row in rows]
    body = json.dumps({"fields": fields, "count": len(results), "results": results}, ensure_ascii=False)
    return _cached(HttpResponse(body, content_type="application/json; charset=utf-8"))


def _json_value(value):
    value = _plain(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _decimal_text(value):
    value = Decimal(str(value))
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _cached(response):
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def respond(fmt, fields, rows, filename):
    """The CSV or JSON twin of a list page; `rows` are dicts keyed by the field names."""
    if fmt == "csv":
        return csv_response(fields, rows, filename)
    return json_response(fields, rows)
