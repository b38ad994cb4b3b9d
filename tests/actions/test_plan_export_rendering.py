"""The plan export as LibreOffice prints it, and its sheet names, also for awkward line titles.

Two workbooks, each converted to PDF once per module (tests/workbook_render.py; pages in
artifacts/plan-*.png): the national plan as its URL serves it, and a plan made here whose lines
have long, repeated and forbidden-character titles and long texts (rolled back afterwards).
"""

import io

import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from actions.models import Action, Line, Organisation, Plan

from ..workbook_layout import (
    footer_texts,
    intersecting_words,
    misaligned_cells,
    outside_margins,
    overlapping_rows,
    place,
    read_sheets,
)
from ..workbook_render import render

NATIONAL = "actieplan-pleegzorg-2017-2018"
AWKWARD = "randgevallen"
FORBIDDEN = set("[]:*?/\\")
LONG = ("Pleeggezinnen werven, screenen en ondersteunen in samenwerking met de gemeenten, de centra voor "
        "algemeen welzijnswerk en Pleegzorg Vlaanderen")
AWKWARD_TITLES = [
    LONG,
    LONG,  # the same title twice
    "Werving: [nieuwe] pleeggezinnen? * / \\ en meer",
    "'Citaat' tussen apostrofs'",
    "x" * 60,
    "History",
]
A4_LANDSCAPE = (841.89, 595.28)
# The module's fixtures build their workbooks outside the tests' transactions; the mark makes
# pytest-django set up the test database even when only this module runs.
pytestmark = pytest.mark.django_db


def export(slug):
    response = Client().get(reverse("actions:plan_xlsx", args=[slug]))
    assert response.status_code == 200
    return response.content


def awkward_plan():
    plan = Plan.objects.create(slug=AWKWARD, title="Plan met randgevallen", kind="municipal", source="test")
    organisation = Organisation.objects.create(short_name="Pleegzorg Vlaanderen", name="Pleegzorg Vlaanderen",
                                               slug="pleegzorg-vlaanderen-test")
    for number, title in enumerate(AWKWARD_TITLES, start=1):
        line = Line.objects.create(plan=plan, number=number, title=title, challenge=f"{LONG}. " * 3)
        for position in range(1, 31 if number == 1 else 4):  # line 1 runs over pages
            action = Action.objects.create(
                line=line, number=f"{number}.{position}", position=position, title=f"{LONG} ({position})",
                result=f"{LONG}; " * (position % 4), timing_text="medio 2021, daarna elk jaar opnieuw te bekijken")
            action.responsible.set([organisation])


@pytest.fixture(scope="module")
def workbooks(django_db_setup, django_db_blocker):
    """{slug: xlsx bytes} for the national plan and the awkward one, both as their URL serves them."""
    with django_db_blocker.unblock(), transaction.atomic():
        awkward_plan()
        content = {NATIONAL: export(NATIONAL), AWKWARD: export(AWKWARD)}
        transaction.set_rollback(True)
    return content


@pytest.fixture(scope="module")
def rendered(workbooks):
    """{slug: (Rendering, [SheetText], [Placement])}; placing fails when a cell's text is cut off."""
    result = {}
    for slug, content in workbooks.items():
        rendering, sheets = render(content, f"plan-{slug}"), read_sheets(content)
        result[slug] = rendering, sheets, place(rendering, sheets)
    return result


@pytest.mark.parametrize("slug", [NATIONAL, AWKWARD])
def test_sheet_names_are_valid_and_unique(workbooks, slug):
    names = openpyxl.load_workbook(io.BytesIO(workbooks[slug])).sheetnames
    lines = Line.objects.filter(plan__slug=slug).count() if slug == NATIONAL else len(AWKWARD_TITLES)
    assert len(names) == lines
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & FORBIDDEN and name[0] != "'" != name[-1], name
        assert name.casefold() != "history"  # Excel reserves it


def test_awkward_titles_keep_their_line_number_in_the_sheet_name(workbooks):
    names = openpyxl.load_workbook(io.BytesIO(workbooks[AWKWARD])).sheetnames
    assert [name.split(".")[0] for name in names] == [str(number) for number in range(1, len(AWKWARD_TITLES) + 1)]
    assert names[2:] == ["3. Werving- (nieuwe) pleeggezin", "4. 'Citaat' tussen apostrofs", "5. " + "x" * 28, "6. History"]


@pytest.mark.parametrize("slug", [NATIONAL, AWKWARD])
def test_pages_are_a4_landscape_with_pagina_x_van_y(rendered, slug):
    rendering, sheets, placements = rendered[slug]
    for page in rendering.pages:
        assert abs(page.width - A4_LANDSCAPE[0]) < 0.5 and abs(page.height - A4_LANDSCAPE[1]) < 0.5, page.number
    total = len(rendering.pages)
    assert footer_texts(placements) == [f"pagina {number} van {total}" for number in range(1, total + 1)]
    assert {placement.sheet.name for placement in placements} == {sheet.name for sheet in sheets}


@pytest.mark.parametrize("slug", [NATIONAL, AWKWARD])
def test_nothing_overlaps_and_everything_fits_the_page_width(rendered, slug):
    rendering, sheets, placements = rendered[slug]
    assert overlapping_rows(placements) == []
    assert intersecting_words(rendering.pages) == []
    assert outside_margins(placements) == []
    assert misaligned_cells(placements) == []


@pytest.mark.parametrize("slug", [NATIONAL, AWKWARD])
def test_the_header_row_is_repeated_on_every_page_of_a_line(rendered, slug):
    rendering, sheets, placements = rendered[slug]
    seen = set()
    for placement in placements:
        if placement.sheet.name in seen:
            assert placement.row_numbers[0] == placement.sheet.header_row == 3, placement.page.number
        else:
            assert placement.row_numbers[0] == 1 and 3 in placement.row_numbers, placement.page.number
        seen.add(placement.sheet.name)
    if slug == AWKWARD:
        assert len(placements) > len(sheets)  # line 1 runs over pages
