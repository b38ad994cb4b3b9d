"""Cells no spreadsheet program writes: a Dutch error naming sheet and row, never a traceback.

Each case splices one malformed fragment into the sheet XML of a real annex workbook.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.urls import reverse
from django.utils import translation

from initiatives import annex
from initiatives.annex import importing
from initiatives.models import Initiative
from municipalities.models import StatusEvent

from .conftest import DAY, export
from .xlsx_surgery import cell_attribute, edit_row_tag, edit_sheet, put_cell, set_dimension, sheet_xml

pytestmark = pytest.mark.django_db
REGISTERED, INITIATIVES = "a) Pleegzorggemeenten", "c) Initiatieven"


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"


def snapshot():
    return (
        sorted(StatusEvent.objects.values_list("pk", "version", "municipality__code", "kind", "date", "date_is_upper_bound")),
        sorted(Initiative.objects.values_list("pk", "version", "title", "description")),
    )


def date_style(content):
    """The style of a date cell (Bilzen's appointment), which differs between writers."""
    return cell_attribute(sheet_xml(content, REGISTERED), "E5", "s")


# Row 5 of sheet a) is Bilzen: C5 its NIS code, E5 its date of appointment.
CELLS = [
    ("C5", '<c r="C5"><v>abc</v></c>', "cel C5 is geen getal"),
    ("C5", '<c r="C5" t="n"><v>1_000</v></c>', "cel C5 is geen getal"),
    ("C5", '<c r="C5" t="b"><v>7</v></c>', "cel C5 is geen geldige waar/onwaar-waarde"),
    ("E5", '<c r="E5" t="d"><v>garbage</v></c>', "cel E5 is geen geldige datum"),
    ("E5", '<c r="E5" t="d"><v>2023-13-45</v></c>', "cel E5 is geen geldige datum"),
    ("C5", '<c r="C5" t="zz"><v>1</v></c>', "cel C5 heeft een onbekend type “zz”"),
    ("C5", '<c r="C5" t="s"><v>99999</v></c>', "cel C5 verwijst naar een tekst die niet in het bestand staat"),
    ("C5", '<c r="C5" t="s"><v>-1</v></c>', "cel C5 verwijst naar een tekst die niet in het bestand staat"),
    ("C5", '<c r="!!"><v>1</v></c>', "de celverwijzing “!!” is ongeldig"),
    ("C5", '<c r="C"><v>1</v></c>', "de celverwijzing “C” is ongeldig"),
    ("C5", '<c r="C0"><v>1</v></c>', "de celverwijzing “C0” is ongeldig"),
    ("C5", '<c r="C9"><v>73006</v></c>', "cel C9 hoort niet bij rij 5"),
    ("C5", '<c r="C5"><v>NaN</v></c>', "cel C5 is geen getal"),
    ("C5", '<c r="C5"><v>inf</v></c>', "cel C5 is geen getal"),
    ("C5", '<c r="C5"><v>1e999</v></c>', "cel C5 is geen eindig getal"),
    ("C5", '<c r="C5"><v>-1E999</v></c>', "cel C5 is geen eindig getal"),
    ("E5", '<c r="E5" s="{date}"><v>1e999</v></c>', "cel E5 is geen eindig getal"),
    ("E5", '<c r="E5" s="{date}"><v>1e300</v></c>', "cel E5 is geen mogelijke datum"),
    ("C5", '<c r="C5" s="9999"><v>73006</v></c>', "cel C5 heeft een onbekende opmaak"),
    ("C5", '<c r="C5" t="e"><v>#N/A</v></c>', "kolom “NIS-code” bevat de Excel-fout “#N/A”"),
    ("C5", '<c r="C5" t="inlineStr"><v>73006</v></c>', "cel C5 heeft een waarde maar geen tekst"),
    ("Z5", '<c r="B5" t="inlineStr"><is><t>Bilzen</t></is></c>', "cel B5 komt twee keer voor"),
]


def malformed(content, target, fragment):
    """`content` with the cell at `target` replaced by `fragment` (added to its row when new)."""
    return edit_sheet(content, REGISTERED, put_cell(target, fragment.format(date=date_style(content))))


@pytest.mark.parametrize("target, fragment, message", CELLS)
def test_a_malformed_cell_is_a_dutch_row_error(register, target, fragment, message):
    content = malformed(export(DAY(2023, 12, 31)), target, fragment)
    before = snapshot()
    plan = importing.read(content)
    errors = [(c.sheet, c.row, c.reason) for c in plan.errors]
    assert (REGISTERED, 5, message) in errors, errors
    assert snapshot() == before


def test_a_row_number_out_of_order_or_not_a_number_is_a_row_error(register):
    content = edit_sheet(export(DAY(2023, 12, 31)), REGISTERED, edit_row_tag(6, '<row r="5">'))
    assert [(c.row, c.reason) for c in importing.read(content).errors] == [(6, "het rijnummer 5 komt na rij 5")]
    content = edit_sheet(export(DAY(2023, 12, 31)), REGISTERED, edit_row_tag(6, '<row r="zes">'))
    assert [(c.row, c.reason) for c in importing.read(content).errors] == [(6, "het rijnummer “zes” is ongeldig")]


def broken_xml(content, fragment='<c r="C5"><v>1 < 2</v></c>', dimension="A1:E43"):
    """Sheet a) with XML that breaks off in row 5. openpyxl reads a sheet without <dimension> to its
    end when it opens the workbook (XlsxWriter writes one, openpyxl does not): test both."""
    return edit_sheet(content, REGISTERED, lambda xml: set_dimension(dimension)(put_cell("C5", fragment)(xml)))


def test_xml_that_breaks_off_is_a_file_error_naming_sheet_and_row(register):
    with pytest.raises(importing.AnnexFileError) as caught:
        importing.read(broken_xml(export(DAY(2023, 12, 31))))
    assert str(caught.value) == "Blad “a) Pleegzorggemeenten” kan vanaf rij 5 niet gelezen worden: het bestand is beschadigd."
    with pytest.raises(importing.AnnexFileError, match="beschadigd"):
        importing.read(broken_xml(export(DAY(2023, 12, 31)), dimension=None))


def upload(client, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("admin:initiatives_initiative_import"), {"file": SimpleUploadedFile("bijlage.xlsx", content)})


@pytest.mark.parametrize("target, fragment, message", [CELLS[0], CELLS[2], CELLS[6], CELLS[14], CELLS[19]])
def test_the_admin_preview_shows_the_error_and_offers_no_confirmation(admin_client, register, target, fragment, message):
    content = malformed(export(DAY(2023, 12, 31)), target, fragment)
    before = snapshot()
    response = upload(admin_client, content)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "Bilzen" in text
    assert response.context["token"] is None
    assert snapshot() == before


def test_the_admin_shows_a_file_error_on_the_form(admin_client, register):
    response = upload(admin_client, broken_xml(export(DAY(2023, 12, 31)), '<c r="C5"><v>&bogus;</v></c>'))
    assert response.status_code == 200
    assert "kan vanaf rij 5 niet gelezen worden" in response.content.decode()


def test_the_command_names_sheet_and_row_on_stderr_and_fails(register, tmp_path):
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(malformed(export(DAY(2023, 12, 31)), *CELLS[14][:2]))
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_annex", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == "Blad “a) Pleegzorggemeenten”, rij 5: Bilzen: cel C5 is geen eindig getal"
    assert snapshot() == before


def test_the_command_exits_with_an_error_code_and_no_traceback(register, tmp_path, capsys, monkeypatch):
    path = tmp_path / "bijlage.xlsx"
    path.write_bytes(broken_xml(export(DAY(2023, 12, 31))))
    before = snapshot()
    # manage.py closes the database connections when a command ends; the test's transaction must live on.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_annex", str(path)]).execute()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Blad “a) Pleegzorggemeenten” kan vanaf rij 5 niet gelezen worden" in err
    assert "Traceback" not in err
    assert snapshot() == before


def header(key, index):
    with translation.override("nl"):
        return {"initiatives": annex.initiative_headers()}[key][index]


@pytest.mark.parametrize("cell, text", [
    ("D3", "Receptie_x000B_"),                 # title
    ("E3", "Jaarlijkse_x0007_ receptie"),      # description
    ("I3", "elk jaar_x001B_[31m"),             # timing
    ("E3", "half _xD800_ surrogaat"),
])
def test_a_control_character_in_a_text_cell_is_a_row_error_naming_the_column(register, cell, text):
    content = edit_sheet(export(DAY(2023, 12, 31)), INITIATIVES, put_cell(
        cell, f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'))
    before = snapshot()
    errors = [(c.sheet, c.row, c.reason) for c in importing.read(content).errors]
    column = {"D": header("initiatives", 3), "E": header("initiatives", 4), "I": header("initiatives", 8)}[cell[0]]
    assert len(errors) == 1 and errors[0][:2] == (INITIATIVES, 3)
    assert errors[0][2].startswith(f"kolom “{column}” bevat een onzichtbaar stuurteken (U+")
    assert snapshot() == before


def test_a_control_character_in_a_shared_string_is_a_row_error(register):
    """Shared strings, as Excel and XlsxWriter write them, are decoded the same way."""
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(export(DAY(2023, 12, 31))))
    workbook[INITIATIVES]["E3"] = "regel_x000B_breuk"  # openpyxl stores it literally: a shared string
    buffer = io.BytesIO()
    workbook.save(buffer)
    errors = [(c.row, c.reason) for c in importing.read(buffer.getvalue()).errors]
    assert errors == [(3, "kolom “Beschrijving” bevat een onzichtbaar stuurteken (U+000B): verwijder het en probeer opnieuw.")]


def test_excel_escapes_of_allowed_characters_are_decoded(register):
    content = edit_sheet(export(DAY(2023, 12, 31)), INITIATIVES, put_cell(
        "E3", '<c r="E3" t="inlineStr"><is><t>Eerste regel_x000D_\nTweede; letterlijk _x005F_x000B_</t></is></c>'))
    plan = importing.read(content)
    assert plan.errors == []
    importing.apply(plan)
    assert Initiative.objects.get(title="Receptie voor pleeggezinnen").description == (
        "Eerste regel\r\nTweede; letterlijk _x000B_")
