"""No lost updates: of two officers editing the same record, the second save is refused."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from actions.models import Action, Plan
from core.versioning import ConcurrentUpdate
from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent
from tests.admin_forms import form_data

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
    data_first["title"] = "Week van de Pleegzorg (eerste)"
    assert first.post(url, data_first).status_code == 302
    data_second["title"] = "Week van de Pleegzorg (tweede)"
    assert second.post(url, data_second).status_code == 200
    assert Action.objects.get(pk=action.pk).title == "Week van de Pleegzorg (eerste)"


def _admin_models():
    from tests.test_admin_safety import ADMINS
    return [model for model, _ in ADMINS]


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label)
def test_every_admin_change_form_refuses_a_stale_save(model):
    """Of two officers who opened the same record, the second save is refused, for every model."""
    from tests.test_admin_safety import one_instance

    first, second = officers()
    instance = one_instance(model)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    data_first, data_second = form_data(first.get(url)), form_data(second.get(url))
    saved = first.post(url, data_first)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    refused = second.post(url, data_second)
    assert refused.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in refused.content.decode()
    assert type(instance)._base_manager.get(pk=instance.pk).version == instance.version + 1
