import datetime
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl.utils import get_column_letter

from initiatives import annex
from initiatives.annex import layout
from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent

DAY = datetime.date
# When the test workbooks are "made": one fixed moment per run, so that two exports compare equal,
# and after anything a test writes, so that the import's stale-workbook check (a record edited after
# the workbook was made) does not fire for them; tests of that check make their workbook "now".
GENERATED = datetime.datetime.combine(datetime.date.today() + datetime.timedelta(days=1), datetime.time(10, 30))


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
        municipality=Municipality.objects.get(code="44021"),
        title="Receptie voor pleeggezinnen",
        category=waardering,
        start_date=DAY(2022, 12, 20),
        is_structural=True,
        is_published=True,
        source="test",
        description="Jaarlijkse receptie in het stadhuis",
    )
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"),
        title="Gratis zaal voor infosessies",
        category=zalen,
        timing_text="sinds 2023",
        is_published=True,
        source="test",
    )
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"),
        title="Ontwerp dat niemand mag zien",
        category=zalen,
        start_date=DAY(2023, 5, 1),
        is_published=False,
        source="test",
    )
    Initiative.objects.create(
        municipality=Municipality.objects.get(code="44021"),
        title="Na de peildatum",
        category=zalen,
        start_date=DAY(2024, 6, 1),
        is_published=True,
        source="test",
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


# Where things are in a written annex. Tests never hard-code a cell reference or a row number: they
# ask the layout contract (initiatives.annex.layout) for a column, and the written workbook for its
# header row and data rows, so that they survive changes of the title block or the column order.


def sheet_name(sheet_layout):
    """The Dutch tab name of `sheet_layout` (e.g. layout.REGISTERED -> "a) Pleegzorggemeenten")."""
    return layout.sheet_names()[sheet_layout.key]


def worksheet(source, sheet_layout):
    """The openpyxl sheet of `sheet_layout` in `source`: workbook bytes, an openpyxl Workbook or a sheet."""
    if isinstance(source, (bytes, bytearray)):
        source = open_workbook(bytes(source))
    if isinstance(source, openpyxl.Workbook):
        return source[sheet_name(sheet_layout)]
    return source


def column_letter(sheet_layout, key):
    """The column letter of the column `key` of `sheet_layout` ("nis_code" on sheet a -> "C")."""
    return get_column_letter(sheet_layout.position(key) + 1)


def beyond_letter(sheet_layout, extra=1):
    """A column letter `extra` columns to the right of the last column of `sheet_layout`."""
    return get_column_letter(len(sheet_layout.columns) + extra)


def header_row(source, sheet_layout):
    """The row number of the header row of `sheet_layout` in the written workbook, found by its texts."""
    sheet = worksheet(source, sheet_layout)
    with translation.override("nl"):
        headers = sheet_layout.headers()
    for row in sheet.iter_rows(max_row=layout.MAX_TITLE_ROWS):
        texts = [cell.value for cell in row]
        while texts and texts[-1] is None:
            texts.pop()
        if texts == headers:
            return row[0].row
    raise AssertionError(f"no header row on {sheet.title}")


def first_data_row(source, sheet_layout):
    return header_row(source, sheet_layout) + 1


def data_rows(source, sheet_layout):
    """The row numbers of the municipality rows under the header (subtotal and total rows have no NIS code)."""
    sheet = worksheet(source, sheet_layout)
    column = sheet_layout.position("nis_code") + 1
    return [
        number
        for number in range(first_data_row(sheet, sheet_layout), sheet.max_row + 1)
        if sheet.cell(row=number, column=column).value not in (None, "")
    ]


def data_row(source, sheet_layout, index=0):
    """The row number of the `index`-th (0-based) municipality row of the sheet."""
    return data_rows(source, sheet_layout)[index]


def row_of(source, sheet_layout, code, title=None):
    """The row number of the municipality with NIS code `code` (and, on sheet c, initiative `title`)."""
    sheet = worksheet(source, sheet_layout)
    nis = sheet_layout.position("nis_code") + 1
    for number in data_rows(sheet, sheet_layout):
        if sheet.cell(row=number, column=nis).value == code and (
            title is None or sheet.cell(row=number, column=sheet_layout.position("title") + 1).value == title
        ):
            return number
    raise AssertionError(f"{code} {title or ''} is not on {sheet.title}")


def ref(source, sheet_layout, key, index=0):
    """The cell reference ("C9") of column `key` in the `index`-th municipality row."""
    return f"{column_letter(sheet_layout, key)}{data_row(source, sheet_layout, index)}"


def ref_of(source, sheet_layout, key, code, title=None):
    """The cell reference of column `key` in the row of NIS code `code` (and initiative `title`)."""
    return f"{column_letter(sheet_layout, key)}{row_of(source, sheet_layout, code, title)}"


def cell_of(book, sheet_layout, key, code, title=None):
    """The openpyxl cell of column `key` in the row of NIS code `code` (and initiative `title`), to
    read or change; `book` is an openpyxl Workbook or sheet (a cell of bytes would change nothing)."""
    return worksheet(book, sheet_layout)[ref_of(book, sheet_layout, key, code, title)]


def header_ref(source, sheet_layout, key):
    """The cell reference of the header of column `key`."""
    return f"{column_letter(sheet_layout, key)}{header_row(source, sheet_layout)}"


def records(source, sheet_layout):
    """The municipality rows of the sheet as {column key: value}, top to bottom."""
    sheet = worksheet(source, sheet_layout)
    return [
        {
            column.key: sheet.cell(row=number, column=index).value
            for index, column in enumerate(sheet_layout.columns, start=1)
        }
        for number in data_rows(sheet, sheet_layout)
    ]


def append_row(book, sheet_layout, **values):
    """Append a row to the sheet of an openpyxl Workbook under the last row, by column key; dates get
    the exact date format. Returns its row number."""
    sheet = worksheet(book, sheet_layout)
    number = sheet.max_row + 1
    for key, value in values.items():
        cell = sheet[f"{column_letter(sheet_layout, key)}{number}"]
        cell.value = value
        if isinstance(value, datetime.date):
            cell.number_format = layout.DATE_FORMAT
    return number


def without_keys(content):
    """The workbook bytes with the key column of sheet c emptied: every initiative row reads as new."""
    book = open_workbook(content)
    sheet = worksheet(book, layout.INITIATIVES)
    for number in data_rows(sheet, layout.INITIATIVES):
        sheet[f"{column_letter(layout.INITIATIVES, 'key')}{number}"] = None
    return save(book)


# The admin's import screens.

IMPORT_URL = "admin:initiatives_initiative_import"
SOURCE = "Pleegzorg Vlaanderen, lijst van 1/10/2026"


def upload(client, content, name="bijlage.xlsx", source=SOURCE, **options):
    """POST the upload form (a source is required; `options`: drafts, remove_missing). A valid upload
    answers 302 to the preview, a refused one 200 with the form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile(name, content), "source": source}
    data.update({option: "on" for option, chosen in options.items() if chosen})
    return client.post(reverse(IMPORT_URL), data)


def token_of(response):
    """The token of the preview a 302 sends the browser to (its `?token=`), or None for no redirect."""
    if response.status_code != 302:
        return None
    query = parse_qs(urlsplit(response["Location"]).query)
    assert urlsplit(response["Location"]).path == reverse(IMPORT_URL), response["Location"]
    return query["token"][0]


def preview(client, content, **options):
    """Upload and open the preview it redirects to: the preview page's response (its context has the token)."""
    response = upload(client, content, **options)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def confirm(client, token, follow=False):
    return client.post(reverse(IMPORT_URL), {"token": token}, follow=follow)


def last_cell_reference(content, sheet_layout):
    """The reference of the last column in the last row of the sheet as written ("E53")."""
    sheet = worksheet(content, sheet_layout)
    return f"{column_letter(sheet_layout, sheet_layout.columns[-1].key)}{sheet.max_row}"
