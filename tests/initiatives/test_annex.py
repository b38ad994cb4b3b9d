import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from initiatives import annex
from initiatives.models import Category, Initiative
from municipalities.models import Municipality

from .conftest import DAY, export, open_workbook

pytestmark = pytest.mark.django_db


def rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]


def changes_table(sheet):
    """The list of changes: the rows up to the first empty one (the reconciliation follows)."""
    table = []
    for row in rows(sheet):
        if all(value is None for value in row):
            break
        table.append(row)
    return table


def test_sheets_headers_and_document_properties(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    assert workbook.sheetnames == ["Overzicht", "a) Pleegzorggemeenten", "b) Kandidaten", "c) Initiatieven"]
    assert workbook.properties.creator == "Pleegzorg Tracker"
    assert "31/12/2023" in workbook.properties.title
    header = [c.value for c in workbook["a) Pleegzorggemeenten"][1]]
    assert header == ["Provincie", "Gemeente", "NIS-code", "Start procedure", "Datum benoeming"]
    assert [c.value for c in workbook["b) Kandidaten"][1]] == ["Provincie", "Gemeente", "NIS-code", "Start procedure"]
    assert [c.value for c in workbook["c) Initiatieven"][1]][:6] == [
        "Provincie", "Gemeente", "NIS-code", "Initiatief", "Beschrijving", "Categorie"
    ]


def test_registered_sheet_sorted_by_province_then_name_with_real_dates(register):
    sheet = open_workbook(export(DAY(2023, 12, 31)))["a) Pleegzorggemeenten"]
    data = rows(sheet)
    assert [row[1] for row in data][:3] == ["Alken", "As", "Beringen"]  # Limburg first
    assert data[-1][:3] == ["Oost-Vlaanderen", "Gent", "44021"]
    assert data[-1][3].date() == DAY(2022, 2, 1) and data[-1][4].date() == DAY(2022, 9, 15)
    assert sheet.cell(row=len(data) + 1, column=5).number_format == "dd/mm/yyyy"
    assert len(data) == 41 + 1


def test_no_later_than_dates_stay_real_dates_shown_with_uiterlijk(register):
    sheet = open_workbook(export(DAY(2023, 12, 31)))["a) Pleegzorggemeenten"]
    cell = sheet["E2"]
    assert cell.value.date() == DAY(2023, 12, 31)
    assert cell.number_format == '"uiterlijk "dd/mm/yyyy'


def test_limburg_facts_appear_on_31_december_2023_and_not_on_1_january(register):
    late = open_workbook(export(DAY(2023, 12, 31)))
    early = open_workbook(export(DAY(2023, 1, 1)))
    limburg = lambda wb: [r for r in rows(wb["a) Pleegzorggemeenten"]) if r[0] == "Limburg"]  # noqa: E731
    assert len(limburg(late)) == 41 and "Herstappe" not in [r[1] for r in limburg(late)]
    assert limburg(early) == []


def test_candidates_sheet_lists_the_procedure_start(register):
    data = rows(open_workbook(export(DAY(2023, 12, 31)))["b) Kandidaten"])
    assert [(r[1], r[2], r[3].date()) for r in data] == [
        ("Leuven", "24062", DAY(2023, 11, 20)),
        ("Brugge", "31005", DAY(2023, 3, 1)),
    ]


def test_initiatives_sheet_has_only_published_initiatives_started_by_the_date(register):
    data = rows(open_workbook(export(DAY(2023, 12, 31)))["c) Initiatieven"])
    titles = [row[3] for row in data]
    assert titles == ["Gratis zaal voor infosessies", "Receptie voor pleeggezinnen"]
    receptie = data[1]
    assert receptie[5] == "Waardering" and receptie[6].date() == DAY(2022, 12, 20) and receptie[9] == "structureel"
    assert data[0][8] == "sinds 2023" and data[0][9] == "eenmalig"


def test_overview_counts_per_province_with_total_and_title_block(register):
    from initiatives.models import ParliamentaryQuestion

    question = ParliamentaryQuestion.objects.get(number="26")
    sheet = open_workbook(export(DAY(2023, 12, 31), question=question))["Overzicht"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "Brecht Warnez" in flat and "Hilde Crevits" in flat and "nr. 26 van 05/10/2023" in flat
    reference = next(row for row in values if row[0] == "Peildatum")
    assert reference[1].date() == DAY(2023, 12, 31)
    table = {row[0]: row[1:] for row in values if row[0] in ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Totaal")}
    # active, registered, candidates, known not (Herstappe: Limburg's register is complete), unknown
    assert table["Limburg"][:5] == [42, 41, 0, 1, 0]
    assert round(table["Limburg"][5], 3) == 0.976
    assert table["Oost-Vlaanderen"][5] == 1.0  # Gent is the one status known there: 1 of 1
    assert table["Antwerpen"][5] == "onbekend"  # no status known: no percentage
    notes = " ".join(str(v) for v in flat)
    assert "het register bevat 42 van de 177 pleegzorggemeenten die de bron noemt" in notes
    assert "Limburg (sinds 31/12/2023" in notes and "Dekking: de pleegzorggemeenten als aandeel" in notes
    assert table["Oost-Vlaanderen"][:3] == [60, 1, 0]
    assert table["Totaal"][:3] == [319, 42, 2]
    header_row = next(i for i, row in enumerate(values, start=1) if row[0] == "Provincie")
    assert sheet.freeze_panes == f"A{header_row + 1}"


def test_print_and_filter_settings_on_every_table(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    for name in ("a) Pleegzorggemeenten", "b) Kandidaten", "c) Initiatieven"):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        # One page wide (fitToWidth absent means 1, the OOXML default), as many pages high as needed.
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.column_dimensions["B"].width > 10


def test_changes_sheet_lists_what_changed_between_two_dates(register):
    workbook = open_workbook(export(DAY(2023, 12, 31), since=DAY(2023, 1, 1)))
    assert workbook.sheetnames[-1] == "Wat is er veranderd"
    data = changes_table(workbook["Wat is er veranderd"])
    changed = {row[1]: (row[4], row[5]) for row in data}
    assert changed["Brugge"] == ("onbekend", "in gesprek / kandidaat")
    assert changed["Alken"] == ("onbekend", "pleegzorggemeente")
    assert changed["Herstappe"] == ("onbekend", "geen pleegzorggemeente")  # Limburg complete since 31/12/2023
    assert "Gent" not in changed  # registered on both days
    assert len(data) == 41 + 1 + 2


def test_changes_across_the_mergers_say_the_municipality_did_not_exist_yet(register):
    sheet = open_workbook(export(DAY(2025, 2, 1), since=DAY(2024, 6, 1)))["Wat is er veranderd"]
    data = changes_table(sheet)
    changed = {row[1]: tuple(row[3:6]) for row in data}
    assert changed["Pajottegem"] == ("nieuwe gemeente sinds 01/01/2025", "—", "onbekend")
    assert changed["Kortessem"] == ("opgegaan in Hasselt op 01/01/2025 (laatste status: pleegzorggemeente)",
                                    "pleegzorggemeente", "—")
    # The totals of both days reconcile from the sheet itself, per status and in all.
    reconciliation = {row[0]: row[1:] for row in rows(sheet)[len(data) + 2:]}
    for label, (before, away, into, ceased, new, after) in reconciliation.items():
        assert before + away + into + ceased + new == after, label
    assert reconciliation["Totaal"][0] == 319 and reconciliation["Totaal"][-1] == 304


def test_constant_number_of_queries_whatever_the_size(register, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        export(DAY(2023, 12, 31), since=DAY(2023, 1, 1))
    category = Category.objects.get(slug="communicatie")
    Initiative.objects.bulk_create(
        Initiative(municipality=m, title=f"Artikel {m.code}", category=category, start_date=DAY(2023, 1, 1),
                   is_published=True, source="test")
        for m in Municipality.objects.flemish_register().active_on(DAY(2023, 1, 1))
    )
    with django_assert_max_num_queries(11):
        content = export(DAY(2023, 12, 31), since=DAY(2023, 1, 1))
    assert len(rows(open_workbook(content)["c) Initiatieven"])) == 319 + 2


def test_filename():
    assert annex.annex_filename(DAY(2023, 10, 5)) == "bijlage-pleegzorggemeenten-2023-10-05.xlsx"


def test_export_command_writes_the_file(register, tmp_path):
    target = tmp_path / "bijlage.xlsx"
    out = StringIO()
    call_command("export_annex", "--date", "2023-12-31", "--since", "2023-01-01", "--output", str(target), stdout=out)
    assert open_workbook(target.read_bytes()).sheetnames[-1] == "Wat is er veranderd"
    assert "42 pleegzorggemeenten, 2 kandidaten" in out.getvalue()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--date", "2023-02-30"], "geldige datum"),
        (["--date", (datetime.date.today() + datetime.timedelta(days=1)).isoformat()], "toekomst"),
        (["--date", "2023-12-31", "--since", "2024-01-01"], "vóór de peildatum"),
    ],
)
def test_export_command_refuses_bad_dates_in_dutch(tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_annex", *arguments, "--output", str(tmp_path / "x.xlsx"), stdout=StringIO())
    assert not (tmp_path / "x.xlsx").exists()
