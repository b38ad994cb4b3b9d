"""The yearly annex cycle as the officers work it: download, correct in Excel, import back.

Each test takes the workbook the site writes, changes it as an officer would (openpyxl, like
Excel), and reads it back with annex.importing; the register fixture is tests/initiatives/conftest.py.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.annex import importing, layout
from initiatives.annex.admin_views import PAGE_SIZE
from initiatives.annex.plan import CHANGED, MISSING, NEW, OUTSIDE, REMOVED, UNCHANGED, Options
from initiatives.models import Initiative
from municipalities.models import EditorProvince, Municipality, Province, StatusEvent

from .conftest import (
    DAY,
    GENERATED,
    SOURCE,
    append_row,
    cell_of,
    export,
    first_data_row,
    open_workbook,
    records,
    row_of,
    save,
    token_of,
    upload,
    worksheet,
)

pytestmark = pytest.mark.django_db
REFERENCE = DAY(2023, 12, 31)
GENT, LEUVEN, BRUGGE, ALKEN = "44021", "24062", "31005", "73001"


def limburg_ids():
    return {Province.objects.get(iso_code="BE-VLI").pk}


def read(content, province_ids=None, **options):
    return importing.read(content, "bijlage.xlsx", province_ids, Options(source=SOURCE, **options))


def actions(plan):
    return {(change.sheet, change.municipality, change.action) for change in plan.changes}


# Round trip -------------------------------------------------------------------------------------

def test_an_unchanged_download_imports_as_nothing_for_everyone(register):
    content = export(REFERENCE)
    everyone = read(content)
    assert everyone.errors == [] and everyone.writes == []
    assert everyone.count(UNCHANGED) == len(everyone.changes) > 40
    bound = read(content, limburg_ids())
    assert bound.errors == [] and bound.writes == []
    outside = [c for c in bound.changes if c.action == OUTSIDE]
    assert outside and {c.municipality for c in outside} >= {"Gent", "Leuven", "Brugge"}
    assert {c.municipality for c in bound.changes if c.action == UNCHANGED} <= set(
        Municipality.objects.filter(province__iso_code="BE-VLI").values_list("name", flat=True))
    assert bound.count(OUTSIDE) + bound.count(UNCHANGED) == everyone.count(UNCHANGED)
    assert str(layout.TITLE_LABELS["day"]) and bound.day == REFERENCE


def test_a_change_outside_the_editors_provinces_is_an_error_and_nothing_is_written(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.REGISTERED, "appointed", GENT).value = datetime.datetime(2022, 9, 20)
    plan = read(save(book), limburg_ids())
    [error] = plan.errors
    assert error.municipality == "Gent" and "buiten de provincies die u mag wijzigen" in error.reason
    with pytest.raises(ValueError):
        importing.apply(plan)


def test_the_province_bound_officer_round_trips_through_the_admin(register):
    user = User.objects.create_user("redacteur-limburg", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    EditorProvince.objects.create(user=user, province=Province.objects.get(iso_code="BE-VLI"))
    client = Client()
    client.force_login(user)
    download = client.get(reverse("initiatives:annex_xlsx"), {"datum": "2023-12-31"})
    response = upload(client, download.content)
    assert response.status_code == 302 and token_of(response)
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and "fout" not in text.lower().split("<table")[0]
    assert "buiten uw provincies, ongewijzigd" in text and "Het bestand verandert niets aan het register." in text


# Corrections correct ----------------------------------------------------------------------------

def test_a_corrected_date_of_appointment_corrects_the_event(register):
    event = StatusEvent.objects.get(municipality__code=GENT, kind="registered")
    count = StatusEvent.objects.count()
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.REGISTERED, "appointed", GENT).value = datetime.datetime(2022, 9, 20)
    plan = read(save(book))
    [change] = [c for c in plan.changes if c.action == CHANGED]
    assert change.municipality == "Gent"
    assert [(f.label, f.old, f.new) for f in change.fields] == [("Datum van benoeming", "15/09/2022", "20/09/2022")]
    importing.apply(plan)
    event.refresh_from_db()
    assert StatusEvent.objects.count() == count
    assert (event.date, event.source) == (DAY(2022, 9, 20), SOURCE)
    assert event.history.first().history_change_reason == f"Import: {SOURCE}"


def test_a_corrected_date_of_application_corrects_the_candidate_event(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.CANDIDATES, "applied", BRUGGE).value = datetime.datetime(2023, 3, 9)
    plan = read(save(book))
    [change] = [c for c in plan.changes if c.action == CHANGED]
    assert [(f.old, f.new) for f in change.fields] == [("01/03/2023", "09/03/2023")]
    importing.apply(plan)
    assert list(StatusEvent.objects.filter(municipality__code=BRUGGE).values_list("kind", "date")) == [
        ("candidate", DAY(2023, 3, 9))]


@pytest.mark.parametrize("sheet, key, code", [
    (layout.REGISTERED, "appointed", GENT), (layout.REGISTERED, "applied", GENT), (layout.CANDIDATES, "applied", BRUGGE)])
def test_the_uiterlijk_flag_round_trips_on_both_dates(register, sheet, key, code):
    book = open_workbook(export(REFERENCE))
    target = cell_of(book, sheet, key, code)
    target.number_format = layout.UPPER_BOUND_FORMAT
    plan = read(save(book))
    [change] = [c for c in plan.changes if c.action == CHANGED]
    assert change.fields[0].new.startswith("uiterlijk ")
    importing.apply(plan)
    again = open_workbook(export(REFERENCE))
    assert "uiterlijk" in cell_of(again, sheet, key, code).number_format
    assert read(save(again)).writes == []


def test_a_date_after_the_reference_date_is_an_error(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.REGISTERED, "appointed", GENT).value = datetime.datetime(2024, 1, 5)
    [error] = read(save(book)).errors
    assert "ligt na de peildatum 31/12/2023" in error.reason


def test_a_municipality_moved_from_b_to_a_gets_its_appointment(register):
    book = open_workbook(export(REFERENCE))
    [brugge] = [r for r in records(book, layout.CANDIDATES) if r["nis_code"] == BRUGGE]
    sheet_b = worksheet(book, layout.CANDIDATES)
    sheet_b.delete_rows(row_of(sheet_b, layout.CANDIDATES, BRUGGE))
    append_row(book, layout.REGISTERED, province=brugge["province"], municipality=brugge["municipality"],
               nis_code=BRUGGE, applied=brugge["applied"], appointed=datetime.datetime(2023, 10, 2))
    plan = read(save(book))
    assert plan.errors == []
    [change] = [c for c in plan.changes if c.action != UNCHANGED]
    assert (change.municipality, change.action) == ("Brugge", NEW)
    importing.apply(plan)
    assert Municipality.objects.with_status_on(REFERENCE).get(code=BRUGGE).status == "registered"


# Missing rows -----------------------------------------------------------------------------------

def test_a_deleted_row_is_reported_and_nothing_is_removed(register):
    book = open_workbook(export(REFERENCE))
    sheet = worksheet(book, layout.REGISTERED)
    sheet.delete_rows(row_of(sheet, layout.REGISTERED, GENT))
    plan = read(save(book))
    [missing] = [c for c in plan.changes if c.action == MISSING]
    assert (missing.municipality, missing.label) == ("Gent", "ontbreekt in het bestand")
    assert plan.errors == [] and plan.writes == []


def test_removal_only_when_chosen_listed_first_then_written(register):
    book = open_workbook(export(REFERENCE))
    sheet = worksheet(book, layout.REGISTERED)
    sheet.delete_rows(row_of(sheet, layout.REGISTERED, GENT))
    sheet_c = worksheet(book, layout.INITIATIVES)
    sheet_c.delete_rows(row_of(sheet_c, layout.INITIATIVES, GENT, "Receptie voor pleeggezinnen"))
    plan = read(save(book), remove_missing=True)
    ordered = plan.ordered()
    assert [c.action for c in ordered[:2]] == [REMOVED, REMOVED]
    assert {(c.municipality, c.sheet) for c in ordered[:2]} == {("Gent", "a) Pleegzorggemeenten"),
                                                              ("Gent", "c) Initiatieven")}
    importing.apply(plan)
    assert not StatusEvent.objects.filter(municipality__code=GENT).exists()
    receptie = Initiative.objects.get(title="Receptie voor pleeggezinnen")
    assert receptie.is_published is False  # unpublished, never deleted


def test_an_officer_cannot_remove_outside_their_provinces(register):
    book = open_workbook(export(REFERENCE))
    sheet = worksheet(book, layout.REGISTERED)
    sheet.delete_rows(row_of(sheet, layout.REGISTERED, GENT))
    [error] = read(save(book), limburg_ids(), remove_missing=True).errors
    assert error.municipality == "Gent" and "niet te verwijderen" in error.reason


# Initiatives keep their identity -----------------------------------------------------------------

def test_a_corrected_title_is_a_change_of_the_same_initiative(register):
    receptie = Initiative.objects.get(title="Receptie voor pleeggezinnen")
    count = Initiative.objects.count()
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.INITIATIVES, "title", GENT, "Receptie voor pleeggezinnen").value = "Receptie voor alle pleeggezinnen"
    plan = read(save(book))
    [change] = [c for c in plan.changes if c.action == CHANGED]
    assert [(f.old, f.new) for f in change.fields] == [("Receptie voor pleeggezinnen", "Receptie voor alle pleeggezinnen")]
    importing.apply(plan)
    receptie.refresh_from_db()
    assert receptie.title == "Receptie voor alle pleeggezinnen" and Initiative.objects.count() == count


def test_a_title_that_is_a_number_matches_its_text(register):
    receptie = Initiative.objects.get(title="Receptie voor pleeggezinnen")
    receptie.title = "2024"
    receptie.save()
    book = open_workbook(export(REFERENCE))
    target = cell_of(book, layout.INITIATIVES, "title", GENT, "2024")
    assert target.data_type == "s"  # written as text
    target.value = 2024  # retyped in Excel, it becomes a number
    assert read(save(book)).writes == []


def test_a_row_without_key_is_new_published_or_kept_as_draft(register):
    book = open_workbook(export(REFERENCE))
    append_row(book, layout.INITIATIVES, province="Limburg", municipality="Alken", nis_code=ALKEN, title="Zwemkaart",
               description="Gratis zwemmen", category="Waardering", start=datetime.datetime(2023, 1, 1),
               kind="structureel")
    content = save(book)
    [new] = [c for c in read(content).changes if c.action == NEW]
    assert new.municipality == "Alken" and any(f.new == "Zwemkaart" for f in new.fields)
    importing.apply(read(content, drafts=True))
    zwemkaart = Initiative.objects.get(title="Zwemkaart")
    assert zwemkaart.is_published is False and zwemkaart.source == SOURCE


def test_an_existing_title_without_key_is_an_error_not_a_duplicate(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.INITIATIVES, "key", GENT, "Receptie voor pleeggezinnen").value = None
    [error] = read(save(book)).errors
    assert "heeft al het initiatief “Receptie voor pleeggezinnen” (sleutel" in error.reason


@pytest.mark.parametrize("key, message", [(999999, "onbekende sleutel “999999”"), ("abc", "onbekende sleutel “abc”")])
def test_an_unknown_key_is_an_error(register, key, message):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.INITIATIVES, "key", GENT, "Receptie voor pleeggezinnen").value = key
    [error] = read(save(book)).errors
    assert message in error.reason


# Rows the preview flags --------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, "onbekend"])
def test_a_row_on_sheet_b_without_a_date_is_an_error(register, value):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.CANDIDATES, "applied", BRUGGE).value = value
    [error] = read(save(book)).errors
    assert error.municipality == "Brugge" and "kolom “Datum van aanvraag” is leeg of onbekend" in error.reason


def test_a_municipality_on_both_sheets_is_an_error_on_both_rows(register):
    book = open_workbook(export(REFERENCE))
    append_row(book, layout.CANDIDATES, province="Oost-Vlaanderen", municipality="Gent", nis_code=GENT,
               applied=datetime.datetime(2022, 2, 1))
    errors = read(save(book)).errors
    assert {(e.sheet, e.municipality) for e in errors} == {("a) Pleegzorggemeenten", "Gent"), ("b) Kandidaten", "Gent")}
    assert all("pleegzorggemeente of kandidaat, niet allebei" in e.reason for e in errors)


def test_a_formula_where_a_value_belongs_is_an_error(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.INITIATIVES, "description", GENT, "Receptie voor pleeggezinnen").value = '=HYPERLINK("x")'
    [error] = read(save(book)).errors
    assert "bevat een formule in plaats van een waarde" in error.reason


def test_hidden_sheets_are_ignored_with_a_warning(register):
    book = open_workbook(export(REFERENCE))
    notes = book.create_sheet("Notities")
    notes["A1"] = "=1+1"
    notes.sheet_state = "hidden"
    worksheet(book, layout.INITIATIVES).sheet_state = "hidden"
    cell_of(book, layout.INITIATIVES, "title", GENT, "Receptie voor pleeggezinnen").value = "Verborgen wijziging"
    plan = read(save(book))
    assert plan.warnings == ["Verborgen bladen zijn genegeerd: “c) Initiatieven”, “Notities”."]
    assert plan.errors == [] and plan.writes == [] and not any(c.sheet == "c) Initiatieven" for c in plan.changes)


def test_a_workbook_without_reference_date_or_scope_is_refused(register):
    book = open_workbook(export(REFERENCE))
    for sheet in (worksheet(book, layout.REGISTERED), worksheet(book, layout.CANDIDATES)):
        for row in sheet.iter_rows(max_row=layout.MAX_TITLE_ROWS):
            if row[0].value == "Peildatum":
                row[1].value = None
    with pytest.raises(importing.AnnexFileError, match="vermeldt geen peildatum"):
        read(save(book))


# The workbook -----------------------------------------------------------------------------------

def test_title_headers_and_title_block_on_every_sheet(register):
    book = open_workbook(export(REFERENCE, since=DAY(2022, 12, 31)))
    title = ("Overzicht van de (kandidaat-)pleegzorggemeenten per provincie, datum van aanvraag en/of benoeming als "
             "pleegzorggemeente en de inhoud van de ondersteuning van de initiatieven")
    assert book.properties.title.startswith(title)
    # Document properties in UTC: the conftest's GENERATED is local (Brussels) time.
    utc = timezone.make_aware(GENERATED).astimezone(datetime.timezone.utc).replace(tzinfo=None)
    assert book.properties.created == book.properties.modified == utc
    for sheet in book.worksheets:
        assert sheet["A1"].value == title, sheet.title
        labels = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=3, max_row=9) if row[0].value}
        assert labels["Peildatum"] == datetime.datetime(2023, 12, 31), sheet.title
        assert labels["Gemaakt op"] == GENERATED, sheet.title
        assert labels["Omvang"] == "Vlaanderen en Brussel"
        assert "Pleegzorg Tracker" in labels["Bron"] and "Limburg" in labels["Volledigheid"]
        assert sheet.print_title_rows and sheet.page_setup.orientation == "landscape"
        # one page wide (1 is the default XlsxWriter leaves out), as many pages tall as it takes
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.oddFooter.center.text == "pagina &P van &N" and "31/12/2023" in sheet.oddHeader.center.text
    assert layout.REGISTERED.headers()[3:] == ["Datum van aanvraag", "Datum van benoeming"]


def test_unknown_values_are_written_as_onbekend_never_empty(register):
    book = open_workbook(export(REFERENCE))
    assert cell_of(book, layout.REGISTERED, "applied", ALKEN).value == "onbekend"
    gratis = cell_of(book, layout.INITIATIVES, "start", ALKEN, "Gratis zaal voor infosessies")
    assert gratis.value == "onbekend"
    for record in records(book, layout.REGISTERED):
        assert all(value not in (None, "") for value in record.values()), record


def test_sheets_a_and_b_have_a_subtotal_per_province_and_a_total(register):
    book = open_workbook(export(REFERENCE))
    sheet = worksheet(book, layout.REGISTERED)
    firsts = [row[0].value for row in sheet.iter_rows(min_row=first_data_row(sheet, layout.REGISTERED))]
    assert "Subtotaal Limburg" in firsts and "Subtotaal Oost-Vlaanderen" in firsts and firsts[-1] == "Totaal"
    subtotal = next(row for row in sheet.iter_rows() if row[0].value == "Subtotaal Limburg")
    assert subtotal[1].value == f"{firsts.index('Subtotaal Limburg')} pleegzorggemeenten"
    assert next(row for row in sheet.iter_rows() if row[0].value == "Totaal")[1].value == "42 pleegzorggemeenten"
    coverage_note = [c.value for row in book["Overzicht"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(text.startswith("Dekking: ") for text in coverage_note)


def test_one_province_exports_and_imports_back(register):
    from initiatives import annex

    limburg = Province.objects.get(iso_code="BE-VLI")
    content = annex.build_workbook(annex.collect(REFERENCE, province=limburg))
    book = open_workbook(content)
    codes = {record["nis_code"] for record in records(book, layout.REGISTERED)}
    assert codes and codes <= set(Municipality.objects.filter(province=limburg).values_list("code", flat=True))
    plan = read(content, limburg_ids())
    assert plan.province == limburg and plan.errors == [] and plan.writes == [] and not plan.count(MISSING)


# The preview ------------------------------------------------------------------------------------

def test_the_preview_lists_errors_first_filters_and_pages(admin_client, register):
    book = open_workbook(export(REFERENCE))
    for index in range(PAGE_SIZE + 30):  # rows with an unknown NIS code
        append_row(book, layout.CANDIDATES, province="Limburg", municipality=f"Nergens {index}",
                   nis_code=f"9{index:04d}", applied=datetime.datetime(2023, 1, 1))
    response = upload(admin_client, save(book), name="fouten.xlsx")
    first = admin_client.get(response["Location"])
    text = first.content.decode()
    assert first.status_code == 200 and "Bevestig" not in text
    assert f"{PAGE_SIZE + 30} fout" in text and "pagina 1 van 2" in text
    rows = text.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr") == PAGE_SIZE and rows.count("import-error") == PAGE_SIZE
    second = admin_client.get(response["Location"] + "&pagina=2").content.decode()
    assert second.split("<tbody>")[1].count("import-error") == 30
    only = admin_client.get(response["Location"] + "&alleen=wijzigingen&pagina=2").content.decode()
    assert "import-unchanged" not in only and "import-outside" not in only
    assert len(first.content) < 200_000
