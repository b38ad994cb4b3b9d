"""A private, throwaway Redis for the tests, as scripts/with-postgres.sh is for PostgreSQL.

Debian's redis-server (`make redis` installs it) on a free loopback port, as a pure cache: no
snapshots, no append-only file, its folder a temp dir. Nothing is mocked.

- `redis_server` (session): the RedisServer of this test process, stopped at the end.
- `redis_cache` (function): Django's "default" cache switched to that server, as CACHE_URL does in
  production, with the public cache on (PUBLIC_CACHE_SECONDS = 3600); Redis emptied before and after.

RedisServer can also be made by a test of its own, to take it down (`stop`, `start` again on the
same port, empty) or make it hang (`pause`, `resume`: SIGSTOP/SIGCONT, data kept, as a network cut).
"""

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

from pleegzorg.settings import redis_caches

START_TIMEOUT = 10


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, folder=None):
        self.folder = Path(folder or tempfile.mkdtemp(prefix="pleegzorg-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--daemonize",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start:\n{(self.folder / 'redis.log').read_text()}")
                time.sleep(0.05)
        client.close()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def client(self):
        """A plain redis-py client, to look at the server behind Django's back."""
        return redis.Redis.from_url(self.url)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, redis_server, monkeypatch):
    """Django's cache on the session's Redis, the public cache on; yields the RedisServer."""
    from core import cache_backends, caching

    settings.CACHES = redis_caches(redis_server.url)  # Django drops its cache connections on this change
    settings.PUBLIC_CACHE_SECONDS = 3600
    monkeypatch.setattr(caching, "_pending_bump", False)
    cache_backends.reset_warning_interval()
    redis_server.client().flushdb()
    yield redis_server
    redis_server.client().flushdb()
