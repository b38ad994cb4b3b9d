"""No lost updates: of two officers editing the same record, the second save is refused."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from actions.models import Action, Plan
from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent
from core.versioning import ConcurrentUpdate

pytestmark = pytest.mark.django_db


def test_the_second_of_two_saves_from_the_same_version_is_refused():
    first, second = (StatusEvent.objects.get(municipality__code="73001") for _ in range(2))
    first.note = "eerste"
    first.save()
    second.note = "tweede"
    with pytest.raises(ConcurrentUpdate):
        second.save()
    stored = StatusEvent.objects.get(pk=first.pk)
    assert (stored.note, stored.version) == ("eerste", 2)


@pytest.mark.parametrize("model, lookup", [
    (Municipality, {"code": "73028"}),
    (Plan, {"slug": "medemblik-meer-pleeggezinnen-fase-2"}),
    (Action, {"line__plan__slug": "actieplan-pleegzorg-2017-2018", "number": "3.5"}),
])
def test_every_versioned_model_refuses_a_stale_save(model, lookup):
    first, second = model.objects.get(**lookup), model.objects.get(**lookup)
    first.save()
    with pytest.raises(ConcurrentUpdate):
        second.save()


def officers():
    clients = []
    for name in ("eerste", "tweede"):
        user = User.objects.create_superuser(name, password="wachtwoord-123")
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def form_data(response):
    """The change form as the browser would post it back: every field with its current value."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if value is not None and name != "DELETE":
                    data[f"{inline_form.prefix}-{name}"] = getattr(value, "pk", value)
    return data


def test_through_the_admin_the_second_officer_sees_what_changed_and_loses_nothing():
    first, second = officers()
    initiative = Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"), title="Receptie", category=Category.objects.first(),
        start_date="2023-01-01", source="Gemeenteblad", is_published=True,
    )
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    data_first, data_second = form_data(first.get(url)), form_data(second.get(url))
    data_first["title"] = "Receptie voor pleeggezinnen"
    assert first.post(url, data_first).status_code == 302
    data_second["description"] = "Tweede versie"
    refused = second.post(url, data_second)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in text
    assert "Receptie voor pleeggezinnen" in text  # what changed meanwhile
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (stored.title, stored.description, stored.version) == ("Receptie voor pleeggezinnen", "", 2)


def test_inline_events_are_protected_too():
    first, second = officers()
    alken = Municipality.objects.get(code="73001")
    url = reverse("admin:municipalities_municipality_change", args=[alken.pk])
    data_first, data_second = form_data(first.get(url)), form_data(second.get(url))
    data_first["status_events-0-note"] = "bevestigd"
    assert first.post(url, data_first).status_code == 302
    data_second["status_events-0-note"] = "anders"
    refused = second.post(url, data_second)
    assert refused.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in refused.content.decode()
    assert StatusEvent.objects.get(municipality=alken).note == "bevestigd"


def test_plan_and_action_admin_refuse_stale_saves():
    first, second = officers()
    action = Action.objects.get(line__plan__slug="actieplan-pleegzorg-2017-2018", number="3.5")
    url = reverse("admin:actions_action_change", args=[action.pk])
    data_first, data_second = form_data(first.get(url)), form_data(second.get(url))
    data_first["status"] = "done"
    assert first.post(url, data_first).status_code == 302
    data_second["status"] = "dropped"
    assert second.post(url, data_second).status_code == 200
    assert Action.objects.get(pk=action.pk).status == "done"
