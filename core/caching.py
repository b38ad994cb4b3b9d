"""The public page cache: anonymous readers share one render per page until the public data changes.

`public_page(view)` wraps a view. An anonymous GET or HEAD is answered from Django's cache (the
"default" alias: Redis, shared by every app server, when CACHE_URL is set; else the per-process
LocMem) under a key that holds the current *generation* of the public data. Logged-in users
(staff) always bypass it and see the register as it is.

The generation is a random token kept in the same cache under GENERATION_KEY. Every committed
write to public data (core.public_writes sees each INSERT, UPDATE and DELETE on their tables, at
the database level) calls `bump_generation()`, which stores a new token: from then on every server
looks the pages up under the new key, so an edit shows at once on all of them, and the pages of
older generations are never read again (they expire). A token, not a counter: if Redis loses the
key (eviction, restart), readers start a new random generation and can never land on an old one.

Code changes too: every `migrate` (each deployment runs it) starts a new generation, so that pages
rendered by the previous code are not served from a shared cache that outlived its servers.

PUBLIC_CACHE_SECONDS (0 = off) is the safety net: no page is kept longer, whatever happens to a
bump. With a shared cache it can be long (3600 in production); with LocMem each process has its
own generation, so a write in one process does not reach the others, and the setting's short
default (60) is what bounds what they show. Browsers get `max-age=0` (they ask again each time,
and the server answers from its cache), unless the view set a max-age of its own (the data files).

When the cache does not answer (core.cache_backends.RedisCache turns errors into misses), pages
render uncached. A bump that could not be stored stays pending in this process: it is retried on
the next bump or public page this process serves, and until it succeeds this process serves no
cached page. Residual risk, bounded by PUBLIC_CACHE_SECONDS: another server may serve a page of
the old generation until the pending bump lands, if Redis kept its data through the outage (a
network cut); a process that exits (a management command) with its bump still pending loses it.
Run Redis as a pure cache, without persistence, so that a restarted Redis holds no old page.
"""

import logging
import secrets
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.middleware.cache import CacheMiddleware
from django.utils.cache import get_max_age, patch_response_headers

logger = logging.getLogger("pleegzorg.cache")

GENERATION_KEY = "public.generation"

_pending_bump = False  # a write this process committed whose bump the cache did not take yet


def bump_generation():
    """Start a new generation of the public pages: pages cached before are not served again.

    Returns True when the cache took the new token. When it did not (the cache does not answer),
    the bump stays pending in this process, with a warning, and is retried later (see above);
    returns False. Never raises for an unavailable cache.
    """
    global _pending_bump
    token = secrets.token_hex(8)
    cache.set(GENERATION_KEY, token, None)
    if cache.get(GENERATION_KEY) is not None:  # ours, or a later writer's: either way a new generation
        if _pending_bump:
            logger.warning("The cache answers again: the pending change of the public data is applied.")
        _pending_bump = False
        return True
    if not _pending_bump:
        logger.warning("The cache did not take a change of the public data; retrying on the next request.")
    _pending_bump = True
    return False


def bump_after_migrate(**kwargs):
    """The post_migrate receiver (core.apps): a deployment runs `migrate`, and its pages, built by the code
    deployed before, are not served again (a shared cache outlives the servers)."""
    bump_generation()


def current_generation():
    """The token of the current generation (a str), or None when the cache does not answer or a bump
    is still pending in this process: then no page may be read from or written to the cache."""
    if _pending_bump and not bump_generation():
        return None
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)  # the first reader starts one; add is atomic
        generation = cache.get(GENERATION_KEY)
    return generation


def public_page(view):
    """`view`, answered from the public cache for anonymous GET and HEAD requests (see the module).

    Uncached when PUBLIC_CACHE_SECONDS is 0, for logged-in users, for other methods, and when the
    cache does not answer.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        generation = current_generation()
        if generation is None:
            return view(request, *args, **kwargs)

        def respond(request):
            response = view(request, *args, **kwargs)
            # Browsers ask again (or after the view's own max-age); Django's cache keeps it `seconds`.
            patch_response_headers(response, get_max_age(response) or 0)
            return response

        return CacheMiddleware(respond, page_timeout=seconds, key_prefix=f"public.{generation}")(request)

    return wrapper
