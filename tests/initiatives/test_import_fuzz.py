"""Property-based: malformed annex workbooks always get a clear error and never change the database."""

import datetime
import io
from xml.sax.saxutils import escape
from io import StringIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape as html_escape
from hypothesis import HealthCheck, given, settings, strategies as st

from initiatives.annex import importing
from initiatives.models import Initiative
from municipalities.models import Municipality, StatusEvent

from .conftest import DAY, export, save
from .xlsx_surgery import edit_sheet, put_cell

pytestmark = pytest.mark.django_db
REGISTERED, CANDIDATES, INITIATIVES = "a) Pleegzorggemeenten", "b) Kandidaten", "c) Initiatieven"

# Control characters cannot be written into a workbook at all; everything else may appear.
text = st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=60)
odd_text = st.one_of(
    text,
    st.text(alphabet=st.characters(categories=["Cf", "Zs", "Mn", "So"]), min_size=1, max_size=20),
    st.just("x" * 40_000),
)
dates = st.one_of(
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(1999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(2100, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
)


def _set(sheet_name, cell, value):
    def edit(workbook):
        workbook[sheet_name][cell] = value
    return edit


def _remove_sheet(sheet_name):
    def edit(workbook):
        workbook.remove(workbook[sheet_name])
    return edit


def _empty_sheet(sheet_name):
    def edit(workbook):
        index = workbook.sheetnames.index(sheet_name)
        workbook.remove(workbook[sheet_name])
        workbook.create_sheet(sheet_name, index)
    return edit


def _duplicate_row(sheet_name, row):
    def edit(workbook):
        sheet = workbook[sheet_name]
        sheet.append([cell.value for cell in sheet[row]])
    return edit


def _insert_column(sheet_name, column):
    def edit(workbook):
        workbook[sheet_name].insert_cols(column)
    return edit


def _delete_column(sheet_name, column):
    def edit(workbook):
        workbook[sheet_name].delete_cols(column)
    return edit


# Each mutation makes the file wrong in one way the import must notice.
mutations = st.one_of(
    st.builds(_set, st.just(CANDIDATES), st.just("D2"), odd_text),                      # date as text
    st.builds(_set, st.just(CANDIDATES), st.just("D2"), dates),                         # impossible dates
    st.builds(_set, st.just(CANDIDATES), st.just("D2"), st.integers(-10**6, -1)),       # negative numbers
    st.builds(_set, st.just(REGISTERED), st.just("E2"), st.one_of(odd_text, st.booleans(), st.floats())),
    st.builds(_set, st.just(CANDIDATES), st.just("C2"), st.one_of(odd_text, st.integers(100000, 10**9))),
    st.builds(_set, st.just(CANDIDATES), st.just("B2"), odd_text.filter(lambda v: v.strip() != "Leuven")),
    st.builds(_set, st.sampled_from([REGISTERED, CANDIDATES]), st.sampled_from(["A1", "B1", "C1", "D1"]), odd_text),
    st.builds(_set, st.sampled_from([REGISTERED, CANDIDATES]), st.sampled_from(["C2", "D2"]),
              st.sampled_from(["=1+1", "=TODAY()", "=A1", '=HYPERLINK("http://x")'])),
    st.builds(_set, st.just(INITIATIVES), st.just("F2"), odd_text.filter(lambda v: v.strip() not in (
        "Communicatie", "Waardering", "Zalen en lokalen", "Voordelen voor pleeggezinnen",
        "Contactmomenten voor pleeggezinnen", "Wervingscampagnes en infosessies", "Andere"))),
    st.builds(_set, st.just(INITIATIVES), st.just("J2"), odd_text.filter(lambda v: v.strip() not in ("structureel", "eenmalig"))),
    st.builds(_remove_sheet, st.sampled_from([REGISTERED, CANDIDATES])),
    st.builds(_empty_sheet, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES])),
    st.builds(_duplicate_row, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES]), st.just(2)),
    st.builds(_insert_column, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES]), st.integers(1, 4)),
    st.builds(_delete_column, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES]), st.integers(1, 4)),
)


@pytest.fixture(scope="module")
def base_workbook(django_db_blocker, django_db_setup):
    """The annex of a small register, as bytes; built once (in its own rolled-back transaction)."""
    from django.db import transaction

    from .conftest import add_event

    with django_db_blocker.unblock(), transaction.atomic():
        add_event("31005", "candidate", DAY(2023, 3, 1))
        add_event("24062", "candidate", DAY(2023, 11, 20))
        from initiatives.models import Category

        Initiative.objects.create(
            municipality=Municipality.objects.get(code="44021"), title="Receptie", category=Category.objects.get(slug="waardering"),
            start_date=DAY(2022, 12, 20), is_structural=True, is_published=True, source="test",
        )
        content = export(DAY(2023, 12, 31))
        transaction.set_rollback(True)
    return Workbook(content)


class Workbook(bytes):
    """The base workbook's bytes, with a short repr for Hypothesis's reports."""

    def __repr__(self):
        return f"<annex workbook, {len(self)} bytes>"


def dump():
    out = StringIO()
    call_command("dumpdata", "municipalities", "initiatives", "actions", stdout=out)
    return out.getvalue()


def fingerprint():
    return (
        StatusEvent.objects.count(), Initiative.objects.count(),
        StatusEvent.history.count(), Initiative.history.count(),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=mutations)
def test_malformed_workbooks_get_a_clear_error_and_change_nothing(base_workbook, mutation):
    before = fingerprint()
    workbook = openpyxl.load_workbook(io.BytesIO(bytes(base_workbook)))
    mutation(workbook)
    content = save(workbook)
    try:
        plan = importing.read(content)
    except importing.AnnexFileError as error:
        assert str(error)
    else:
        assert plan.errors, "a malformed workbook must be refused"
        assert all(change.reason for change in plan.errors)
        with pytest.raises(ValueError):
            importing.apply(plan)
    assert fingerprint() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=10_000), noise=st.binary(max_size=64))
def test_truncated_or_garbled_files_get_a_clear_error(base_workbook, cut, noise):
    content = bytes(base_workbook)[: cut % len(base_workbook)] + noise
    with pytest.raises(importing.AnnexFileError) as caught:
        importing.read(content)
    assert str(caught.value)


def test_the_database_dump_is_byte_for_byte_unchanged_by_refused_imports(base_workbook):
    before = dump()
    for edit in (_remove_sheet(CANDIDATES), _set(CANDIDATES, "D2", "=NOW()"), _duplicate_row(REGISTERED, 2)):
        workbook = openpyxl.load_workbook(io.BytesIO(bytes(base_workbook)))
        edit(workbook)
        try:
            plan = importing.read(save(workbook))
            assert plan.errors
        except importing.AnnexFileError:
            pass
    assert dump() == before


QUOTE = {'"': "&quot;"}


# Cell XML no spreadsheet program writes: any reference, type, style and value, in any column.
def _attribute(name, values):
    return st.one_of(st.just(""), values.map(lambda value: f' {name}="{escape(value, QUOTE)}"'))


cell_references = st.one_of(
    st.sampled_from(["{ref}", "!!", "C", "C0", "A0", "XFE{row}", "c{row}", "C0{row}", "C9", "$C${row}", "C{row}C"]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=6),
)
cell_types = st.sampled_from(["n", "s", "b", "d", "e", "str", "inlineStr", "zz", "", "B", "N"])
cell_styles = st.sampled_from(["0", "1", "2", "5", "99", "-1", "x", ""])
cell_values = st.one_of(
    st.sampled_from([
        "abc", "NaN", "nan", "inf", "-inf", "INF", "Infinity", "1e999", "-1E999", "1e-999", "99999", "-1", "7", "0",
        "1", "true", " ", "1.5", "45291", "44986.75", "2023-13-45", "2023-06-01", "2023-06-01T25:00:00", "#N/A",
        "#VALUE!", "0x10", "1_000", "73006", "=1+1", "_x000B_", "a_x0000_b", "_xD800_", "\u00e9",
    ]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12),
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.floats().map(repr),
)


@st.composite
def cell_fragments(draw):
    sheet, target = draw(st.sampled_from([
        (REGISTERED, "C5"), (REGISTERED, "E5"), (REGISTERED, "A2"), (CANDIDATES, "D2"), (CANDIDATES, "C3"),
        (INITIATIVES, "D2"), (INITIATIVES, "E2"), (INITIATIVES, "G2"), (INITIATIVES, "J2"),
    ]))
    row = target[1:]
    reference = draw(cell_references).replace("{ref}", target).replace("{row}", row)
    kind = draw(cell_types)
    value = escape(draw(cell_values))
    body = f"<is><t>{value}</t></is>" if kind == "inlineStr" and draw(st.booleans()) else f"<v>{value}</v>"
    attributes = (
        (f' r="{escape(reference, QUOTE)}"' if draw(st.booleans()) or reference != target else "")
        + (f' t="{kind}"' if kind else "")
        + draw(_attribute("s", cell_styles))
    )
    return sheet, target, f"<c{attributes}>{body}</c>"


def database_state():
    return (
        sorted(StatusEvent.objects.values_list("pk", "version", "kind", "date", "date_is_upper_bound")),
        sorted(Initiative.objects.values_list("pk", "version", "title", "description")),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(fragment=cell_fragments())
def test_malformed_cell_xml_is_a_plan_or_a_file_error_and_the_admin_answers_200(base_workbook, admin_client, settings, tmp_path, fragment):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    sheet, target, xml = fragment
    content = edit_sheet(bytes(base_workbook), sheet, put_cell(target, xml))
    before = database_state()
    try:
        plan = importing.read(content)
    except importing.AnnexFileError as error:
        message = str(error)
    else:
        assert isinstance(plan, importing.Plan)
        assert all(change.reason for change in plan.errors)
        message = plan.errors[0].reason if plan.errors else None
    response = admin_client.post(reverse("admin:initiatives_initiative_import"), {"file": SimpleUploadedFile("bijlage.xlsx", content)})
    assert response.status_code == 200
    if message:
        assert html_escape(message) in response.content.decode()
    assert database_state() == before
