"""The annex as LibreOffice prints it: A4 landscape, nothing overlapping, nothing cut off.

The workbook for 31/12/2023 (with the changes since 31/12/2022) is converted to PDF once per
module (tests/workbook_render.py; the pages are in artifacts/annex-*.png) and every cell's text
is found on the pages (tests/workbook_layout.py). The register gets a few initiatives with long
texts, a line break and a word longer than its column, so that rows must grow for wrapped text.
"""

import datetime

import pytest
from django.db import transaction

from initiatives import annex
from initiatives.models import Category, Initiative
from municipalities.models import Municipality

from ..workbook_layout import (
    footer_texts,
    intersecting_words,
    key,
    misaligned_cells,
    outside_margins,
    overlapping_rows,
    place,
    read_sheets,
)
from ..workbook_render import render
from .conftest import GENERATED, add_event

DAY = datetime.date(2023, 12, 31)
SINCE = datetime.date(2022, 12, 31)
A4_LANDSCAPE = (841.89, 595.28)  # points
# The module's fixtures build their workbook outside the tests' transactions; the mark makes
# pytest-django set up the test database even when only this module runs.
pytestmark = pytest.mark.django_db
LONG_DESCRIPTION = (
    "Elk jaar een receptie in het stadhuis voor alle pleeggezinnen, hun pleegkinderen en de begeleiders van "
    "Pleegzorg Vlaanderen, met een woord van de burgemeester en de schepen van welzijn.\n"
    "Meer informatie: https://www.gent.be/welzijn-en-gezondheid/pleegzorg/receptie-voor-pleeggezinnen-2023 "
    "en bij het sociaal huis. " * 2
)


@pytest.fixture(scope="module")
def annex_workbook(django_db_setup, django_db_blocker):
    """The annex's bytes, built from the seed plus a register with long texts (rolled back after)."""
    with django_db_blocker.unblock(), transaction.atomic():
        add_event("44021", "candidate", datetime.date(2022, 2, 1))
        add_event("44021", "registered", datetime.date(2023, 9, 15))
        add_event("31005", "candidate", datetime.date(2023, 3, 1))
        gent, leuven = Municipality.objects.get(code="44021"), Municipality.objects.get(code="24062")
        category = Category.objects.get(slug="waardering")
        Initiative.objects.create(
            municipality=gent, category=category, is_structural=True, is_published=True, source="test",
            title="Jaarlijkse receptie voor pleeggezinnen, pleegkinderen en hun begeleiders in het stadhuis van Gent",
            description=LONG_DESCRIPTION, start_date=datetime.date(2022, 12, 20),
        )
        Initiative.objects.create(
            municipality=leuven, category=category, is_published=True, source="test", title="Kort",
            description="Eenmalig.", timing_text="vanaf het najaar van 2023, daarna jaarlijks in september",
        )
        content = annex.build_workbook(annex.collect(DAY, since=SINCE, generated_at=GENERATED))
        transaction.set_rollback(True)
    return content


@pytest.fixture(scope="module")
def rendering(annex_workbook):
    return render(annex_workbook, "annex")


@pytest.fixture(scope="module")
def sheets(annex_workbook):
    return read_sheets(annex_workbook)


@pytest.fixture(scope="module")
def placements(rendering, sheets):
    """Every page with its rows: fails when a cell's text is cut off or a page holds stray words."""
    return place(rendering, sheets)


def test_every_page_is_a4_landscape_and_every_page_is_drawn(rendering):
    assert rendering.pages
    for page in rendering.pages:  # A4 is 297 x 210 mm; LibreOffice rounds to its own units
        assert abs(page.width - A4_LANDSCAPE[0]) < 0.5 and abs(page.height - A4_LANDSCAPE[1]) < 0.5, page.number
    assert len(rendering.images) == len(rendering.pages)


def test_every_sheet_is_printed_and_every_cell_is_found_on_its_pages(sheets, placements):
    """`place` found every cell's text, in order, and no stray words: nothing is cut off or clipped."""
    assert [sheet.name for sheet in sheets] == list(annex.sheet_names().values())
    assert [placement.sheet.name for placement in placements][0] == sheets[0].name
    assert {placement.sheet.name for placement in placements} == {sheet.name for sheet in sheets}
    found = {key(cell.text) for placement in placements for row in placement.rows for cell, _ in row.cells}
    assert key(LONG_DESCRIPTION) in found


def test_no_row_runs_into_the_next_and_no_words_overlap(rendering, placements):
    assert overlapping_rows(placements) == []
    assert intersecting_words(rendering.pages) == []


def test_the_cells_of_a_tall_row_all_start_at_its_top(placements):
    assert misaligned_cells(placements) == []


def test_wrapped_text_takes_several_lines_within_its_row(placements):
    """The long description wraps (its URL broken over lines too): the checks above are not vacuous."""
    lines = {key(cell.text): len({round(word.y0) for word in words})
             for placement in placements for row in placement.rows for cell, words in row.cells}
    assert lines[key(LONG_DESCRIPTION)] >= 10
    url = "https://www.gent.be/welzijn-en-gezondheid/pleegzorg/receptie-voor-pleeggezinnen-2023"
    assert all(word.text != url for page in placements for word in page.page.words)


def test_titles_stay_above_the_reference_date(sheets, placements):
    for placement in placements:
        first = placement.sheet.rows[0][0]
        if placement.row_numbers[0] == first:  # the sheet's first page
            title, subtitle, day = (row.words for row in placement.rows[:3])
            assert max(word.y1 for word in title) < min(word.y0 for word in subtitle) + 1
            assert max(word.y1 for word in subtitle) < min(word.y0 for word in day) + 1
            assert [word.text for word in day] == ["Peildatum", "31/12/2023"]


def test_the_header_row_is_repeated_on_every_page_of_a_sheet(sheets, placements):
    by_sheet = {}
    for placement in placements:
        by_sheet.setdefault(placement.sheet.name, []).append(placement)
    assert max(len(pages) for pages in by_sheet.values()) > 1  # some sheet runs over pages
    for name, pages in by_sheet.items():
        sheet = pages[0].sheet
        assert sheet.header_row in pages[0].row_numbers
        for placement in pages[1:]:
            assert placement.row_numbers[0] == sheet.header_row, f"{name}, page {placement.page.number}"


def test_every_page_says_title_reference_date_and_pagina_x_van_y(placements):
    total = len(placements)
    assert footer_texts(placements) == [f"pagina {number} van {total}" for number in range(1, total + 1)]
    title = str(annex.layout.ANNEX_TITLE)
    for placement in placements:
        header = " ".join(word.text for word in placement.header)
        assert header.startswith(" ".join(title.split())) and header.endswith("31/12/2023"), header


def test_everything_fits_the_page_width(sheets, placements):
    assert outside_margins(placements) == []
    assert [sheet.margins for sheet in sheets] == [(50.4, 50.4)] * len(sheets)


def test_sheet_names_are_valid():
    names = list(annex.sheet_names().values())
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\") and name[0] != "'" != name[-1], name
