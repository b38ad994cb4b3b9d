import datetime
import io
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from initiatives.annex import importing
from initiatives.models import Initiative
from municipalities.models import StatusEvent

from .conftest import DAY, cells, export, open_workbook, save

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(StatusEvent.objects.values_list("municipality__code", "kind", "date", "date_is_upper_bound")),
        sorted(Initiative.objects.values_list("municipality__code", "title", "category__slug", "start_date", "is_published")),
    )


def empty_register():
    StatusEvent.objects.all().delete()
    Initiative.objects.all().delete()


def test_round_trip_export_import_export_gives_the_same_cells(register):
    day = DAY(2023, 12, 31)
    first = export(day)
    empty_register()
    plan = importing.read(first)
    assert plan.errors == []
    assert plan.summary == {"new": 41 + 2 + 2 + 2, "changed": 0, "unchanged": 0, "error": 0}
    importing.apply(plan)
    assert cells(open_workbook(export(day))) == cells(open_workbook(first))


def test_reimporting_the_same_file_changes_nothing(register):
    content = export(DAY(2023, 12, 31))
    before = snapshot()
    plan = importing.read(content)
    assert plan.summary["new"] == 0 and plan.summary["changed"] == 0 and plan.errors == []
    importing.apply(plan)
    assert snapshot() == before


def test_preview_marks_new_changed_and_unchanged_rows(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    sheet = workbook["b) Kandidaten"]
    sheet.append(["Antwerpen", "Antwerpen", "11002", datetime.datetime(2023, 6, 1)])
    sheet["D4"].number_format = "dd/mm/yyyy"
    initiatives = workbook["c) Initiatieven"]
    initiatives["E3"] = "Nu ook met muziek"
    plan = importing.read(save(workbook))
    by_municipality = {(c.sheet, c.municipality, c.action) for c in plan.changes}
    assert ("b) Kandidaten", "Antwerpen", "new") in by_municipality
    assert ("c) Initiatieven", "Gent", "changed") in by_municipality
    assert ("b) Kandidaten", "Brugge", "unchanged") in by_municipality
    importing.apply(plan)
    assert Initiative.objects.get(title="Receptie voor pleeggezinnen").description == "Nu ook met muziek"
    assert StatusEvent.objects.filter(municipality__code="11002", kind="candidate").exists()


def test_flag_no_later_than_is_read_from_the_date_format(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    workbook["a) Pleegzorggemeenten"]["E2"].number_format = "dd/mm/yyyy"  # Alken: now exact
    plan = importing.read(save(workbook))
    changed = [c for c in plan.changes if c.action == "changed"]
    assert [(c.municipality, c.sheet) for c in changed] == [("Alken", "a) Pleegzorggemeenten")]
    importing.apply(plan)
    assert not StatusEvent.objects.get(municipality__code="73001").date_is_upper_bound


def broken(register_content, edit):
    workbook = open_workbook(register_content)
    edit(workbook)
    return save(workbook)


def row_errors(content):
    plan = importing.read(content)
    return [(c.sheet, c.row, c.reason) for c in plan.errors]


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda wb: wb["b) Kandidaten"].__setitem__("C2", "99999"), "onbekende NIS-code “99999”"),
        (lambda wb: wb["b) Kandidaten"].__setitem__("B2", "Lovenjoel"), "past niet bij NIS-code 24062"),
        (lambda wb: wb["b) Kandidaten"].__setitem__("D2", "20/11/2023"), "is geen Excel-datum"),
        (lambda wb: wb["b) Kandidaten"].__setitem__("D2", datetime.datetime(2099, 1, 1)), "ligt in de toekomst"),
        (lambda wb: wb["b) Kandidaten"].__setitem__("D2", datetime.datetime(1850, 1, 1)), "onmogelijke datum"),
        (lambda wb: wb["b) Kandidaten"].__setitem__("D2", "=TODAY()"), "bevat een formule"),
        (lambda wb: wb["b) Kandidaten"].append(["Vlaams-Brabant", "Leuven", "24062", datetime.datetime(2023, 11, 20)]),
         "dubbele rij (ook op rij 2)"),
        # Gent: appointed 15/09/2022 but the procedure would start after it.
        (lambda wb: wb["a) Pleegzorggemeenten"].__setitem__("D43", datetime.datetime(2022, 10, 1)),
         "kan niet vóór de start van de procedure"),
        # Pajottegem exists since 1/1/2025.
        (lambda wb: wb["b) Kandidaten"].append(["Vlaams-Brabant", "Pajottegem", "23106", datetime.datetime(2023, 1, 1)]),
         "bestond toen nog niet"),
        (lambda wb: wb["c) Initiatieven"].__setitem__("F2", "Feestjes"), "onbekende categorie “Feestjes”"),
    ],
)
def test_bad_rows_are_reported_in_dutch_and_nothing_is_written(register, edit, expected):
    content = broken(export(DAY(2023, 12, 31)), edit)
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
    assert "wachtwoord" in file_error(importing.OLE_MAGIC + b"\0" * 600)


def test_corrupt_zip(register):
    content = export(DAY(2023, 12, 31))
    assert "beschadigd" in file_error(content[: len(content) // 2])


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hallo")
    assert "beschadigd" in file_error(buffer.getvalue())


def test_missing_sheets_and_headers(register):
    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb.remove(wb["b) Kandidaten"]))
    assert file_error(content) == "Ontbrekende bladen: b) Kandidaten."
    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb["a) Pleegzorggemeenten"].__setitem__("C1", "Code"))
    assert "de kopregel moet zijn: Provincie | Gemeente | NIS-code" in file_error(content)
    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb["b) Kandidaten"].__setitem__("E1", "Extra"))
    assert "Blad “b) Kandidaten”" in file_error(content)


def test_file_over_10_mb_is_refused_before_reading():
    assert file_error(b"PK" + b"\0" * (10 * 1024 * 1024)) == "Het bestand is groter dan 10 MB."


def test_zip_bomb_is_refused_before_it_is_expanded():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "geweigerd" in file_error(buffer.getvalue())


def test_sheet_c_is_optional(register):
    content = broken(export(DAY(2023, 12, 31)), lambda wb: wb.remove(wb["c) Initiatieven"]))
    plan = importing.read(content)
    assert plan.errors == [] and not any(c.sheet == "c) Initiatieven" for c in plan.changes)


def test_province_bound_import_refuses_rows_elsewhere(register):
    from municipalities.models import Province

    limburg = {Province.objects.get(iso_code="BE-VLI").pk}
    plan = importing.read(export(DAY(2023, 12, 31)), province_ids=limburg)
    outside = {c.municipality for c in plan.errors}
    assert {"Gent", "Brugge", "Leuven"} <= outside
    assert "buiten de provincies" in plan.errors[0].reason


def test_command_dry_run_and_import(register, tmp_path):
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(export(DAY(2023, 12, 31)))
    empty_register()
    out = StringIO()
    call_command("import_annex", str(path), "--dry-run", stdout=out)
    assert "Proefdraai, niets geschreven: 47 nieuw" in out.getvalue()
    assert not StatusEvent.objects.exists()
    call_command("import_annex", str(path), stdout=out)
    assert StatusEvent.objects.count() == 41 + 2 + 2 + 0 and Initiative.objects.count() == 2


def test_command_prints_one_dutch_line_per_problem_and_fails(register, tmp_path):
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(broken(export(DAY(2023, 12, 31)), lambda wb: (
        wb["b) Kandidaten"].__setitem__("C2", "99999"), wb["b) Kandidaten"].__setitem__("D3", "gisteren"))))
    err = StringIO()
    before = snapshot()
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_annex", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert lines[0].startswith("Blad “b) Kandidaten”, rij 2:") and "99999" in lines[0]
    assert lines[1].startswith("Blad “b) Kandidaten”, rij 3: Brugge:") and "geen Excel-datum" in lines[1]
    assert snapshot() == before


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("import_annex", str(tmp_path / "nope.xlsx"))
