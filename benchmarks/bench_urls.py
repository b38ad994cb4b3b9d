"""The site's URLs plus /bench/bare/, the ceiling of benchmarks/load.py (never in pleegzorg/urls.py).

/bench/bare/ answers a tiny HttpResponse through the full middleware stack (security, CSP, whitenoise,
sessions, CSRF, auth, messages, history, axes) without touching the database or the cache: what one
request costs Django on these servers before any page does its work.
"""

from django.http import HttpResponse
from django.urls import include, path

from pleegzorg.urls import handler400  # noqa: F401 (the site's 400 page: Django reads it from the root URLconf)


def bare(request):
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("pleegzorg.urls")),
]
