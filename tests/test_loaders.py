"""Loaders never undo officers' work: seed data is loaded once, and a rerun on an unchanged database
writes nothing at all (core/seeding.py)."""

import json
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions import seeds as plan_seeds
from actions.models import Action, Line, Organisation, Plan, Responsibility, Target
from core.models import SeedRecord
from core.seeding import DELETED, EDITED, PARENT_DELETED, SeedError
from municipalities import reference, seeds
from municipalities.models import KeyFigure, Municipality, Province, StatusEvent

pytestmark = pytest.mark.django_db

NATIONAL = "actieplan-pleegzorg-2017-2018"
NATIONAL_FILE = "actieplan-pleegzorg-2017-2018.json"
ALKEN, AS = "73001", "71002"


def limburg_event(code):
    return StatusEvent.objects.get(municipality__code=code)


def national_action(number):
    return Action.objects.get(line__plan__slug=NATIONAL, number=number)


def row_counts():
    """{table: rows} for every model, including historical and many-to-many tables."""
    return {model._meta.db_table: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def seed_folder(tmp_path):
    for seed in seeds.SEEDS:
        shutil.copy(seeds.FIXTURES / seed.name, tmp_path / seed.name)
    return tmp_path


def plan_folder(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(plan_seeds.PLANS, folder)
    return folder


def edit_plan(folder, change):
    path = folder / NATIONAL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def action_entry(data, number):
    return next(entry for line in data["lines"] for entry in line["actions"] if entry["number"] == number)


def test_a_second_run_of_every_loader_writes_nothing_at_all():
    call_command("load_boundaries", stdout=StringIO())  # the map is not part of the test database
    before = row_counts()
    assert before["core_seedrecord"] > 100 and before["municipalities_historicalstatusevent"] >= 41
    with CaptureQueriesContext(connection) as queries:
        for command in ("load_reference_data", "load_plans", "load_boundaries"):
            call_command(command, stdout=StringIO())
    assert writes(queries.captured_queries) == []
    assert row_counts() == before


def test_an_event_an_officer_deleted_is_not_recreated():
    limburg_event(ALKEN).delete()
    out = StringIO()
    call_command("load_reference_data", stdout=out, verbosity=2)
    assert not StatusEvent.objects.filter(municipality__code=ALKEN).exists()
    text = out.getvalue()
    assert (
        "status-events.csv: 0 nieuw, 0 bijgewerkt, 1 behouden (bewerkt of verwijderd door een medewerker), 40 ongewijzigd."
    ) in text
    assert "73001|registered|2023-12-31: verwijderd door een medewerker" in text


def test_a_corrected_source_and_upper_bound_flag_are_kept():
    event = limburg_event(ALKEN)
    event.source, event.date_is_upper_bound = "Pleegzorg Limburg, lijst van 1/3/2024", False
    event.save()
    history = event.history.count()
    report = seeds.load()
    assert report["status-events.csv"].kept == [("73001|registered|2023-12-31", EDITED)]
    event = limburg_event(ALKEN)
    assert (event.source, event.date_is_upper_bound) == ("Pleegzorg Limburg, lijst van 1/3/2024", False)
    assert event.version == 2  # the officer's save only
    assert event.history.count() == history


def test_an_edited_key_figure_note_is_kept():
    figure = KeyFigure.objects.get(label="Begeleide pleeggezinnen")
    figure.note = "Nagevraagd bij Pleegzorg West-Vlaanderen."
    figure.save()
    report = seeds.load()
    assert report["key-figures.csv"].kept == [("Begeleide pleeggezinnen|West-Vlaanderen|2022-12-31", EDITED)]
    assert KeyFigure.objects.get(label="Begeleide pleeggezinnen").note == "Nagevraagd bij Pleegzorg West-Vlaanderen."


def test_edited_action_texts_and_responsible_organisations_are_kept():
    action = national_action("3.5")
    action.title, action.description, action.result = "Nieuwe titel", "Nieuwe beschrijving", "Nieuw resultaat"
    action.save()
    other = national_action("2.1")
    other.responsible.set([Organisation.objects.get(short_name="NVP")])
    out = StringIO()
    call_command("load_plans", stdout=out)
    action = national_action("3.5")
    assert (action.title, action.description, action.result) == (
        "Nieuwe titel",
        "Nieuwe beschrijving",
        "Nieuw resultaat",
    )
    assert list(national_action("2.1").responsible.values_list("short_name", flat=True)) == ["NVP"]
    kept = "2 behouden (bewerkt of verwijderd door een medewerker)"
    assert f"{NATIONAL_FILE}: 0 nieuw, 0 bijgewerkt, {kept}," in out.getvalue()


def test_a_deleted_line_and_what_hangs_on_it_are_not_recreated():
    Line.objects.get(plan__slug=NATIONAL, number=3).delete()  # with its 7 actions and 3 targets
    gone = [r.key for r in SeedRecord.objects.filter(seed=NATIONAL_FILE) if r.seeded_object is None]
    report = plan_seeds.load()
    assert not Line.objects.filter(plan__slug=NATIONAL, number=3).exists()
    kept = report[NATIONAL_FILE].kept
    assert kept[0] == ("lijn 3", DELETED)
    assert sorted(kept[1:]) == sorted((key, PARENT_DELETED) for key in gone if key != "lijn 3")
    assert len(gone) >= 1 + 7 + 3 and report[NATIONAL_FILE].created == 0


def test_an_untouched_event_follows_a_fixture_correction_and_history_names_the_command(tmp_path):
    folder = seed_folder(tmp_path)
    edited = limburg_event(ALKEN)
    edited.note = "Aangevuld door de provincie."
    edited.save()
    path = folder / "status-events.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"{AS};As;registered;2023-12-31;true;", f"{AS};As;registered;2023-12-31;false;")
    text = text.replace(f"{ALKEN};Alken;registered;2023-12-31;true;", f"{ALKEN};Alken;registered;2023-12-31;false;")
    path.write_text(text, encoding="utf-8")

    report = seeds.load(folder=folder)

    assert (report["status-events.csv"].updated, report["status-events.csv"].kept) == (
        1,
        [("73001|registered|2023-12-31", EDITED)],
    )
    corrected = limburg_event(AS)
    assert (corrected.date_is_upper_bound, corrected.version) == (False, 2)
    latest = corrected.history.latest()
    assert (latest.history_type, latest.history_change_reason) == ("~", "load_reference_data")
    assert latest.date_is_upper_bound is False
    assert limburg_event(ALKEN).date_is_upper_bound  # the officer's row did not follow
    record = SeedRecord.objects.get(seed="status-events.csv", key="71002|registered|2023-12-31")
    assert record.values["date_is_upper_bound"] is False and record.seeded_object == corrected
    # The new fixture is now the seeded state: loading it again writes nothing.
    with CaptureQueriesContext(connection) as queries:
        seeds.load(folder=folder)
    assert writes(queries.captured_queries) == []


def test_an_untouched_action_follows_a_fixture_correction(tmp_path):
    folder = plan_folder(tmp_path)

    def change(data):
        action_entry(data, "3.5")["description"] = "Gecorrigeerde beschrijving."
        action_entry(data, "1.2")["responsible"] = ["NJI"]

    edit_plan(folder, change)
    report = plan_seeds.load(folder=folder)
    assert (report[NATIONAL_FILE].updated, report[NATIONAL_FILE].kept) == (2, [])
    action = national_action("3.5")
    assert action.description == "Gecorrigeerde beschrijving."
    assert action.history.latest().history_change_reason == "load_plans"
    responsible = national_action("1.2")
    assert [o.short_name for o in responsible.ordered_responsible()] == ["NJI"]
    withdrawn = Responsibility.history.filter(action_id=responsible.pk, history_type="-").latest()
    assert (withdrawn.organisation.short_name, withdrawn.history_change_reason) == ("JN", "load_plans")
    assert not SeedRecord.objects.filter(seed=NATIONAL_FILE, key="verantwoordelijk 1.2|JN").exists()


def test_a_database_seeded_before_the_records_keeps_officers_edits_and_takes_corrections(tmp_path):
    """Without records, the audit trail decides: an edit by a user, or one behind the trail's back, is kept."""
    officer = User.objects.create_user("beheerder-limburg")
    edited = limburg_event(ALKEN)
    edited.note, edited._history_user = "Bewerkt door de provincie.", officer
    edited.save()
    StatusEvent.objects.filter(municipality__code="71004").update(source="Buiten het auditspoor om")
    SeedRecord.objects.all().delete()
    folder = seed_folder(tmp_path)
    path = folder / "status-events.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(";true;Vlaams Parlement", ";false;Vlaams Parlement"), encoding="utf-8"
    )

    report = seeds.load(folder=folder)["status-events.csv"]

    assert (report.created, report.updated, report.unchanged) == (0, 39, 0)
    assert report.kept == [("73001|registered|2023-12-31", EDITED), ("71004|registered|2023-12-31", EDITED)]
    assert limburg_event(ALKEN).note == "Bewerkt door de provincie." and limburg_event(ALKEN).date_is_upper_bound
    assert limburg_event("71004").source == "Buiten het auditspoor om"
    corrected = limburg_event(AS)
    assert corrected.date_is_upper_bound is False
    assert corrected.history.latest().history_change_reason == "load_reference_data"
    # The fixture's values are recorded, so the kept rows stay "edited" from now on.
    record = SeedRecord.objects.get(seed="status-events.csv", key="73001|registered|2023-12-31")
    assert record.values["note"].startswith("De bron zegt") and record.values["date_is_upper_bound"] is False
    assert SeedRecord.objects.filter(seed="status-events.csv").count() == 41


def test_a_database_seeded_before_the_records_does_not_get_back_what_officers_deleted_or_redated():
    """Without records, the audit trail still knows the row existed: it is not created again."""
    limburg_event(ALKEN).delete()
    redated = limburg_event(AS)
    redated.date = redated.date.replace(day=30)
    redated.save()
    SeedRecord.objects.all().delete()

    report = seeds.load()["status-events.csv"]

    assert report.created == 0
    assert ("73001|registered|2023-12-31", DELETED) in report.kept
    assert ("71002|registered|2023-12-31", DELETED) in report.kept
    assert not StatusEvent.objects.filter(municipality__code=ALKEN).exists()
    assert list(StatusEvent.objects.filter(municipality__code=AS).values_list("date", flat=True)) == [redated.date]


def test_a_database_seeded_before_the_records_is_adopted_as_it_is_when_equal():
    before = row_counts()
    SeedRecord.objects.all().delete()
    reports = {**seeds.load(), **plan_seeds.load()}
    # Every object, compared field by field (decimals, dates, relations, many-to-many), equals its fixture.
    assert all((r.created, r.updated, r.kept) == (0, 0, []) for r in reports.values())
    assert row_counts() == before  # the records are back, and nothing else was written


def test_a_fixture_that_contradicts_itself_is_refused(tmp_path):
    folder = seed_folder(tmp_path)
    path = folder / "foster-care-forms.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(SeedError, match="komt twee keer voor"):
        seeds.load(folder=folder)

    folder = plan_folder(tmp_path)

    def rename(data):
        next(o for o in data["organisations"] if o["short_name"] == "NVP")["name"] = "Andere naam"

    edit_plan(folder, rename)
    with pytest.raises(SeedError, match="andere gegevens voor hetzelfde object"):
        plan_seeds.load(folder=folder)
    assert Organisation.objects.get(short_name="NVP").name == "Nederlandse Vereniging voor Pleeggezinnen"


def test_official_reference_facts_are_updated_through_save_and_recorded_in_history():
    Province.objects.filter(iso_code="BE-VLI").update(name="Limburg (oud)")
    Municipality.objects.filter(code="11002").update(name="Antwerpen (oud)")
    report = reference.load()
    assert report.updated == 1
    province = Province.objects.get(iso_code="BE-VLI")
    municipality = Municipality.objects.get(code="11002")
    assert (province.name, municipality.name) == ("Limburg", "Antwerpen")
    for instance in (province, municipality):
        latest = instance.history.latest()
        assert (latest.history_type, latest.history_change_reason) == ("~", "load_reference_data")
        assert latest.name == instance.name


def test_first_load_attributes_every_historical_row_to_its_command():
    assert not StatusEvent.history.exclude(history_change_reason="load_reference_data").exists()
    assert not Province.history.exclude(history_change_reason="load_reference_data").exists()
    assert not Action.history.exclude(history_change_reason="load_plans").exists()
    assert not Target.history.exclude(history_change_reason="load_plans").exists()
    assert Plan.history.filter(history_change_reason="load_plans").count() >= Plan.objects.count()
