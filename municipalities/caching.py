"""A short public cache for anonymous page views, so that many readers cost one render.

PUBLIC_CACHE_SECONDS (0 = off, the default outside production) bounds how long an anonymous
reader may see a page older than the register; staff, who are logged in, always see it fresh.
"""

from functools import lru_cache, wraps

from django.conf import settings
from django.views.decorators.cache import cache_page


def public_page(view):
    @lru_cache(maxsize=None)
    def cached(seconds):
        """The view wrapped in Django's cache, built once per duration rather than per request."""
        return cache_page(seconds, key_prefix="public")(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if seconds and request.method in ("GET", "HEAD") and not request.user.is_authenticated:
            return cached(seconds)(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper
