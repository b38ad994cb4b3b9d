"""Benchmark of the parliamentary annex export: real size and 10x, against pandas and a floor.

Run: `make bench-annex` (or `.venv/bin/python benchmarks/annex.py`). It builds a clearly synthetic
register in a separate, temporary SQLite database (or in the PostgreSQL database that
BENCH_DATABASE_URL names), never in the app's own database, and prints for each size: export
time (median of runs), peak memory (tracemalloc), SQL queries; and, on the same rows, the time of
pandas.DataFrame.to_excel (XlsxWriter engine, pandas' default when XlsxWriter is installed) and of
the floor: XlsxWriter in memory writing the same cells by type, without styling or core.workbooks.
Targets: < 0.3 s at real size, < 3 s and < 200 MB at 10x, >= 2x faster than pandas, within 1.5x
of the floor.

The floor is the only code outside core/workbooks.py that calls XlsxWriter: it measures what that
module's safety (text always as text, control characters dropped) and styling cost.
"""

import datetime
import gc
import io
import statistics
import time
import tracemalloc

from synthetic import DAY, build_register, prepare  # sets Django up on a separate database

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
import xlsxwriter  # noqa: E402

from initiatives import annex  # noqa: E402

RUNS = 7


def export():
    return annex.build_workbook(annex.collect(DAY))


def sheets_as_lists(data):
    """The same cells as the annex's data sheets, as plain lists."""
    registered = [[m.province, m.name, m.code, m.procedure_started, m.status_date] for m in data.registered]
    candidates = [[m.province, m.name, m.code, m.status_date] for m in data.candidates]
    initiatives = [[*i[:-1], "structureel" if i[-1] else "eenmalig"] for i in data.initiatives]
    overview = [[r.province.name if r.province else "Totaal", r.active, r.registered, r.candidates, r.unknown,
                 r.neither, r.coverage / 100] for r in data.counts]
    return {"Overzicht": overview, "a": registered, "b": candidates, "c": initiatives}


def with_pandas(tables):
    import pandas

    buffer = io.BytesIO()
    with pandas.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, rows in tables.items():
            pandas.DataFrame(rows).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def floor(tables):
    """The same cells with bare XlsxWriter: text, numbers and dates by type, no styling, no checks."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in tables.items():
        sheet = workbook.add_worksheet(name)
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(row_number, column, value)
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(row_number, column, value, date_format)
                elif value is not None:
                    sheet.write_number(row_number, column, value)
    workbook.close()
    return buffer.getvalue()


def median_seconds(function, *args):
    """Median wall time over RUNS calls after one warm-up, garbage collection off (as timeit)."""
    function(*args)
    times = []
    gc.disable()
    try:
        for _ in range(RUNS):
            start = time.perf_counter()
            function(*args)
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return statistics.median(times)


def measure(scale):
    count = build_register(scale)
    seconds = median_seconds(export)
    connection.queries_log.clear()  # the log is a bounded deque: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        content = export()
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    tables = sheets_as_lists(annex.collect(DAY))
    rows = sum(len(rows) for rows in tables.values())
    pandas_seconds = median_seconds(with_pandas, tables)
    floor_seconds = median_seconds(floor, tables)
    print(f"\n{scale}x: {count} active municipalities, {rows} data rows, {len(content) / 1024:.0f} KB")
    print(f"  annex export   median {seconds:.3f} s   peak {peak / 2**20:.1f} MB   {len(queries)} SQL queries")
    print(f"  pandas         median {pandas_seconds:.3f} s   (annex is {pandas_seconds / seconds:.1f}x faster)")
    print(f"  XlsxWriter floor median {floor_seconds:.3f} s (annex is {seconds / floor_seconds:.2f}x the floor)")


def main():
    prepare()
    print(f"Reference date {DAY}.")
    for scale in (1, 10):
        measure(scale)


if __name__ == "__main__":
    main()
