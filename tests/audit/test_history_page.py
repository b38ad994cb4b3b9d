"""The admin history tells the whole story: field by field, old → new, child rows included, in Dutch."""

import hashlib
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from actions.models import Action, Responsibility
from initiatives.models import Initiative
from municipalities.models import Municipality
from tests.admin_forms import form_data
from tests.initiatives.conftest import confirm, preview

from .test_imports import edited_annex

pytestmark = pytest.mark.django_db


def history_url(code):
    return reverse("admin:municipalities_municipality_history", args=[Municipality.objects.get(code=code).pk])


def text_of(response):
    """The page's visible text, whitespace collapsed."""
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def imported(admin_client):
    content = edited_annex()
    token = preview(admin_client, content).context["token"]
    assert confirm(admin_client, token).status_code == 302
    return hashlib.sha256(content).hexdigest()


def test_after_an_import_the_history_shows_the_new_event_and_the_changed_initiative(admin_client, register):
    digest = imported(admin_client)

    antwerp = text_of(admin_client.get(history_url("11002")))
    assert "Statusgebeurtenis: Antwerpen: in gesprek / kandidaat (01/06/2023)" in antwerp, antwerp[-3000:]
    assert "toegevoegd admin" in antwerp and "Datum: — → 01/06/2023" in antwerp and "Uiterlijk: — → nee" in antwerp
    assert f"SHA-256 {digest}" in antwerp and "Import: " in antwerp

    gent = text_of(admin_client.get(history_url("44021")))
    assert "Beschrijving: Jaarlijkse receptie in het stadhuis → Nu ook met muziek" in gent, gent[-3000:]
    assert "Initiatief: Gent: Receptie voor pleeggezinnen" in gent
    assert "Versie" not in gent.split("Wijzigingen", 1)[1]


def test_the_history_page_reads_the_same_number_of_queries_for_a_long_story(admin_client, register,
                                                                             django_assert_max_num_queries):
    url = history_url("44021")
    admin_client.get(url)  # the session and the content types are read once
    with CaptureQueriesContext(connection) as short_story:
        text_of(admin_client.get(url))
    initiative = Initiative.objects.get(title="Receptie voor pleeggezinnen")
    for number in range(8):
        initiative.description, initiative.is_published = f"Versie {number}", not initiative.is_published
        initiative.save()
    with django_assert_max_num_queries(len(short_story)):
        page = text_of(admin_client.get(url))
    assert "Beschrijving: Versie 6 → Versie 7" in page and "Gepubliceerd: ja → nee" in page


def test_relations_and_child_rows_of_an_action_are_in_its_history(admin_client):
    action = Action.objects.filter(responsible__isnull=False, example_municipalities__isnull=True).first()
    gent, leuven = Municipality.objects.filter(code__in=["44021", "24062"]).order_by("name")
    url = reverse("admin:actions_action_change", args=[action.pk])
    data = form_data(admin_client.get(url))
    data["example_municipalities"] = [gent.pk, leuven.pk]
    assert admin_client.post(url, data).status_code == 302

    page = text_of(admin_client.get(reverse("admin:actions_action_history", args=[action.pk])))
    assert "Als voorbeeld genoemde gemeenten: — → Gent, Leuven" in page, page[-2500:]
    responsibility = action.responsibilities.first()  # a child row: seeded by load_plans
    with translation.override("nl"):
        assert f"{capfirst(Responsibility._meta.verbose_name)}: {responsibility}" in page
    assert f"Organisatie: — → {responsibility.organisation}" in page
