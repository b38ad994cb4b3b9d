"""Benchmark of the parliamentary annex export: real size and 10x, against pandas and a floor.

Run: `make bench-annex` (or `.venv/bin/python benchmarks/annex.py`). It builds a clearly synthetic
register in a separate, temporary SQLite database (or in the PostgreSQL database that
BENCH_DATABASE_URL names), never in the app's own database, and prints for each size: export
time (median of runs), peak memory (tracemalloc), SQL queries; and, on the same rows, the time of
pandas.DataFrame.to_excel and of openpyxl write-only writing the same cells without styling.
Targets: < 0.3 s at real size, < 3 s and < 200 MB at 10x, >= 2x faster than pandas, within 1.5x
of the floor.
"""

import datetime
import gc
import io
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="pleegzorg-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pleegzorg.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from initiatives import annex  # noqa: E402
from initiatives.models import Category, Initiative  # noqa: E402
from municipalities.models import Municipality, Province, StatusEvent  # noqa: E402

DAY = datetime.date(2024, 6, 30)
RUNS = 7


def build_register(scale):
    """319 real municipalities (+ synthetic ones for scale > 1), statuses and ~1,500 initiatives per 1x."""
    StatusEvent.objects.all().delete()
    Initiative.objects.all().delete()
    Municipality.objects.filter(name__startswith="Synthetische gemeente").delete()
    provinces = list(Province.objects.filter(country="BE"))
    extra = 319 * (scale - 1)
    Municipality.objects.bulk_create(
        Municipality(code=f"{50000 + n}", name=f"Synthetische gemeente {n:05d}", province=provinces[n % len(provinces)])
        for n in range(extra)
    )
    municipalities = list(Municipality.objects.flemish_register().active_on(DAY))
    rng = random.Random(scale)
    events = []
    for municipality in municipalities:
        roll = rng.random()
        if roll < 0.75:
            start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(1500))
            events.append(StatusEvent(municipality=municipality, kind="candidate", date=start, source="synthetisch"))
            if roll < 0.65:
                events.append(StatusEvent(municipality=municipality, kind="registered",
                                          date=start + datetime.timedelta(days=rng.randrange(1, 200)), source="synthetisch"))
    StatusEvent.objects.bulk_create(events)
    categories = list(Category.objects.all())
    Initiative.objects.bulk_create(
        Initiative(
            municipality=rng.choice(municipalities),
            title=f"Synthetisch initiatief {n}",
            description="Synthetische beschrijving van een lokaal initiatief voor pleeggezinnen. " * 2,
            category=rng.choice(categories),
            start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(1900)),
            is_structural=rng.random() < 0.4,
            is_published=rng.random() < 0.95,
            source="synthetisch",
        )
        for n in range(1500 * scale)
    )
    return len(municipalities)


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
    with pandas.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, rows in tables.items():
            pandas.DataFrame(rows).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def floor(tables):
    workbook = Workbook(write_only=True)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
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
    print(f"  write-only floor median {floor_seconds:.3f} s (annex is {seconds / floor_seconds:.2f}x the floor)")


def main():
    print(f"Synthetic register in {os.environ['DATABASE_URL'].split('@')[-1]}; reference date {DAY}.")
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    for scale in (1, 10):
        measure(scale)


if __name__ == "__main__":
    main()
