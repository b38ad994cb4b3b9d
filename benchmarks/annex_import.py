"""The import half of the annex benchmark (benchmarks/annex.py): a 5,000-row workbook an officer
corrected, read into a plan, applied, and previewed in the admin.

The workbook is the annex of DAY (`annex.build_workbook(annex.collect(DAY))`) on the real-size
synthetic register topped up with initiatives, so that sheets a, b and c hold IMPORT_ROWS data rows
together once the officer's new rows are added; then corrected with openpyxl as an officer would in
Excel: register dates moved earlier, initiative titles and start dates corrected, new initiatives
added without a key.
"""

import datetime
import io
import logging

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from measuring import Stopwatch, Summary, median_timing, profile, query_kinds, timed, with_queries  # noqa: E402
from synthetic import DAY, add_initiatives  # sets Django up first

from initiatives import annex  # noqa: E402
from initiatives.annex import admin_views, importing, layout, reading  # noqa: E402
from initiatives.annex.plan import Options  # noqa: E402
from initiatives.annex.xlsx_rows import shared_strings  # noqa: E402

IMPORT_ROWS = 5_000  # data rows on sheets a, b and c together, the officer's new rows included
NEW_INITIATIVES = 100
CHANGED_TITLES = 200
CHANGED_STARTS = 100
CHANGED_REGISTER_ROWS = 150  # on sheet a; every candidate on sheet b too
RUNS = 3
TARGET_SECONDS = 3
FILENAME = "bijlage-gecorrigeerd.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def officer_workbook():
    """(bytes, description) of the corrected workbook; adds initiatives to the register as needed."""
    data = annex.collect(DAY)
    listed = len(data.registered) + len(data.candidates) + len(data.initiatives)
    add_initiatives(IMPORT_ROWS - NEW_INITIATIVES - listed, started_by=DAY)
    data = annex.collect(DAY)
    book = openpyxl.load_workbook(io.BytesIO(annex.build_workbook(data)))
    with translation.override(settings.LANGUAGE_CODE):
        names = annex.sheet_names()
        sheets = {sheet_layout.key: (book[names[sheet_layout.key]], sheet_layout) for sheet_layout in layout.IMPORTED}
        headers = {key: _header_row(sheet, sheet_layout.headers()) for key, (sheet, sheet_layout) in sheets.items()}
    dates = 0
    for key, limit in (("registered", CHANGED_REGISTER_ROWS), ("candidates", None)):
        sheet, sheet_layout = sheets[key]
        code = sheet_layout.position("nis_code")
        rows = [row for row in sheet.iter_rows(min_row=headers[key] + 1) if row[code].value]  # no subtotals
        for row in rows[:limit]:
            for column, days in (("applied", 10), ("appointed", 5)):  # earlier, in the same order
                if any(c.key == column for c in sheet_layout.columns):
                    cell = row[sheet_layout.position(column)]
                    if isinstance(cell.value, datetime.datetime):
                        cell.value -= datetime.timedelta(days=days)
                        dates += 1
    sheet, sheet_layout = sheets["initiatives"]
    rows = list(sheet.iter_rows(min_row=headers["initiatives"] + 1))
    step = len(rows) // CHANGED_TITLES
    for row in rows[::step][:CHANGED_TITLES]:
        row[sheet_layout.position("title")].value += " (gecorrigeerd)"
    starts = 0
    for row in rows[1::step]:
        cell = row[sheet_layout.position("start")]
        if starts < CHANGED_STARTS and isinstance(cell.value, datetime.datetime):
            cell.value -= datetime.timedelta(days=1)
            starts += 1
    for n in range(NEW_INITIATIVES):
        model = rows[n * step]
        values = {key: model[sheet_layout.position(key)].value
                  for key in ("province", "municipality", "nis_code", "category", "kind")}
        values.update(title=f"Nieuw initiatief van de ambtenaar {n}", description="Ingevuld in Excel.",
                      start=datetime.datetime(2024, 5, 1))
        sheet.append([values.get(column.key) for column in sheet_layout.columns])
        sheet.cell(sheet.max_row, sheet_layout.position("start") + 1).number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    description = (f"sheet a {len(data.registered)}, b {len(data.candidates)}, c {len(data.initiatives)} + "
                   f"{NEW_INITIATIVES} new rows; {dates} register dates and {starts} start dates moved earlier, "
                   f"{CHANGED_TITLES} titles changed")
    return buffer.getvalue(), description


def _header_row(sheet, headers):
    for row in sheet.iter_rows(max_row=layout.MAX_TITLE_ROWS):
        if [cell.value for cell in row[:len(headers)]] == headers:
            return row[0].row
    raise LookupError(f"no header row on {sheet.title}")


def read(content):
    return importing.read(content, FILENAME, province_ids=None, options=Options(source="bench"))


def read_cells(content):
    """The reading part of `importing.read` alone: every cell of sheets a, b and c, no database."""
    with translation.override(settings.LANGUAGE_CODE):
        book = reading.open_workbook(content)
        try:
            strings = shared_strings(book)
            names = annex.sheet_names()
            return [reading.read_table(book[names[sheet_layout.key]], sheet_layout, strings)
                    for sheet_layout in layout.IMPORTED]
        finally:
            book.close()


class _RolledBack(Exception):
    pass


def apply_rolled_back(plan):
    """`importing.apply(plan)` in a transaction rolled back afterwards, so that every run applies the
    same kind of plan to the same register (the commit itself is not timed); returns rows written."""
    try:
        with transaction.atomic():
            raise _RolledBack(importing.apply(plan))
    except _RolledBack as done:
        return done.args[0]


def measure_import():
    """Print read, apply and the admin preview for the officer's workbook; profile what misses its target."""
    content, description = officer_workbook()
    print(f"\n== Import of a {IMPORT_ROWS:,}-row workbook ({len(content) / 1024:.0f} KB; {description}) ==")
    reads, applies = [], []
    for run in range(RUNS):  # a fresh plan per run: apply changes the instances it saves
        with Stopwatch() as watch:
            plan, queries = with_queries(lambda: read(content))
        reads.append(watch.timing)
        if run == 0:
            read_queries = queries
            print("  plan: " + ", ".join(f"{count} {action}" for action, count in plan.summary.items() if count)
                  + f"; {len(plan.writes)} rows to write")
            for change in plan.errors[:5]:
                print(f"    error on {change.sheet} row {change.row}: {change.reason}")
        with Stopwatch() as watch:
            written, queries = with_queries(lambda plan=plan: apply_rolled_back(plan))
        applies.append(watch.timing)
        if run == 0:
            apply_queries = queries
    read_time, apply_time = median_timing(reads), median_timing(applies)
    cells_time = timed(lambda: read_cells(content), 1, warm_up=False)
    print(f"  importing.read (the preview's plan)  median {read_time}  {len(read_queries)} SQL queries  [{RUNS} runs]")
    print(f"    queries: {query_kinds(read_queries)}")
    print(f"    of which reading the cells (annex.reading.open_workbook, read_table of a, b, c): {cells_time}  [1 run]")
    print(f"  importing.apply                      median {apply_time}  {len(apply_queries)} SQL queries, {written} "
          f"rows written  [{RUNS} runs, each rolled back]")
    print(f"    queries: {query_kinds(apply_queries)}")
    Summary.add(f"import {IMPORT_ROWS:,} rows: read (preview plan) < 3 s", f"{read_time.seconds:.3f} s",
                read_time.seconds < TARGET_SECONDS)
    Summary.add(f"import {IMPORT_ROWS:,} rows: apply < 3 s", f"{apply_time.seconds:.3f} s",
                apply_time.seconds < TARGET_SECONDS)
    measure_preview_page(content)
    if read_time.seconds >= TARGET_SECONDS:
        profile(lambda: read(content), "importing.read")
    if apply_time.seconds >= TARGET_SECONDS:
        plan = read(content)
        profile(lambda: apply_rolled_back(plan), "importing.apply (rolled back)")


def measure_preview_page(content):
    """The admin's preview, once: a logged-in superuser POSTs the file, then GETs the page it is sent to."""
    logging.getLogger("axes").setLevel(logging.WARNING)  # no log line per login
    users = get_user_model().objects
    user = users.filter(username="bench").first() or users.create_superuser("bench", "bench@example.invalid", None)
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile(FILENAME, content, content_type=XLSX)
    with Stopwatch() as post:
        response, post_queries = with_queries(
            lambda: client.post(reverse(admin_views.URL_NAME), {"file": upload, "source": "bench"}))
    assert response.status_code == 302, (response.status_code, response.content[:2000])
    with Stopwatch() as get:
        page, get_queries = with_queries(lambda: client.get(response["Location"]))
    assert page.status_code == 200, page.status_code
    with Stopwatch() as second:
        page_two, second_queries = with_queries(lambda: client.get(response["Location"] + "&pagina=2"))
    assert page_two.status_code == 200, page_two.status_code
    print(f"  admin preview: POST upload {post.timing}  {len(post_queries)} SQL queries  [1 run]")
    print(f"  admin preview: GET page 1  {get.timing}  {len(get_queries)} SQL queries, "
          f"{len(page.content) / 1024:.0f} KB HTML, {admin_views.PAGE_SIZE} rows per page  [1 run]")
    print(f"  admin preview: GET page 2  {second.timing}  {len(second_queries)} SQL queries  [1 run]")
    print("    (the POST reads the whole file; the pages reuse its plan while the register's fingerprint is unchanged)")
    Summary.add("admin preview: POST upload + GET page 1 + GET page 2",
                f"{post.timing.seconds:.3f} + {get.timing.seconds:.3f} + {second.timing.seconds:.3f} s", None)
