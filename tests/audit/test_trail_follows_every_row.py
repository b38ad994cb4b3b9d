"""No write path leaves a row the audit trail does not know as it is (tests/audit/trail.py)."""

import pytest
from django.urls import reverse

from actions.models import Action
from initiatives.models import Initiative
from municipalities.models import Municipality
from tests.initiatives.conftest import confirm, preview

from .test_imports import edited_annex
from .trail import rows_the_trail_misses

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"


def test_the_loaders_leave_every_row_in_the_trail():
    assert rows_the_trail_misses() == []


def test_a_write_behind_the_trails_back_is_found():
    initiative_free = Municipality.objects.get(code="44021")
    Municipality.objects.filter(pk=initiative_free.pk).update(name="Gent (stil gewijzigd)")
    action = Action.objects.first()
    action.example_municipalities.through.objects.create(action=action, municipality=initiative_free)
    missed = rows_the_trail_misses()
    assert ("municipalities.Municipality", initiative_free.pk, ["name"]) in missed
    assert ("actions.Action", action.pk, "example_municipalities") in missed


def test_imports_bulk_actions_and_admin_saves_leave_every_row_in_the_trail(admin_client, register):
    token = preview(admin_client, edited_annex()).context["token"]
    assert confirm(admin_client, token).status_code == 302
    actions = Action.objects.filter(line__plan__slug=NATIONAL)[:3]
    assert admin_client.post(reverse("admin:actions_action_changelist"), {
        "action": "set_timing", "_selected_action": [a.pk for a in actions], "apply": "1",
        "timing_text": "2018"}).status_code == 302
    doomed = Initiative.objects.get(title="Na de peildatum")
    assert admin_client.post(reverse("admin:initiatives_initiative_changelist"), {
        "action": "delete_selected", "_selected_action": [doomed.pk], "post": "yes"}).status_code == 302
    assert rows_the_trail_misses() == []
