import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from initiatives import annex
from initiatives.annex import layout
from initiatives.models import Category, Initiative
from municipalities.models import Municipality

from .conftest import DAY, column_letter, export, header_row, open_workbook, records, ref, sheet_name

pytestmark = pytest.mark.django_db
REGISTERED, CANDIDATES, INITIATIVES = (sheet_name(s) for s in (layout.REGISTERED, layout.CANDIDATES, layout.INITIATIVES))
CHANGES = sheet_name(layout.CHANGES)


def rows(sheet, sheet_layout):
    """Every row under the header row, as value lists."""
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=header_row(sheet, sheet_layout) + 1)]


def changes_table(sheet):
    """The list of changes as {column key: value}: the rows up to the first empty one (the
    reconciliation follows)."""
    keys = [column.key for column in layout.CHANGES.columns]
    table = []
    for row in rows(sheet, layout.CHANGES):
        if all(value is None for value in row):
            break
        table.append(dict(zip(keys, row, strict=False)))  # the sheet may hold more columns than the keys
    return table


def test_sheets_headers_and_document_properties(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    assert workbook.sheetnames == ["Overzicht", "a) Pleegzorggemeenten", "b) Kandidaten", "c) Initiatieven"]
    assert workbook.properties.creator == "Pleegzorg Tracker"
    assert "31/12/2023" in workbook.properties.title

    def header(sheet_layout):
        sheet = workbook[sheet_name(sheet_layout)]
        return [c.value for c in sheet[header_row(sheet, sheet_layout)]]

    # The minister's words (written question nr. 26): "datum van aanvraag en/of benoeming".
    assert header(layout.REGISTERED) == ["Provincie", "Gemeente", "NIS-code", "Datum van aanvraag", "Datum van benoeming"]
    assert header(layout.CANDIDATES) == ["Provincie", "Gemeente", "NIS-code", "Datum van aanvraag"]
    assert header(layout.INITIATIVES)[:6] == ["Provincie", "Gemeente", "NIS-code", "Initiatief", "Beschrijving", "Categorie"]
    assert header(layout.INITIATIVES)[-1] == "Sleutel (niet wijzigen)"


def test_registered_sheet_sorted_by_province_then_name_with_real_dates(register):
    sheet = open_workbook(export(DAY(2023, 12, 31)))[REGISTERED]
    data = records(sheet, layout.REGISTERED)
    assert [row["municipality"] for row in data][:3] == ["Alken", "As", "Beringen"]  # Limburg first
    gent = data[-1]
    assert [gent["province"], gent["municipality"], gent["nis_code"]] == ["Oost-Vlaanderen", "Gent", "44021"]
    assert gent["applied"].date() == DAY(2022, 2, 1) and gent["appointed"].date() == DAY(2022, 9, 15)
    assert sheet[ref(sheet, layout.REGISTERED, "appointed", len(data) - 1)].number_format == "dd/mm/yyyy"
    assert len(data) == 41 + 1


def test_no_later_than_dates_stay_real_dates_shown_with_uiterlijk(register):
    sheet = open_workbook(export(DAY(2023, 12, 31)))[REGISTERED]
    cell = sheet[ref(sheet, layout.REGISTERED, "appointed")]  # Alken, the first row
    assert cell.value.date() == DAY(2023, 12, 31)
    assert cell.number_format == '"uiterlijk "dd/mm/yyyy'


def test_limburg_facts_appear_on_31_december_2023_and_not_on_1_january(register):
    late = open_workbook(export(DAY(2023, 12, 31)))
    early = open_workbook(export(DAY(2023, 1, 1)))
    limburg = lambda wb: [r for r in records(wb, layout.REGISTERED) if r["province"] == "Limburg"]  # noqa: E731
    assert len(limburg(late)) == 41 and "Herstappe" not in [r["municipality"] for r in limburg(late)]
    assert limburg(early) == []


def test_candidates_sheet_lists_the_procedure_start(register):
    data = records(export(DAY(2023, 12, 31)), layout.CANDIDATES)
    assert [(r["municipality"], r["nis_code"], r["applied"].date()) for r in data] == [
        ("Leuven", "24062", DAY(2023, 11, 20)),
        ("Brugge", "31005", DAY(2023, 3, 1)),
    ]


def test_initiatives_sheet_has_only_published_initiatives_started_by_the_date(register):
    data = records(export(DAY(2023, 12, 31)), layout.INITIATIVES)
    titles = [row["title"] for row in data]
    assert titles == ["Gratis zaal voor infosessies", "Receptie voor pleeggezinnen"]
    receptie = data[1]
    assert receptie["category"] == "Waardering" and receptie["start"].date() == DAY(2022, 12, 20)
    assert receptie["kind"] == "structureel" and receptie["end"] == "doorlopend"  # structural, no end date
    assert receptie["key"] == Initiative.objects.get(title="Receptie voor pleeggezinnen").pk
    assert data[0]["timing"] == "sinds 2023" and data[0]["kind"] == "eenmalig"
    assert data[0]["start"] == data[0]["description"] == "onbekend"  # unknown is said, never an empty cell


def test_overview_counts_per_province_with_total_and_title_block(register):
    from initiatives.models import ParliamentaryQuestion

    question = ParliamentaryQuestion.objects.get(number="26")
    sheet = open_workbook(export(DAY(2023, 12, 31), question=question))["Overzicht"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    labels = {row[0]: row[1] for row in values[:header_row(sheet, layout.OVERVIEW)] if row[0]}
    assert labels["Schriftelijke vraag"] == "nr. 26 van 05/10/2023, gesteld door Brecht Warnez aan Hilde Crevits"
    assert labels["Peildatum"].date() == DAY(2023, 12, 31)
    keys = [column.key for column in layout.OVERVIEW.columns]
    table = {row[0]: dict(zip(keys, row, strict=True)) for row in values[header_row(sheet, layout.OVERVIEW):]
             if row[0] in ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Totaal")}
    counts = ("active", "registered", "candidates", "not_registered", "unknown")
    # Herstappe is known not to be one: Limburg's register is complete on this reference date.
    assert [table["Limburg"][key] for key in counts] == [42, 41, 0, 1, 0]
    assert round(table["Limburg"]["coverage"], 3) == 0.976
    assert table["Oost-Vlaanderen"]["coverage"] == 1.0  # Gent is the one status known there: 1 of 1
    assert table["Antwerpen"]["coverage"] == "onbekend"  # no status known: no percentage
    notes = " ".join(str(v) for v in flat)
    assert "het register bevat 42 van de 177 pleegzorggemeenten die de bron noemt" in notes
    assert "Dekking: de pleegzorggemeenten als aandeel" in notes
    # The title block says which province's register is complete, on which days and on what source.
    completeness = labels["Volledigheid"]
    assert "volledig voor: Limburg" in completeness and "(op 31/12/2023;" in completeness
    assert "bron: Vlaams Parlement, schriftelijke vraag nr. 26" in completeness
    assert [table["Oost-Vlaanderen"][key] for key in counts[:3]] == [60, 1, 0]
    assert [table["Totaal"][key] for key in counts[:3]] == [319, 42, 2]
    assert sheet.freeze_panes == f"A{header_row(sheet, layout.OVERVIEW) + 1}"


def test_print_and_filter_settings_on_every_table(register):
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    for sheet_layout in (layout.REGISTERED, layout.CANDIDATES, layout.INITIATIVES):
        sheet = workbook[sheet_name(sheet_layout)]
        header = header_row(sheet, sheet_layout)
        assert sheet.freeze_panes == f"A{header + 1}"
        last = column_letter(sheet_layout, sheet_layout.columns[-1].key)
        assert sheet.auto_filter.ref == f"A{header}:{last}{sheet.max_row}"
        assert sheet.print_title_rows == f"${header}:${header}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        # One page wide (fitToWidth absent means 1, the OOXML default), as many pages high as needed.
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.column_dimensions["B"].width > 10


def test_changes_sheet_lists_what_changed_between_two_dates(register):
    workbook = open_workbook(export(DAY(2023, 12, 31), since=DAY(2023, 1, 1)))
    assert workbook.sheetnames[-1] == "Wat is er veranderd" == CHANGES
    data = changes_table(workbook[CHANGES])
    changed = {row["municipality"]: (row["before"], row["after"]) for row in data}
    assert changed["Brugge"] == ("onbekend", "in gesprek / kandidaat")
    assert changed["Alken"] == ("onbekend", "pleegzorggemeente")
    assert changed["Herstappe"] == ("onbekend", "geen pleegzorggemeente")  # Limburg complete on 31/12/2023
    assert "Gent" not in changed  # registered on both days
    assert len(data) == 41 + 1 + 2


def test_changes_across_the_mergers_say_the_municipality_did_not_exist_yet(register):
    sheet = open_workbook(export(DAY(2025, 2, 1), since=DAY(2024, 6, 1)))[CHANGES]
    data = changes_table(sheet)
    changed = {row["municipality"]: (row["change"], row["before"], row["after"]) for row in data}
    assert changed["Pajottegem"] == ("nieuwe gemeente sinds 01/01/2025", "—", "onbekend")
    assert changed["Kortessem"] == ("opgegaan in Hasselt op 01/01/2025 (laatste status: pleegzorggemeente)",
                                    "pleegzorggemeente", "—")
    # The totals of both days reconcile from the sheet itself, per status and in all.
    reconciliation = {row[0]: row[1:] for row in rows(sheet, layout.CHANGES)[len(data) + 2:]}
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
    assert len(records(content, layout.INITIATIVES)) == 319 + 2


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
