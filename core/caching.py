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

When the database is down, a page whose current generation is not cached yet is answered from its
*last rendered copy* (kept apart from the generations for STALE_SECONDS), with a notice at the top
of the page that says the database cannot be reached and from when the page dates. Only HTML
pages: a data file is never served stale (it has no place for the notice), it gets the 503 page.
"""

import datetime
import hashlib
import logging
import secrets
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.cache import CacheMiddleware
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers, get_max_age, patch_response_headers
from django.utils.html import format_html
from django.utils.translation import gettext

logger = logging.getLogger("pleegzorg.cache")

GENERATION_KEY = "public.generation"
STALE_SECONDS = 7 * 24 * 3600  # how long the last rendered copy of a page waits for a database outage
MAIN = '<main id="content" tabindex="-1">'  # templates/base.html: the notice goes right after it

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
            keep_last_copy(request, response)
            return response

        try:
            return CacheMiddleware(respond, page_timeout=seconds, key_prefix=f"public.{generation}")(request)
        except (OperationalError, InterfaceError):
            last = last_copy(request)
            if last is None:
                raise  # core.middleware.DatabaseUnavailableMiddleware: the 503 page
            logger.warning("Database unavailable: %s answered from its last rendered copy.", request.path)
            return last

    return wrapper


def _last_copy_key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    return f"public.last.{hashlib.sha256(address.encode()).hexdigest()}"


def keep_last_copy(request, response):
    """Keep an HTML page's latest render (any generation) for a database outage; never a data file."""
    html = response.get("Content-Type", "").startswith("text/html")
    if request.method == "GET" and response.status_code == 200 and html and not response.streaming:
        cache.set(_last_copy_key(request), (response.content, time.time()), STALE_SECONDS)


def last_copy(request):
    """The page's last rendered copy as a response, with a notice of the outage and of when the page
    dates (never cached further, by anyone); None when there is none."""
    kept = cache.get(_last_copy_key(request))
    if kept is None:
        return None
    content, rendered = kept
    when = formats.date_format(timezone.localtime(datetime.datetime.fromtimestamp(rendered, datetime.UTC)), "d/m/Y H:i")
    notice = format_html(
        '<p class="stale-notice" role="status">{}</p>',
        gettext("The database cannot be reached right now. This page shows the data as they were on %(when)s.")
        % {"when": when},
    )
    response = HttpResponse(content.decode().replace(MAIN, MAIN + notice, 1), content_type="text/html; charset=utf-8")
    add_never_cache_headers(response)
    return response
