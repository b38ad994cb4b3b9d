"""The public page cache: anonymous readers share one render per page until the public data changes.

`public_page(view)` wraps a view. An anonymous GET or HEAD is answered from Django's cache (the
"default" alias: Redis, shared by every app server, when CACHE_URL is set; else the per-process
LocMem): a page is stored under its address with the *generation* of the public data it was
rendered in, and served only while that generation is current. Logged-in users (staff) always
bypass it and see the register as it is.

The generation is a random token kept in the same cache under GENERATION_KEY. Every committed
write to public data (core.public_writes sees each INSERT, UPDATE and DELETE on their tables, at
the database level) calls `bump_generation()`, which stores a new token: from then on every server
finds the pages it holds out of date, so an edit shows at once on all of them (a page of an
older generation is rendered again on its next request). A token, not a counter: if Redis loses the
key (eviction, restart), readers start a new random generation and can never land on an old one.

Code changes too: every `migrate` (each deployment runs it) starts a new generation, so that pages
rendered by the previous code are not served from a shared cache that outlived its servers.

PUBLIC_CACHE_SECONDS (0 = off) is the safety net: no page is served longer, whatever happens to a
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
*last rendered copy* (its entry, whatever its generation, kept for STALE_SECONDS), with a notice at the top
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
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers, get_max_age, patch_response_headers
from django.utils.html import format_html
from django.utils.translation import gettext

from .cache_backends import OutageWarning
from .middleware import is_limit_error

logger = logging.getLogger("pleegzorg.cache")

GENERATION_KEY = "public.generation"
PAGE_PREFIX = "public.page."
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
    previous = cache.get(GENERATION_KEY)
    token = secrets.token_hex(8)
    cache.set(GENERATION_KEY, token, None)
    now = cache.get(GENERATION_KEY)
    if now is not None and now != previous:  # ours, or a later writer's: either way a new generation
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
    cache does not answer. A hit costs one round trip to the cache: the generation and the page are
    read together (`get_many`), and a page is served only when it was rendered in the current
    generation less than PUBLIC_CACHE_SECONDS ago. The page's entry outlives its generation (for
    STALE_SECONDS): it is the last rendered copy a database outage falls back on.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _page_key(request)
        generation, entry = _read(key)
        if generation is None:
            return view(request, *args, **kwargs)
        if entry is not None and entry[0] == generation and time.time() - entry[1] < seconds:
            return entry[2]
        try:
            response = view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            last = None if entry is None or is_limit_error(error) else _last_copy(entry[2], entry[1])
            if last is None:
                raise  # core.middleware: the 503 page (the 400 page for a query the database refuses)
            _warn_stale(request.path)
            return last
        # Browsers ask again, or after the view's own max-age bounded by ours (patch_cache_control keeps the smaller).
        patch_response_headers(response, seconds if get_max_age(response) else 0)
        if _may_keep(response):
            # A page's own address keeps its last copy for an outage; one with a query string (filters, or
            # junk anyone can make up) only as long as it is served, so that they cannot fill the cache.
            kept = seconds if request.GET else max(seconds, STALE_SECONDS)
            cache.set(key, (generation, time.time(), response), kept)
        return response

    return wrapper


def _page_key(request):
    """The cache key of a page: the release (settings.RELEASE: code or settings deployed since are never
    served an older page, even when no migration bumped), today (a page without `?datum=` shows today,
    so it is not served after midnight), its host and its full path (query string included), hashed."""
    address = f"{settings.RELEASE}|{timezone.localdate().isoformat()}|{request.get_host()}{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _read(key):
    """(current generation or None, the page's entry or None) in one round trip; (None, None) when
    the cache does not answer or a bump is pending in this process (see current_generation)."""
    if _pending_bump and not bump_generation():
        return None, None
    values = cache.get_many([GENERATION_KEY, key])
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = current_generation()
    return generation, values.get(key)


def _is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


def _may_keep(response):
    """What Django's own cache middleware keeps: a complete 200 that sets no cookie and is not private."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


_warn_stale = OutageWarning("Database unavailable: pages answered from their last rendered copy (e.g. %r).")


def _last_copy(response, rendered):
    """An HTML page's last rendered copy with a notice of the outage and of when the page dates (never
    cached further, by anyone); None for anything else, or when the notice has no place in it."""
    if not _is_html(response) or MAIN.encode() not in response.content:
        return None
    when = formats.date_format(timezone.localtime(datetime.datetime.fromtimestamp(rendered, datetime.UTC)), "d/m/Y H:i")
    notice = format_html(
        '<p class="stale-notice" role="status">{}</p>',
        gettext("The database cannot be reached right now. This page shows the data as they were on %(when)s.")
        % {"when": when},
    )
    stale = HttpResponse(
        response.content.decode().replace(MAIN, MAIN + notice, 1), content_type="text/html; charset=utf-8"
    )
    add_never_cache_headers(stale)
    return stale
