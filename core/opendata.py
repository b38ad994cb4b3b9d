"""Open data: any list as CSV (for Excel with a Dutch locale) or JSON, with stable field names.

CSV is UTF-8 with a byte-order mark and `;` as separator, as Dutch-locale Excel expects. Text
that Excel would read as a formula (core.text.looks_like_formula: starting with = + - @, a tab or
a carriage return) is prefixed with an apostrophe; numbers, negative ones included, stay numbers
(with a decimal comma). JSON is `{"fields": [...], "count": n, "results": [...]}` with ISO dates.
Text in both loses the control characters XML 1.0 forbids (core.text). Both carry cache headers:
the data changes a few times a day at most.
"""

import csv
import datetime
import io
import json
import math
from decimal import Decimal

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from core.text import looks_like_formula, strip_control_characters

CACHE_SECONDS = 600


def neutralise(text):
    """Spreadsheet-safe text: without forbidden control characters, an apostrophe before a formula start."""
    text = strip_control_characters(text)
    return "'" + text if looks_like_formula(text) else text


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
        writer.writerow([_csv_value(row.get(field)) for field in fields])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return _cached(response)


def _csv_value(value):
    """One CSV field: numbers as numbers (decimal comma), everything else as neutralised text."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        if not _finite(value):
            return neutralise(str(value))
        return _decimal_text(value).replace(".", ",")  # Dutch-locale Excel reads a decimal comma
    if isinstance(value, list):
        return neutralise(", ".join(str(item) for item in value))
    return neutralise(str(value))


def json_response(fields, rows):
    results = [{field: _json_value(row.get(field)) for field in fields} for row in rows]
    body = json.dumps({"fields": fields, "count": len(results), "results": results}, ensure_ascii=False)
    return _cached(HttpResponse(body, content_type="application/json; charset=utf-8"))


def _json_value(value):
    value = _plain(value)
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, (Decimal, float)) and not _finite(value):
        return str(value)  # JSON has no NaN or infinity
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def _decimal_text(value):
    value = Decimal(str(value))
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _finite(value):
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _cached(response):
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def respond(fmt, fields, rows, filename):
    """The CSV or JSON twin of a list page; `rows` are dicts keyed by the field names."""
    if fmt == "csv":
        return csv_response(fields, rows, filename)
    return json_response(fields, rows)
