"""Django's built-in Redis cache (redis-py), made to fail as a miss instead of an error.

`RedisCache` is `django.core.cache.backends.redis.RedisCache` whose every operation, when Redis
does not answer (`redis.exceptions.ConnectionError` or `TimeoutError`: server down, restarting,
unreachable, hung), behaves as on a cache that holds nothing:

    get -> the default        get_many -> {}           has_key, add, touch, delete -> False
    set, set_many -> nothing stored (set_many returns the keys it failed to store)
    incr -> ValueError, as for a missing key            delete_many, clear -> nothing

so that pages render uncached and the site stays up. It logs a warning on the logger
"pleegzorg.cache", at most once per WARNING_INTERVAL seconds per process, not once per request.
Any other Redis error (a wrong command, a wrong type) is a bug and is raised as usual.

Set short socket timeouts in OPTIONS (pleegzorg/settings.py does: 0.25 s), so that a hung Redis
costs a request a fraction of a second per call rather than stalling it.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError, OutOfMemoryError, ReadOnlyError, TimeoutError

logger = logging.getLogger("pleegzorg.cache")

# Down, restarting, unreachable or hung; full (maxmemory with noeviction); a read-only replica after a failover.
UNAVAILABLE = (ConnectionError, TimeoutError, OutOfMemoryError, ReadOnlyError)
WARNING_INTERVAL = 60.0


class OutageWarning:
    """A warning about an outage, logged at most once per WARNING_INTERVAL per process, not once per request."""

    def __init__(self, message):
        self.message = message
        self.last = None  # time.monotonic() of the last warning in this process

    def __call__(self, *args):
        now = time.monotonic()
        if self.last is None or now - self.last >= WARNING_INTERVAL:
            self.last = now
            logger.warning(self.message, *args)

    def reset(self):
        """Let the next outage be logged at once (tests use this; a process starts reset)."""
        self.last = None


warn_unavailable = OutageWarning("The cache (Redis) does not answer, pages are served uncached: %s")
reset_warning_interval = warn_unavailable.reset


class RedisCache(DjangoRedisCache):
    """Django's RedisCache; when Redis does not answer, each operation acts as on an empty cache."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return _or_miss(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return _or_miss(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return _or_miss(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return _or_miss(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return _or_miss(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return _or_miss({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return _or_miss(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = _or_miss(_MISSING, super().incr, key, delta, version)
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found: the cache does not answer.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return _or_miss(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return _or_miss(None, super().delete_many, keys, version)

    def clear(self):
        return _or_miss(False, super().clear)


_MISSING = object()


def _or_miss(miss, operation, *args):
    """`operation(*args)`, or `miss` (with a rate-limited warning) when Redis does not answer."""
    try:
        return operation(*args)
    except UNAVAILABLE as error:
        warn_unavailable(error)
        return miss
