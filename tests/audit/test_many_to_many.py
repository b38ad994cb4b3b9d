"""Many-to-many changes are in the audit trail: every relation of every model, and admin saves."""

import pytest
from django.apps import apps
from django.urls import reverse

from actions.models import Action, Plan
from municipalities.models import Municipality
from tests.admin_forms import form_data

PROJECT_APPS = {"core", "municipalities", "initiatives", "actions", "pleegzorg"}
RELATIONS = sorted(
    (
        (model, field)
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and hasattr(model, "history")
        for field in model._meta.many_to_many
    ),
    key=lambda item: (item[0]._meta.label, item[1].name),
)


def test_the_project_has_many_to_many_relations():
    assert {(m._meta.label, f.name) for m, f in RELATIONS} >= {
        ("actions.Action", "responsible"),
        ("actions.Plan", "partners"),
    }


@pytest.mark.parametrize("model, field", RELATIONS, ids=[f"{m._meta.label}.{f.name}" for m, f in RELATIONS])
def test_every_many_to_many_relation_is_tracked(model, field):
    """A plain relation is kept with each version (m2m_fields); one through a model of its own (an
    action's responsible organisations, with their order) is tracked by that model's own history."""
    through = field.remote_field.through
    if through._meta.auto_created:
        assert field in model.history.model._history_m2m_fields
    else:
        assert hasattr(through, "history"), through


def example_pks(record):
    return sorted(row.municipality_id for row in record.example_municipalities.all())


@pytest.mark.django_db
def test_saving_a_relation_in_the_admin_is_one_version_with_the_relation_as_saved(admin_client):
    action = Action.objects.filter(example_municipalities__isnull=True).first()
    gent, leuven = Municipality.objects.filter(code__in=["44021", "24062"]).order_by("code")
    url = reverse("admin:actions_action_change", args=[action.pk])
    data = form_data(admin_client.get(url))
    data["example_municipalities"] = [gent.pk, leuven.pk]
    before = action.history.count()

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert action.history.count() == before + 1
    latest = action.history.latest("history_date")
    assert example_pks(latest) == sorted([gent.pk, leuven.pk]) and latest.history_user.username == "admin"
    change = latest.diff_against(latest.prev_record, included_fields=["example_municipalities"]).changes
    assert [c.field for c in change] == ["example_municipalities"]


@pytest.mark.django_db
def test_a_relation_changed_in_code_is_a_version_too():
    plan = Plan.objects.first()
    municipality = Municipality.objects.get(code="44021")
    action = Action.objects.filter(line__plan=plan).first()
    action.example_municipalities.add(municipality)
    assert example_pks(action.history.latest("history_date")) == [municipality.pk]


@pytest.mark.django_db
def test_an_inline_row_with_relations_saved_in_the_admin_is_one_version_with_them(admin_client):
    from actions.models import Reference

    reference = Reference.objects.filter(municipalities__isnull=True).first()
    gent = Municipality.objects.get(code="44021")
    url = reverse("admin:actions_plan_change", args=[reference.plan_id])
    data = form_data(admin_client.get(url))
    prefix = next(key.split("-")[0] for key, value in data.items() if key.endswith("-id") and value == reference.pk)
    index = next(key.split("-")[1] for key, value in data.items() if key.endswith("-id") and value == reference.pk)
    data[f"{prefix}-{index}-municipalities"] = [gent.pk]
    before = reference.history.count()

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert reference.history.count() == before + 1
    latest = reference.history.latest("history_date")
    assert [row.municipality_id for row in latest.municipalities.all()] == [gent.pk]
