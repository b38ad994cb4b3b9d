"""Benchmark of the parliamentary annex's yearly cycle: export, the officer's corrections, import.

Run: `make bench-annex` (or `.venv/bin/python benchmarks/annex.py`). It builds a clearly synthetic
register in a separate, temporary SQLite database (or in the PostgreSQL database that
BENCH_DATABASE_URL names), never in the app's own database, and prints in one run:

1. Export (`annex.build_workbook(annex.collect(day))`) at real size (319 municipalities, 1,500
   initiatives) and at 10x: median times of collect and of build_workbook, peak memory
   (tracemalloc) and SQL queries of the whole export; and the writer (build_workbook) against the
   same cells written by pandas.DataFrame.to_excel (XlsxWriter engine) and by the floor, bare
   XlsxWriter (benchmarks/annex_writers.py); collecting the data would cost all three alike.
   Those cells are read back from the annex's own workbook outside the timing, so they are
   exactly the cells it holds, title blocks, subtotals and notes included; what the floor leaves
   out is styling, merges, row heights, column widths, print set-up, autofilter and the checks of
   core.workbooks.
2. Import of a 5,000-row workbook an officer corrected (benchmarks/annex_import.py): the
   preview's plan (`importing.read`), `importing.apply`, the admin's upload and two preview pages.
3. The issue's reference: one 15,000-row initiatives sheet with formats, by our writer, pandas,
   XlsxWriter's constant-memory mode and openpyxl's write-only mode (with formats, and its floor).
4. Where a target is missed, a cProfile: the top functions and the own time per module.
5. A summary: target, measured, met.

Targets (issue 09): export peak memory < 200 MB and the same number of SQL queries at 1x and
10x; export >= 2x faster than pandas and within 1.3x of the floor; read and apply of the
5,000-row file < 3 s each. Said plainly: XlsxWriter alone, writing the same cells with a format
on each and a height on each row but no logic of ours (the styled floor), already takes
1.3x the bare floor, so "within 1.3x of the bare floor" leaves the writer no room at all; each
export therefore also prints the writer against the styled floor, the fairer measure of what our
own Python costs. Times: see benchmarks/measuring.py (CPU time on SQLite, as other work
on this shared 2-core machine stretches wall time; the load average is printed at start and end).

A run takes about 4 minutes on the 2-core machine, each section's share printed at the end; the
largest parts are the 10x export under tracemalloc (~20 s) and the import file read up to six
times (three timed runs, the admin's POST, the cells alone, a profile; the preview's pages reuse
the POST's plan). The profiles run only for a missed target, so a run whose targets are met is
about a minute shorter.
"""

import os

from annex_import import measure_import  # noqa: E402
from annex_writers import (  # noqa: E402
    constant_memory_sheet,
    floor,
    openpyxl_sheet,
    our_sheet,
    pandas_sheet,
    reference_cells,
    reference_rows,
    with_pandas,
    workbook_cells,
)
from django.utils import timezone  # noqa: E402
from measuring import CLOCK, Stopwatch, Summary, Timing, load, peak_megabytes, profile, timed, with_queries  # noqa: E402
from synthetic import DAY, WORKDIR, build_register, prepare  # sets Django up on its own database

from initiatives import annex  # noqa: E402

RUNS = {1: 5, 10: 3}  # timed runs per scale
REFERENCE_ROWS = 15_000
REFERENCE_RUNS = 3
MAX_MEGABYTES = 200
MIN_SPEEDUP_OVER_PANDAS = 2.0
MAX_TIMES_FLOOR = 1.3


def export():
    return annex.build_workbook(annex.collect(DAY))


def measure_export(scale):
    """Print the export at `scale` times the real register; returns its figures and AnnexData."""
    municipalities = build_register(scale)
    first = []
    peak = peak_megabytes(lambda: first.append(with_queries(export)))  # also the warm-up
    content, queries = first[0]
    data = annex.collect(DAY)
    collect_time = timed(lambda: annex.collect(DAY), RUNS[scale], warm_up=False)
    build_time = timed(lambda: annex.build_workbook(data), RUNS[scale], warm_up=False)
    export_time = Timing(collect_time.cpu + build_time.cpu, collect_time.wall + build_time.wall)
    tables = workbook_cells(content)
    cells = sum(value is not None for rows in tables.values() for row in rows for value in row)
    warm_up = scale == 1  # at 10x every writer has run before
    pandas_time = timed(lambda: with_pandas(tables), RUNS[scale], warm_up)
    floor_time = timed(lambda: floor(tables), RUNS[scale], warm_up)
    styled_time = timed(lambda: floor(tables, styled=True), RUNS[scale], warm_up)
    speedup, times_floor = pandas_time.seconds / build_time.seconds, build_time.seconds / floor_time.seconds
    times_styled = build_time.seconds / styled_time.seconds
    print(f"\n== Export at {scale}x: {municipalities} active municipalities; rows on sheet a {len(data.registered)}, "
          f"b {len(data.candidates)}, c {len(data.initiatives)}; {cells} cells; {len(content) / 1024:.0f} KB "
          f"[{RUNS[scale]} runs] ==")
    if scale == 1:
        print("  (pandas and the floor write the annex's own cells, read back: title blocks, subtotals and notes "
              "included; the floor leaves out styles, merges, row heights, widths, print set-up, autofilter, checks)")
    print(f"  annex export     {export_time}  peak {peak:.1f} MB  {len(queries)} SQL queries  (the medians of:)")
    print(f"    collect         {collect_time}")
    print(f"    build_workbook  {build_time}  the writer, compared below on the same cells:")
    print(f"  pandas.to_excel   {pandas_time}  the writer's speed vs pandas {speedup:.2f}x (pandas' time / the "
          "writer's; target >= 2x)")
    print(f"  XlsxWriter floor  {floor_time}  the writer takes {times_floor:.2f}x the floor (target <= 1.3x)")
    print(f"    the floor with a format on every cell and a height on every row {styled_time}, "
          f"{styled_time.seconds / floor_time.seconds:.2f}x the floor (what styling costs XlsxWriter itself)")
    print(f"  styled floor      {styled_time}  the writer takes {times_styled:.2f}x the styled floor (the same "
          "formats with no logic: what our Python adds)")
    Summary.add(f"export {scale}x: peak memory < {MAX_MEGABYTES} MB", f"{peak:.1f} MB", peak < MAX_MEGABYTES)
    Summary.add(f"export {scale}x: writer >= 2x faster than pandas", f"{speedup:.2f}x",
                speedup >= MIN_SPEEDUP_OVER_PANDAS)
    Summary.add(f"export {scale}x: writer <= 1.3x the XlsxWriter floor", f"{times_floor:.2f}x",
                times_floor <= MAX_TIMES_FLOOR)
    Summary.add(f"export {scale}x: writer vs the styled floor, vs the bare floor (info)",
                f"{times_styled:.2f}x, {times_floor:.2f}x (styled floor {styled_time.seconds / floor_time.seconds:.2f}x "
                "bare)", None)
    Summary.add(f"export {scale}x: time, collect + build_workbook (info)",
                f"{export_time.seconds:.3f} s = {collect_time.seconds:.3f} + {build_time.seconds:.3f}", None)
    return {"queries": len(queries), "data": data, "missed": speedup < MIN_SPEEDUP_OVER_PANDAS or
            times_floor > MAX_TIMES_FLOOR}


def measure_reference(data):
    """The issue's reference: one REFERENCE_ROWS-row initiatives sheet with formats, five ways."""
    rows = reference_rows(data, REFERENCE_ROWS)
    cells = reference_cells(rows)
    generated_at = timezone.localtime()
    path = os.path.join(WORKDIR, "constant-memory.xlsx")
    writers = {
        "our writer (annex sheet c, core.workbooks)": lambda: our_sheet(rows, DAY, generated_at),
        "pandas.DataFrame.to_excel (XlsxWriter)": lambda: pandas_sheet(cells),
        "XlsxWriter constant_memory, formats": lambda: constant_memory_sheet(cells, path),
        "openpyxl write-only, values only (floor)": lambda: openpyxl_sheet(cells, formats=False),
        "openpyxl write-only, formats": lambda: openpyxl_sheet(cells),
    }
    runs = {"openpyxl write-only, formats": 1}  # the slowest by far, and not what the issue quotes
    print(f"\n== The issue's reference: one {REFERENCE_ROWS:,}-row initiatives sheet ==")
    timings, sizes = {}, {}
    for name, write in writers.items():  # no warm-up: every writer's code has run before
        written = []
        timings[name] = timed(lambda write=write, written=written: written.append(len(write())), runs.get(name, REFERENCE_RUNS), warm_up=False)
        sizes[name] = written[0]
    seconds = {name: timing.seconds for name, timing in timings.items()}
    pandas_seconds = seconds["pandas.DataFrame.to_excel (XlsxWriter)"]
    for name, timing in timings.items():
        print(f"  {name:<42} median {timing}  {sizes[name] / 1024:4.0f} KB  {pandas_seconds / timing.seconds:.2f}x  "
              f"[{runs.get(name, REFERENCE_RUNS)} run{'s' if runs.get(name, REFERENCE_RUNS) > 1 else ''}]")
    print("  the last figure is the speed relative to pandas (pandas' time / the writer's); the issue quotes 2.3x for "
          "constant_memory with formats and 1.4x for openpyxl's write-only floor")
    ours = seconds["our writer (annex sheet c, core.workbooks)"]
    constant = seconds["XlsxWriter constant_memory, formats"]
    print(f"  our writer takes {ours / constant:.2f}x the time of constant_memory with formats (ours also writes the "
          "title block, row heights, autofilter and print set-up; constant_memory needs a temporary file); pandas "
          "writes a header row and the cells, dates formatted")
    Summary.add(f"{REFERENCE_ROWS:,}-row sheet, speed vs pandas (quoted: constant_memory 2.3x, openpyxl floor 1.4x)",
                f"ours {pandas_seconds / ours:.2f}x, constant_memory {pandas_seconds / constant:.2f}x, openpyxl floor "
                f"{pandas_seconds / seconds['openpyxl write-only, values only (floor)']:.2f}x", None)


def main():
    sections = []  # (name, wall seconds) of the run itself

    def section(name, function):
        with Stopwatch() as watch:
            result = function()
        sections.append((name, watch.timing.wall))
        return result

    print(f"Annex benchmark, reference date {DAY}; {load()}.\nTimes: {CLOCK}.")
    section("database", lambda: prepare(loaders=["load_reference_data"]))  # no plans, no map shapes
    one = section("export 1x", lambda: measure_export(1))
    section("import", measure_import)  # on the real-size register, topped up with initiatives
    ten = section("export 10x", lambda: measure_export(10))
    Summary.add("export: the same SQL queries at 1x and 10x", f"{one['queries']} and {ten['queries']}",
                one["queries"] == ten["queries"])
    if ten["missed"]:
        print("\n== Why the 10x export misses a speed target ==")
        section("export profile", lambda: profile(lambda: annex.build_workbook(ten["data"]),
                                                  "build_workbook(data) at 10x"))
    section("reference", lambda: measure_reference(ten["data"]))
    Summary.print()
    print(f"\nDone in {sum(seconds for _name, seconds in sections):.0f} s ("
          + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in sections) + f"); {load()}.")


if __name__ == "__main__":
    main()
