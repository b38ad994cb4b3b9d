"""A private, throwaway Redis for the tests, as scripts/with-postgres.sh is for PostgreSQL.

The server itself is tests/redis_process.py (RedisServer, shared with benchmarks/load.py): Debian's
redis-server on a free loopback port, as a pure cache, its folder a temp dir. Nothing is mocked.

- `redis_server` (session): the RedisServer of this test process, stopped at the end.
- `redis_cache` (function): Django's "default" cache switched to that server, as CACHE_URL does in
  production, with the public cache on (PUBLIC_CACHE_SECONDS = 3600); Redis emptied before and after.

RedisServer can also be made by a test of its own, to take it down (`stop`, `start` again on the
same port, empty) or make it hang (`pause`, `resume`: SIGSTOP/SIGCONT, data kept, as a network cut).
"""

import pytest

from pleegzorg.settings import redis_caches
from tests.redis_process import RedisServer

__all__ = ["RedisServer", "redis_cache", "redis_server"]


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
