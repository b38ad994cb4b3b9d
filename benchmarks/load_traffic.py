"""The clients of benchmarks/load.py: anonymous readers and officers saving in the admin, over several servers.

Every client goes round-robin over the servers (a list of base URLs such as "http://127.0.0.1:8001"):
a reader sends each request to the next server, an officer each save. A Recorder keeps one sample
per request: (start, kind, seconds, outcome), where outcome is "ok", an HTTP status ("503") or the
name of a connection error ("ConnectionRefusedError"). Pure measuring: nothing here judges a figure.
"""

import http.client
import http.cookiejar
import random
import re
import secrets
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict

ADMIN_SAVE = "admin save"
TIMEOUT = 30  # seconds a client waits for an answer, as gunicorn's worker timeout: slower counts as an error
EVENTS = "/admin/municipalities/statusevent/"


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = []  # (start time, kind, seconds, outcome)
        self.acknowledged = []  # notes of admin saves the admin confirmed (HTTP 302 to the list)

    def add(self, started, kind, seconds, outcome):
        with self.lock:
            self.samples.append((started, kind, seconds, outcome))

    def outcomes(self, public=True):
        """Counter of the outcomes other than "ok", of the public pages (or of the admin saves)."""
        return Counter(o for _, kind, _, o in self.samples if (kind != ADMIN_SAVE) == public and o != "ok")


class Connections:
    """One keep-alive connection per server, reopened after a failure."""

    def __init__(self, servers):
        self.servers = [urllib.parse.urlsplit(base) for base in servers]
        self.open = [None] * len(servers)

    def get(self, number, path):
        """GET `path` from server `number`: (status, body bytes). Raises OSError / HTTPException."""
        if self.open[number] is None:
            self.open[number] = http.client.HTTPConnection(
                self.servers[number].hostname, self.servers[number].port, timeout=TIMEOUT
            )
        try:
            self.open[number].request("GET", path)
            response = self.open[number].getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.open[number].close()
            self.open[number] = None
            raise


def read(servers, pages, stop, recorder, rng):
    """A reader: `pages` is [(kind, path, weight)]; each request to the next server, until `stop` is set."""
    kinds, weights = [(kind, path) for kind, path, _ in pages], [weight for *_, weight in pages]
    connections, turn = Connections(servers), rng.randrange(len(servers))
    while not stop.is_set():
        kind, path = rng.choices(kinds, weights)[0]
        turn = (turn + 1) % len(servers)
        started = time.perf_counter()
        try:
            status, _ = connections.get(turn, path)
            outcome = "ok" if status == 200 else str(status)
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        recorder.add(started, kind, time.perf_counter() - started, outcome)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Officer:
    """A logged-in officer; the session (in the database) is valid on every server, as the CSRF cookie."""

    def __init__(self, base, username, password):
        self.jar = http.cookiejar.CookieJar()  # cookies go by host, not port: one jar serves every server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        login = f"{base}/admin/login/"
        self.opener.open(login, timeout=TIMEOUT).read()
        status, _ = self.post(login, {"username": username, "password": password, "next": "/admin/"})
        if status != 302:  # a successful login redirects
            raise RuntimeError(f"login refused (HTTP {status})")

    def token(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def post(self, url, data):
        """POST `data` with the CSRF token: (status, Location header)."""
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token()}).encode()
        try:
            response = self.opener.open(url, body, timeout=TIMEOUT)
            return response.status, response.headers.get("Location") or ""
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location") or ""

    def save_note(self, base, event, note):
        """Save status event `event` (its id) with `note` through the admin's change form on server `base`.

        Returns "ok" when the admin acknowledged it (a 302 to the list), else the reason: "503" (the
        database did not answer: issue 07's page), "refused" (the form came back, e.g. changed meanwhile),
        another status, or the name of a connection error.
        """
        url = f"{base}{EVENTS}{event}/change/"
        try:
            form = self.opener.open(url, timeout=TIMEOUT).read().decode()
            fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', form))
            selected = dict(
                re.findall(
                    r'name="(\w+)"[^>]*>\s*(?:<option value="[^"]*">[^<]*</option>\s*)*'
                    r'<option value="([^"]+)" selected',
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
                "_save": "Opslaan",
            }
            if re.search(r'name="date_is_upper_bound"[^>]*checked', form):
                data["date_is_upper_bound"] = "on"
            status, location = self.post(url, data)
        except urllib.error.HTTPError as error:
            return refusal(error)
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__
        except KeyError:
            return "form not understood"
        if status == 302 and location.endswith(EVENTS):
            return "ok"
        return "refused" if status in (200, 302) else str(status)

    def events(self, base, page):
        """Ids (strs) of synthetic status events on page `page` of the admin's list on server `base`."""
        listing = self.opener.open(f"{base}{EVENTS}?q=synthetisch&p={page}", timeout=TIMEOUT).read().decode()
        return re.findall(r"/admin/municipalities/statusevent/(\d+)/change/", listing)


def refusal(error):
    """The outcome of an admin page that answered an HTTPError: its status, and where a redirect led."""
    if error.code in (301, 302):
        return f"{error.code} to {urllib.parse.urlsplit(error.headers.get('Location') or '').path}"
    return str(error.code)


def edit(servers, officer, number, stop, recorder, pause):
    """Officer `number` saves status events over and over, each save on the next server, `pause` seconds
    between saves; two officers never edit the same event (they would, rightly, conflict)."""
    counter = 0
    run = secrets.token_hex(3)  # every phase's saves have their own notes: a lost one is never found in another's
    while not stop.is_set():
        counter += 1
        base = servers[counter % len(servers)]
        note = f"belasting-{run}-{number}-{counter}"
        started = time.perf_counter()
        try:
            events = officer.events(base, counter % 20)
            event = random.choice([e for e in events if int(e) % 2 == number] or events)
            outcome = officer.save_note(base, event, note)
        except urllib.error.HTTPError as error:
            outcome = refusal(error)
        except (OSError, http.client.HTTPException, IndexError) as error:
            outcome = type(error).__name__
        if outcome == "ok":
            with recorder.lock:
                recorder.acknowledged.append(note)
        recorder.add(started, ADMIN_SAVE, time.perf_counter() - started, outcome)
        stop.wait(pause)


def run_load(servers, pages, clients, seconds, officers=(), during=None, pause=0.0):
    """`clients` concurrent clients for `seconds`: one per officer (Officer objects, `pause` seconds between
    their saves), the rest readers of `pages`. `during(began)` runs in the calling thread once they started. Returns (Recorder, elapsed s)."""
    stop, recorder = threading.Event(), Recorder()
    threads = [
        threading.Thread(target=read, args=(servers, pages, stop, recorder, random.Random(n)))
        for n in range(clients - len(officers))
    ]
    threads += [
        threading.Thread(target=edit, args=(servers, officer, n, stop, recorder, pause))
        for n, officer in enumerate(officers)
    ]
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


def percentile(values, q):
    """The q-quantile (0..1) of `values` (sorted), nearest rank."""
    return values[min(len(values) - 1, int(len(values) * q))]


def figures(recorder, elapsed):
    """{kind: (req/s, p50, p95, p99 in ms, errors)} over the samples of `recorder`."""
    by_kind = defaultdict(list)
    for _, kind, seconds, outcome in recorder.samples:
        by_kind[kind].append((seconds, outcome))
    result = {}
    for kind, values in by_kind.items():
        times = sorted(s * 1000 for s, _ in values)
        result[kind] = (
            len(times) / elapsed,
            statistics.median(times),
            percentile(times, 0.95),
            percentile(times, 0.99),
            sum(o != "ok" for _, o in values),
        )
    return result


def report(recorder, elapsed):
    """Print requests/s, latencies and errors per kind; returns figures(recorder, elapsed)."""
    total = len(recorder.samples)
    errors = sum(o != "ok" for *_, o in recorder.samples)
    print(f"  {total} requests in {elapsed:.0f} s: {total / elapsed:.0f} req/s, {errors} not ok")
    print(f"  {'kind':16} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'not ok':>7}")
    result = figures(recorder, elapsed)
    for kind, (rate, p50, p95, p99, failed) in sorted(result.items()):
        print(f"  {kind:16} {rate:7.0f} {p50:8.1f} {p95:8.1f} {p99:8.1f} {failed:7d}")
    return result
