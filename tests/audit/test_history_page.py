"""The admin history tells the whole story: field by field, old → new, child rows included, in Dutch."""

import hashlib
import re
from html import unescape

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from municipalities.models import Municipality
from tests.initiatives.conftest import confirm, preview, register  # noqa: F401

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
