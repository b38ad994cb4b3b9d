"""Attacks on the annex import cycle (issue 13), as three kinds of user try to break it.

(a) an officer bound to one province (group "Redacteur" + EditorProvince), (b) a careless officer
editing in Excel, (c) an attacker. Every test states what the right outcome is: a clear Dutch
message and nothing written, or the change done exactly; never a 500, never a silently dropped
row, never lost data. Tests that pass document a protection; tests that fail name a problem.

The workbooks are edited with openpyxl as Excel would; the register fixture is in conftest.py.
"""

import datetime
import io
import random
import time

import pytest
import xlsxwriter
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from initiatives import annex
from initiatives.annex import importing, layout, uploads
from initiatives.annex.plan import CHANGED, ERROR, MISSING, OUTSIDE, REMOVED, UNCHANGED, Options
from initiatives.models import Category, Initiative
from municipalities.models import EditorProvince, Municipality, Province, StatusEvent

from .conftest import (
    DAY,
    GENERATED,
    IMPORT_URL,
    SOURCE,
    append_row,
    cell_of,
    confirm,
    data_rows,
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


def read(content, province_ids=None, **options):
    return importing.read(content, "bijlage.xlsx", province_ids, Options(source=SOURCE, **options))


def province(iso):
    return Province.objects.get(iso_code=iso)


def province_export(iso, day=REFERENCE):
    return annex.build_workbook(annex.collect(day, generated_at=GENERATED, province=province(iso)))


def limburg_ids():
    return {province("BE-VLI").pk}


def officer(name, iso="BE-VLI"):
    """A logged-in client of a Redacteur bound to the province `iso`."""
    user = User.objects.create_user(name, is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    EditorProvince.objects.create(user=user, province=province(iso))
    client = Client()
    client.force_login(user)
    return client


def dutch(text):
    with translation.override("nl"):
        return str(text)


def label_cell(sheet, key):
    """The value cell of the title block row labelled TITLE_LABELS[key]."""
    label = dutch(layout.TITLE_LABELS[key])
    for row in sheet.iter_rows(max_row=layout.MAX_TITLE_ROWS):
        if row[0].value == label:
            return row[1]
    raise AssertionError(f"no {label} on {sheet.title}")


def rows_for(plan, municipality, sheet_layout=None):
    name = dutch(sheet_layout.name) if sheet_layout else None
    return [c for c in plan.changes if c.municipality == municipality and (name is None or c.sheet == name)]


def initiative_values(initiative):
    """The sheet c row of `initiative` as the writer writes it, by column key."""
    with translation.override("nl"):
        words = {value: word for word, value in layout.structural_words().items()}
        return {
            "province": initiative.municipality.province.name, "municipality": initiative.municipality.name,
            "nis_code": initiative.municipality.code, "title": initiative.title,
            "description": initiative.description or "onbekend", "category": initiative.category.name,
            "start": initiative.start_date or "onbekend",
            "end": initiative.end_date or ("doorlopend" if initiative.is_structural else "onbekend"),
            "timing": initiative.timing_text or "onbekend", "kind": words[initiative.is_structural],
            "key": initiative.pk,
        }


def refused_or_round_trips(plan, sheet_layout, municipality, code, title=None):
    """The rule "never a silently dropped row": the row is an error in the plan, or, once applied,
    the next download at the same reference date lists it."""
    if any(c.action == ERROR for c in rows_for(plan, municipality.name, sheet_layout)):
        return
    assert plan.errors == [], [c.reason for c in plan.errors]
    importing.apply(plan)
    again = export(REFERENCE)
    try:
        row_of(again, sheet_layout, code, title)
    except AssertionError:
        pytest.fail(f"the import accepted {municipality.name} {title or ''} on “{dutch(sheet_layout.name)}” "
                    f"({[c.action for c in rows_for(plan, municipality.name, sheet_layout)]}), "
                    "but the next download at the same reference date does not list it")


# (a) An officer bound to one province -------------------------------------------------------------

def test_bound_officer_uploading_another_provinces_export_unchanged_writes_nothing(register):
    plan = read(province_export("BE-VOV"), limburg_ids())
    assert plan.errors == [] and plan.writes == [] and plan.count(MISSING) == 0
    assert plan.count(OUTSIDE) > 0 and plan.count(UNCHANGED) == 0


def test_bound_officer_changing_another_provinces_export_is_refused(register):
    book = open_workbook(province_export("BE-VOV"))
    cell_of(book, layout.REGISTERED, "appointed", GENT).value = datetime.datetime(2022, 9, 20)
    plan = read(save(book), limburg_ids())
    [error] = plan.errors
    assert error.municipality == "Gent" and "buiten de provincies die u mag wijzigen" in error.reason
    with pytest.raises(ValueError):
        importing.apply(plan)


def test_bound_officer_adding_an_initiative_outside_the_province_is_refused(register):
    book = open_workbook(export(REFERENCE))
    append_row(book, layout.INITIATIVES, province="Oost-Vlaanderen", municipality="Gent", nis_code=GENT,
               title="Nieuw in Gent", description="onbekend", category=Category.objects.get(slug="zalen").name,
               start=DAY(2023, 6, 1), end="onbekend", timing="onbekend", kind="eenmalig")
    count = Initiative.objects.count()
    plan = read(save(book), limburg_ids())
    [error] = plan.errors
    assert error.municipality == "Gent" and "buiten de provincies" in error.reason
    assert Initiative.objects.count() == count


def test_bound_officer_cannot_remove_rows_outside_the_province(register):
    book = open_workbook(export(REFERENCE))
    sheet = worksheet(book, layout.CANDIDATES)
    sheet.delete_rows(row_of(sheet, layout.CANDIDATES, BRUGGE))
    plan = read(save(book), limburg_ids(), remove_missing=True)
    [error] = plan.errors
    assert error.municipality == "Brugge" and "niet te verwijderen" in error.reason
    assert StatusEvent.objects.filter(municipality__code=BRUGGE).count() == 1


def test_an_officers_token_is_useless_to_another_officer_and_cannot_be_replayed(register):
    alken = Initiative.objects.get(title="Gratis zaal voor infosessies")
    book = open_workbook(province_export("BE-VLI"))
    cell_of(book, layout.INITIATIVES, "title", ALKEN, alken.title).value = "Gratis zaal voor infoavonden"
    first, second = officer("redacteur-a"), officer("redacteur-b")
    token = token_of(upload(first, save(book)))
    assert token
    # Another officer of the same province: neither the preview nor the confirmation works for them.
    stolen = second.get(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert stolen.status_code == 200 and "verlopen of al uitgevoerd" in stolen.content.decode()
    stolen = confirm(second, token, follow=True)
    assert "verlopen of al uitgevoerd" in stolen.content.decode()
    alken.refresh_from_db()
    assert alken.title == "Gratis zaal voor infosessies"
    # Tampered tokens: never a 500, never a file outside the upload folder.
    for forged in ("../../etc/passwd", "0" * 32, token.upper(), token + "0", ""):
        response = first.get(reverse(IMPORT_URL), {"token": forged})
        assert response.status_code == 302, forged
        assert confirm(first, forged).status_code == 302, forged
    # The owner's confirmation still works, exactly once.
    done = confirm(first, token)
    assert done.status_code == 302 and done["Location"] == reverse("admin:initiatives_initiative_changelist")
    alken.refresh_from_db()
    assert alken.title == "Gratis zaal voor infoavonden" and alken.version == 2
    replay = confirm(first, token, follow=True)
    assert "verlopen of al uitgevoerd" in replay.content.decode()
    alken.refresh_from_db()
    assert alken.version == 2


def test_a_register_change_between_preview_and_confirm_writes_nothing_and_shows_a_new_preview(register):
    alken = Initiative.objects.get(title="Gratis zaal voor infosessies")
    book = open_workbook(province_export("BE-VLI"))
    cell_of(book, layout.INITIATIVES, "title", ALKEN, alken.title).value = "Gratis zaal voor infoavonden"
    client = officer("redacteur-a")
    token = token_of(upload(client, save(book)))
    assert client.get(reverse(IMPORT_URL), {"token": token}).status_code == 200
    alken.description = "Meanwhile, in the admin"
    alken.save()
    response = confirm(client, token)
    assert response.status_code == 302 and token_of(response) not in (None, token)
    alken.refresh_from_db()
    assert alken.title == "Gratis zaal voor infosessies" and alken.description == "Meanwhile, in the admin"
    page = client.get(response["Location"], follow=True).content.decode()
    assert "niets geschreven" in page or "niets geïmporteerd" in page


def test_two_confirmations_of_one_upload_take_the_file_once():
    token = uploads.park(b"PK\x03\x04 not really a workbook")
    assert uploads.take(token).startswith(b"PK")
    with pytest.raises(uploads.Missing):
        uploads.take(token)


# (b) A careless officer in Excel ------------------------------------------------------------------

def _unmerge(sheet):
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))


def test_rows_inserted_above_the_header_do_no_harm(register):
    book = open_workbook(export(REFERENCE))
    for sheet_layout in layout.IMPORTED:
        sheet = worksheet(book, sheet_layout)
        _unmerge(sheet)
        sheet.insert_rows(1, 5)
        sheet["A3"] = "Nagekeken door de provincie"
    plan = read(save(book))
    assert plan.errors == [] and plan.writes == [] and plan.count(MISSING) == 0


def test_too_many_rows_above_the_header_is_refused_with_a_dutch_message(register):
    book = open_workbook(export(REFERENCE))
    sheet = worksheet(book, layout.REGISTERED)
    _unmerge(sheet)
    sheet.insert_rows(1, layout.MAX_TITLE_ROWS)
    with pytest.raises(importing.AnnexFileError, match="geen kopregel gevonden"):
        read(save(book))


def _sort(sheet, sheet_layout, reverse=True):
    """Sort every row under the header (subtotals included) by municipality name, as Excel's sort does."""
    first, width = first_data_row(sheet, sheet_layout), len(sheet_layout.columns)
    name = sheet_layout.position("municipality") + 1
    rows = [[(sheet.cell(row=n, column=c).value, sheet.cell(row=n, column=c).number_format) for c in range(1, width + 1)]
            for n in range(first, sheet.max_row + 1)]
    rows.sort(key=lambda row: str(row[name - 1][0] or ""), reverse=reverse)
    for offset, row in enumerate(rows):
        for column, (value, number_format) in enumerate(row, start=1):
            target = sheet.cell(row=first + offset, column=column)
            target.value, target.number_format = value, number_format


def test_a_sorted_table_imports_as_unchanged(register):
    book = open_workbook(export(REFERENCE))
    for sheet_layout in layout.IMPORTED:
        _sort(worksheet(book, sheet_layout), sheet_layout)
    assert records(book, layout.REGISTERED)[0]["municipality"] > records(book, layout.REGISTERED)[-1]["municipality"]
    plan = read(save(book))
    assert plan.errors == [] and plan.writes == [] and plan.count(MISSING) == 0


def test_deleted_subtotal_rows_do_no_harm(register):
    book = open_workbook(export(REFERENCE))
    for sheet_layout in (layout.REGISTERED, layout.CANDIDATES):
        sheet = worksheet(book, sheet_layout)
        kept = set(data_rows(sheet, sheet_layout))
        for number in range(sheet.max_row, first_data_row(sheet, sheet_layout) - 1, -1):
            if number not in kept:
                sheet.delete_rows(number)
        assert all(str(sheet.cell(row=n, column=1).value or "").startswith(("Subtotaal", "Totaal")) is False
                   for n in range(first_data_row(sheet, sheet_layout), sheet.max_row + 1))
    plan = read(save(book))
    assert plan.errors == [] and plan.writes == [] and plan.count(MISSING) == 0


@pytest.mark.parametrize("typed", ["20/09/2022", "20-09-2022", "uiterlijk 20/09/2022", 44824])
def test_a_date_typed_as_text_is_an_error_never_a_guess(register, typed):
    book = open_workbook(export(REFERENCE))
    target = cell_of(book, layout.REGISTERED, "appointed", GENT)
    target.value, target.number_format = typed, "General"
    plan = read(save(book))
    [error] = plan.errors
    assert error.municipality == "Gent" and error.reason == "kolom “Datum van benoeming” is geen Excel-datum"


def test_a_changed_nis_code_without_the_name_is_an_error(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.CANDIDATES, "nis_code", BRUGGE).value = "31003"  # Brugge's neighbour
    plan = read(save(book))
    [error] = plan.errors
    assert "past niet bij NIS-code 31003" in error.reason


def test_an_empty_nis_code_gets_a_clear_message(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.CANDIDATES, "nis_code", BRUGGE).value = None
    plan = read(save(book))
    [error] = plan.errors
    assert error.municipality == "Brugge"
    assert "None" not in error.reason, error.reason


def test_a_municipality_moved_from_a_to_b_is_reported_and_removed_only_when_chosen(register):
    book = open_workbook(export(REFERENCE))
    sheet_a = worksheet(book, layout.REGISTERED)
    gent = records(book, layout.REGISTERED)[[r["nis_code"] for r in records(book, layout.REGISTERED)].index(GENT)]
    sheet_a.delete_rows(row_of(sheet_a, layout.REGISTERED, GENT))
    append_row(book, layout.CANDIDATES, province=gent["province"], municipality="Gent", nis_code=GENT,
               applied=gent["applied"])
    content = save(book)
    reported = read(content)
    assert reported.errors == [] and reported.writes == []
    assert {c.action for c in rows_for(reported, "Gent")} == {UNCHANGED, MISSING}
    removed = read(content, remove_missing=True)
    assert [c.action for c in removed.writes] == [REMOVED]
    importing.apply(removed)
    assert Municipality.objects.with_status_on(REFERENCE).get(code=GENT).status == "candidate"


def test_a_duplicated_initiative_row_is_an_error(register):
    book = open_workbook(export(REFERENCE))
    receptie = Initiative.objects.get(title="Receptie voor pleeggezinnen")
    append_row(book, layout.INITIATIVES, **{**initiative_values(receptie), "description": "Een andere tekst"})
    plan = read(save(book))
    [error] = plan.errors
    assert error.reason.startswith(f"dubbele sleutel {receptie.pk} (ook op rij ")


@pytest.mark.parametrize("typed", ["{pk}", " {pk} ", "{pk}.0"])
def test_a_key_retyped_as_text(register, typed):
    receptie = Initiative.objects.get(title="Receptie voor pleeggezinnen")
    book = open_workbook(export(REFERENCE))
    target = cell_of(book, layout.INITIATIVES, "key", GENT, receptie.title)
    target.value = typed.format(pk=receptie.pk)
    target.data_type = "s"
    plan = read(save(book))
    if typed.endswith(".0"):  # not a whole number as text: refused, never guessed
        [error] = plan.errors
        assert "onbekende sleutel" in error.reason
    else:
        assert plan.errors == [] and plan.writes == []


def existing_initiative_row(title):
    """The sheet c row of the seeded initiative `title`, key included."""
    return lambda: initiative_values(Initiative.objects.get(title=title))


def new_initiative_row_starting_in_2024():
    """A sheet c row without key for Gent, started after the reference date."""
    gent = Municipality.objects.select_related("province").get(code=GENT)
    return {"province": gent.province.name, "municipality": "Gent", "nis_code": GENT, "title": "Start in 2024",
            "description": "onbekend", "category": Category.objects.get(slug="zalen").name,
            "start": DAY(2024, 3, 1), "end": "onbekend", "timing": "onbekend", "kind": "eenmalig"}


ROWS_THE_DOWNLOAD_LEAVES_OUT = {
    "key-of-a-draft": existing_initiative_row("Ontwerp dat niemand mag zien"),
    "key-of-one-started-after-the-reference-date": existing_initiative_row("Na de peildatum"),
    "new-one-started-after-the-reference-date": new_initiative_row_starting_in_2024,
}


@pytest.mark.parametrize("row", list(ROWS_THE_DOWNLOAD_LEAVES_OUT.values()), ids=list(ROWS_THE_DOWNLOAD_LEAVES_OUT))
def test_an_initiative_row_the_download_leaves_out_is_never_silently_dropped(register, row):
    """A row added on sheet c that the download at the same reference date would not list (a draft,
    or a start after the reference date): refused, or listed once imported."""
    values = row()
    book = open_workbook(export(REFERENCE))
    append_row(book, layout.INITIATIVES, **values)
    plan = read(save(book))
    municipality = Municipality.objects.get(code=values["nis_code"])
    refused_or_round_trips(plan, layout.INITIATIVES, municipality, values["nis_code"], values["title"])


def test_a_reference_date_changed_on_one_sheet_is_refused(register):
    book = open_workbook(export(REFERENCE))
    label_cell(worksheet(book, layout.CANDIDATES), "day").value = datetime.datetime(2024, 6, 30)
    with pytest.raises(importing.AnnexFileError, match="verschillende peildata"):
        read(save(book))


def test_a_reference_date_typed_as_text_is_refused(register):
    book = open_workbook(export(REFERENCE))
    label_cell(worksheet(book, layout.CANDIDATES), "day").value = "31/12/2023"
    with pytest.raises(importing.AnnexFileError, match="geen peildatum"):
        read(save(book))


def test_a_reference_date_moved_back_on_every_sheet_refuses_the_later_dates(register):
    book = open_workbook(export(REFERENCE))
    for sheet_layout in layout.IMPORTED:
        label_cell(worksheet(book, sheet_layout), "day").value = datetime.datetime(2022, 12, 31)
    plan = read(save(book))
    assert {c.municipality for c in plan.errors} >= {"Brugge", "Leuven"}
    assert all("ligt na de peildatum 31/12/2022" in c.reason for c in plan.errors if c.municipality in ("Brugge", "Leuven"))
    with pytest.raises(ValueError):
        importing.apply(plan)


def test_an_appointment_before_a_later_appointment_in_the_register_is_refused(register):
    add = StatusEvent.objects.create
    add(municipality=Municipality.objects.get(code=LEUVEN), kind="registered", date=DAY(2024, 3, 1), source="test")
    book = open_workbook(export(REFERENCE))
    sheet_b = worksheet(book, layout.CANDIDATES)
    leuven = [r for r in records(book, layout.CANDIDATES) if r["nis_code"] == LEUVEN][0]
    sheet_b.delete_rows(row_of(sheet_b, layout.CANDIDATES, LEUVEN))
    append_row(book, layout.REGISTERED, province=leuven["province"], municipality="Leuven", nis_code=LEUVEN,
               applied=leuven["applied"], appointed=DAY(2023, 12, 15))
    plan = read(save(book))
    [error] = plan.errors
    assert error.municipality == "Leuven" and "kan niet volgen op" in error.reason


def test_an_appointment_the_register_ends_before_the_reference_date_is_never_silently_dropped(register):
    """A municipality that stopped before the reference date, put on sheet a with an appointment
    before its stop: the events are a valid sequence, but on the reference date it is still
    "stopped", so the next download does not list it on sheet a."""
    municipality = (annex.data.annex_municipalities(REFERENCE).exclude(pk__in=StatusEvent.objects.values("municipality"))
                    .select_related("province").order_by("code").first())
    StatusEvent.objects.create(municipality=municipality, kind="candidate", date=DAY(2022, 1, 10), source="test")
    StatusEvent.objects.create(municipality=municipality, kind="stopped", date=DAY(2023, 6, 1), source="test")
    book = open_workbook(export(REFERENCE))
    append_row(book, layout.REGISTERED, province=municipality.province.name, municipality=municipality.name,
               nis_code=municipality.code, applied="onbekend", appointed=DAY(2022, 6, 1))
    plan = read(save(book))
    refused_or_round_trips(plan, layout.REGISTERED, municipality, municipality.code)


def test_a_stale_workbook_does_not_silently_undo_a_correction_made_in_the_admin(register):
    content = annex.build_workbook(annex.collect(REFERENCE))  # made now
    event = StatusEvent.objects.get(municipality__code=GENT, kind="registered")
    event.date = DAY(2022, 9, 20)  # another officer corrects the date in the admin afterwards
    event.save()
    plan = read(content)  # the first officer uploads the workbook they downloaded before
    [gent] = rows_for(plan, "Gent", layout.REGISTERED)
    warned = any("Gent" in warning for warning in plan.warnings)
    assert gent.action == ERROR or warned, (
        f"an unchanged row of a workbook made before the correction is a {gent.action}: "
        f"{[(f.old, f.new) for f in gent.fields]}")


def test_a_stale_workbook_does_not_silently_undo_a_title_edited_in_the_admin(register):
    content = annex.build_workbook(annex.collect(REFERENCE))
    receptie = Initiative.objects.get(title="Receptie voor pleeggezinnen")
    receptie.title = "Nieuwjaarsreceptie voor pleeggezinnen"
    receptie.save()
    plan = read(content)
    [row] = [c for c in plan.changes if c.description.startswith("Receptie") or c.description.startswith("Nieuwjaars")]
    warned = any("Gent" in warning for warning in plan.warnings)
    assert row.action == ERROR or warned, (
        f"an unchanged row of a workbook made before the edit is a {row.action}: {[(f.old, f.new) for f in row.fields]}")


def test_a_renamed_sheet_c_is_never_silently_ignored(register):
    book = open_workbook(export(REFERENCE))
    gent = Municipality.objects.get(code=GENT)
    append_row(book, layout.INITIATIVES, province=gent.province.name, municipality="Gent", nis_code=GENT,
               title="Nieuw initiatief", description="onbekend", category=Category.objects.get(slug="zalen").name,
               start=DAY(2023, 3, 1), end="onbekend", timing="onbekend", kind="eenmalig")
    worksheet(book, layout.INITIATIVES).title = "c) Initiatieven (nagekeken)"
    plan = read(save(book))
    assert plan.errors or plan.warnings, "the changes on the renamed sheet c vanished without a word"


def test_an_initiative_ending_after_today_round_trips(register):
    """A structural initiative with a planned end (a subsidy "tot eind 2027") is in the register;
    downloading and uploading the annex unchanged must give 0 errors."""
    Initiative.objects.create(
        municipality=Municipality.objects.get(code=ALKEN), title="Subsidie tot 2027",
        category=Category.objects.get(slug="zalen"), start_date=DAY(2023, 1, 1),
        end_date=timezone.localdate() + datetime.timedelta(days=400), is_structural=True, is_published=True,
        source="test")
    plan = read(export(REFERENCE))
    assert plan.errors == [], [c.reason for c in plan.errors]
    bound = read(export(REFERENCE), {province("BE-VOV").pk})  # an officer of another province
    assert bound.errors == [], [c.reason for c in bound.errors]


def test_editing_a_description_cut_to_fit_a_cell_never_loses_its_tail(register):
    long = "Begin. " + "Een lange beschrijving. " * 1800  # > 32,767 characters: the cell holds only its start
    initiative = Initiative.objects.create(
        municipality=Municipality.objects.get(code=GENT), title="Lang verhaal", description=long,
        category=Category.objects.get(slug="zalen"), start_date=DAY(2023, 1, 1), is_published=True, source="test")
    book = open_workbook(export(REFERENCE))
    target = cell_of(book, layout.INITIATIVES, "description", GENT, "Lang verhaal")
    assert target.value.endswith(" […]")
    assert read(save(book)).writes == []  # unchanged: the cut copy is recognised
    target.value = target.value.replace("Begin.", "Aanvang.", 1)  # a typo fixed at the start
    plan = read(save(book))
    [row] = [c for c in plan.changes if c.description == "Lang verhaal"]
    if row.action != ERROR:
        importing.apply(plan)
        initiative.refresh_from_db()
        assert initiative.description.endswith("Een lange beschrijving. "), (
            f"the description was cut to {len(initiative.description)} characters and ends in "
            f"“{initiative.description[-30:]}”")


def test_line_breaks_and_escape_lookalikes_round_trip(register):
    Initiative.objects.create(
        municipality=Municipality.objects.get(code=GENT), title="Tekst met _x000D_ erin",
        description="Regel 1\r\nRegel 2\nRegel 3 _x005F_ en _x0041_", category=Category.objects.get(slug="zalen"),
        start_date=DAY(2023, 1, 1), is_published=True, source="test")
    plan = read(export(REFERENCE))
    assert plan.errors == [] and plan.writes == [], [(c.reason, [(f.old, f.new) for f in c.fields]) for c in plan.changes
                                                    if c.action != UNCHANGED]


# (c) An attacker ----------------------------------------------------------------------------------

def test_a_key_of_another_municipalitys_initiative_is_refused(register):
    alken = Initiative.objects.get(title="Gratis zaal voor infosessies")
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.INITIATIVES, "key", GENT, "Receptie voor pleeggezinnen").value = alken.pk
    plan = read(save(book))
    [error] = plan.errors
    assert error.reason == f"sleutel {alken.pk} hoort bij een initiatief van een andere gemeente"


def test_a_real_formula_is_an_error_and_formula_like_text_stays_text(register):
    book = open_workbook(export(REFERENCE))
    cell_of(book, layout.INITIATIVES, "title", GENT, "Receptie voor pleeggezinnen").value = '=HYPERLINK("http://x","klik")'
    [error] = read(save(book)).errors
    assert "bevat een formule" in error.reason
    book = open_workbook(export(REFERENCE))
    target = cell_of(book, layout.INITIATIVES, "title", GENT, "Receptie voor pleeggezinnen")
    target.value = '=HYPERLINK("http://x","klik")'
    target.data_type = "s"  # typed with a leading apostrophe: text
    plan = read(save(book))
    assert plan.errors == [] and [c.action for c in plan.writes] == [CHANGED]
    importing.apply(plan)
    again = cell_of(open_workbook(export(REFERENCE)), layout.INITIATIVES, "title", GENT, '=HYPERLINK("http://x","klik")')
    assert again.data_type == "s"


def test_a_row_beyond_the_row_limit_refuses_the_file(register):
    book = open_workbook(export(REFERENCE))
    worksheet(book, layout.CANDIDATES).cell(row=25_000, column=1, value="x")
    with pytest.raises(importing.AnnexFileError, match="te veel rijen"):
        read(save(book))


def _wide_annex(rows, columns):
    """A workbook with sheets a and b in the annex layout whose sheet a has `rows` rows of `columns`
    numbers (random, so that it packs no better than a real file)."""
    with translation.override("nl"):
        names = layout.sheet_names()
        scope = str(annex.workbook.scope_text(None))
        labels = {key: str(label) for key, label in layout.TITLE_LABELS.items()}
        headers = {sheet_layout.key: sheet_layout.headers() for sheet_layout in (layout.REGISTERED, layout.CANDIDATES)}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    date = book.add_format({"num_format": layout.DATE_FORMAT})
    generator = random.Random(13)
    for key in ("registered", "candidates"):
        sheet = book.add_worksheet(names[key])
        sheet.write_string(0, 0, labels["day"])
        sheet.write_datetime(0, 1, datetime.datetime(2023, 12, 31), date)
        sheet.write_string(1, 0, labels["scope"])
        sheet.write_string(1, 1, scope)
        for index, text in enumerate(headers[key]):
            sheet.write_string(3, index, text)
        if key == "registered":
            for row in range(4, 4 + rows):
                for column in range(columns):
                    sheet.write_number(row, column, generator.randint(0, 10**6))
    book.close()
    return buffer.getvalue()


def test_a_sheet_with_far_more_cells_than_an_annex_holds_is_refused(register):
    """Sheet a has 5 columns; this one has 6,000 rows of 40 numbers (240,000 cells, 5 MB of XML).
    Every request (upload, each preview page, confirm) parses all of it: at the 50 MB the
    unpacking limit allows, that is ~40 s of CPU per request on this machine. It should be refused
    as a file, with a Dutch message, once a sheet holds more cells than its layout can use."""
    content = _wide_annex(6_000, 40)
    assert len(content) < importing.MAX_FILE_SIZE
    started = time.monotonic()
    try:
        plan = read(content)
    except importing.AnnexFileError as error:
        assert "blad" in str(error).lower() or "bestand" in str(error).lower()
    else:
        pytest.fail(f"read in {time.monotonic() - started:.1f} s into {len(plan.errors)} row errors instead of "
                    "being refused as a file")
