"""Measuring tools for the benchmarks: timings, peak memory, SQL queries, cProfile, a summary table.

Import after `synthetic` (which sets Django up). Times are medians of several runs, garbage
collection off as in timeit. Each timing has this process's CPU time and the wall time: on a
shared machine other work stretches the wall time, not the CPU time, so where the database runs
inside this process (SQLite) the targets judge CPU time; on PostgreSQL, whose server works in
another process, they judge wall time.
"""

import cProfile
import gc
import os
import pstats
import re
import statistics
import time
import tracemalloc
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

IN_PROCESS = connection.vendor == "sqlite"
CLOCK = "CPU time of this process (wall time in brackets)" if IN_PROCESS else "wall time"
TOP_FUNCTIONS = 15


class Timing(NamedTuple):
    cpu: float
    wall: float

    @property
    def seconds(self):
        """The time the targets judge (see the module docstring)."""
        return self.cpu if IN_PROCESS else self.wall

    def __str__(self):
        return f"{self.seconds:6.3f} s" + (f" (wall {self.wall:6.3f})" if IN_PROCESS else "")


class Stopwatch:
    """`with Stopwatch() as watch: ...`, then `watch.timing`."""

    def __enter__(self):
        self.start = (time.process_time(), time.perf_counter())
        return self

    def __exit__(self, *exception):
        self.timing = Timing(time.process_time() - self.start[0], time.perf_counter() - self.start[1])

    def elapsed(self):
        """Wall seconds since the start, while running."""
        return time.perf_counter() - self.start[1]


def median_timing(timings):
    return Timing(statistics.median(t.cpu for t in timings), statistics.median(t.wall for t in timings))


def timed(function, runs, warm_up=True):
    """The median Timing of `runs` calls of `function`, after one warm-up call unless told otherwise."""
    if warm_up:
        function()
    timings = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            with Stopwatch() as watch:
                function()
            timings.append(watch.timing)
    finally:
        gc.enable()
    return median_timing(timings)


def peak_megabytes(function):
    """Peak memory (MB) that tracemalloc traces while `function` runs."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def with_queries(function):
    """(the result of `function`, the SQL queries it ran as CaptureQueriesContext captured them)."""
    connection.queries_log.clear()  # a bounded deque: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        result = function()
    return result, queries.captured_queries


def query_kinds(captured, top=6):
    """The most frequent kinds of query in `captured`: '4652x SELECT initiatives_category by pk; ...'."""
    kinds = defaultdict(int)
    for query in captured:
        sql = query["sql"]
        verb = sql.split(None, 1)[0].upper()
        if '"_check"' in sql:
            kind = "SELECT 1 AS _check (a model constraint validated by full_clean)"
        elif verb in ("SAVEPOINT", "RELEASE"):
            kind = "SAVEPOINT / RELEASE SAVEPOINT"
        else:
            match = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', sql)
            by_pk = re.search(r'WHERE \(?"\w+"\."id" = ', sql)
            kind = f"{verb} {match.group(1) if match else '?'}" + (" by pk" if by_pk else "")
        kinds[kind] += 1
    ranked = sorted(kinds.items(), key=lambda kind: -kind[1])[:top]
    return "; ".join(f"{count}x {kind}" for kind, count in ranked)


def profile(function, label):
    """Run `function` under cProfile; print the TOP_FUNCTIONS with the most own time and own time per module."""
    profiler = cProfile.Profile()
    profiler.enable()
    function()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(entry[2] for entry in stats.values())
    print(f"\n  cProfile of {label} ({total:.2f} s under the profiler), by own time:")
    print(f"    {'own s':>7} {'cum s':>7} {'calls':>8}  function")
    for (filename, line, name), (_primitive, calls, own, cumulative, _callers) in sorted(
            stats.items(), key=lambda item: -item[1][2])[:TOP_FUNCTIONS]:
        print(f"    {own:7.2f} {cumulative:7.2f} {calls:8d}  {_where(filename)}:{line} {name}")
    per_module = defaultdict(float)
    for (filename, _line, _name), entry in stats.items():
        per_module[_where(filename)] += entry[2]
    print("    own time per module: " + ", ".join(
        f"{module} {seconds / total:.0%}" for module, seconds in sorted(per_module.items(), key=lambda m: -m[1])[:8]))


def _where(filename):
    """A short name for where a function lives: a project file, a package, or built-ins."""
    if filename == "~" or filename.startswith("<"):
        return "built-ins"
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0]
    if filename.startswith(str(settings.BASE_DIR)):
        return os.path.relpath(filename, settings.BASE_DIR)
    return "python"


def load():
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


class Summary:
    """The closing table: rows of (target, measured, met); met None for a figure given for information."""

    rows = []

    @classmethod
    def add(cls, target, measured, met):
        cls.rows.append((target, measured, "info" if met is None else "yes" if met else "NO"))

    @classmethod
    def print(cls):
        heading = ("target", "measured", "met")
        widths = [max(len(row[i]) for row in cls.rows + [heading]) for i in range(3)]
        print("\n== Summary ==")
        for row in [heading, tuple("-" * width for width in widths)] + cls.rows:
            print("  " + "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip())
