"""Every committed write to public data moves the public pages' generation (core/public_writes.py), whichever
way it is made; a rolled-back one and a write to other tables do not.

The models come from the app registry (settings.PUBLIC_DATA_APPS, with historical and many-to-many
models), so a new model is covered the day it is added. A write "commits" inside
django_capture_on_commit_callbacks(execute=True): the test's own transaction never does. The
generation lives in a private Redis (tests/redis_server.py).
"""

import datetime
from contextlib import contextmanager
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from actions.models import Plan, PlanEditor, ProgressUpdate
from core.caching import current_generation
from core.models import SeedRecord
from core.public_writes import Bump, public_tables, writes_public_data
from initiatives.annex import importing, layout
from initiatives.models import Category, Initiative
from municipalities.models import (
    EditorProvince,
    MapLayer,
    MapShape,
    Municipality,
    Province,
    RegisterCompleteness,
    StatusEvent,
)
from tests.initiatives.conftest import cell_of, export, open_workbook, save
from tests.initiatives.test_annex_cycle import GENT, REFERENCE, read

pytestmark = pytest.mark.django_db

PUBLIC_MODELS = [
    model
    for label in settings.PUBLIC_DATA_APPS
    for model in apps.get_app_config(label).get_models(include_auto_created=True)
]


@pytest.fixture
def committed(redis_cache, django_capture_on_commit_callbacks):
    """`with committed(moves=True): <writes>`: the writes commit; the generation moved, or (moves=False) not."""

    @contextmanager
    def check(moves=True):
        for _, callback, _ in connection.run_on_commit:  # earlier writes of the test (fixtures) commit first
            if isinstance(callback, Bump) and not callback.done:
                callback()
        before = current_generation()
        assert before is not None
        with django_capture_on_commit_callbacks(execute=True):
            yield
        assert (current_generation() != before) is moves

    return check


@pytest.fixture
def every_model_has_a_row(db):
    """The tables the seed leaves empty get a row (their historical tables get theirs from the save)."""
    officer = User.objects.create_user("redacteur")
    limburg = Province.objects.get(iso_code="BE-VLI")
    EditorProvince.objects.create(user=officer, province=limburg)
    PlanEditor.objects.create(user=officer, plan=Plan.objects.first())
    layer = MapLayer.objects.create(name="test", view_box="0 0 10 10", source="test")
    MapShape.objects.create(layer=layer, municipality=Municipality.objects.get(code="73001"), path="M0 0")
    Initiative.objects.create(municipality=Municipality.objects.get(code="73001"), title="Infoavond", timing_text="sinds 2024",
                              category=Category.objects.first(), is_published=True, source="test")


def a_field(model):
    """A concrete field other than the primary key, to write its own value back."""
    return next(f for f in model._meta.concrete_fields if not f.primary_key)


def delete(model, pk):
    """QuerySet.delete(); where a protected relation refuses it, the statement Django's fast delete sends
    (the relation is checked at commit, which the test's transaction never reaches)."""
    rows = model._base_manager.filter(pk=pk)
    try:
        with transaction.atomic():
            rows.delete()
    except (ProtectedError, RestrictedError):
        rows._raw_delete(connection.alias)


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model._meta.label)
def test_every_write_to_every_public_model_moves_the_generation(model, every_model_has_a_row, committed):
    row = model._base_manager.order_by("pk").first()
    assert row is not None, f"{model._meta.label} has no row to write: give it one in every_model_has_a_row"
    field = a_field(model)
    with committed():
        row.save()
    with committed():
        model._base_manager.filter(pk=row.pk).update(**{field.attname: getattr(row, field.attname)})
    with committed():
        model._base_manager.bulk_update([row], [field.name])
    with committed():
        delete(model, row.pk)
    row._state.adding = True  # created anew, with its old primary key
    with committed():
        row.save(force_insert=True)
    assert model._base_manager.filter(pk=row.pk).exists()
    with committed():
        delete(model, row.pk)
    with committed():
        model._base_manager.bulk_create([row])
    assert model._base_manager.filter(pk=row.pk).exists()


def test_the_public_tables_are_those_of_the_public_apps_with_their_history_and_relations():
    tables = public_tables()
    assert {"municipalities_municipality", "municipalities_historicalmunicipality", "initiatives_initiative",
            "actions_plan_partners", "municipalities_registercompleteness"} <= tables
    assert not {"auth_user", "django_session", "django_admin_log", "core_seedrecord", "core_changeset"} & tables
    assert len(tables) == len({model._meta.db_table for model in PUBLIC_MODELS})


@pytest.mark.parametrize("sql, writes", [
    ('INSERT INTO "municipalities_municipality" ("code") VALUES (%s) RETURNING "id"', True),
    ('INSERT OR IGNORE INTO "initiatives_category" ("name") VALUES (%s)', True),
    ('  update "actions_plan" SET "title" = %s', True),
    ('DELETE FROM "municipalities_historicalstatusevent" WHERE "history_id" IN (%s)', True),
    ('TRUNCATE "auth_user", "municipalities_province";', True),
    ("UPDATE (SELECT 1) SET x = 1", True),  # a write whose table cannot be read: when in doubt, bump
    ('UPDATE "django_session" SET "expire_date" = %s', False),
    ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
    ('SELECT "id" FROM "municipalities_municipality" FOR UPDATE', False),
    ('SAVEPOINT "s1"', False),
])
def test_which_statements_are_writes_to_public_data(sql, writes):
    assert writes_public_data(sql) is writes


def test_raw_sql_and_many_to_many_changes_move_it(committed):
    with committed():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE initiatives_category SET name = name WHERE id = %s", [Category.objects.first().pk])
    plan = Plan.objects.filter(partners__isnull=False).first()
    partners = list(plan.partners.all())
    with committed():
        plan.partners.clear()
    with committed():
        plan.partners.add(*partners)


def test_a_loader_command_moves_it_when_it_writes_and_not_when_it_has_nothing_to_do(committed):
    update = ProgressUpdate.objects.first()
    pk = update.pk
    update.delete()
    SeedRecord.objects.filter(content_type__model="progressupdate", object_id=pk).delete()
    ProgressUpdate.history.filter(id=pk).delete()  # as if never seeded: the loader creates it
    with committed():
        call_command("load_plans", stdout=StringIO())
    assert ProgressUpdate.objects.filter(action=update.action, date=update.date).exists()
    with committed(moves=False):
        call_command("load_plans", stdout=StringIO())


def test_an_annex_import_moves_it(register, committed):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.REGISTERED, "appointed", GENT).value = datetime.datetime(2022, 9, 20)
    plan = read(save(book))
    with committed():
        importing.apply(plan)
    assert StatusEvent.objects.get(municipality__code=GENT, kind="registered").date == datetime.date(2022, 9, 20)


def test_recording_the_register_complete_moves_it(committed):
    with committed():
        RegisterCompleteness.objects.create(province=Province.objects.get(iso_code="BE-VAN"),
                                            complete_from=datetime.date(2024, 1, 1), source="test")


def test_one_bump_per_transaction_however_many_statements(redis_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            Municipality.objects.filter(code="73001").update(name="Alken")
            Category.objects.bulk_create([Category(name=f"C{n}", slug=f"c-{n}", order=90 + n) for n in range(3)])
            with transaction.atomic():
                StatusEvent.objects.first().save()
    assert sum(isinstance(callback, Bump) for callback in callbacks) == 1


def test_a_rolled_back_transaction_does_not_move_it(committed):
    with committed(moves=False):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                Municipality.objects.filter(code="73001").update(name="Nergens")
                raise RuntimeError("rolled back")
    with committed(moves=False):
        with transaction.atomic():
            with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back, the rest commits
                Category.objects.update(order=models.F("order") + 1)
                raise RuntimeError("rolled back")
            User.objects.create_user("lezer")
    with committed():  # a write before a rolled-back savepoint still counts
        with transaction.atomic():
            Category.objects.update(order=models.F("order") + 1)
            with pytest.raises(RuntimeError), transaction.atomic():
                raise RuntimeError("rolled back")


def test_writes_to_other_tables_do_not_move_it(committed):
    user = User.objects.create_user("beheerder")
    with committed(moves=False):
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        session = SessionStore()
        session["seen"] = True
        session.save()
        LogEntry.objects.create(user=user, action_flag=ADDITION, object_repr="x")


def test_a_deployment_migrate_moves_it_so_pages_of_the_previous_code_are_not_served(redis_cache):
    before = current_generation()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what `migrate` ends with
    assert current_generation() != before
