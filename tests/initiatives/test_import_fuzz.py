"""Property-based: malformed annex workbooks always get a clear error and never change the database."""

import datetime
import io
from io import StringIO
from xml.sax.saxutils import escape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape as html_escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.annex import importing, layout
from initiatives.models import Initiative
from municipalities.models import Municipality, StatusEvent

from .conftest import DAY, IMPORT_URL, SOURCE, column_letter, data_row, export, header_ref, ref, save, sheet_name
from .xlsx_surgery import edit_sheet, put_cell

pytestmark = pytest.mark.django_db
REGISTERED, CANDIDATES, INITIATIVES = layout.REGISTERED, layout.CANDIDATES, layout.INITIATIVES

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


# The edits name a sheet by its layout and a cell by column key and data row (0-based, under the
# header row), found in the workbook when they run: never by a cell reference.

def _set(sheet_layout, key, index, value):
    def edit(workbook):
        workbook[sheet_name(sheet_layout)][ref(workbook, sheet_layout, key, index)] = value
    return edit


def _set_header(sheet_layout, key, value):
    def edit(workbook):
        workbook[sheet_name(sheet_layout)][header_ref(workbook, sheet_layout, key)] = value
    return edit


def _remove_sheet(sheet_layout):
    def edit(workbook):
        workbook.remove(workbook[sheet_name(sheet_layout)])
    return edit


def _empty_sheet(sheet_layout):
    def edit(workbook):
        name = sheet_name(sheet_layout)
        index = workbook.sheetnames.index(name)
        workbook.remove(workbook[name])
        workbook.create_sheet(name, index)
    return edit


def _duplicate_row(sheet_layout, index):
    def edit(workbook):
        sheet = workbook[sheet_name(sheet_layout)]
        sheet.append([cell.value for cell in sheet[data_row(workbook, sheet_layout, index)]])
    return edit


def _insert_column(sheet_layout, column):
    def edit(workbook):
        workbook[sheet_name(sheet_layout)].insert_cols(column)
    return edit


def _delete_column(sheet_layout, column):
    def edit(workbook):
        workbook[sheet_name(sheet_layout)].delete_cols(column)
    return edit


HEADER_KEYS = [column.key for column in layout.REGISTERED.columns[:4]]
assert HEADER_KEYS == [column.key for column in layout.CANDIDATES.columns[:4]]


# Each mutation makes the file wrong in one way the import must notice.
# Sheet b's first row is Leuven, sheet a's Alken, sheet c's the one initiative (Receptie, Gent).
mutations = st.one_of(
    st.builds(_set, st.just(CANDIDATES), st.just("applied"), st.just(0), odd_text),    # date as text
    st.builds(_set, st.just(CANDIDATES), st.just("applied"), st.just(0), dates),        # impossible dates
    st.builds(_set, st.just(CANDIDATES), st.just("applied"), st.just(0), st.integers(-10**6, -1)),  # negative numbers
    st.builds(_set, st.just(REGISTERED), st.just("appointed"), st.just(0),
              st.one_of(odd_text, st.booleans(), st.floats())),
    st.builds(_set, st.just(CANDIDATES), st.just("nis_code"), st.just(0), st.one_of(odd_text, st.integers(100000, 10**9))),
    st.builds(_set, st.just(CANDIDATES), st.just("municipality"), st.just(0), odd_text.filter(lambda v: v.strip() != "Leuven")),
    st.builds(_set_header, st.sampled_from([REGISTERED, CANDIDATES]), st.sampled_from(HEADER_KEYS), odd_text),
    st.builds(_set, st.sampled_from([REGISTERED, CANDIDATES]), st.sampled_from(["nis_code", "applied"]), st.just(0),
              st.sampled_from(["=1+1", "=TODAY()", "=A1", '=HYPERLINK("http://x")'])),
    st.builds(_set, st.just(INITIATIVES), st.just("category"), st.just(0), odd_text.filter(lambda v: v.strip() not in (
        "Communicatie", "Waardering", "Zalen en lokalen", "Voordelen voor pleeggezinnen",
        "Contactmomenten voor pleeggezinnen", "Wervingscampagnes en infosessies", "Andere"))),
    st.builds(_set, st.just(INITIATIVES), st.just("kind"), st.just(0),
              odd_text.filter(lambda v: v.strip() not in ("structureel", "eenmalig"))),
    st.builds(_remove_sheet, st.sampled_from([REGISTERED, CANDIDATES])),
    st.builds(_empty_sheet, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES])),
    st.builds(_duplicate_row, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES]), st.just(0)),
    st.builds(_insert_column, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES]), st.integers(1, 4)),
    st.builds(_delete_column, st.sampled_from([REGISTERED, CANDIDATES, INITIATIVES]), st.integers(1, 4)),
)


@pytest.fixture(scope="module")
def base_workbook(django_db_blocker, django_db_setup):
    """The annex of a small register, as bytes; built once (in its own rolled-back transaction).

    The register it was written from is rolled back, so each test's register lacks Brugge's and
    Leuven's events and the initiative: their rows read as new. The initiative's key (its pk, gone
    with the rollback) is left out, or it would be an unknown key and every file an error anyway."""
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
    key = ref(content, INITIATIVES, "key")
    return Workbook(edit_sheet(content, sheet_name(INITIATIVES), put_cell(key, "")))


class Workbook(bytes):
    """The base workbook's bytes, with a short repr for Hypothesis's reports."""

    def __repr__(self):
        return f"<annex workbook, {len(self)} bytes>"


def dump():
    out = StringIO()
    call_command("dumpdata", "municipalities", "initiatives", "actions", stdout=out)
    return out.getvalue()


def test_the_base_workbook_imports_without_errors(base_workbook):
    """What the mutations below break: unchanged, the base workbook is a valid import."""
    plan = importing.read(bytes(base_workbook))
    assert plan.errors == []
    assert {(c.municipality, c.action) for c in plan.changes if c.action != "unchanged"} == {
        ("Leuven", "new"), ("Brugge", "new"), ("Gent", "new")}


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
    for edit in (_remove_sheet(CANDIDATES), _set(CANDIDATES, "applied", 0, "=NOW()"), _duplicate_row(REGISTERED, 0)):
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


# {ref} is the target, {column} its column, {row} its row, {other} the same column in another row.
cell_references = st.one_of(
    st.sampled_from(["{ref}", "!!", "{column}", "{column}0", "A0", "XFE{row}", "{lower}{row}", "{column}0{row}",
                     "{other}", "${column}${row}", "{column}{row}{column}"]),
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
    """(sheet layout, column key, data row index, a function of (target, row) giving the cell XML)."""
    sheet, key, index = draw(st.sampled_from([
        (REGISTERED, "nis_code", 3), (REGISTERED, "appointed", 3), (REGISTERED, "province", 0),
        (CANDIDATES, "applied", 0), (CANDIDATES, "nis_code", 1),
        (INITIATIVES, "title", 0), (INITIATIVES, "description", 0), (INITIATIVES, "start", 0), (INITIATIVES, "kind", 0),
    ]))
    template = draw(cell_references)
    kind = draw(cell_types)
    value = escape(draw(cell_values))
    body = f"<is><t>{value}</t></is>" if kind == "inlineStr" and draw(st.booleans()) else f"<v>{value}</v>"
    with_reference = draw(st.booleans())
    style = draw(_attribute("s", cell_styles))

    def xml(target, row):
        column = column_letter(sheet, key)
        reference = template.replace("{ref}", target).replace("{row}", str(row)).replace("{column}", column).replace(
            "{lower}", column.lower()).replace("{other}", f"{column}{row + 4}")
        attributes = (
            (f' r="{escape(reference, QUOTE)}"' if with_reference or reference != target else "")
            + (f' t="{kind}"' if kind else "")
            + style
        )
        return f"<c{attributes}>{body}</c>"

    return sheet, key, index, xml


def database_state():
    return (
        sorted(StatusEvent.objects.values_list("pk", "version", "kind", "date", "date_is_upper_bound")),
        sorted(Initiative.objects.values_list("pk", "version", "title", "description")),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(fragment=cell_fragments())
def test_malformed_cell_xml_is_a_plan_or_a_file_error_and_the_admin_answers_200(base_workbook, admin_client, settings, tmp_path, fragment):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    sheet, key, index, xml = fragment
    row = data_row(bytes(base_workbook), sheet, index)
    target = f"{column_letter(sheet, key)}{row}"
    content = edit_sheet(bytes(base_workbook), sheet_name(sheet), put_cell(target, xml(target, row)))
    before = database_state()
    plan = None
    try:
        plan = importing.read(content)
    except importing.AnnexFileError as error:
        message = str(error)
    else:
        assert isinstance(plan, importing.Plan)
        assert all(change.reason for change in plan.errors)
        message = plan.errors[0].reason if plan.errors else None
    response = admin_client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile("bijlage.xlsx", content), "source": SOURCE})
    # A file error is shown on the form (200); a readable file is parked and its preview shown (302, then 200).
    assert response.status_code == (200 if plan is None else 302)
    if plan is not None:
        response = admin_client.get(response["Location"])
        assert response.status_code == 200
    if message:
        assert html_escape(message) in response.content.decode()
    assert database_state() == before
