"""Cells no spreadsheet program writes: a Dutch error naming sheet and row, never a traceback.

Each case splices one malformed fragment into the sheet XML of a real annex workbook.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.utils import translation

from initiatives.annex import importing, layout
from initiatives.models import Initiative
from municipalities.models import StatusEvent

from .conftest import (
    DAY,
    beyond_letter,
    column_letter,
    data_row,
    export,
    last_cell_reference,
    open_workbook,
    preview,
    ref_of,
    row_of,
    save,
    sheet_name,
    upload,
)
from .xlsx_surgery import cell_attribute, edit_row_tag, edit_sheet, put_cell, set_dimension, sheet_xml

pytestmark = pytest.mark.django_db
REGISTERED, INITIATIVES = sheet_name(layout.REGISTERED), sheet_name(layout.INITIATIVES)
BILZEN, GENT = "73006", "44021"


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"


def snapshot():
    return (
        sorted(StatusEvent.objects.values_list("pk", "version", "municipality__code", "kind", "date", "date_is_upper_bound")),
        sorted(Initiative.objects.values_list("pk", "version", "title", "description")),
    )


def places(content):
    """Where Bilzen's row of sheet a is in `content`: the values CELLS are written with."""
    row = row_of(content, layout.REGISTERED, BILZEN)
    nis, appointed = (column_letter(layout.REGISTERED, key) for key in ("nis_code", "appointed"))
    return {
        "row": row, "nis": f"{nis}{row}", "appointed": f"{appointed}{row}", "nis_column": nis,
        "name": f"{column_letter(layout.REGISTERED, 'municipality')}{row}",
        "other": f"{nis}{row + 4}",  # the same column in another row
        "beyond": f"{beyond_letter(layout.REGISTERED, 21)}{row}",  # a cell the row does not have
        # The style of a date cell (Bilzen's appointment), which differs between writers.
        "date": cell_attribute(sheet_xml(content, REGISTERED), f"{appointed}{row}", "s"),
    }


# On Bilzen's row of sheet a): {nis} its NIS code, {appointed} its date of appointment (cell references).
CELLS = [
    ("{nis}", '<c r="{nis}"><v>abc</v></c>', "cel {nis} is geen getal"),
    ("{nis}", '<c r="{nis}" t="n"><v>1_000</v></c>', "cel {nis} is geen getal"),
    ("{nis}", '<c r="{nis}" t="b"><v>7</v></c>', "cel {nis} is geen geldige waar/onwaar-waarde"),
    ("{appointed}", '<c r="{appointed}" t="d"><v>garbage</v></c>', "cel {appointed} is geen geldige datum"),
    ("{appointed}", '<c r="{appointed}" t="d"><v>2023-13-45</v></c>', "cel {appointed} is geen geldige datum"),
    ("{nis}", '<c r="{nis}" t="zz"><v>1</v></c>', "cel {nis} heeft een onbekend type “zz”"),
    ("{nis}", '<c r="{nis}" t="s"><v>99999</v></c>', "cel {nis} verwijst naar een tekst die niet in het bestand staat"),
    ("{nis}", '<c r="{nis}" t="s"><v>-1</v></c>', "cel {nis} verwijst naar een tekst die niet in het bestand staat"),
    ("{nis}", '<c r="!!"><v>1</v></c>', "de celverwijzing “!!” is ongeldig"),
    ("{nis}", '<c r="{nis_column}"><v>1</v></c>', "de celverwijzing “{nis_column}” is ongeldig"),
    ("{nis}", '<c r="{nis_column}0"><v>1</v></c>', "de celverwijzing “{nis_column}0” is ongeldig"),
    ("{nis}", '<c r="{other}"><v>73006</v></c>', "cel {other} hoort niet bij rij {row}"),
    ("{nis}", '<c r="{nis}"><v>NaN</v></c>', "cel {nis} is geen getal"),
    ("{nis}", '<c r="{nis}"><v>inf</v></c>', "cel {nis} is geen getal"),
    ("{nis}", '<c r="{nis}"><v>1e999</v></c>', "cel {nis} is geen eindig getal"),
    ("{nis}", '<c r="{nis}"><v>-1E999</v></c>', "cel {nis} is geen eindig getal"),
    ("{appointed}", '<c r="{appointed}" s="{date}"><v>1e999</v></c>', "cel {appointed} is geen eindig getal"),
    ("{appointed}", '<c r="{appointed}" s="{date}"><v>1e300</v></c>', "cel {appointed} is geen mogelijke datum"),
    ("{nis}", '<c r="{nis}" s="9999"><v>73006</v></c>', "cel {nis} heeft een onbekende opmaak"),
    ("{nis}", '<c r="{nis}" t="e"><v>#N/A</v></c>', "kolom “NIS-code” bevat de Excel-fout “#N/A”"),
    ("{nis}", '<c r="{nis}" t="inlineStr"><v>73006</v></c>', "cel {nis} heeft een waarde maar geen tekst"),
    ("{beyond}", '<c r="{name}" t="inlineStr"><is><t>Bilzen</t></is></c>', "cel {name} komt twee keer voor"),
]


def malformed(content, target, fragment):
    """`content` with the cell at `target` replaced by `fragment` (added to its row when new); the
    templates are filled in from places(content)."""
    where = places(content)
    return edit_sheet(content, REGISTERED, put_cell(target.format(**where), fragment.format(**where)))


@pytest.mark.parametrize("target, fragment, message", CELLS)
def test_a_malformed_cell_is_a_dutch_row_error(register, target, fragment, message):
    original = export(DAY(2023, 12, 31))
    content = malformed(original, target, fragment)
    before = snapshot()
    plan = importing.read(content)
    errors = [(c.sheet, c.row, c.reason) for c in plan.errors]
    where = places(original)
    assert (REGISTERED, where["row"], message.format(**where)) in errors, errors
    assert snapshot() == before


def test_a_row_number_out_of_order_or_not_a_number_is_a_row_error(register):
    original = export(DAY(2023, 12, 31))
    second = data_row(original, layout.REGISTERED, 1)
    content = edit_sheet(original, REGISTERED, edit_row_tag(second, f'<row r="{second - 1}">'))
    assert [(c.row, c.reason) for c in importing.read(content).errors] == [
        (second, f"het rijnummer {second - 1} komt na rij {second - 1}")]
    content = edit_sheet(original, REGISTERED, edit_row_tag(second, '<row r="zes">'))
    assert [(c.row, c.reason) for c in importing.read(content).errors] == [(second, "het rijnummer “zes” is ongeldig")]


def broken_xml(content, fragment='<c r="{nis}"><v>1 < 2</v></c>', dimension=True):
    """Sheet a) with XML that breaks off in Bilzen's row. openpyxl reads a sheet without <dimension>
    to its end when it opens the workbook (XlsxWriter writes one, openpyxl does not): test both."""
    where = places(content)
    ref = f"A1:{last_cell_reference(content, layout.REGISTERED)}" if dimension else None
    return edit_sheet(content, REGISTERED, lambda xml: set_dimension(ref)(
        put_cell(where["nis"], fragment.format(**where))(xml)))


def test_xml_that_breaks_off_is_a_file_error_naming_sheet_and_row(register):
    content = export(DAY(2023, 12, 31))
    with pytest.raises(importing.AnnexFileError) as caught:
        importing.read(broken_xml(content))
    assert str(caught.value) == (
        f"Blad “a) Pleegzorggemeenten” kan vanaf rij {places(content)['row']} niet gelezen worden: het bestand is "
        "beschadigd.")
    with pytest.raises(importing.AnnexFileError, match="beschadigd"):
        importing.read(broken_xml(content, dimension=False))


@pytest.mark.parametrize("target, fragment, message", [CELLS[0], CELLS[2], CELLS[6], CELLS[14], CELLS[19]])
def test_the_admin_preview_shows_the_error_and_offers_no_confirmation(admin_client, register, target, fragment, message):
    original = export(DAY(2023, 12, 31))
    content = malformed(original, target, fragment)
    before = snapshot()
    response = preview(admin_client, content)
    assert response.status_code == 200
    text = response.content.decode()
    assert message.format(**places(original)) in text and "Bilzen" in text
    assert response.context["can_apply"] is False and 'name="token"' not in text and "Import bevestigen" not in text
    assert "Het bestand bevat fouten: er is niets geschreven." in text
    assert snapshot() == before


def test_the_admin_shows_a_file_error_on_the_form(admin_client, register):
    content = export(DAY(2023, 12, 31))
    response = upload(admin_client, broken_xml(content, '<c r="{nis}"><v>&bogus;</v></c>'))
    assert response.status_code == 200 and response.context.get("token") is None
    assert f"kan vanaf rij {places(content)['row']} niet gelezen worden" in response.content.decode()


def test_the_command_names_sheet_and_row_on_stderr_and_fails(register, tmp_path):
    path = tmp_path / "bijlage.xlsx"
    original = export(DAY(2023, 12, 31))
    path.write_bytes(malformed(original, *CELLS[14][:2]))
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_annex", str(path), stdout=StringIO(), stderr=err)
    where = places(original)
    assert err.getvalue().strip() == (
        f"Blad “a) Pleegzorggemeenten”, rij {where['row']}: Bilzen: cel {where['nis']} is geen eindig getal")
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
    assert f"Blad “a) Pleegzorggemeenten” kan vanaf rij {places(export(DAY(2023, 12, 31)))['row']} niet gelezen worden" in err
    assert "Traceback" not in err
    assert snapshot() == before


def header(key):
    with translation.override("nl"):
        return str(layout.INITIATIVES.column(key).header)


@pytest.mark.parametrize("key, text", [
    ("title", "Receptie_x000B_"),
    ("description", "Jaarlijkse_x0007_ receptie"),
    ("timing", "elk jaar_x001B_[31m"),
    ("description", "half _xD800_ surrogaat"),
])
def test_a_control_character_in_a_text_cell_is_a_row_error_naming_the_column(register, key, text):
    original = export(DAY(2023, 12, 31))
    cell = ref_of(original, layout.INITIATIVES, key, GENT, "Receptie voor pleeggezinnen")
    content = edit_sheet(original, INITIATIVES, put_cell(cell, f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'))
    before = snapshot()
    errors = [(c.sheet, c.row, c.reason) for c in importing.read(content).errors]
    assert len(errors) == 1 and errors[0][:2] == (INITIATIVES, row_of(original, layout.INITIATIVES, GENT))
    assert errors[0][2].startswith(f"kolom “{header(key)}” bevat een onzichtbaar stuurteken (U+")
    assert snapshot() == before


def test_a_control_character_in_a_shared_string_is_a_row_error(register):
    """Shared strings, as Excel and XlsxWriter write them, are decoded the same way."""
    workbook = open_workbook(export(DAY(2023, 12, 31)))
    cell = ref_of(workbook, layout.INITIATIVES, "description", GENT)
    workbook[INITIATIVES][cell] = "regel_x000B_breuk"  # openpyxl stores it literally: a shared string
    errors = [(c.row, c.reason) for c in importing.read(save(workbook)).errors]
    assert errors == [(row_of(workbook, layout.INITIATIVES, GENT),
                       "kolom “Beschrijving” bevat een onzichtbaar stuurteken (U+000B): verwijder het en probeer opnieuw.")]


def test_excel_escapes_of_allowed_characters_are_decoded(register):
    original = export(DAY(2023, 12, 31))
    cell = ref_of(original, layout.INITIATIVES, "description", GENT)
    content = edit_sheet(original, INITIATIVES, put_cell(
        cell, f'<c r="{cell}" t="inlineStr"><is><t>Eerste regel_x000D_\nTweede; letterlijk _x005F_x000B_</t></is></c>'))
    plan = importing.read(content)
    assert plan.errors == []
    importing.apply(plan)
    assert Initiative.objects.get(title="Receptie voor pleeggezinnen").description == (
        "Eerste regel\r\nTweede; letterlijk _x000B_")
