"""Several app servers, one truth: two gunicorn servers, one Redis, one PostgreSQL, a 10x register.

Run: `make bench-load` (it wraps this in scripts/with-postgres.sh, which starts a private throwaway
PostgreSQL and tells this script where it lives, so that it can restart it). This script starts a
private Redis (tests/redis_process.py: a pure cache, no persistence) and two gunicorn servers on
separate loopback ports, both DJANGO_ENV=production with CACHE_URL at that Redis, the same
DATABASE_URL and PUBLIC_CACHE_SECONDS at its production default. Every client goes round-robin
over the two servers (benchmarks/load_traffic.py). The servers use benchmarks/bench_settings.py:
the site plus /bench/bare/ (benchmarks/bench_urls.py).

1. Ceiling: a bare Django view (full middleware, no database, no cache), then the municipality list,
   each alone with the same clients. Targets: the list at >= 50 % of the bare view's requests/s,
   and its p95 < 50 ms.
2. Mixed load: readers over the public pages and the annex download, two officers saving status
   events in the admin (OFFICER_PAUSE seconds between saves); requests/s and p50/p95/p99 per kind. Targets: 0 errors, 0 lost saves.
3. Propagation: an officer saves a status event's note in the admin on server A, then anonymous
   readers poll the municipality's page on A and on B until it shows (PROPAGATION_READERS readers meanwhile).
   Target: the slowest edit shows on both servers within 1 s.
4. Redis restarted under the mixed load (stopped OUTAGE_SECONDS, back empty on the same port).
   Targets: 0 errors on public pages, 0 lost acknowledged saves.
5. PostgreSQL restarted under the mixed load. Targets: 0 errors on public pages (a page that is in
   Redis is served from there; one that is not from its last rendered copy, with a notice of the outage;
   a data file, never served stale, answers issue 07's 503 and is counted apart), admin saves during the outage
   answered with the 503 page (counted), 0 lost acknowledged saves, recovery without restarting gunicorn.
Then a summary of every target with the figures of this run. Environment: LOAD_CLIENTS (8),
PHASE_SECONDS (15, each ceiling phase), LOAD_SECONDS (45), PROPAGATION_EDITS (20), OFFICER_PAUSE (2), PROPAGATION_READERS (0:
the delay of the cache alone, not of rendering on a busy machine), FAULT_SECONDS (30),
OUTAGE_SECONDS (3), GUNICORN_WORKERS (3 per server). The figures are what this machine gives while
it runs: nothing here asserts a time.
"""

import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from load_traffic import ADMIN_SAVE, Connections, Officer, report, run_load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.redis_process import RedisServer, free_port  # noqa: E402 (the tests' Redis, without pytest)

# 2 servers x 3 workers: beyond about that many clients, latency measures the queue in front of them.
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "8"))
PHASE_SECONDS = float(os.environ.get("PHASE_SECONDS", "15"))
DURATION = float(os.environ.get("LOAD_SECONDS", "45"))
EDITS = int(os.environ.get("PROPAGATION_EDITS", "20"))
FAULT_SECONDS = float(os.environ.get("FAULT_SECONDS", "30"))
OUTAGE_SECONDS = float(os.environ.get("OUTAGE_SECONDS", "3"))
WORKERS = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Seconds between an officer's saves. Each save starts a new generation of every cached page, so flat-out
# saving (0) keeps the readers on cache misses; 2 is still far more writes than a register gets.
PAUSE = float(os.environ.get("OFFICER_PAUSE", "2"))
READERS = int(os.environ.get("PROPAGATION_READERS", "0"))
OFFICER = "belasting"
PAGES = [
    ("list", "/gemeenten/", 40),
    ("list filtered", "/gemeenten/?country=BE&status=registered&page=2", 10),
    ("home", "/", 10),
    ("map", "/kaart/", 5),
    ("municipality", "/gemeenten/73001/", 10),
    ("plan", "/plannen/actieplan-pleegzorg-2017-2018/", 5),
    ("key figures", "/cijfers/", 5),
    ("annex.xlsx", "/bijlage.xlsx?datum=2024-06-30", 1),
]
FILE_KINDS = {kind for kind, path, _ in PAGES if path.split("?")[0].endswith((".xlsx", ".csv", ".json"))}
BARE = [("bare view", "/bench/bare/", 1)]
LIST = [("list", "/gemeenten/", 1)]
# Targets of issue 12 (and of the earlier load run): judged below on this run's own figures.
LIST_SHARE, LIST_P95_MS, PROPAGATION_MAX_S = 0.50, 50.0, 1.0


def prepare(env):
    """A 10x synthetic register (benchmarks/synthetic.py), an officer, collected static files.

    Returns (officer's password, facts): facts is a dict with "event" (id of a synthetic status
    event), "code" (its municipality's code) and "public_cache_seconds" (the setting as deployed).
    """
    password = secrets.token_urlsafe(16)
    code = (
        "import json, sys; sys.path.insert(0, 'benchmarks'); from synthetic import prepare, build_register;"
        "prepare(); print(build_register(10), 'municipalities on the register');"
        "from django.conf import settings; from django.contrib.auth.models import User;"
        "from municipalities.models import StatusEvent;"
        f"User.objects.create_superuser('{OFFICER}', password='{password}');"
        "event = StatusEvent.objects.filter(source='synthetisch').select_related('municipality').order_by('pk')[0];"
        "print(json.dumps({'event': event.pk, 'code': event.municipality.code,"
        " 'public_cache_seconds': settings.PUBLIC_CACHE_SECONDS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "BENCH_DATABASE_URL": env["DATABASE_URL"]},
        check=True,
        capture_output=True,
        text=True,
    )
    *lines, facts = result.stdout.strip().splitlines()
    print("\n".join(f"  {line}" for line in lines))
    # Production mode serves hashed static files (whitenoise's manifest), collected at build time.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    return password, json.loads(facts)


def start_gunicorn(env, port, log):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "pleegzorg.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit(f"gunicorn on port {port} did not start: see {log.name}")


def restart_postgres(began, events):
    data, bindir = os.environ["PLEEGZORG_PG_DATA"], os.environ["PLEEGZORG_PG_BIN"]
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    time.sleep(FAULT_SECONDS / 3)
    events["down"] = time.perf_counter() - began
    subprocess.run(
        [*as_postgres, f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
        check=True,
        cwd="/tmp",
        capture_output=True,
    )
    time.sleep(OUTAGE_SECONDS)
    subprocess.run(
        [*as_postgres, f"{bindir}/pg_ctl", "-D", data, "-w", "-l", f"{data}/restart.log", "start"],
        check=True,
        cwd="/tmp",
        capture_output=True,
    )
    events["up"] = time.perf_counter() - began


def restart_redis(redis_server, began, events):
    time.sleep(FAULT_SECONDS / 3)
    events["down"] = time.perf_counter() - began
    redis_server.stop()
    time.sleep(OUTAGE_SECONDS)
    redis_server.start()  # the same port, empty: a pure cache comes back with nothing
    events["up"] = time.perf_counter() - began


def probe_health(servers, stop, log):
    """Every 0.2 s, /healthz of each server: appends (server number, status; 0 = no answer) to `log`."""
    while not stop.is_set():
        for number, base in enumerate(servers):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            log.append((number, status))
        time.sleep(0.2)


def healthz(base):
    """The status of `base`/healthz, waiting up to 30 s for it (0 = no answer)."""
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def missing_writes(env, notes):
    """How many of `notes` (acknowledged admin saves) no version of a status event holds in the database."""
    code = (
        "import json, sys; import django; django.setup();"
        "from municipalities.models import StatusEvent;"
        "notes = set(json.load(sys.stdin));"
        "found = set(StatusEvent.history.filter(note__in=notes).values_list('note', flat=True));"
        "print(len(notes - found))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        input=json.dumps(notes),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def saves(recorder, env):
    """Print and return (acknowledged, missing afterwards, Counter of the other outcomes) of the admin saves."""
    missing = missing_writes(env, recorder.acknowledged)
    others = recorder.outcomes(public=False)
    print(
        f"  admin saves acknowledged: {len(recorder.acknowledged)}, missing afterwards: {missing}; "
        f"not acknowledged: {dict(others) or 'none'}"
    )
    return len(recorder.acknowledged), missing, others


def public_errors(recorder, files=None):
    """Print and return the errors on public pages (HTML); the data files' are printed apart and, with
    `files` (a list), appended to it. During a database outage a page that is not in the cache answers
    from its last rendered copy with a notice (core.caching); a data file has no place for a notice, so
    it is never served stale and answers the 503 page: by design, not counted as a page error."""
    errors = Counter(
        o for _, kind, _, o in recorder.samples if kind != ADMIN_SAVE and kind not in FILE_KINDS and o != "ok"
    )
    refused = Counter(o for _, kind, _, o in recorder.samples if kind in FILE_KINDS and o != "ok")
    print(f"  errors on public pages: {sum(errors.values())} {dict(errors) or ''}")
    print(f"  data files not answered: {sum(refused.values())} {dict(refused) or ''}")
    if files is not None:
        files.append(sum(refused.values()))
    return sum(errors.values())


def warm_up(servers, pages):
    """Ask each server for each page once, one at a time, before a phase measures them: the first request
    of a page renders it into Redis (and a worker's first connects to the database), the rest is steady state."""
    for number in range(len(servers)):
        connections = Connections(servers)
        for _, path, _ in pages:
            try:
                connections.get(number, path)
            except (OSError, http.client.HTTPException):
                pass


def ceiling(servers):
    """Phase 1: (bare req/s, list req/s, list p95 ms, errors)."""
    print(
        f"\n1. Ceiling: {CLIENTS} clients for {PHASE_SECONDS:.0f} s on the bare view, then on the list alone "
        "(each after one request per server)"
    )
    warm_up(servers, BARE + LIST)
    bare = report(*run_load(servers, BARE, CLIENTS, PHASE_SECONDS))["bare view"]
    listed = report(*run_load(servers, LIST, CLIENTS, PHASE_SECONDS))["list"]
    share = listed[0] / bare[0]
    print(f"  list/bare: {listed[0]:.0f} / {bare[0]:.0f} req/s = {share:.0%}; list p95 {listed[2]:.1f} ms")
    return bare[0], listed[0], listed[2], bare[4] + listed[4]


def propagation(servers, password, facts):
    """Phase 3: seconds from each acknowledged save on server A to its note showing on A and on B
    ([(A, B)]), and the Recorder of the readers' load meanwhile. A note that never shows within 10 s
    counts as inf."""
    page, delays, failures = f"/gemeenten/{facts['code']}/", [], []
    officer = Officer(servers[0], OFFICER, password)

    def shows(number, note, acknowledged, result):
        connections = Connections(servers)
        while time.perf_counter() - acknowledged < 10:
            try:
                status, body = connections.get(number, page)
            except (OSError, http.client.HTTPException):
                continue
            if status == 200 and note.encode() in body:
                result[number] = time.perf_counter() - acknowledged
                return
        result[number] = float("inf")

    def measure(began):
        for number in range(EDITS):
            note = f"zichtbaar-{number}-{secrets.token_hex(3)}"
            outcome = officer.save_note(servers[0], facts["event"], note)
            acknowledged = time.perf_counter()
            if outcome != "ok":
                failures.append(outcome)
                continue
            result = {}
            pollers = [threading.Thread(target=shows, args=(n, note, acknowledged, result)) for n in range(2)]
            for poller in pollers:
                poller.start()
            for poller in pollers:
                poller.join()
            delays.append((result[0], result[1]))
            time.sleep(0.1)

    recorder, elapsed = run_load(servers, PAGES, READERS, 0, during=measure)
    return delays, failures, recorder, elapsed


def fault(servers, officers, env, what, restart):
    """Phases 4 and 5: the mixed load while `restart(began, events)` takes a server down and up.
    Returns a dict of the figures."""
    events, health, stop_probe = {}, [], threading.Event()
    probe = threading.Thread(target=probe_health, args=(servers, stop_probe, health))
    probe.start()
    recorder, elapsed = run_load(
        servers,
        PAGES,
        CLIENTS,
        FAULT_SECONDS,
        officers=officers,
        pause=PAUSE,
        during=lambda began: threading.Thread(target=restart, args=(began, events)).start(),
    )
    stop_probe.set()
    probe.join()
    report(recorder, elapsed)
    began = min(s for s, *_ in recorder.samples)
    down, up = events["down"], events["up"]
    print(f"  {what} down from {down:.1f} s to {up:.1f} s of the run")
    files = []
    errors = public_errors(recorder, files)
    in_outage = sum(
        1 for s, kind, _, o in recorder.samples if kind != ADMIN_SAVE and o != "ok" and down - 1 <= s - began <= up + 2
    )
    if errors:
        print(f"    of which started between 1 s before the outage and 2 s after it: {in_outage}")
        saved_before = [
            s + seconds - began
            for s, kind, seconds, o in recorder.samples
            if kind == ADMIN_SAVE and o == "ok" and s + seconds - began < down
        ]
        if saved_before:  # each save starts a new generation: pages rendered before it are not served again
            print(
                f"    the last acknowledged save before the outage (a new generation) came {down - max(saved_before):.2f} s "
                "before it: a page not rendered again since is not in Redis"
            )
    admin_503 = sum(1 for s, kind, _, o in recorder.samples if kind == ADMIN_SAVE and o == "503")
    acknowledged, missing, _ = saves(recorder, env)
    statuses = sorted({status for _, status in health})
    last = [healthz(base) for base in servers]  # after the load: a busy server may miss the probe's 2 s
    print(f"  /healthz seen during the run (0 = no answer within 2 s): {statuses}; after it, per server: {last}")
    return {
        "errors": errors,
        "files_refused": files[0],
        "admin_503": admin_503,
        "acknowledged": acknowledged,
        "missing": missing,
        "healthy_after": all(status == 200 for status in last),
    }


def verdict(ok):
    return "PASS" if ok else "FAIL"


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or "PLEEGZORG_PG_DATA" not in os.environ:
        sys.exit("Run through scripts/with-postgres.sh (make bench-load): the fault run restarts PostgreSQL.")
    folder = Path(tempfile.mkdtemp(prefix="pleegzorg-load-"))
    redis_server = RedisServer(folder)
    env = {key: value for key, value in os.environ.items() if key != "PUBLIC_CACHE_SECONDS"}  # production default
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pleegzorg.settings",
            "DJANGO_ENV": "production",
            "CACHE_URL": redis_server.url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "CONN_MAX_AGE": "60",
            "AXES_FAILURE_LIMIT": "1000",
            "LOG_LEVEL": "ERROR",
            "SECURE_COOKIES": "false",
        }
    )  # plain HTTP on loopback: the cookies cannot be HTTPS-only here
    gunicorns, logs = [], []
    try:
        print(f"Preparing a 10x synthetic register on PostgreSQL, Redis at {redis_server.url} ...")
        password, facts = prepare(env)
        server_env = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings"}
        ports = [free_port(), free_port()]
        for port in ports:
            logs.append((folder / f"gunicorn-{port}.log").open("w"))
            gunicorns.append(start_gunicorn(server_env, port, logs[-1]))
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        print(
            f"Servers A {servers[0]} and B {servers[1]}: gunicorn, {WORKERS} workers each; one Redis "
            f"(PUBLIC_CACHE_SECONDS {facts['public_cache_seconds']}, the production default); clients round-robin; "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
        )

        bare_rate, list_rate, list_p95, ceiling_errors = ceiling(servers)

        officers = [Officer(servers[n], OFFICER, password) for n in range(2)]
        warm_up(servers, PAGES)
        print(
            f"\n2. Mixed load: {CLIENTS} clients ({CLIENTS - 2} reading, 2 officers saving, "
            f"{PAUSE:g} s between an officer's saves) for {DURATION:.0f} s"
        )
        recorder, elapsed = run_load(servers, PAGES, CLIENTS, DURATION, officers=officers, pause=PAUSE)
        mixed = report(recorder, elapsed)
        mixed_errors = public_errors(recorder)
        _, mixed_missing, mixed_refused = saves(recorder, env)

        print(
            f"\n3. Propagation: {EDITS} admin saves on A, each polled on A and B (anonymous) until it shows; "
            f"{READERS} other readers meanwhile"
        )
        delays, failures, recorder, elapsed = propagation(servers, password, facts)
        both = sorted(max(pair) for pair in delays)
        for number, name in enumerate("AB"):
            print(
                f"  on {name}: median {statistics.median(d[number] for d in delays):.3f} s, "
                f"max {max(d[number] for d in delays):.3f} s"
            )
        print(
            f"  on both: median {statistics.median(both):.3f} s, max {both[-1]:.3f} s over {len(both)} saves; "
            f"saves not acknowledged: {failures or 'none'}"
        )
        propagation_errors = public_errors(recorder)

        print(
            f"\n4. Redis restart under the mixed load: {FAULT_SECONDS:.0f} s, Redis stopped for "
            f"{OUTAGE_SECONDS:.0f} s and started again empty"
        )
        redis_fault = fault(
            servers, officers, env, "Redis", lambda began, events: restart_redis(redis_server, began, events)
        )

        print(
            f"\n5. PostgreSQL restart under the mixed load: {FAULT_SECONDS:.0f} s, PostgreSQL stopped for "
            f"{OUTAGE_SECONDS:.0f} s and started again"
        )
        pg_fault = fault(servers, officers, env, "PostgreSQL", restart_postgres)
        running = all(g.poll() is None for g in gunicorns)
        print(f"  gunicorn restarted: no (both still running: {running})")
    finally:
        for gunicorn in gunicorns:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        redis_server.stop()
        for log in logs:
            log.close()
    tracebacks = sum(Path(log.name).read_text().count("Traceback") for log in logs)

    rows = [
        ("bare view (ceiling)", f"{bare_rate:.0f} req/s", None),
        ("list alone", f"{list_rate:.0f} req/s", None),
        ("list/bare >= 50 %", f"{list_rate / bare_rate:.0%}", list_rate / bare_rate >= LIST_SHARE),
        ("list p95 < 50 ms", f"{list_p95:.1f} ms", list_p95 < LIST_P95_MS),
        ("ceiling phases: 0 errors", str(ceiling_errors), ceiling_errors == 0),
        ("mixed: 0 errors on public pages", str(mixed_errors), mixed_errors == 0),
        ("mixed: list p95 < 50 ms", f"{mixed['list'][2]:.1f} ms", mixed["list"][2] < LIST_P95_MS),
        ("mixed: 0 lost saves", f"{mixed_missing} (refused {sum(mixed_refused.values())})", mixed_missing == 0),
        (
            "edit on both servers <= 1 s (max, no other load)" if READERS == 0 else "edit on both servers <= 1 s (max)",
            f"median {statistics.median(both):.3f} s, max {both[-1]:.3f} s",
            both[-1] <= PROPAGATION_MAX_S and not failures,
        ),
        ("propagation: 0 errors on public pages", str(propagation_errors), propagation_errors == 0),
        ("Redis restart: 0 errors on public pages", str(redis_fault["errors"]), redis_fault["errors"] == 0),
        (
            "Redis restart: 0 lost saves",
            f"{redis_fault['missing']} of {redis_fault['acknowledged']}",
            redis_fault["missing"] == 0,
        ),
        ("PG restart: 0 errors on public pages", str(pg_fault["errors"]), pg_fault["errors"] == 0),
        ("PG restart: data files answered 503", str(pg_fault["files_refused"]), None),
        ("PG restart: admin saves answered 503", str(pg_fault["admin_503"]), None),
        ("PG restart: 0 lost saves", f"{pg_fault['missing']} of {pg_fault['acknowledged']}", pg_fault["missing"] == 0),
        (
            "recovered without restart",
            (f"healthz 200: {pg_fault['healthy_after'] and redis_fault['healthy_after']}, gunicorn up: {running}"),
            pg_fault["healthy_after"] and redis_fault["healthy_after"] and running,
        ),
        ("tracebacks in the server logs", str(tracebacks), tracebacks == 0),
    ]
    print(
        f"\nSummary (2 servers x {WORKERS} workers, {CLIENTS} clients, officers pausing {PAUSE:g} s, load average {os.getloadavg()[0]:.2f}):"
    )
    for target, measured, ok in rows:
        print(f"  {target:42} {measured:36} {'' if ok is None else verdict(ok)}")
    print(f"Server logs: {folder}")


if __name__ == "__main__":
    main()
