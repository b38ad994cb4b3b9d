"""Server time of every public page on a 10x synthetic register: median, p95 and SQL queries.

Run: `make bench-pages` (or `.venv/bin/python benchmarks/pages.py`). In-process through Django's
test client (no network, no browser), against a separate temporary database. Target: the map
page < 100 ms median.
"""

import statistics
import time

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from synthetic import DAY, build_register, prepare  # sets Django up on a separate database

RUNS = 30
PAGES = [
    ("home", "/"),
    ("map", f"/kaart/?datum={DAY.isoformat()}"),
    ("municipalities", "/gemeenten/"),
    ("municipalities filtered", "/gemeenten/?country=BE&status=registered&sorteer=-naam&page=3"),
    ("municipalities.csv", "/gemeenten.csv"),
    ("municipality", "/gemeenten/71072/"),
    ("province", "/provincies/BE-VLI/"),
    ("initiatives", "/initiatieven/?page=20"),
    ("key figures", "/cijfers/"),
    ("plans", "/plannen/"),
    ("plan", "/plannen/actieplan-pleegzorg-2017-2018/"),
    ("annex page", "/bijlage/"),
    ("annex.xlsx", f"/bijlage.xlsx?datum={DAY.isoformat()}"),
    ("open data", "/open-data/"),
]


def measure(client, path):
    connection.queries_log.clear()  # the log is a bounded deque: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries), len(response.content)


def main():
    prepare()
    count = build_register(10)
    print(f"10x register: {count} active municipalities on {DAY}; {RUNS} requests per page.\n")
    client = Client()
    print(f"{'page':26} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    for name, path in PAGES:
        median, p95, queries, size = measure(client, path)
        print(f"{name:26} {median:10.1f} {p95:8.1f} {queries:8d} {size / 1024:6.0f}")


if __name__ == "__main__":
    main()
