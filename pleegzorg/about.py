"""The pages a public-sector site has: about, accessibility statement, privacy, colophon, contact; robots.txt.

Their text is in the templates (English msgids, Dutch catalogue); what they say about the domain
quotes the source documents (shared/seeds, numbered 000-004 in the colophon) and cites them.
What they say about the site itself (cookies, logs, tests) is checked by tests/test_site_pages.py.
"""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actions.models import Plan
from core.caching import public_page
from initiatives.models import ParliamentaryQuestion
from municipalities.models import FosterCareService

from .catalogue import publisher_name

# The day the accessibility statement was drawn up, and the tests it rests on (tests/browser).
STATEMENT_DATE = datetime.date(2026, 11, 30)
QUESTION_26 = {"number": "26", "date": datetime.date(2023, 10, 5)}


def _page(request, template, title, context=None):
    """Render one of these pages with its breadcrumbs (home, then the page itself)."""
    return render(request, template, {"breadcrumbs": [(title, None)], **(context or {})})


@public_page
def about(request):
    """What a pleegzorggemeente is, how a municipality becomes one, the services per province, what the site tracks."""
    services = FosterCareService.objects.prefetch_related("provinces")
    question = ParliamentaryQuestion.objects.filter(**QUESTION_26).only("number", "date").first()
    plans = Plan.objects.only("slug", "title", "kind").order_by("kind", "title")
    return _page(request, "site/about.html", _("About"), {"services": services, "question": question, "plans": plans})


@public_page
def accessibility(request):
    return _page(request, "site/accessibility.html", _("Accessibility statement"), {
        "statement_date": STATEMENT_DATE, "contact_email": settings.CONTACT_EMAIL,
    })


@public_page
def privacy(request):
    return _page(request, "site/privacy.html", _("Privacy"), {
        "contact_email": settings.CONTACT_EMAIL, "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "session_days": settings.SESSION_COOKIE_AGE // (24 * 3600),
    })


@public_page
def colophon(request):
    question = ParliamentaryQuestion.objects.filter(**QUESTION_26).only("number", "date").first()
    return _page(request, "site/colophon.html", _("Colophon"), {"question": question})


@public_page
def contact(request):
    """Who publishes the site, where to write, and what to send with a correction (its source)."""
    return _page(request, "site/contact_page.html", _("Contact"), {
        "contact_email": settings.CONTACT_EMAIL, "publisher": publisher_name(),
    })


def robots_txt(request):
    """Everything public may be indexed; the admin not. Points at the sitemap."""
    lines = ["User-agent: *", f"Disallow: {reverse('admin:index')}", "Allow: /",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """/favicon.ico, which browsers ask for by themselves: the SVG icon that every page links to."""
    return redirect(static("favicon.svg"), permanent=True)
