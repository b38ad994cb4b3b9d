"""Load and fault run: gunicorn on PostgreSQL with a 10x register, loopback traffic only.

Run: `make bench-load` (it wraps this in scripts/with-postgres.sh, which starts a private
throwaway PostgreSQL and tells this script where it lives, so that it can restart it).

1. Load: CLIENTS concurrent clients for DURATION seconds over the public pages, the annex download
   and admin saves; prints requests/s, p50/p95/p99 latency and errors, per kind of request.
   Targets: 0 errors; on the municipality list p95 < 50 ms and >= 300 requests/s.
2. Fault: the same load while PostgreSQL is restarted; errors and 503s from /healthz only while it
   is down, recovery without restarting gunicorn, and every admin save acknowledged (HTTP 302)
   before or after the restart is in the database afterwards.
"""

import http.client
import http.cookiejar
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "32"))
DURATION = float(os.environ.get("LOAD_SECONDS", "60"))
FAULT_SECONDS = float(os.environ.get("FAULT_SECONDS", "30"))
WORKERS = int(os.environ.get("GUNICORN_WORKERS", "5"))
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env):
    """A 10x synthetic register (benchmarks/synthetic.py) and an officer for the admin saves."""
    password = secrets.token_urlsafe(16)
    code = (
        "import sys; sys.path.insert(0, 'benchmarks'); from synthetic import prepare, build_register;"
        "prepare(); print(build_register(10));"
        "from django.contrib.auth.models import User;"
        f"User.objects.create_superuser('belasting', password='{password}')"
    )
    subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "BENCH_DATABASE_URL": env["DATABASE_URL"]}, check=True
    )
    # Production mode serves hashed static files (whitenoise's manifest), as deployed.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    return password


def start_gunicorn(env, port):
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
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not start")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = []  # (start time, kind, seconds, ok)
        self.acknowledged = []  # notes of admin saves the admin confirmed
        self.refusals = defaultdict(int)  # why an admin save was not confirmed

    def add(self, started, kind, seconds, ok):
        with self.lock:
            self.samples.append((started, kind, seconds, ok))


def browse(port, stop, recorder, rng):
    kinds, weights = [(k, p) for k, p, _ in PAGES], [w for _, _, w in PAGES]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while not stop.is_set():
        kind, path = rng.choices(kinds, weights)[0]
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        recorder.add(started, kind, time.perf_counter() - started, ok)


def edit(port, password, stop, recorder, number):
    """An officer saving status events through the admin's change form, over and over."""
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    token = lambda: next(c.value for c in jar if c.name == "csrftoken")  # noqa: E731
    login = f"{base}/admin/login/"
    opener.open(login).read()
    try:
        opener.open(
            login,
            urllib.parse.urlencode(
                {"username": "belasting", "password": password, "csrfmiddlewaretoken": token(), "next": "/admin/"}
            ).encode(),
        )
    except urllib.error.HTTPError as error:
        if error.code != 302:  # a successful login redirects
            raise
    counter = 0
    while not stop.is_set():
        counter += 1
        started = time.perf_counter()
        note = f"belasting-{number}-{counter}"
        try:
            page = (
                opener.open(f"{base}/admin/municipalities/statusevent/?q=synthetisch&p={counter % 20}").read().decode()
            )
            # Each officer edits its own events: two officers on one event would (rightly) conflict.
            events = re.findall(r"/admin/municipalities/statusevent/(\d+)/change/", page)
            event = random.choice([e for e in events if int(e) % 2 == number] or events)
            url = f"{base}/admin/municipalities/statusevent/{event}/change/"
            form = opener.open(url).read().decode()
            fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', form))
            selected = dict(
                re.findall(
                    r'name="(\w+)"[^>]*>\s*(?:<option value="[^"]*">[^<]*</option>\s*)*<option value="([^"]+)" selected',
                    form,
                )
            )
            data = {
                "municipality": selected["municipality"],
                "kind": selected["kind"],
                "date": fields["date"],
                "source": fields["source"],
                "note": note,
                "version": fields["version"],
                "csrfmiddlewaretoken": token(),
                "_save": "Opslaan",
            }
            if re.search(r'name="date_is_upper_bound"[^>]*checked', form):
                data["date_is_upper_bound"] = "on"
            response = opener.open(url, urllib.parse.urlencode(data).encode())
            ok = saved(response.status, response.headers)
            reason = "form refused (e.g. changed meanwhile)" if not ok else ""
        except urllib.error.HTTPError as error:
            ok = saved(error.code, error.headers)
            reason = (
                ""
                if ok
                else ("refused: saved by someone else meanwhile" if error.code == 302 else f"HTTP {error.code}")
            )
        except (OSError, TypeError, KeyError, IndexError) as error:
            ok, reason = False, type(error).__name__
        if reason:
            with recorder.lock:
                recorder.refusals[reason] += 1
        if ok:
            with recorder.lock:
                recorder.acknowledged.append(note)
        recorder.add(started, "admin save", time.perf_counter() - started, ok)


def saved(status, headers):
    """The admin acknowledges a save by redirecting to the list; a refused one stays or returns."""
    return status == 302 and (headers.get("Location") or "").endswith("/admin/municipalities/statusevent/")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_load(port, password, seconds, during=None):
    stop, recorder = threading.Event(), Recorder()
    threads = [
        threading.Thread(target=browse, args=(port, stop, recorder, random.Random(n))) for n in range(CLIENTS - 2)
    ]
    threads += [threading.Thread(target=edit, args=(port, password, stop, recorder, n)) for n in range(2)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    if during:
        during(began)
    time.sleep(max(0.0, seconds - (time.perf_counter() - began)))
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return recorder, time.perf_counter() - began


def report(recorder, elapsed):
    by_kind = defaultdict(list)
    for _, kind, seconds, ok in recorder.samples:
        by_kind[kind].append((seconds, ok))
    total = len(recorder.samples)
    errors = sum(not ok for *_, ok in recorder.samples)
    print(f"  {total} requests in {elapsed:.0f} s: {total / elapsed:.0f} req/s, {errors} errors")
    print(f"  {'kind':16} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind, values in sorted(by_kind.items()):
        times = sorted(s * 1000 for s, _ in values)
        p = lambda q, times=times: times[min(len(times) - 1, int(len(times) * q))]  # noqa: E731
        print(
            f"  {kind:16} {len(times) / elapsed:7.0f} {statistics.median(times):8.1f} {p(0.95):8.1f} "
            f"{p(0.99):8.1f} {sum(not ok for _, ok in values):7d}"
        )
    return errors


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
    time.sleep(3)
    subprocess.run(
        [*as_postgres, f"{bindir}/pg_ctl", "-D", data, "-w", "-l", f"{data}/restart.log", "start"],
        check=True,
        cwd="/tmp",
        capture_output=True,
    )
    events["up"] = time.perf_counter() - began


def probe_health(port, stop, began, log):
    while not stop.is_set():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        log.append((time.perf_counter() - began, status))
        time.sleep(0.2)


def acknowledged_writes_present(env, notes):
    code = (
        "import json, sys; import django; django.setup();"
        "from municipalities.models import StatusEvent;"
        "notes = set(json.load(sys.stdin));"
        "found = set(StatusEvent.history.filter(note__in=notes).values_list('note', flat=True));"
        "print(len(notes - found))"
    )
    import json

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


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or "PLEEGZORG_PG_DATA" not in os.environ:
        sys.exit("Run through scripts/with-postgres.sh (make bench-load): the fault run restarts PostgreSQL.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pleegzorg.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "ERROR",
        "SECURE_COOKIES": "false",
    }  # plain HTTP on loopback: the cookies cannot be HTTPS-only here
    print("Preparing a 10x synthetic register on PostgreSQL ...")
    password = prepare(env)
    port = free_port()
    gunicorn = start_gunicorn(env, port)
    try:
        print(
            f"\n1. Load: {CLIENTS} clients ({CLIENTS - 2} browsing, 2 officers saving) for {DURATION:.0f} s, "
            f"gunicorn with {WORKERS} workers, loopback only"
        )
        recorder, elapsed = run_load(port, password, DURATION)
        report(recorder, elapsed)
        missing = acknowledged_writes_present(env, recorder.acknowledged)
        print(
            f"  admin saves acknowledged: {len(recorder.acknowledged)}, missing afterwards: {missing}; "
            f"not acknowledged: {dict(recorder.refusals)}"
        )

        print(f"\n2. Fault: the same load for {FAULT_SECONDS:.0f} s; PostgreSQL stopped for 3 s and restarted")
        events, health, stop_probe = {}, [], threading.Event()
        probe_began = time.perf_counter()
        probe = threading.Thread(target=probe_health, args=(port, stop_probe, probe_began, health))
        probe.start()
        recorder, elapsed = run_load(
            port,
            password,
            FAULT_SECONDS,
            during=lambda began: threading.Thread(target=restart_postgres, args=(began, events)).start(),
        )
        stop_probe.set()
        probe.join()
        report(recorder, elapsed)
        down, up = events["down"], events["up"]
        began = min(s for s, *_ in recorder.samples)
        outside = [(s - began, ok) for s, _, _, ok in recorder.samples if not (down - 1 <= s - began <= up + 2)]
        print(
            f"  database down from {down:.1f} s to {up:.1f} s; errors outside that window (±1-2 s): "
            f"{sum(not ok for _, ok in outside)}"
        )
        print(
            f"  /healthz: {sorted({status for _, status in health})} seen; "
            f"503 while down: {sum(1 for t, s in health if s == 503)}; last answer {health[-1][1] if health else '—'}"
        )
        missing = acknowledged_writes_present(env, recorder.acknowledged)
        print(
            f"  admin saves acknowledged: {len(recorder.acknowledged)}, missing afterwards: {missing}; "
            f"not acknowledged: {dict(recorder.refusals)}"
        )
        print(f"  gunicorn restarted: no (pid {gunicorn.pid} still running: {gunicorn.poll() is None})")
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
