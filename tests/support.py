"""Helpers shared by tests in several folders: the app run as separate processes on a database of
its own, and the public cache switched on.

A fixture here is used by importing it into the test module (`from tests.support import public_cache`).
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMAND_TIMEOUT = 300


class SqliteDatabase:
    """A temp file, removed at the end."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="pleegzorg-test-"))
        self.url = f"sqlite:///{self.folder / 'db.sqlite3'}"

    def drop(self):
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresDatabase:
    """A new database next to the one in DATABASE_URL, on the same server, dropped at the end."""

    def __init__(self, base_url):
        parts = urlsplit(base_url)
        self._base_url = base_url
        base_name = parts.path.lstrip("/") or "postgres"
        self.name = f"{base_name}_extra_{secrets.token_hex(4)}"
        self.url = urlunsplit(parts._replace(path="/" + self.name))
        self._execute("CREATE DATABASE {}")

    def _execute(self, statement):
        """Run a statement about our database, connected to the given one (it exists)."""
        import psycopg2
        from psycopg2 import sql

        connection = psycopg2.connect(self._base_url)
        try:
            connection.autocommit = True  # CREATE/DROP DATABASE refuse to run in a transaction
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(self.name)))
        finally:
            connection.close()

    def drop(self):
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def create_database():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return PostgresDatabase(url)
    if url and not url.startswith("sqlite:"):
        pytest.fail(f"These tests support SQLite and PostgreSQL, not DATABASE_URL={url.split(':')[0]}:…")
    return SqliteDatabase()


def manage(env, *args):
    """Run `manage.py <args>`; fail the test session with its output when it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def server_environment(database_url, password):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="pleegzorg.settings",
        DJANGO_ENV="development",
        DEBUG="false",
        DJANGO_SUPERUSER_PASSWORD=password,
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture
def public_cache(settings):
    """The public cache switched on (PUBLIC_CACHE_SECONDS = 60, as in production) and emptied before
    and after the test, so that no page cached by one test answers another."""
    from django.core.cache import cache

    settings.PUBLIC_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()
