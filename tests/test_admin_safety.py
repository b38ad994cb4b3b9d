"""Every write path of the admin is closed or guarded, for every model (core/admin.py).

The checks iterate over the admin's registry, so a model added later is covered without a new test.
"""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from core.admin import SafeAdmin, SafeInline
from core.text import validate_no_control_characters
from core.versioning import VersionedModel, VersionedModelForm
from initiatives.models import Category, Initiative, ParliamentaryQuestion
from municipalities.models import EditorProvince, Municipality, Province, StatusEvent
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"core", "municipalities", "initiatives", "actions"}
# Inlines that edit a join row on a staff account, not register data: no version to compare.
UNVERSIONED_INLINES = {EditorProvince}


def project_admins():
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in PROJECT_APPS
        ),
        key=lambda item: item[0]._meta.label,
    )


ADMINS = project_admins()
HISTORY_MODELS = [model for model, _ in ADMINS if hasattr(model, "history")]


@pytest.mark.parametrize("model, model_admin", ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_every_admin_is_safe_versioned_and_audited(model, model_admin):
    assert isinstance(model_admin, SafeAdmin)
    assert issubclass(model, VersionedModel) and hasattr(model, "history")
    for inline in model_admin.inlines:
        assert issubclass(inline, SafeInline), inline
        assert issubclass(inline.form, VersionedModelForm), inline
        if inline.model not in UNVERSIONED_INLINES:
            assert issubclass(inline.model, VersionedModel), inline.model


def user_with_role(role, *provinces):
    user = User.objects.create_user(f"{role.lower()}-{'-'.join(provinces) or 'all'}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    for iso in provinces:
        EditorProvince.objects.create(user=user, province=Province.objects.get(iso_code=iso))
    client = Client()
    client.force_login(user)
    return client


LIMBURG_CODE = "73001"  # Alken, with a seeded status event


def one_instance(model):
    """An instance of `model` to attack; for province-bound models one in Limburg."""
    alken = Municipality.objects.get(code=LIMBURG_CODE)
    if model is Municipality:
        return alken
    if model is StatusEvent:
        return StatusEvent.objects.filter(municipality=alken).first()
    if model is Initiative:
        return Initiative.objects.create(
            municipality=alken,
            title="Receptie",
            category=Category.objects.first(),
            start_date=datetime.date(2023, 1, 1),
            source="Gemeenteblad",
        )
    if model is ProgressUpdate:
        return ProgressUpdate.objects.create(
            action=Action.objects.first(), date=datetime.date(2018, 1, 1), status="ongoing", note="n", source="s"
        )
    instance = model.objects.first()
    assert instance is not None, f"no {model.__name__} in the test database"
    return instance


def stored(instance):
    return type(instance)._base_manager.filter(pk=instance.pk).values().get()


def tampered(data, instance):
    """The change form's data with every text field altered and, where there is one, the province moved."""
    changed = dict(data)
    for field in instance._meta.concrete_fields:
        if (
            field.name in changed
            and field.get_internal_type() in ("CharField", "TextField")
            and field.name not in ("version",)
        ):
            if not field.choices:
                changed[field.name] = f"{changed[field.name]}X"[: field.max_length or None]
    if "province" in changed:
        changed["province"] = Province.objects.get(iso_code="BE-VBR").pk
    return changed


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=[m._meta.label for m in HISTORY_MODELS])
def test_history_pages_write_nothing_for_anyone(admin_client, model):
    instance = one_instance(model)
    instance.save()  # so there is a version in the audit trail
    opts = model._meta
    version = instance.history.latest().history_id
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    data = tampered(form_data(admin_client.get(change_url)), instance)
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[instance.pk, version])
    before, versions = stored(instance), instance.history.count()

    for role, provinces in [("Lezer", ()), ("Redacteur", ("BE-VBR",)), ("Beheerder", ())]:
        response = user_with_role(role, *provinces).post(url, data)
        assert response.status_code in (403, 404, 405), role
        assert stored(instance) == before, role
        assert instance.history.count() == versions, role
    assert admin_client.post(url, data).status_code == 405  # not even a superuser
    assert stored(instance) == before


@pytest.mark.parametrize("model", [Municipality, StatusEvent, Initiative], ids=lambda m: m.__name__)
def test_history_is_read_only_for_every_reader_in_or_out_of_their_provinces(admin_client, model):
    """Readers read the whole admin (pleegzorg.roles); the audit trail never offers a save."""
    instance = one_instance(model)
    instance.save()
    opts = model._meta
    version = instance.history.latest().history_id
    for client in (
        user_with_role("Redacteur", "BE-VBR"),
        user_with_role("Redacteur", "BE-VLI"),
        user_with_role("Lezer"),
    ):
        for name, args in (
            (f"{opts.model_name}_history", [instance.pk]),
            (f"{opts.model_name}_simple_history", [instance.pk, version]),
        ):
            page = client.get(reverse(f"admin:{opts.app_label}_{name}", args=args))
            assert page.status_code == 200
            assert 'name="_save"' not in page.content.decode()


def test_the_history_of_a_deleted_object_is_for_readers_of_the_admin_only(admin_client):
    initiative = one_instance(Initiative)
    url = reverse("admin:initiatives_initiative_history", args=[initiative.pk])
    initiative.delete()
    assert user_with_role("Redacteur", "BE-VBR").get(url).status_code == 200
    assert user_with_role("Lezer").get(url).status_code == 200
    outsider = User.objects.create_user("geen-rol", is_staff=True)
    client = Client()
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_a_history_version_is_shown_read_only(admin_client):
    question = ParliamentaryQuestion.objects.first()
    question.save()
    url = reverse(
        "admin:initiatives_parliamentaryquestion_simple_history",
        args=[question.pk, question.history.latest().history_id],
    )
    html = admin_client.get(url).content.decode()
    assert question.subject in html
    assert 'name="subject"' not in html and 'name="_save"' not in html


def test_a_control_character_in_any_admin_text_is_refused_with_a_dutch_message(admin_client):
    category = Category.objects.first()
    url = reverse("admin:initiatives_category_change", args=[category.pk])
    data = form_data(admin_client.get(url))
    data["description"] = "regel een\x0bregel twee"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "onzichtbaar stuurteken (U+000B)" in response.content.decode()
    assert Category.objects.get(pk=category.pk).description == category.description


@pytest.mark.parametrize("path", ["abc/history/", "abc/history/1/", "1/history/abc/", "1/history/99999999/"])
def test_history_urls_with_impossible_ids_are_404(admin_client, path):
    assert admin_client.get(f"/admin/initiatives/category/{path}").status_code == 404


def test_a_form_posted_without_its_version_cannot_overwrite(admin_client):
    category = Category.objects.first()
    url = reverse("admin:initiatives_category_change", args=[category.pk])
    data = form_data(admin_client.get(url))
    category.description = "intussen gewijzigd"
    category.save()
    data.pop("version")
    data["description"] = "van mij"
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert Category.objects.get(pk=category.pk).description == "intussen gewijzigd"


def test_deleting_an_inline_row_someone_changed_meanwhile_is_refused(admin_client):
    alken = Municipality.objects.get(code=LIMBURG_CODE)
    url = reverse("admin:municipalities_municipality_change", args=[alken.pk])
    data = form_data(admin_client.get(url))
    event = alken.status_events.get()
    event.note = "intussen aangevuld"
    event.save()
    data["status_events-0-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert alken.status_events.get().note == "intussen aangevuld"


def test_a_province_bound_editor_cannot_point_at_a_municipality_outside_their_provinces():
    antwerp_editor = user_with_role("Redacteur", "BE-VAN")
    borsbeek = Municipality.objects.get(code="11007")  # merged into Antwerpen on 1/1/2025
    url = reverse("admin:municipalities_municipality_change", args=[borsbeek.pk])
    data = form_data(antwerp_editor.get(url))
    data["successor"] = Municipality.objects.get(code="73110").pk  # Bilzen-Hoeselt, Limburg
    response = antwerp_editor.post(url, data)
    assert response.status_code == 302  # the successor is reference data: not theirs to change
    assert Municipality.objects.get(pk=borsbeek.pk).successor.code == "11002"
    assert "successor" not in antwerp_editor.get(url).context["adminform"].form.fields


def test_every_editable_model_refuses_control_characters_below_the_forms():
    category = Category.objects.first()
    category.description = "met\x0cformfeed"
    with pytest.raises(Exception, match="onzichtbaar stuurteken"):
        category.full_clean()


def _project_forms():
    found, todo = [], list(forms.Form.__subclasses__())
    while todo:
        form = todo.pop()
        todo.extend(form.__subclasses__())
        if form.__module__.split(".")[0] in PROJECT_APPS | {"pleegzorg"}:
            found.append(form)
    return found


def test_every_plain_form_of_the_project_refuses_control_characters_in_its_text():
    """Forms that are not ModelForms (admin actions' intermediate forms, ...) use core.text.SafeCharField."""
    checked = 0
    for form in _project_forms():
        for name, field in form.base_fields.items():
            if (
                type(field) is forms.CharField
                or isinstance(field, forms.CharField)
                and not isinstance(field, (forms.URLField, forms.EmailField, forms.SlugField, forms.RegexField))
            ):
                assert validate_no_control_characters in field.validators, f"{form.__name__}.{name}"
                checked += 1
    assert checked >= 4


def test_a_refused_deletion_says_why_when_the_model_says_it_in_dutch():
    from django.db.models import ProtectedError

    from core.admin import refusal_message

    assert (
        refusal_message(ProtectedError("Alken kan niet worden verwijderd: 1 initiatieven verwijzen ernaar.", set()))
        == "Alken kan niet worden verwijderd: 1 initiatieven verwijzen ernaar."
    )
    django_own = ProtectedError("Cannot delete some instances of model 'Municipality'", {object()})
    assert refusal_message(django_own) == "Andere gegevens verwijzen hier nog naar; er is niets verwijderd."
