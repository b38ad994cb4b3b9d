"""Every role against its declaration (pleegzorg/roles.py), page by page, and the rules around it:
reference data, provinces granted explicitly, plans bound, questions answered by the Beheerder."""

import ast
import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse

from actions.models import Action, Plan, ProgressUpdate, Reference
from initiatives.models import ParliamentaryQuestion
from municipalities.models import MapLayer, MapShape, Municipality, StatusEvent
from pleegzorg import roles
from tests.admin_forms import form_data
from tests.roles import staff_in_role
from tests.test_admin_safety import one_instance

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parent.parent
PROJECT_APPS = ("core", "pleegzorg", "municipalities", "initiatives", "actions")
ROLE_PROVINCES = {roles.EDITOR: ("BE-VLI",)}  # Alken, the instance the pages open, lies in Limburg


def granted(group):
    return {f"{app}.{code}" for app, code in group.permissions.values_list("content_type__app_label", "codename")}


# --- the table is the truth ----------------------------------------------------------------------

@pytest.mark.parametrize("role", roles.ROLES)
def test_each_group_holds_exactly_what_the_table_declares(role):
    assert granted(Group.objects.get(name=role)) == roles.rights_of(role)


def test_the_table_names_every_model_and_only_models_that_exist():
    declared = set(roles.MODEL_RIGHTS)
    existing = {model._meta.label_lower for model in apps.get_models()
                if model._meta.app_label in (*PROJECT_APPS, "auth", "axes")
                and not model.__name__.startswith("Historical")}
    assert declared == existing
    codenames = {f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")}
    assert set(roles.EXTRA_RIGHTS) <= codenames


def test_applying_the_roles_repairs_drift_and_is_idempotent():
    viewer, editor = Group.objects.get(name=roles.VIEWER), Group.objects.get(name=roles.EDITOR)
    viewer.permissions.add(Permission.objects.get(codename="delete_municipality"))
    editor.permissions.remove(Permission.objects.get(codename="add_statusevent"))
    Group.objects.get(name=roles.PLAN_EDITOR).delete()
    call_command("migrate", verbosity=0)  # post_migrate applies the table
    roles.apply_roles()
    for role in roles.ROLES:
        assert granted(Group.objects.get(name=role)) == roles.rights_of(role)
    assert Group.objects.filter(name__in=roles.ROLES).count() == len(roles.ROLES)


# Known, and kept: this migration re-derives the actions' timing fields with the parser itself (a
# frozen copy would be 400 lines of duplicate parser). Every test run builds its database through
# it, so a parser change that breaks it fails the suite at once.
KNOWN_IMPORTS = {"actions/migrations/0004_action_status_from_progress_updates.py: actions"}


def test_no_data_migration_imports_project_code():
    """A RunPython migration must use the historical models it is given, never live code."""
    offenders = []
    for app in PROJECT_APPS:
        for path in sorted((REPO / app / "migrations").glob("0*.py")):
            tree = ast.parse(path.read_text())
            if "RunPython" not in path.read_text():
                continue
            for node in ast.walk(tree):
                module = node.module if isinstance(node, ast.ImportFrom) else (
                    node.names[0].name if isinstance(node, ast.Import) else None)
                if module and module.split(".")[0] in PROJECT_APPS:
                    offenders.append(f"{path.relative_to(REPO)}: {module}")
    assert set(offenders) - KNOWN_IMPORTS == set()


# --- every role on every admin page -------------------------------------------------------------

def _admin_models():
    return sorted((model for model in admin.site._registry if model._meta.app_label in (*PROJECT_APPS, "auth")),
                  key=lambda model: model._meta.label)


MATRIX = [(role, model) for role in roles.ROLES for model in _admin_models()]


@pytest.mark.parametrize("role, model", MATRIX, ids=[f"{r}-{m._meta.label}" for r, m in MATRIX])
def test_every_role_gets_what_the_table_gives_on_every_admin_page(role, model):
    client = staff_in_role(role, provinces=ROLE_PROVINCES.get(role, ()))
    rights = roles.rights_of(role)
    opts = model._meta
    can = {action: f"{opts.app_label}.{action}_{opts.model_name}" in rights for action in roles.WRITE}
    url = lambda name, *args: reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)  # noqa: E731
    instance = client.user if model._meta.label_lower == "auth.user" else (
        Group.objects.first() if model is Group else one_instance(model))

    assert client.get(url("changelist")).status_code == (200 if can["view"] or can["change"] else 403)
    assert client.get(url("add")).status_code == (200 if can["add"] else 403)
    frozen = getattr(instance, "is_answered", False)  # what went to parliament is never changed
    change = client.get(url("change", instance.pk))
    assert change.status_code == (200 if can["view"] or can["change"] else 403)
    if change.status_code == 200:
        may_change = change.context["has_change_permission"]
        assert may_change == (can["change"] and not frozen), "change"
        assert ('name="_save"' in change.content.decode()) == may_change
    deletable = can["delete"] and not frozen and not (model is Municipality and instance.references())
    assert client.get(url("delete", instance.pk)).status_code == (200 if deletable else 403)
    if hasattr(model, "history"):
        assert client.get(url("history", instance.pk)).status_code == (200 if can["view"] else 403)


# --- reference data ----------------------------------------------------------------------------

def test_an_editor_cannot_rename_recode_or_delete_a_municipality_of_their_province():
    client = staff_in_role(roles.EDITOR, provinces=["BE-VBR"])
    tielt_winge = Municipality.objects.get(name="Tielt-Winge")
    url = reverse("admin:municipalities_municipality_change", args=[tielt_winge.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not {"name", "code", "valid_until", "successor", "province"} & set(page.context["adminform"].form.fields)
    data = form_data(page) | {"name": "Gekaapt", "code": "99999", "valid_until": "2030-01-01"}
    assert client.post(url, data).status_code == 302  # their events may be saved; the names are not theirs
    assert Municipality.objects.filter(pk=tielt_winge.pk, name="Tielt-Winge", code=tielt_winge.code,
                                       valid_until=None).exists()
    delete = reverse("admin:municipalities_municipality_delete", args=[tielt_winge.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(reverse("admin:municipalities_municipality_changelist"),
                       {"action": "delete_selected", "_selected_action": [tielt_winge.pk], "post": "yes"})
    assert bulk.status_code in (200, 302) and Municipality.objects.filter(pk=tielt_winge.pk).exists()
    for model in ("province", "mapshape"):
        assert client.get(reverse(f"admin:municipalities_{model}_add") if model == "province" else
                          reverse("admin:municipalities_province_changelist")).status_code in (200, 403)
    assert client.get(reverse("admin:municipalities_province_add")).status_code == 403


def test_nobody_deletes_a_municipality_anything_refers_to(admin_client):
    tielt_winge = Municipality.objects.get(name="Tielt-Winge")
    layer = MapLayer.objects.create(name="test", view_box="0 0 10 10", source="test")
    MapShape.objects.create(layer=layer, municipality=tielt_winge, path="M0 0L1 1Z")
    assert tielt_winge.references(), "the map shape refers to it"
    assert admin_client.get(reverse("admin:municipalities_municipality_delete", args=[tielt_winge.pk])).status_code == 403
    with pytest.raises(ProtectedError):
        Municipality.objects.filter(pk=tielt_winge.pk).delete()
    response = admin_client.post(reverse("admin:municipalities_municipality_changelist"),
                                 {"action": "delete_selected", "_selected_action": [tielt_winge.pk], "post": "yes"})
    assert response.status_code in (200, 302) and Municipality.objects.filter(pk=tielt_winge.pk).exists()
    # A many-to-many reference (an example practice in a plan) protects it as well.
    lonely = Municipality.objects.create(code="99001", name="Proefgemeente", province=tielt_winge.province)
    assert lonely.references() == []
    Reference.objects.filter(kind="example_practice").first().municipalities.add(lonely)
    with pytest.raises(ProtectedError, match="Proefgemeente kan niet worden verwijderd"):
        lonely.delete()
    changelist = reverse("admin:municipalities_municipality_changelist")
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [lonely.pk], "post": "yes"})
    assert Municipality.objects.filter(pk=lonely.pk).exists()
    Reference.municipalities.through.objects.filter(municipality=lonely).delete()
    lonely.delete()  # nothing refers to it any more
    assert not Municipality.objects.filter(code="99001").exists()


def test_a_successor_lies_in_the_same_country_and_region():
    flemish = Municipality.objects.get(code="73001")
    brussels = Municipality.objects.filter(province__iso_code="BE-BRU").first()
    dutch = Municipality.objects.filter(province__country="NL").first()
    for successor, message in ((brussels, "gewest"), (dutch, "land")):
        flemish.valid_until, flemish.successor = datetime.date(2030, 12, 31), successor
        with pytest.raises(ValidationError, match=message):
            flemish.full_clean()
    # A province may change by law (Zwijndrecht, Antwerpen, joined Beveren-Kruibeke-Zwijndrecht, East Flanders).
    Municipality.objects.get(name="Zwijndrecht", province__iso_code="BE-VAN").full_clean()


# --- provinces are granted explicitly -------------------------------------------------------------

def test_an_editor_outside_their_provinces_is_told_so_and_changes_nothing():
    client = staff_in_role(roles.EDITOR, provinces=["BE-VBR"])
    alken = Municipality.objects.get(code="73001")
    url = reverse("admin:municipalities_municipality_change", args=[alken.pk])
    page = client.get(url)
    assert page.status_code == 200 and "U mag deze gemeente niet wijzigen." in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    data = form_data(page)
    assert client.post(url, data).status_code == 403
    event = alken.status_events.first()
    page = client.get(reverse("admin:municipalities_statusevent_change", args=[event.pk]))
    assert "U mag deze statusgebeurtenis niet wijzigen." in page.content.decode() or \
        "niet wijzigen" in page.content.decode()


def test_an_editor_without_provinces_edits_nothing_in_the_register():
    client = staff_in_role(roles.EDITOR)
    tielt_winge = Municipality.objects.get(name="Tielt-Winge")
    assert client.get(reverse("admin:municipalities_statusevent_add")).status_code == 403
    assert client.get(reverse("admin:initiatives_initiative_add")).status_code == 403
    page = client.get(reverse("admin:municipalities_municipality_change", args=[tielt_winge.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = client.get(reverse("admin:initiatives_initiative_import"), follow=True)
    assert "U bent aan geen enkele provincie gekoppeld" in response.content.decode()


def test_a_bulk_action_reaching_outside_the_editors_provinces_changes_nothing():
    client = staff_in_role(roles.EDITOR, provinces=["BE-VLI"])
    inside, outside = (
        StatusEvent.objects.create(municipality=Municipality.objects.active_on(datetime.date(2024, 1, 1)).filter(
            province__iso_code=iso, status_events__isnull=True).first(), kind="candidate",
            date=datetime.date(2024, 1, 1), source="Gemeenteraad")
        for iso in ("BE-VLI", "BE-VAN"))
    response = client.post(reverse("admin:municipalities_statusevent_changelist"),
                           {"action": "delete_selected", "_selected_action": [inside.pk, outside.pk], "post": "yes"},
                           follow=True)
    assert "die u niet mag wijzigen" in response.content.decode()
    assert StatusEvent.objects.filter(pk__in=[inside.pk, outside.pk]).count() == 2


# --- plans --------------------------------------------------------------------------------------

def test_a_plan_editor_bound_to_a_plan_changes_that_plan_only():
    plan, other = Plan.objects.filter(lines__actions__isnull=False).distinct().order_by("pk")[:2]
    client = staff_in_role(roles.PLAN_EDITOR, plans=[plan])
    mine = Action.objects.filter(line__plan=plan).first()
    theirs = Action.objects.filter(line__plan=other).first()
    page = client.get(reverse("admin:actions_action_change", args=[mine.pk]))
    assert page.context["has_change_permission"]
    page = client.get(reverse("admin:actions_action_change", args=[theirs.pk]))
    assert not page.context["has_change_permission"] and "U mag deze actie niet wijzigen." in page.content.decode()
    before = ProgressUpdate.objects.count()
    client.post(reverse("admin:actions_action_changelist"), {
        "action": "mark_done", "_selected_action": [theirs.pk], "apply": "1",
        "date": "2020-01-01", "source": "s", "note": "n"})
    assert ProgressUpdate.objects.count() == before
    add = client.get(reverse("admin:actions_line_add"))
    assert set(add.context["adminform"].form.fields["plan"].queryset) == {plan}
    assert client.get(reverse("admin:actions_plan_add")).status_code == 403  # a new plan lies outside the binding


def test_a_plan_editor_bound_to_no_plan_changes_every_plan_but_not_the_register():
    client = staff_in_role(roles.PLAN_EDITOR)
    for plan in Plan.objects.all():
        assert client.get(reverse("admin:actions_plan_change", args=[plan.pk])).context["has_change_permission"]
    alken = Municipality.objects.get(code="73001")
    page = client.get(reverse("admin:municipalities_municipality_change", args=[alken.pk]))
    assert not page.context["has_change_permission"]


# --- parliamentary questions -------------------------------------------------------------------

def test_only_the_beheerder_marks_a_question_answered():
    question = ParliamentaryQuestion.objects.filter(state="draft").first() or ParliamentaryQuestion.objects.create(
        number="99", date=datetime.date(2026, 1, 5), asker="X", minister="Y", subject="Pleegzorg",
        reference_date=datetime.date(2025, 12, 31))
    changelist = reverse("admin:initiatives_parliamentaryquestion_changelist")
    for role in (roles.VIEWER, roles.EDITOR, roles.PLAN_EDITOR):
        client = staff_in_role(role, provinces=ROLE_PROVINCES.get(role, ()))
        page = client.get(changelist)
        assert "mark_answered" not in page.content.decode(), role
        client.post(changelist, {"action": "mark_answered", "_selected_action": [question.pk]})
        question.refresh_from_db()
        assert question.state == "draft", role
    client = staff_in_role(roles.ADMINISTRATOR)
    assert "mark_answered" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "mark_answered", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.state == "answered"


# --- users and roles ---------------------------------------------------------------------------

def test_a_beheerder_cannot_raise_anyone_above_the_roles():
    client = staff_in_role(roles.ADMINISTRATOR)
    me = client.user
    url = reverse("admin:auth_user_change", args=[me.pk])
    page = client.get(url)
    assert not {"is_superuser", "user_permissions"} & set(page.context["adminform"].form.fields)
    data = form_data(page) | {"is_superuser": "on",
                              "user_permissions": [Permission.objects.get(codename="delete_statusevent").pk]}
    client.post(url, data)
    me.refresh_from_db()
    assert not me.is_superuser and not me.user_permissions.exists()


def test_a_roles_permissions_are_shown_not_edited_in_the_admin(admin_client):
    editor = Group.objects.get(name=roles.EDITOR)
    url = reverse("admin:auth_group_change", args=[editor.pk])
    page = admin_client.get(url)
    assert "permissions" not in page.context["adminform"].form.fields
    admin_client.post(url, {"name": editor.name, "permissions": [Permission.objects.get(codename="delete_province").pk]})
    assert granted(editor) == roles.rights_of(roles.EDITOR)


def test_granting_a_province_or_a_plan_lands_in_the_audit_trail():
    from actions.models import PlanEditor
    from municipalities.models import EditorProvince

    client = staff_in_role(roles.ADMINISTRATOR)
    officer = staff_in_role(roles.EDITOR).user
    url = reverse("admin:auth_user_change", args=[officer.pk])
    data = form_data(client.get(url))
    province = Municipality.objects.get(code="73001").province
    data.update({"editor_provinces-TOTAL_FORMS": 1, "editor_provinces-0-province": province.pk,
                 "editor_provinces-0-user": officer.pk, "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00"})
    assert client.post(url, data).status_code == 302
    grant = EditorProvince.objects.get(user=officer)
    assert grant.history.get().history_user == client.user
    PlanEditor.objects.create(user=officer, plan=Plan.objects.first())
    assert PlanEditor.history.filter(user=officer).count() == 1


def test_a_beheerder_cannot_take_over_a_superuser_account():
    superuser = User.objects.create_superuser("opper", "opper@example.org", "geheim-wachtwoord")
    client = staff_in_role(roles.ADMINISTRATOR)
    password = reverse("admin:auth_user_password_change", args=[superuser.pk])
    response = client.post(password, {"password1": "Overgenomen-123", "password2": "Overgenomen-123",
                                      "usable_password": "true"})
    assert response.status_code == 403
    assert client.post(reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password("geheim-wachtwoord") and superuser.is_active
    page = client.get(reverse("admin:auth_user_change", args=[superuser.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
