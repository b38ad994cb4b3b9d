"""The database going away: a Dutch 503 with Retry-After for the admin, never a 500, and the public
pages keep answering from the public cache.

Real servers, nothing mocked: the app runs in gunicorn (one worker, so one public cache) against
- a PostgreSQL address where nothing listens ("connection refused"), and
- a private copy of the suite's own test database (SQLite file or PostgreSQL database) that is
  taken away while the server runs: PostgreSQL refuses new connections to it and ends the open
  ones (ALTER DATABASE ... ALLOW_CONNECTIONS false, pg_terminate_backend); the SQLite file's folder
  is swapped for a plain file, as when a volume goes missing. Then it comes back.
"""

import http.client
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from tests.support import REPO_ROOT, server_environment

SAVE_REFUSED = "Niet opgeslagen: de databank is even niet bereikbaar. Probeer het zo opnieuw."
READ_REFUSED = "De databank is even niet bereikbaar. Probeer het zo opnieuw."


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = raw.headers
        self.text = raw.read().decode("utf-8", "replace")


class Server:
    """gunicorn with one worker on a free port; a browser-like client with cookies and CSRF."""

    def __init__(self, env):
        self.port = free_port()
        self.log = Path(env["LOG_DIR"]) / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pleegzorg.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.cookies = {}
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{self.log.read_text()}")
                time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        print(self.log.read_text()[-5000:])  # shown by pytest when the test fails

    def request(self, method, path, data=None, cookies=True):
        """One request; Set-Cookie is kept in self.cookies (cookies=False sends none: a stranger)."""
        headers = {"Host": "127.0.0.1"}
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = Response(conn.getresponse())
        finally:
            conn.close()
        if cookies:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        return response

    def form(self, path):
        """The hidden inputs of the form at `path` (CSRF token, version) as a dict."""
        page = self.request("GET", path)
        assert page.status == 200, (path, page.status, page.text[:500])
        return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.text))


@pytest.fixture
def server_env(tmp_path):
    def make(database_url, **extra):
        env = server_environment(database_url, "unused")
        env.update(LOG_DIR=str(tmp_path), **extra)
        return env

    return make


def assert_unavailable(response, text):
    assert response.status == 503, (response.status, response.text[:500])
    assert int(response.headers["Retry-After"]) > 0
    assert text in response.text and '<html lang="nl">' in response.text


def test_without_a_database_admin_pages_and_saves_answer_503(server_env):
    nowhere = f"postgres://pleegzorg@127.0.0.1:{free_port()}/pleegzorg"  # nothing listens there
    server = Server(server_env(nowhere))
    try:
        hidden = server.form("/admin/login/")  # the login form itself needs no database
        login = server.request(
            "POST", "/admin/login/?next=/admin/", {**hidden, "username": "beheerder", "password": "geheim-wachtwoord"}
        )
        assert_unavailable(login, SAVE_REFUSED)
        # A staff member with a session: the session itself cannot be read.
        server.cookies["sessionid"] = secrets.token_hex(16)
        assert_unavailable(server.request("GET", "/admin/"), READ_REFUSED)
        save = server.request(
            "POST", "/admin/initiatives/category/add/", {**hidden, "name": "Nieuw", "slug": "nieuw", "order": "5"}
        )
        assert_unavailable(save, SAVE_REFUSED)
        assert_unavailable(server.request("GET", "/gemeenten/", cookies=False), READ_REFUSED)
    finally:
        server.stop()
    assert "Traceback" not in server.log.read_text()


class DatabaseCopy:
    """A copy of the suite's test database (schema, reference data) that can be taken away."""

    def __init__(self, folder):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.folder = folder / "database"
            self.folder.mkdir()
            connection.ensure_connection()
            with sqlite3.connect(self.folder / "db.sqlite3") as target:
                connection.connection.backup(target)
            self.url = f"sqlite:///{self.folder / 'db.sqlite3'}"
        else:
            settings = connection.settings_dict
            self.server = {
                "host": settings["HOST"],
                "port": settings["PORT"],
                "user": settings["USER"],
                "password": settings["PASSWORD"] or None,
            }
            template = settings["NAME"]
            connection.close()  # CREATE DATABASE ... TEMPLATE needs the template unused
            self.name = f"{template}_down_{secrets.token_hex(4)}"
            self._on_server(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
            password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
            self.url = f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{self.name}"

    def _on_server(self, statement):
        import psycopg2

        server = psycopg2.connect(dbname="postgres", **self.server)
        try:
            server.autocommit = True
            with server.cursor() as cursor:
                cursor.execute(statement)
        finally:
            server.close()

    def query(self, sql, params=()):
        """Run one statement on the copy (committed) and return its rows."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.folder / "db.sqlite3") as database:
                return database.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg2

        database = psycopg2.connect(dbname=self.name, **self.server)
        try:
            with database, database.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            database.close()

    def add_superuser(self, username, password):
        self.query(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
            " is_active, date_joined) VALUES (%s, %s, %s, '', '', '', %s, %s, %s)",
            (make_password(password, hasher="pbkdf2_sha256"), True, username, True, True, timezone.now().isoformat()),
        )

    def go_down(self):
        if self.vendor == "sqlite":
            self.folder.rename(self.folder.with_name("away"))
            self.folder.write_text("not a folder: the volume is gone")
        else:
            self._on_server(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
            self._on_server(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.name}'")

    def come_back(self):
        if self.vendor == "sqlite":
            self.folder.unlink()
            self.folder.with_name("away").rename(self.folder)
        else:
            self._on_server(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    def drop(self):
        if self.vendor != "sqlite":
            self._on_server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def database_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """Module-scoped, so made before a test opens its transaction on the test database."""
    with django_db_blocker.unblock():
        copy = DatabaseCopy(tmp_path_factory.mktemp("copy"))
    yield copy
    with django_db_blocker.unblock():
        copy.drop()


@pytest.mark.django_db  # so that pytest-django sets the test database up even when this test runs alone
def test_public_pages_answer_from_the_cache_while_admin_saves_get_503(database_copy, server_env):
    database_copy.add_superuser("beheerder", "juist-wachtwoord-123")
    # SQLite reopens the file for each request only without persistent connections.
    env = server_env(
        database_copy.url, PUBLIC_CACHE_SECONDS="300", CONN_MAX_AGE="0" if database_copy.vendor == "sqlite" else "60"
    )
    server = Server(env)
    try:
        hidden = server.form("/admin/login/")
        login = server.request(
            "POST",
            "/admin/login/?next=/admin/",
            {**hidden, "username": "beheerder", "password": "juist-wachtwoord-123"},
        )
        assert login.status == 302, login.text[:500]
        hidden = server.form("/admin/initiatives/category/add/")
        category = {**hidden, "name": "Tijdens de storing", "slug": "tijdens-de-storing", "order": "5"}
        warm = server.request("GET", "/gemeenten/73001/", cookies=False)
        assert warm.status == 200 and "Alken" in warm.text
        assert server.request("GET", "/gemeenten.json", cookies=False).status == 200  # rendered, never kept stale

        database_copy.go_down()
        cached = server.request("GET", "/gemeenten/73001/", cookies=False)
        assert cached.status == 200 and cached.text == warm.text
        assert_unavailable(server.request("GET", "/gemeenten/24062/", cookies=False), READ_REFUSED)  # never cached
        assert_unavailable(server.request("POST", "/admin/initiatives/category/add/", category), SAVE_REFUSED)
        assert_unavailable(server.request("GET", "/admin/"), READ_REFUSED)

        database_copy.come_back()
        retried = server.request("POST", "/admin/initiatives/category/add/", category)
        assert retried.status == 302, retried.text[:1000]

        # The save started a new generation: no page of it is cached yet when the database goes down
        # again. An HTML page answers from its last rendered copy, saying so; a data file does not.
        database_copy.go_down()
        assert_unavailable(server.request("GET", "/gemeenten.json", cookies=False), READ_REFUSED)  # no stale data file
        last = server.request("GET", "/gemeenten/73001/", cookies=False)
        assert last.status == 200 and "Alken" in last.text
        assert '<p class="stale-notice" role="status">De databank is op dit moment niet bereikbaar.' in last.text
        assert last.text.replace(re.search(r'<p class="stale-notice".*?</p>', last.text).group(0), "") == warm.text
        assert_unavailable(server.request("GET", "/gemeenten/24062/", cookies=False), READ_REFUSED)  # never rendered
        database_copy.come_back()
        fresh = server.request("GET", "/gemeenten/73001/", cookies=False)
        assert fresh.status == 200 and "stale-notice" not in fresh.text
    finally:
        server.stop()
    assert database_copy.query(
        "SELECT count(*) FROM initiatives_category WHERE slug = %s", ("tijdens-de-storing",)
    ) == [(1,)]
    assert "Traceback" not in server.log.read_text()
