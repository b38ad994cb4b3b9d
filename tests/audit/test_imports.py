"""One import is one labelled change set that carries the uploaded file's SHA-256."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from initiatives.annex import layout
from initiatives.models import Initiative
from municipalities.models import StatusEvent
from tests.initiatives.conftest import (  # noqa: F401
    DAY,
    append_row,
    confirm,
    export,
    open_workbook,
    preview,
    ref_of,
    save,
    sheet_name,
)

pytestmark = pytest.mark.django_db
GENT = "44021"


def edited_annex():
    """The register's annex with a new candidate (Antwerpen) and a changed initiative description (Gent)."""
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    append_row(workbook, layout.CANDIDATES, province="Antwerpen", municipality="Antwerpen", nis_code="11002",
               applied=datetime.datetime(2023, 6, 1))
    workbook[sheet_name(layout.INITIATIVES)][ref_of(workbook, layout.INITIATIVES, "description", GENT)] = (
        "Nu ook met muziek")
    return save(workbook)


def written_records():
    event = StatusEvent.objects.get(municipality__code="11002", kind="candidate").history.latest("history_date")
    initiative = Initiative.objects.get(title="Receptie voor pleeggezinnen").history.latest("history_date")
    return event, initiative


def test_an_import_in_the_admin_is_one_change_set_with_the_files_sha256_and_the_officer(admin_client, register):
    content = edited_annex()
    token = preview(admin_client, content).context["token"]
    assert confirm(admin_client, token).status_code == 302

    event, initiative = written_records()
    change_set = event.history_change_set
    assert change_set is not None and initiative.history_change_set == change_set
    assert change_set.kind == "import" and change_set.sha256 == hashlib.sha256(content).hexdigest()
    assert change_set.label == f"Import: {event.source}"
    assert change_set.user == User.objects.get(username="admin") == event.history_user
    assert change_set.command == ""


def test_an_import_by_the_command_is_one_change_set_attributed_to_the_command(register, tmp_path):
    content = edited_annex()
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(content)
    call_command("import_annex", str(path), "--bron", "Brief van de provincie", stdout=StringIO(), stderr=StringIO())

    event, initiative = written_records()
    change_set = event.history_change_set
    assert initiative.history_change_set == change_set
    assert (change_set.kind, change_set.command, change_set.label) == (
        "import", "import_annex", "Import: Brief van de provincie")
    assert change_set.sha256 == hashlib.sha256(content).hexdigest() and change_set.user is None


def test_a_long_source_fits_the_change_reason_and_stays_whole_in_the_change_set(register, tmp_path):
    source = "Beslissing van het college van burgemeester en schepenen, " * 3  # 180 characters
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(edited_annex())
    call_command("import_annex", str(path), "--bron", source, stdout=StringIO(), stderr=StringIO())

    event, _initiative = written_records()
    assert len(event.history_change_reason) == 100 and event.history_change_reason.endswith("…")
    assert event.history_change_set.label == f"Import: {source.strip()}"
