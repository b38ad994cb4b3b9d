"""Bad input is a 400/404 with a Dutch page, never a 500: on SQLite as on PostgreSQL.

1. A NUL character (PostgreSQL cannot hold one in text) anywhere in a request: every URL pattern
   of the project with every converter filled with it, every public page with every parameter
   its forms know, admin changelists, admin POSTs, cookies and headers; anonymous and as superuser.
2. Very long or many-worded searches (on SQLite "LIKE or GLOB pattern too complex", "Expression
   tree is too large"): the public filters and every registered ModelAdmin.
"""

import re

import django_filters
import pytest
from django.contrib import admin
from django.db import OperationalError, connection, transaction
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from core.admin_search import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, BoundedSearchAdmin
from core.dates import ReferenceDateForm
from core.middleware import DatabaseUnavailableMiddleware
from initiatives.forms import AnnexForm

pytestmark = pytest.mark.django_db

NUL = "%00"
NOT_STORABLE = "Uw aanvraag bevat een onzichtbaar teken (U+0000)"
NOT_FOUND = "Pagina niet gevonden"
SEARCH_REFUSED = "Niet gezocht: gebruik hoogstens 200 tekens en 10 woorden."


def fill(pattern, value):
    """The pattern's text with each converter or regex group replaced by `value`."""
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?\w+>", value, str(pattern))
    regex = str(pattern).lstrip("^").removesuffix("$").removesuffix(r"\Z")
    return re.sub(r"\((?:\?P<\w+>)?(?:[^()]|\([^()]*\))*\)", value, regex)


def every_url(value, patterns=None, prefix="/"):
    """One URL per URL pattern of the project (admin and its apps included), converters = value."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = prefix + fill(entry.pattern, value)
        if isinstance(entry, URLResolver):
            yield from every_url(value, entry.url_patterns, here)
        else:
            yield here


# Converters get "1%00"; a pattern without one gets the NUL at its end.
URLS_WITH_NUL = sorted({url if NUL in url else url + NUL for url in every_url("1" + NUL)})
# Public pages: those without a converter, and one real object for each page that has one.
PUBLIC_PAGES = sorted(url for url in set(every_url("<>")) if "<>" not in url and not url.startswith("/admin/")) + [
    "/gemeenten/73001/", "/gemeenten/GM0420/", "/provincies/BE-VLI/", "/plannen/actieplan-pleegzorg-2017-2018/",
    "/plannen/actieplan-pleegzorg-2017-2018.xlsx", "/plannen/actieplan-pleegzorg-2017-2018/wijzigingen/",
    "/plannen/nvp-gemeenteraadsverkiezingen-2026/aanbevelingen/1.1/", "/organisaties/nvp/",
]


def filtersets(base=django_filters.FilterSet):
    for subclass in base.__subclasses__():
        if subclass.__module__.split(".")[0] in ("pleegzorg", "municipalities", "initiatives", "actions"):
            yield subclass
        yield from filtersets(subclass)


def public_parameters():
    """Every parameter a public page reads: its filters, its forms, the page number."""
    names = {"page"}
    for filterset in filtersets():
        names |= set(filterset.base_filters)
    for form in (ReferenceDateForm, AnnexForm):
        names |= set(form.base_fields)
    return sorted(names)


def test_the_walk_finds_the_whole_project():
    """Guards the walk itself: public pages, object pages and the admin's object pages are all in."""
    assert "/gemeenten/" in PUBLIC_PAGES and "/plannen/" in PUBLIC_PAGES and "/healthz" in PUBLIC_PAGES
    for url in ("/gemeenten/1%00/", "/provincies/1%00/", "/plannen/1%00/", "/plannen/1%00/aanbevelingen/1%00/",
                "/admin/municipalities/municipality/1%00/change/", "/admin/initiatives/parliamentaryquestion/1%00/bijlage.xlsx"):
        assert url in URLS_WITH_NUL, url
    assert {"q", "datum", "sinds", "vraag", "province", "sorteer", "year", "plan", "page"} <= set(public_parameters())


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_a_nul_in_any_url_is_a_404(client, admin_user, who):
    if who == "superuser":
        client.force_login(admin_user)
    for url in URLS_WITH_NUL:
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert NOT_FOUND in response.content.decode(), url


def test_the_examples_from_the_issue(client, admin_client):
    for url in ("/gemeenten/%00/", "/provincies/BE-V%00LI/", "/plannen/x%00/", "/organisaties/%00/"):
        assert client.get(url).status_code == 404, url
    assert admin_client.get("/admin/municipalities/municipality/1%00/change/").status_code == 404
    for url in ("/gemeenten/?q=%00", "/gemeenten/?datum=%00", "/bijlage.xlsx?vraag=%00", "/?datum=2024-01-01%00"):
        response = client.get(url)
        assert response.status_code == 400 and NOT_STORABLE in response.content.decode(), url


@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_a_nul_in_any_parameter_of_any_public_page_is_a_400(client, admin_user, who):
    if who == "superuser":
        client.force_login(admin_user)
    for url in PUBLIC_PAGES:
        for name in public_parameters():
            response = client.get(f"{url}?{name}=x{NUL}")
            assert response.status_code == 400, (url, name, response.status_code)
            assert NOT_STORABLE in response.content.decode() and '<html lang="nl">' in response.content.decode()
        assert client.get(f"{url}?x{NUL}=1").status_code == 400, url


def test_a_nul_in_admin_searches_filters_and_forms_is_a_400(admin_client):
    for model, model_admin in admin.site._registry.items():
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        filters = [f if isinstance(f, str) else f[0] for f in model_admin.list_filter if not callable(f)]
        for name in ["q", "o", "p", *(f"{name}__exact" for name in filters)]:
            assert admin_client.get(f"{changelist}?{name}={NUL}").status_code == 400, (changelist, name)
        add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        count = model.objects.count()
        fields = {field.name: "x\x00y" for field in model._meta.fields}
        response = admin_client.post(add, fields)
        assert response.status_code == 400 and NOT_STORABLE in response.content.decode(), add
        assert model.objects.count() == count


def test_a_nul_in_a_cookie_or_header_is_a_400(client, admin_user):
    # A quoted cookie value may carry "\000": Django's cookie parser turns it into a NUL.
    assert client.get("/gemeenten/", HTTP_COOKIE='sessionid="' + "\\000" * 8 + '"').status_code == 400
    assert client.get("/gemeenten/", HTTP_USER_AGENT="x\x00").status_code == 400
    response = client.post(reverse("admin:login"), {"username": "a\x00", "password": "x"})
    assert response.status_code == 400 and NOT_STORABLE in response.content.decode()


def test_invalid_utf8_escapes_are_harmless(client, admin_client):
    # Django keeps an undecodable path as "%FF" and decodes a bad parameter to U+FFFD.
    assert client.get("/gemeenten/%ff/").status_code == 404
    assert client.get("/provincies/BE-V%ffLI/").status_code == 404
    assert client.get("/gemeenten/?q=%ff%fe").status_code == 200
    assert admin_client.get("/admin/municipalities/municipality/1%ff/change/").status_code in (302, 404)
    assert admin_client.get("/admin/municipalities/municipality/?q=%ff").status_code == 200


def test_django_own_bad_requests_get_the_dutch_400_page(client):
    response = client.get("/", HTTP_HOST="elders.example.org")  # DisallowedHost: handler400 renders 400.html
    assert response.status_code == 400 and "Aanvraag niet begrepen" in response.content.decode()


def test_clean_requests_still_pass(client, admin_client):
    assert client.get("/gemeenten/?q=Alken").status_code == 200
    assert client.get("/gemeenten/73001/", HTTP_USER_AGENT="Mozilla/5.0").status_code == 200
    assert admin_client.get("/admin/municipalities/municipality/?q=Alken").status_code == 200


# 2. Long searches


def test_every_public_text_filter_is_bounded():
    text_filters = [
        (filterset.__name__, name)
        for filterset in filtersets()
        for name, field in filterset.base_filters.items()
        if isinstance(field, django_filters.CharFilter)
    ]
    assert ("MunicipalityFilter", "q") in text_filters and ("InitiativeFilter", "q") in text_filters
    for filterset in filtersets():
        for name, field in filterset.base_filters.items():
            if isinstance(field, django_filters.CharFilter):
                assert field.extra.get("max_length", 0) <= SEARCH_MAX_LENGTH and field.extra.get("max_length"), name


@pytest.mark.parametrize("url", ["/gemeenten/", "/initiatieven/"])
def test_a_very_long_public_search_gets_a_dutch_message(client, url):
    for term in ("x" * 100_000, " ".join(["pleegzorg"] * 5000), "%_" * 30_000):
        response = client.get(url, {"q": term})
        assert response.status_code == 200
        assert "niet meer dan 200 tekens" in response.content.decode()  # Django's own Dutch message
        for twin in (".csv", ".json"):  # a file refuses it rather than answer with the unfiltered list
            refused = client.get(url.rstrip("/") + twin, {"q": term})
            assert refused.status_code == 400 and "niet meer dan 200 tekens" in refused.content.decode()


def test_every_registered_admin_bounds_its_search():
    """The project's admins and the third-party ones registered on the site (auth, axes) alike."""
    missing = [type(a).__name__ for a in admin.site._registry.values() if not isinstance(a, BoundedSearchAdmin)]
    assert missing == [], f"ModelAdmins without core.admin_search.BoundedSearchAdmin: {missing}"


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_a_very_long_admin_search_gets_a_dutch_message(admin_client, model):
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    too_many_words = " ".join(f"w{i}" for i in range(SEARCH_MAX_WORDS + 1))
    for term in ("x" * 100_000, "x" * (SEARCH_MAX_LENGTH + 1), too_many_words, " ".join(["ab"] * 20_000)):
        response = admin_client.get(changelist, {"q": term})
        assert response.status_code == 200, (model, len(term), response.status_code)
        assert SEARCH_REFUSED in response.content.decode()
    within = " ".join(f"w{i}" for i in range(SEARCH_MAX_WORDS))
    response = admin_client.get(changelist, {"q": within})
    assert response.status_code == 200 and SEARCH_REFUSED not in response.content.decode()


def test_a_query_too_complex_for_the_database_is_a_400_not_an_outage(rf):
    """The fallback for any search or filter not bounded before it reaches the database: real errors."""
    if connection.vendor == "postgresql":
        statement = "SELECT concat(" + ", ".join(["'x'"] * 101) + ")"  # SQLSTATE 54023, too many arguments
    else:
        statement = "SELECT 1 WHERE 'x' LIKE '" + "%x" * 30_000 + "'"  # LIKE or GLOB pattern too complex
    with pytest.raises(OperationalError) as raised, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    response = DatabaseUnavailableMiddleware(lambda request: None).process_exception(rf.get("/"), raised.value)
    assert response.status_code == 400
    assert "te groot of te ingewikkeld voor de databank" in response.content.decode()
