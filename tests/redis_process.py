"""A private, throwaway redis-server process, as scripts/with-postgres.sh is for PostgreSQL.

Debian's redis-server (`make redis` installs it) on a free loopback port, as a pure cache: no
snapshots, no append-only file, its folder a temp dir. Plain Python (no pytest), so that both the
tests (tests/redis_server.py, its fixtures) and the load benchmark (benchmarks/load.py) use it.

`RedisServer(folder=None)` starts at once; `stop()` ends it (and `start()` brings it back on the same
port, empty); `pause()`/`resume()` make it hang and answer again (SIGSTOP/SIGCONT, data kept, as a
network cut). Starting raises RuntimeError with the server's log when it does not answer within
START_TIMEOUT seconds.
"""

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

START_TIMEOUT = 10


def free_port():
    """A TCP port (an int) free on the loopback interface right now."""
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
                    raise RuntimeError(
                        f"redis-server did not start:\n{(self.folder / 'redis.log').read_text()}"
                    ) from None
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
