import datetime
import io

import openpyxl
import pytest

from initiatives import annex
from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent

DAY = datetime.date
GENERATED = datetime.datetime(2024, 1, 15, 10, 30)


def add_event(code, kind, day, upper=False):
    return StatusEvent.objects.create(
        municipality=Municipality.objects.get(code=code), kind=kind, date=day, date_is_upper_bound=upper, source="test"
    )


@pytest.fixture
def register(db):
    """A small register on top of the seed: Gent appointed, Brugge and Leuven candidates, initiatives."""
    add_event("44021", "candidate", DAY(2022, 2, 1))
    add_event("44021", "registered", DAY(2022, 9, 15))
    add_event("31005", "candidate", DAY(2023, 3, 1))
    add_event("24062", "candidate", DAY(2023, 11, 20))
    waardering, zalen = Category.objects.get(slug="waardering"), Category.objects.get(slug="zalen")
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="44021"), title="Receptie voor pleeggezinnen", category=waardering,
        start_date=DAY(2022, 12, 20), is_structural=True, is_published=True, source="test",
        description="Jaarlijkse receptie in het stadhuis",
    )
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"), title="Gratis zaal voor infosessies", category=zalen,
        timing_text="sinds 2023", is_published=True, source="test",
    )
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"), title="Ontwerp dat niemand mag zien", category=zalen,
        start_date=DAY(2023, 5, 1), is_published=False, source="test",
    )
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="44021"), title="Na de peildatum", category=zalen,
        start_date=DAY(2024, 6, 1), is_published=True, source="test",
    )


def export(day, since=None, question=None):
    return annex.build_workbook(annex.collect(day, since=since, question=question, generated_at=GENERATED))


def open_workbook(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(workbook):
    """Every sheet's values, to compare two workbooks."""
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in workbook}
