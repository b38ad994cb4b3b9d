import datetime
import io
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from initiatives.annex import importing, layout, reading
from initiatives.models import Initiative
from municipalities.models import Province, StatusEvent

from .conftest import (
    DAY,
    add_event,
    append_row,
    beyond_letter,
    cells,
    export,
    header_ref,
    header_row,
    open_workbook,
    ref,
    ref_of,
    row_of,
    save,
    sheet_name,
    without_keys,
)

pytestmark = pytest.mark.django_db
REGISTERED, CANDIDATES, INITIATIVES = (sheet_name(s) for s in (layout.REGISTERED, layout.CANDIDATES, layout.INITIATIVES))
GENT, LEUVEN, BRUGGE = "44021", "24062", "31005"
NOTHING = {action: 0 for action in ("error", "removed", "missing", "changed", "new", "outside", "unchanged")}


def snapshot():
    return (
        sorted(StatusEvent.objects.values_list("municipality__code", "kind", "date", "date_is_upper_bound")),
        sorted(Initiative.objects.values_list("municipality__code", "title", "category__slug", "start_date", "is_published")),
    )


def empty_register():
    StatusEvent.objects.all().delete()
    Initiative.objects.all().delete()


def without_key_cells(content):
    """Every cell of the workbook but sheet c's keys (they are pks: new rows get new ones)."""
    return cells(open_workbook(without_keys(content)))


def test_round_trip_export_import_export_gives_the_same_cells(register):
    day = DAY(2023, 12, 31)
    first = export(day)
    empty_register()
    # Keys are the register's pks: in an empty register they are unknown (an error). Without them
    # every row is new.
    assert {"onbekende sleutel" in c.reason for c in importing.read(first).errors} == {True}
    plan = importing.read(without_keys(first))
    assert plan.errors == []
    # One row each: 41 in Limburg and Gent on sheet a, 2 candidates, 2 initiatives.
    assert plan.summary == {**NOTHING, "new": 42 + 2 + 2}
    importing.apply(plan)
    second = export(day)
    assert without_key_cells(second) == without_key_cells(first)
    new_keys = {Initiative.objects.get(title=title).pk for title in ("Gratis zaal voor infosessies", "Receptie voor pleeggezinnen")}
    book = open_workbook(second)
    assert {book[INITIATIVES][ref(book, layout.INITIATIVES, "key", index)].value for index in (0, 1)} == new_keys


def test_reimporting_the_same_file_changes_nothing(register):
    content = export(DAY(2023, 12, 31))
    before = snapshot()
    plan = importing.read(content)
    assert plan.summary["new"] == 0 and plan.summary["changed"] == 0 and plan.errors == []
    assert plan.summary["unchanged"] == len(plan.changes) == 42 + 2 + 2
    importing.apply(plan)
    assert snapshot() == before


def test_preview_marks_new_changed_and_unchanged_rows(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    append_row(workbook, layout.CANDIDATES, province="Antwerpen", municipality="Antwerpen", nis_code="11002",
               applied=datetime.datetime(2023, 6, 1))
    workbook[INITIATIVES][ref_of(workbook, layout.INITIATIVES, "description", GENT)] = "Nu ook met muziek"
    plan = importing.read(save(workbook))
    by_municipality = {(c.sheet, c.municipality, c.action) for c in plan.changes}
    assert (CANDIDATES, "Antwerpen", "new") in by_municipality
    assert (INITIATIVES, "Gent", "changed") in by_municipality
    assert (CANDIDATES, "Brugge", "unchanged") in by_municipality
    importing.apply(plan)
    assert Initiative.objects.get(title="Receptie voor pleeggezinnen").description == "Nu ook met muziek"
    assert StatusEvent.objects.filter(municipality__code="11002", kind="candidate").exists()


def test_flag_no_later_than_is_read_from_the_date_format(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    workbook[REGISTERED][ref(workbook, layout.REGISTERED, "appointed")].number_format = "dd/mm/yyyy"  # Alken: now exact
    plan = importing.read(save(workbook))
    changed = [c for c in plan.changes if c.action == "changed"]
    assert [(c.municipality, c.sheet) for c in changed] == [("Alken", REGISTERED)]
    importing.apply(plan)
    assert not StatusEvent.objects.get(municipality__code="73001").date_is_upper_bound


def broken(register_content, edit):
    workbook = open_workbook(register_content)
    edit(workbook)
    return save(workbook)


def row_errors(content):
    plan = importing.read(content)
    return [(c.sheet, c.row, c.reason) for c in plan.errors]


def put(sheet_layout, key, code, value, title=None):
    """An edit setting column `key` of the row of NIS code `code` (and initiative `title`) to `value`."""
    def edit(workbook):
        workbook[sheet_name(sheet_layout)][ref_of(workbook, sheet_layout, key, code, title)] = value
    return edit


def add(sheet_layout, **values):
    return lambda workbook: append_row(workbook, sheet_layout, **values)


@pytest.mark.parametrize(
    "edit, expected",
    [
        (put(layout.CANDIDATES, "nis_code", LEUVEN, "99999"), "onbekende NIS-code “99999”"),
        (put(layout.CANDIDATES, "municipality", LEUVEN, "Lovenjoel"), "past niet bij NIS-code 24062"),
        (put(layout.CANDIDATES, "applied", LEUVEN, "20/11/2023"), "is geen Excel-datum"),
        (put(layout.CANDIDATES, "applied", LEUVEN, datetime.datetime(2099, 1, 1)), "ligt in de toekomst"),
        (put(layout.CANDIDATES, "applied", LEUVEN, datetime.datetime(1850, 1, 1)), "onmogelijke datum"),
        (put(layout.CANDIDATES, "applied", LEUVEN, "=TODAY()"), "bevat een formule"),
        (add(layout.CANDIDATES, province="Vlaams-Brabant", municipality="Leuven", nis_code=LEUVEN,
             applied=datetime.datetime(2023, 11, 20)), "dubbele rij (ook op rij {leuven})"),
        # Gent: appointed 15/09/2022 but the procedure would start after it.
        (put(layout.REGISTERED, "applied", GENT, datetime.datetime(2022, 10, 1)), "kan niet vóór de start van de procedure"),
        # Pajottegem exists since 1/1/2025: the annex of 31/12/2023 cannot list it.
        (add(layout.CANDIDATES, province="Vlaams-Brabant", municipality="Pajottegem", nis_code="23106",
             applied=datetime.datetime(2023, 1, 1)), "Pajottegem bestond niet op de peildatum 31/12/2023"),
        (put(layout.INITIATIVES, "category", "73001", "Feestjes"), "onbekende categorie “Feestjes”"),
    ],
)
def test_bad_rows_are_reported_in_dutch_and_nothing_is_written(register, edit, expected):
    original = export(DAY(2023, 12, 31))
    content = broken(original, edit)
    expected = expected.format(leuven=row_of(original, layout.CANDIDATES, LEUVEN))
    before = snapshot()
    errors = row_errors(content)
    assert any(expected in reason for _, _, reason in errors), errors
    with pytest.raises(ValueError):
        importing.apply(importing.read(content))
    assert snapshot() == before


def file_error(content):
    with pytest.raises(importing.AnnexFileError) as caught:
        importing.read(content)
    return str(caught.value)


def test_not_a_spreadsheet():
    assert "geen Excel-werkmap" in file_error(b"Provincie;Gemeente\nLimburg;Alken\n")


def test_password_protected_or_old_xls():
    assert "wachtwoord" in file_error(reading.OLE_MAGIC + b"\0" * 600)


def test_corrupt_zip(register):
    content = export(DAY(2023, 12, 31))
    assert "beschadigd" in file_error(content[: len(content) // 2])


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hallo")
    assert "beschadigd" in file_error(buffer.getvalue())


def test_missing_sheets_and_headers(register):
    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb.remove(wb[CANDIDATES]))
    assert file_error(content) == "Ontbrekende bladen: b) Kandidaten."
    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb[REGISTERED].__setitem__(
        header_ref(wb, layout.REGISTERED, "nis_code"), "Code"))
    assert file_error(content) == (
        "Blad “a) Pleegzorggemeenten”: geen kopregel gevonden; die moet zijn: Provincie | Gemeente | NIS-code | "
        "Datum van aanvraag | Datum van benoeming.")

    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb[CANDIDATES].__setitem__(
        f"{beyond_letter(layout.CANDIDATES)}{header_row(wb, layout.CANDIDATES)}", "Extra"))
    assert file_error(content).startswith("Blad “b) Kandidaten”: geen kopregel gevonden")


def test_file_over_10_mb_is_refused_before_reading():
    assert file_error(b"PK" + b"\0" * (10 * 1024 * 1024)) == "Het bestand is groter dan 10 MB."


def test_zip_bomb_is_refused_before_it_is_expanded():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "geweigerd" in file_error(buffer.getvalue())


def test_sheet_c_is_optional(register):
    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb.remove(wb[INITIATIVES]))
    plan = importing.read(content)
    assert plan.errors == [] and not any(c.sheet == INITIATIVES for c in plan.changes)


def test_province_bound_import_refuses_rows_elsewhere(register):
    limburg = {Province.objects.get(iso_code="BE-VLI").pk}
    # Unchanged rows elsewhere are skipped (and counted); a changed one is refused.
    unchanged = importing.read(export(DAY(2023, 12, 31)), province_ids=limburg)
    assert unchanged.errors == [] and unchanged.writes == []
    assert {"Gent", "Brugge", "Leuven"} <= {c.municipality for c in unchanged.changes if c.action == "outside"}
    content = broken(export(DAY(2023, 12, 31)), lambda wb: (
        put(layout.REGISTERED, "appointed", GENT, datetime.datetime(2022, 9, 20))(wb),
        put(layout.CANDIDATES, "applied", BRUGGE, datetime.datetime(2023, 3, 2))(wb),
        put(layout.INITIATIVES, "description", GENT, "Anders")(wb)))
    plan = importing.read(content, province_ids=limburg)
    assert {(c.sheet, c.municipality) for c in plan.errors} == {
        (REGISTERED, "Gent"), (CANDIDATES, "Brugge"), (INITIATIVES, "Gent")}
    assert all("buiten de provincies" in c.reason for c in plan.errors)
    with pytest.raises(ValueError):
        importing.apply(plan)


def test_command_dry_run_and_import(register, tmp_path):
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(without_keys(export(DAY(2023, 12, 31))))  # into an empty register: keys would be unknown
    empty_register()
    out = StringIO()
    call_command("import_annex", str(path), "--dry-run", stdout=out)
    assert "Proefdraai, niets geschreven: 46 nieuw." in out.getvalue()
    assert not StatusEvent.objects.exists()
    source = "Pleegzorg Vlaanderen, lijst van 1/10/2026"
    call_command("import_annex", str(path), "--bron", source, "--concepten", stdout=out)
    assert StatusEvent.objects.count() == 41 + 2 + 2 + 0 and Initiative.objects.count() == 2
    assert set(StatusEvent.objects.values_list("source", flat=True)) == {source}
    assert set(Initiative.objects.values_list("source", "is_published")) == {(source, False)}


def test_command_reports_missing_rows_and_removes_them_only_when_asked(register, tmp_path):
    path = tmp_path / "bijlage.xlsx"
    book = open_workbook(export(DAY(2023, 12, 31)))
    book[CANDIDATES].delete_rows(row_of(book, layout.CANDIDATES, BRUGGE))
    path.write_bytes(save(book))
    out = StringIO()
    call_command("import_annex", str(path), stdout=out)
    assert "b) Kandidaten: Brugge: ontbreekt in het bestand" in out.getvalue()
    assert StatusEvent.objects.filter(municipality__code=BRUGGE).exists()
    out = StringIO()
    call_command("import_annex", str(path), "--verwijder-ontbrekende", stdout=out)
    assert "b) Kandidaten: Brugge: verwijderd" in out.getvalue()
    assert not StatusEvent.objects.filter(municipality__code=BRUGGE).exists()


def test_command_prints_one_dutch_line_per_problem_and_fails(register, tmp_path):
    path = tmp_path / "bijlage.xlsx"
    original = export(DAY(2023, 12, 31))
    path.write_bytes(broken(original, lambda wb: (
        put(layout.CANDIDATES, "nis_code", LEUVEN, "99999")(wb), put(layout.CANDIDATES, "applied", BRUGGE, "gisteren")(wb))))
    err = StringIO()
    before = snapshot()
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_annex", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().strip().splitlines()
    leuven, brugge = row_of(original, layout.CANDIDATES, LEUVEN), row_of(original, layout.CANDIDATES, BRUGGE)
    assert len(lines) == 2
    assert lines[0].startswith(f"Blad “b) Kandidaten”, rij {leuven}:") and "99999" in lines[0]
    assert lines[1].startswith(f"Blad “b) Kandidaten”, rij {brugge}: Brugge:") and "geen Excel-datum" in lines[1]
    assert snapshot() == before


def test_command_reports_a_refused_removal_in_dutch_and_fails(register, tmp_path):
    """A removal the register's sequence forbids is an error of a row the file lacks: it has no row
    number, and the command must still say so in one Dutch line and exit, never a traceback."""
    add_event(GENT, "stopped", DAY(2024, 6, 1))  # after the reference date: removing 2022's events would orphan it
    book = open_workbook(export(DAY(2023, 12, 31)))
    book[REGISTERED].delete_rows(row_of(book, layout.REGISTERED, GENT))
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(save(book))
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_annex", str(path), "--verwijder-ontbrekende", stdout=StringIO(), stderr=err)
    [line] = err.getvalue().strip().splitlines()
    assert line.startswith("Blad “a) Pleegzorggemeenten”") and "Gent" in line and "gestopt" in line
    assert snapshot() == before


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("import_annex", str(tmp_path / "nope.xlsx"))
