"""Writes by management commands are attributed to the command (core.commands.RecordedCommand)."""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class

from actions.models import Plan
from core.commands import RecordedCommand
from core.models import ChangeSet, SeedRecord

PROJECT_APPS = {"core", "municipalities", "initiatives", "actions", "pleegzorg"}
COMMANDS = sorted((name, app) for name, app in get_commands().items() if app in PROJECT_APPS)


def test_the_project_has_commands():
    assert {"load_plans", "load_reference_data", "import_annex"} <= {name for name, _app in COMMANDS}


@pytest.mark.parametrize("name, app", COMMANDS, ids=[name for name, _app in COMMANDS])
def test_every_command_of_the_project_records_its_writes_as_one_change_set(name, app):
    command = load_command_class(app, name)
    assert isinstance(command, RecordedCommand)
    assert command.command_name() == name


@pytest.mark.django_db
def test_a_loader_run_is_one_change_set_named_after_the_command():
    """A fixture corrected since the last run (the object still as seeded then): the loader updates it."""
    plan = Plan.objects.order_by("pk").first()
    record = SeedRecord.objects.get(seed__endswith=".json", key="plan", object_id=plan.pk)
    plan.title = "Titel uit een oudere versie van het bestand"
    plan.save()
    record.values["title"] = plan.title
    record.save()

    call_command("load_plans", stdout=StringIO())

    latest = plan.history.latest("history_date")
    assert latest.title != "Titel uit een oudere versie van het bestand"
    change_set = latest.history_change_set
    assert (change_set.kind, change_set.command, change_set.label) == ("command", "load_plans", "Opdracht: load_plans")
    assert change_set.user is None


@pytest.mark.django_db
def test_a_run_that_writes_nothing_leaves_no_change_set():
    before = ChangeSet.objects.count()  # the test database was loaded by these commands
    call_command("load_plans", stdout=StringIO())
    assert ChangeSet.objects.count() == before
