"""The yearly annex cycle in a real browser, as an officer bound to one province plays it:
download, change a date, fix a title, add an initiative, upload, read the preview (old → new),
confirm, download again and find exactly those changes."""

import datetime
import secrets

import openpyxl
import pytest

from .conftest import assert_no_axe_violations, save_screenshot

pytestmark = pytest.mark.browser

REFERENCE = "2023-12-31"
REGISTERED, INITIATIVES = "a) Pleegzorggemeenten", "c) Initiatieven"
TITLE_BLOCK_SOURCE = "Bron"  # its value says when the workbook was made, so it differs between downloads


@pytest.fixture
def officer(site):
    """A Redacteur bound to Limburg, one published initiative of Alken to correct, and a candidate
    outside Limburg (Gent) whose row the officer leaves alone."""
    username, password = f"limburg-{secrets.token_hex(3)}", secrets.token_urlsafe(18)
    site.manage("shell", "-c", (
        "from django.contrib.auth.models import Group, User\n"
        "from municipalities.models import EditorProvince, Municipality, Province\n"
        "from initiatives.models import Category, Initiative\n"
        "from municipalities.models import StatusEvent\n"
        "StatusEvent.objects.get_or_create(municipality=Municipality.objects.get(code='44021'), kind='candidate',"
        " date='2023-03-01', defaults=dict(source='browsertest'))\n"
        f"user = User.objects.create_user({username!r}, password={password!r}, is_staff=True)\n"
        "user.groups.add(Group.objects.get(name='Redacteur'))\n"
        "EditorProvince.objects.create(user=user, province=Province.objects.get(iso_code='BE-VLI'))\n"
        "Initiative.objects.get_or_create(municipality=Municipality.objects.get(code='73001'), title='Onthaal pleeggezinen',"
        " defaults=dict(category=Category.objects.get(slug='waardering'), start_date='2023-05-01', is_published=True,"
        " source='browsertest'))\n"
    ))
    return username, password


def download(page, site, tmp_path, name):
    page.goto(site.url + "/bijlage/")
    page.fill("#id_datum", REFERENCE)
    with page.expect_download() as info:
        page.get_by_role("button", name="Werkmap downloaden (.xlsx)").click()
    path = tmp_path / name
    info.value.save_as(path)
    return path


def table(sheet):
    """{(NIS code, title or None): {header: value}} of a sheet's data rows, and the header row."""
    rows = list(sheet.iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Provincie")
    headers = rows[header_index]
    found = {}
    for row in rows[header_index + 1:]:
        values = dict(zip(headers, row, strict=True))
        if values.get("NIS-code"):
            found[(values["NIS-code"], values.get("Initiatief"))] = values
    return found


def find(sheet, code, column, title=None):
    rows = list(sheet.iter_rows())
    header_index = next(i for i, row in enumerate(rows) if row[0].value == "Provincie")
    headers = [cell.value for cell in rows[header_index]]
    for row in rows[header_index + 1:]:
        values = dict(zip(headers, row, strict=True))
        if values["NIS-code"].value == code and (title is None or values["Initiatief"].value == title):
            return values[column]
    raise AssertionError((code, column, title))


def test_a_province_bound_officer_plays_the_whole_cycle(page, site, officer, tmp_path):
    username, password = officer
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()

    first = download(page, site, tmp_path, "eerst.xlsx")
    book = openpyxl.load_workbook(first)
    appointed = find(book[REGISTERED], "73001", "Datum van benoeming")
    assert appointed.value == datetime.datetime(2023, 12, 31) and "uiterlijk" in appointed.number_format
    appointed.value, appointed.number_format = datetime.datetime(2023, 6, 15), "dd/mm/yyyy"
    find(book[INITIATIVES], "73001", "Initiatief", "Onthaal pleeggezinen").value = "Onthaal pleeggezinnen"
    sheet = book[INITIATIVES]
    header = [cell.value for cell in next(r for r in sheet.iter_rows() if r[0].value == "Provincie")]
    new_row = dict.fromkeys(header)
    new_row.update({"Provincie": "Limburg", "Gemeente": "Alken", "NIS-code": "73001", "Initiatief": "Gratis zwembeurten",
                    "Beschrijving": "Pleeggezinnen zwemmen gratis", "Categorie": "Voordelen voor pleeggezinnen", "Begin": datetime.datetime(2023, 9, 1),
                    "Structureel of eenmalig": "structureel"})
    sheet.append([new_row[h] for h in header])
    sheet.cell(sheet.max_row, header.index("Begin") + 1).number_format = "dd/mm/yyyy"
    corrected = tmp_path / "verbeterd.xlsx"
    book.save(corrected)

    page.goto(site.url + "/admin/initiatives/initiative/import/")
    page.set_input_files("#id_file", str(corrected))
    page.fill("#id_source", "Pleegzorg Limburg, lijst van 1/10/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Bestand controleren").click()
    preview = page.locator("#content").inner_text()
    save_screenshot(page, "import-voorbeeld")
    assert page.locator(".errornote, tr.import-error").count() == 0, preview[:2000]
    assert "2 gewijzigd · 1 nieuw · 1 buiten uw provincies, ongewijzigd · 40 ongewijzigd" in preview
    assert "Datum van benoeming: uiterlijk 31/12/2023 → 15/06/2023" in preview
    assert "titel: Onthaal pleeggezinen → Onthaal pleeggezinnen" in preview
    assert "Gratis zwembeurten" in preview and "buiten uw provincies, ongewijzigd" in preview
    assert_no_axe_violations(page, "the import preview")
    with page.expect_navigation():
        page.get_by_role("button", name="Import bevestigen").click()
    assert "3 rijen uit verbeterd.xlsx geïmporteerd" in page.locator(".messagelist").inner_text()

    second = download(page, site, tmp_path, "daarna.xlsx")
    before, after = openpyxl.load_workbook(first), openpyxl.load_workbook(second)
    changed = {}
    for name in before.sheetnames:
        old, new = table(before[name]) if name != "Overzicht" else {}, table(after[name]) if name != "Overzicht" else {}
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                changed[(name, key)] = (old.get(key), new.get(key))
    appointed_after = changed.pop((REGISTERED, ("73001", None)))
    assert appointed_after[1]["Datum van benoeming"] == datetime.datetime(2023, 6, 15)
    renamed_old = changed.pop((INITIATIVES, ("73001", "Onthaal pleeggezinen")))
    renamed_new = changed.pop((INITIATIVES, ("73001", "Onthaal pleeggezinnen")))
    assert renamed_old[1] is None and renamed_new[0] is None
    assert renamed_new[1]["Sleutel (niet wijzigen)"] == renamed_old[0]["Sleutel (niet wijzigen)"]
    added = changed.pop((INITIATIVES, ("73001", "Gratis zwembeurten")))
    assert added[0] is None and isinstance(added[1]["Sleutel (niet wijzigen)"], int)
    assert changed == {}, "nothing else changed"
