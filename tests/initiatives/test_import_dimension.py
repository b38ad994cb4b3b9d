"""A sheet's <dimension> may lie or be missing; the import reads the rows that are really there."""

import pytest

from initiatives.annex import importing
from initiatives.models import Initiative
from municipalities.models import StatusEvent

from .conftest import DAY, export
from .xlsx_surgery import edit_sheet, put_cell, set_dimension

pytestmark = pytest.mark.django_db
REGISTERED, CANDIDATES, INITIATIVES = "a) Pleegzorggemeenten", "b) Kandidaten", "c) Initiatieven"


def rows_of(plan):
    return [(c.sheet, c.row, c.action, c.municipality, c.description, c.reason) for c in plan.changes]


@pytest.mark.parametrize("ref", ["A1", "A1:B2", "A1:E10", "A1:D43", "B3:C5", "A1:Z9999", None])
def test_a_wrong_or_missing_dimension_neither_drops_nor_invents_rows_or_columns(register, ref):
    content = export(DAY(2023, 12, 31))
    expected = rows_of(importing.read(content))
    assert {row[1] for row in expected if row[0] == REGISTERED} == set(range(2, 44))  # Alken ... Gent
    for sheet in (REGISTERED, CANDIDATES, INITIATIVES):
        content = edit_sheet(content, sheet, set_dimension(ref))
    assert rows_of(importing.read(content)) == expected


def test_rows_beyond_a_too_small_dimension_are_imported(register):
    content = export(DAY(2023, 12, 31))
    StatusEvent.objects.all().delete()
    Initiative.objects.all().delete()
    for sheet in (REGISTERED, CANDIDATES, INITIATIVES):
        content = edit_sheet(content, sheet, set_dimension("A1:B2"))
    plan = importing.read(content)
    assert plan.errors == []
    assert plan.summary == {"new": 41 + 2 + 2 + 2, "changed": 0, "unchanged": 0, "error": 0}
    importing.apply(plan)
    assert StatusEvent.objects.count() == 41 + 2 + 2 and Initiative.objects.count() == 2


def test_a_value_outside_the_header_columns_is_an_error_not_dropped(register):
    content = export(DAY(2023, 12, 31))
    content = edit_sheet(content, REGISTERED, set_dimension("A1:E43"))
    content = edit_sheet(content, REGISTERED, put_cell("G5", '<c r="G5" t="inlineStr"><is><t>vergeten</t></is></c>'))
    errors = [(c.sheet, c.row, c.reason) for c in importing.read(content).errors]
    assert errors == [(REGISTERED, 5, "kolom G bevat een waarde maar heeft geen kop")]


def test_a_dimension_that_is_no_range_refuses_the_file_in_dutch(register):
    content = edit_sheet(export(DAY(2023, 12, 31)), REGISTERED, set_dimension("!!"))
    with pytest.raises(importing.AnnexFileError, match="beschadigd"):
        importing.read(content)
