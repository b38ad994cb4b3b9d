"""Confirming an import writes exactly what the preview showed, or nothing and a fresh preview."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from initiatives.annex import importing, layout
from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent

from .conftest import DAY, add_event, append_row, confirm, export, open_workbook, preview, save, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"


def snapshot():
    return (
        sorted(
            StatusEvent.objects.values_list(
                "pk", "version", "municipality__code", "kind", "date", "date_is_upper_bound"
            )
        ),
        sorted(Initiative.objects.values_list("pk", "version", "title", "description")),
    )


def with_antwerp_candidate():
    """The register's annex plus one new row: Antwerpen, candidate since 1/6/2023."""
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    append_row(
        workbook,
        layout.CANDIDATES,
        province="Antwerpen",
        municipality="Antwerpen",
        nis_code="11002",
        applied=datetime.datetime(2023, 6, 1),
    )
    return save(workbook)


def antwerp_is_candidate():
    return StatusEvent.objects.filter(municipality__code="11002", kind="candidate", date=DAY(2023, 6, 1)).exists()


def test_the_fingerprint_covers_the_file_and_the_register(register):
    content = with_antwerp_candidate()
    first = importing.read(content).fingerprint
    assert len(first) == 64 and importing.read(content).fingerprint == first
    assert importing.read(export(DAY(2023, 12, 31))).fingerprint != first
    Initiative.objects.filter(title="Ontwerp dat niemand mag zien").update(description="gewijzigd")
    assert importing.read(content).fingerprint != first


@pytest.mark.parametrize(
    "behind_the_back",
    [
        # another officer edits an initiative (even one not in the file) ...
        lambda: (
            Initiative.objects.get(title="Receptie voor pleeggezinnen").__setattr__("description", "Anders")
            or Initiative.objects.get(title="Receptie voor pleeggezinnen").save()
        ),
        # ... changes an event's flag without going through save() ...
        lambda: StatusEvent.objects.filter(municipality__code="31005").update(date_is_upper_bound=True),
        # ... or records a new event.
        lambda: add_event("11001", "candidate", DAY(2023, 2, 1)),
    ],
)
def test_a_register_changed_after_the_preview_gets_a_fresh_preview_and_nothing_written(
    admin_client, register, behind_the_back
):
    token = preview(admin_client, with_antwerp_candidate()).context["token"]
    assert token
    behind_the_back()
    before = snapshot()
    refused = confirm(admin_client, token)
    fresh = token_of(refused)  # sent on to a fresh preview of the same file, under a new token
    assert fresh and fresh != token
    assert snapshot() == before and not antwerp_is_candidate()
    response = admin_client.get(refused["Location"])
    assert response.status_code == 200
    text = response.content.decode()
    assert "Het register is gewijzigd sinds de preview" in text and "bevestig opnieuw" in text
    assert response.context["token"] == fresh and response.context["can_apply"]
    assert "Import bevestigen" in text
    assert (
        "verlopen of al uitgevoerd" in confirm(admin_client, token, follow=True).content.decode()
    )  # the old one is gone
    done = confirm(admin_client, fresh)
    assert done.status_code == 302 and antwerp_is_candidate()


def test_an_unchanged_register_is_imported_as_previewed(admin_client, register):
    token = preview(admin_client, with_antwerp_candidate()).context["token"]
    done = confirm(admin_client, token, follow=True)
    assert done.redirect_chain[-1][0].endswith("/admin/initiatives/initiative/")
    assert "1 rij uit bijlage.xlsx geïmporteerd." in done.content.decode()
    assert antwerp_is_candidate()


def test_a_fresh_preview_shows_errors_the_change_caused(admin_client, register):
    token = preview(admin_client, with_antwerp_candidate()).context["token"]
    add_event("11002", "registered", DAY(2023, 1, 1))  # appointed before the procedure in the file started
    before = snapshot()
    response = confirm(admin_client, token, follow=True)
    assert response.status_code == 200 and response.context["token"] != token
    text = response.content.decode()
    assert "kan niet vóór de start van de procedure" in text
    assert response.context["can_apply"] is False and "Import bevestigen" not in text
    assert snapshot() == before


def test_apply_refuses_an_event_that_no_longer_fits_and_writes_nothing(register):
    plan = importing.read(with_antwerp_candidate())
    assert plan.summary["new"] == 1
    add_event("11002", "registered", DAY(2023, 1, 1))  # another officer, after read()
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        importing.apply(plan)
    assert caught.value.messages[0].startswith("Het register van Antwerpen is gewijzigd nadat het bestand gelezen werd")
    assert snapshot() == before


def test_apply_refuses_an_event_that_someone_recorded_meanwhile(register):
    plan = importing.read(with_antwerp_candidate())
    add_event("11002", "candidate", DAY(2023, 6, 1))
    before = snapshot()
    with pytest.raises(ValidationError, match="heeft op deze dag al deze gebeurtenis"):
        importing.apply(plan)
    assert snapshot() == before


def test_apply_refuses_an_initiative_that_someone_added_meanwhile(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    append_row(
        workbook,
        layout.INITIATIVES,
        province="Oost-Vlaanderen",
        municipality="Gent",
        nis_code="44021",
        title="Speeldag",
        category="Waardering",
        timing="zomer",
        kind="eenmalig",
    )  # no key: new
    plan = importing.read(save(workbook))
    assert [c.description for c in plan.writes] == ["Speeldag"]
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="44021"),
        title="Speeldag",
        category=Category.objects.get(slug="waardering"),
        timing_text="juli",
        source="test",
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="Gent kreeg een initiatief “Speeldag” nadat het bestand gelezen werd"):
        importing.apply(plan)
    assert snapshot() == before


def test_the_command_refuses_when_the_register_changes_between_read_and_apply(register, tmp_path, monkeypatch):
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(with_antwerp_candidate())
    read = importing.read

    def read_then_another_officer_acts(*args, **kwargs):
        plan = read(*args, **kwargs)
        add_event("11002", "registered", DAY(2023, 1, 1))
        return plan

    monkeypatch.setattr(importing, "read", read_then_another_officer_acts)
    with pytest.raises(CommandError, match="Het register van Antwerpen is gewijzigd"):
        call_command("import_annex", str(path), stdout=StringIO(), stderr=StringIO())
    assert not antwerp_is_candidate()
