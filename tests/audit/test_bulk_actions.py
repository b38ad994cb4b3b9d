"""A bulk action in the admin is one change set: labelled with the action, by the officer who ran it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from actions.models import Action
from core.models import ChangeSet
from initiatives.models import Category, Initiative
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"


def test_a_bulk_action_is_one_change_set_with_its_label_and_officer(admin_client):
    actions = list(Action.objects.filter(line__plan__slug=NATIONAL, number__in=["3.5", "3.6"]))
    response = admin_client.post(
        reverse("admin:actions_action_changelist"),
        {"action": "set_timing", "_selected_action": [a.pk for a in actions], "apply": "1", "timing_text": "2018"},
    )
    assert response.status_code == 302

    records = [action.history.latest("history_date") for action in actions]
    change_sets = {record.history_change_set for record in records}
    assert len(change_sets) == 1 and None not in change_sets
    change_set = change_sets.pop()
    assert change_set.kind == "bulk" and change_set.user == User.objects.get(username="admin")
    assert change_set.label == "Bulkactie: Timing van de geselecteerde acties instellen"
    assert {record.timing_text for record in records} == {"2018"}


def test_the_intermediate_page_of_a_bulk_action_writes_no_change_set(admin_client):
    before = ChangeSet.objects.count()
    action = Action.objects.filter(line__plan__slug=NATIONAL).first()
    page = admin_client.post(
        reverse("admin:actions_action_changelist"), {"action": "set_timing", "_selected_action": [action.pk]}
    )
    assert page.status_code == 200 and ChangeSet.objects.count() == before


def test_deleting_selected_rows_is_one_change_set(admin_client):
    category = Category.objects.first()
    gent = Municipality.objects.get(code="44021")
    doomed = [
        Initiative.objects.create(
            municipality=gent, title=f"Weg {n}", category=category, timing_text="sinds 2023", source="test"
        )
        for n in range(2)
    ]
    response = admin_client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "delete_selected", "_selected_action": [i.pk for i in doomed], "post": "yes"},
    )
    assert response.status_code == 302 and not Initiative.objects.filter(title__startswith="Weg ").exists()

    deletions = Initiative.history.filter(title__startswith="Weg ", history_type="-")
    assert deletions.count() == 2
    change_set = deletions.first().history_change_set
    assert {d.history_change_set for d in deletions} == {change_set}
    assert change_set.label == "Bulkactie: Geselecteerde initiatieven verwijderen"


def test_a_garbled_action_field_is_no_error(admin_client):
    response = admin_client.post(
        reverse("admin:actions_action_changelist"), {"action": ["set_timing"], "index": "99", "_selected_action": []}
    )
    assert response.status_code in (200, 302)
