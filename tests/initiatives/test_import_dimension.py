"""A sheet's <dimension> may lie or be missing; the import reads the rows that are really there."""

import pytest

from initiatives.annex import importing, layout
from initiatives.models import Initiative
from municipalities.models import StatusEvent

from .conftest import DAY, beyond_letter, column_letter, data_row, data_rows, export, open_workbook, sheet_name
from .xlsx_surgery import edit_sheet, put_cell, set_dimension

pytestmark = pytest.mark.django_db
SHEETS = (layout.REGISTERED, layout.CANDIDATES, layout.INITIATIVES)
REGISTERED = sheet_name(layout.REGISTERED)
NOTHING = {action: 0 for action in ("error", "removed", "missing", "changed", "new", "outside", "unchanged")}


def rows_of(plan):
    return [(c.sheet, c.row, c.action, c.municipality, c.description, c.reason) for c in plan.changes]


def last_cell(content, sheet_layout):
    """(last column letter, last row number) of the sheet as written: what a true <dimension> covers."""
    sheet = open_workbook(content)[sheet_name(sheet_layout)]
    return column_letter(sheet_layout, sheet_layout.columns[-1].key), sheet.max_row


# Each wrong dimension, given the sheet's true last column and row.
DIMENSIONS = {
    "one cell": lambda column, row: "A1",
    "two by two": lambda column, row: "A1:B2",
    "too few rows": lambda column, row: f"A1:{column}{row // 2}",
    "one column short": lambda column, row: f"A1:{chr(ord(column) - 1)}{row}",
    "shifted inside": lambda column, row: "B3:C5",
    "far too large": lambda column, row: "A1:Z9999",
    "none at all": None,
}


@pytest.mark.parametrize("wrong", DIMENSIONS)
def test_a_wrong_or_missing_dimension_neither_drops_nor_invents_rows_or_columns(register, wrong):
    content = export(DAY(2023, 12, 31))
    expected = rows_of(importing.read(content))
    assert {row[1] for row in expected if row[0] == REGISTERED} == set(data_rows(content, layout.REGISTERED))
    assert len(data_rows(content, layout.REGISTERED)) == 41 + 1  # Alken ... Gent
    for sheet_layout in SHEETS:
        ref = DIMENSIONS[wrong](*last_cell(content, sheet_layout)) if DIMENSIONS[wrong] else None
        content = edit_sheet(content, sheet_name(sheet_layout), set_dimension(ref))
    assert rows_of(importing.read(content)) == expected


def test_rows_beyond_a_too_small_dimension_are_imported(register):
    content = export(DAY(2023, 12, 31))
    # An empty register: the keys (pks) would be unknown; without them every initiative row is new.
    key = column_letter(layout.INITIATIVES, "key")
    for number in data_rows(content, layout.INITIATIVES):
        content = edit_sheet(content, sheet_name(layout.INITIATIVES), put_cell(f"{key}{number}", ""))
    StatusEvent.objects.all().delete()
    Initiative.objects.all().delete()
    for sheet_layout in SHEETS:
        content = edit_sheet(content, sheet_name(sheet_layout), set_dimension("A1:B2"))
    plan = importing.read(content)
    assert plan.errors == []
    assert plan.summary == {**NOTHING, "new": 42 + 2 + 2}  # one change per row
    importing.apply(plan)
    assert StatusEvent.objects.count() == 41 + 2 + 2 and Initiative.objects.count() == 2


def test_a_value_outside_the_header_columns_is_an_error_not_dropped(register):
    content = export(DAY(2023, 12, 31))
    column, row = last_cell(content, layout.REGISTERED)
    content = edit_sheet(content, REGISTERED, set_dimension(f"A1:{column}{row}"))
    beyond, number = beyond_letter(layout.REGISTERED, 2), data_row(content, layout.REGISTERED, 3)
    content = edit_sheet(
        content,
        REGISTERED,
        put_cell(f"{beyond}{number}", f'<c r="{beyond}{number}" t="inlineStr"><is><t>vergeten</t></is></c>'),
    )
    errors = [(c.sheet, c.row, c.reason) for c in importing.read(content).errors]
    assert errors == [(REGISTERED, number, f"kolom {beyond} bevat een waarde maar heeft geen kop")]


def test_a_dimension_that_is_no_range_refuses_the_file_in_dutch(register):
    content = edit_sheet(export(DAY(2023, 12, 31)), REGISTERED, set_dimension("!!"))
    with pytest.raises(importing.AnnexFileError, match="beschadigd"):
        importing.read(content)
