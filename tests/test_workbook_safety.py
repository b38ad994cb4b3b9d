"""Every text is safe in every workbook and CSV the app writes (core.workbooks, core.opendata).

Stored text (from an editor or an import) that starts like a formula stays text, and control
characters XML 1.0 forbids are dropped instead of breaking the file. Workbooks are read back with
openpyxl, as a user's Excel or our own import would.
"""

import ast
import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from actions.models import Action, Line, Organisation
from core import opendata
from core.text import CONTROL_CHARACTERS, FORMULA_STARTS, strip_control_characters
from core.workbooks import MAX_CELL_TEXT, TRUNCATED, Cell, Workbook, sheet_name, style
from initiatives import annex
from initiatives.annex import importing, layout
from initiatives.models import Category, Initiative, ParliamentaryQuestion
from municipalities.models import Municipality

from .support import REPO_ROOT

DAY = datetime.date(2023, 12, 31)
NATIONAL = "actieplan-pleegzorg-2017-2018"
# One text per character a spreadsheet reads as the start of a formula, as an editor may type it.
FORMULA_TEXTS = [
    '=HYPERLINK("https://example.org","klik")',
    "+32 9 123 45 67",
    "-3 gezinnen",
    "@SOM(A1)",
    "\tingesprongen",
    "\rterug naar het begin",
]
# Forbidden controls as a paste from Word brings them (vertical tab = soft line break). A database
# can store these; NUL and lone surrogates (PostgreSQL and UTF-8 refuse them) only reach a writer directly.
CONTROLS = "zacht\x0bregeleinde\x0cnieuwe pagina\x01een\x1bescape\x08terug\x1fhalf"
CLEAN = "zachtregeleindenieuwe paginaeenescapeterughalf"
UNSTORABLE = "nul\x00half\ud800"
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
APP_PACKAGES = ("core", "pleegzorg", "municipalities", "initiatives", "actions", "scripts")
SAFE_WRITES = {"write_string", "write_number", "write_datetime", "write_blank"}

pytestmark = pytest.mark.django_db


def test_the_typed_texts_cover_every_formula_start_and_the_controls_are_forbidden():
    assert {text[0] for text in FORMULA_TEXTS} == set(FORMULA_STARTS)
    assert CONTROL_CHARACTERS.findall(CONTROLS) == ["\x0b", "\x0c", "\x01", "\x1b", "\x08", "\x1f"]
    assert strip_control_characters(CONTROLS) == CLEAN


def shown(value):
    """What Excel shows for a cell openpyxl read: openpyxl leaves Excel's _xHHHH_ escapes (a CR) in."""
    return EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value) if isinstance(value, str) else value


def open_workbook(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def assert_text_cells(cells, expected):
    """Each openpyxl cell is a text cell (not a formula) showing exactly the expected text."""
    assert [cell.data_type for cell in cells] == ["s"] * len(expected)
    assert [shown(cell.value) for cell in cells] == expected


# The annex: /bijlage.xlsx, build_workbook and the archive of an answered question.


@pytest.fixture
def typed_initiatives(db):
    """Published initiatives in Gent whose texts start like formulas and carry forbidden controls."""
    gent = Municipality.objects.get(code="44021")
    category = Category.objects.get(slug="waardering")
    for number, text in enumerate(FORMULA_TEXTS):
        Initiative.objects.create(
            municipality=gent, title=text, description=f"{text} {CONTROLS}", timing_text=text, category=category,
            start_date=DAY - datetime.timedelta(days=number), is_published=True, source="test",
        )
    Initiative.objects.create(
        municipality=gent, title=f"titel {CONTROLS}", description=CONTROLS, category=category,
        start_date=DAY, is_published=True, source="test",
    )
    return gent


def check_initiatives_sheet(content):
    sheet = open_workbook(content)[layout.sheet_names()["initiatives"]]
    column = {key: layout.INITIATIVES.position(key) for key in ("nis_code", "title", "description", "timing")}
    rows = [row for row in sheet.iter_rows() if row[column["nis_code"]].value == "44021"]
    by_title = {shown(row[column["title"]].value): row for row in rows}
    assert len(rows) == len(FORMULA_TEXTS) + 1
    for text in FORMULA_TEXTS:
        row = by_title[text]
        assert_text_cells([row[column["title"]], row[column["description"]], row[column["timing"]]],
                          [text, f"{text} {CLEAN}", text])
    row = by_title[f"titel {CLEAN}"]
    assert_text_cells([row[column["description"]]], [CLEAN])


def test_annex_download_keeps_typed_text_as_text_and_drops_controls(client, typed_initiatives):
    for day in ("2023-12-31", "2024-06-30"):
        response = client.get(reverse("initiatives:annex_xlsx"), {"datum": day, "sinds": "2023-01-01"})
        assert response.status_code == 200
        check_initiatives_sheet(response.content)


def test_build_workbook_keeps_typed_text_as_text(typed_initiatives):
    check_initiatives_sheet(annex.build_workbook(annex.collect(DAY)))


def test_marking_a_question_answered_archives_a_safe_annex(admin_client, typed_initiatives):
    question = ParliamentaryQuestion.objects.get(number="26")
    asker = f"=cmd|' /C calc'!A0 {CONTROLS}"
    ParliamentaryQuestion.objects.filter(pk=question.pk).update(asker=asker, minister="-minister")
    changelist = reverse("admin:initiatives_parliamentaryquestion_changelist")
    response = admin_client.post(changelist, {"action": "mark_answered", "_selected_action": [question.pk]})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "answered"
    workbook = open_workbook(bytes(question.annex))
    overview = {row[0].value: row[1] for row in workbook[layout.sheet_names()["overview"]].iter_rows() if len(row) > 1}
    # The title block names the question in one sentence; asker and minister stay text within it.
    assert_text_cells([overview["Schriftelijke vraag"]], [
        f"nr. 26 van 05/10/2023, gesteld door =cmd|' /C calc'!A0 {CLEAN} aan -minister"])
    check_initiatives_sheet(bytes(question.annex))


def test_annex_round_trip_of_formula_looking_text_imports_as_unchanged(typed_initiatives):
    Initiative.objects.filter(municipality=typed_initiatives).delete()
    texts = [
        ("=1+1", "-5 gezinnen", "+ elk jaar"),
        # A browser sends a textarea's line breaks as CR LF; the file holds the CR as Excel's _x000D_ escape.
        ("@regels", "regel een\r\nregel twee", "sinds 2023"),
    ]
    for title, description, timing in texts:
        Initiative.objects.create(
            municipality=typed_initiatives, title=title, description=description, timing_text=timing,
            category=Category.objects.get(slug="waardering"), start_date=DAY, is_published=True, source="test",
        )
    content = annex.build_workbook(annex.collect(DAY))
    plan = importing.read(content)
    assert plan.errors == []
    assert plan.count(importing.NEW) == plan.count(importing.CHANGED) == 0
    assert {"=1+1", "@regels"} <= {change.description for change in plan.changes}


def test_a_description_longer_than_an_excel_cell_comes_back_unchanged(typed_initiatives):
    long_text = "lang " * 9000  # 45,000 characters: more than one cell holds
    Initiative.objects.create(
        municipality=typed_initiatives, title="Lange tekst", description=long_text, timing_text="2023",
        category=Category.objects.get(slug="waardering"), start_date=DAY, is_published=True, source="test",
    )
    plan = importing.read(annex.build_workbook(annex.collect(DAY)))
    row = next(change for change in plan.changes if change.description.startswith("Lange tekst"))
    assert row.action == importing.UNCHANGED
    assert Initiative.objects.get(title="Lange tekst").description == long_text


# The plan export.


def test_plan_export_keeps_typed_text_as_text_and_makes_valid_sheet_names(client):
    line = Line.objects.filter(plan__slug=NATIONAL).order_by("number").first()
    title = "=Lijn [x]: *wat?* / \\ 'a'"
    Line.objects.filter(pk=line.pk).update(title=f"{title} {CONTROLS}", challenge=f"-opgave {CONTROLS}")
    action = Action.objects.filter(line=line).order_by("position").first()
    Action.objects.filter(pk=action.pk).update(result=f"+resultaat {CONTROLS}", timing_text="@ooit")
    organisation = Organisation.objects.create(short_name="=ORG", name="Org", slug="org")
    action.responsible.set([organisation])
    response = client.get(reverse("actions:plan_xlsx", args=[NATIONAL]))
    assert response.status_code == 200
    workbook = open_workbook(response.content)
    for name in workbook.sheetnames:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\") and name[0] != "'" != name[-1]
    sheet = workbook[workbook.sheetnames[0]]
    assert sheet.title.startswith(f"{line.number}. =Lijn (x)- -wat-- - -")
    assert_text_cells([sheet["A1"], sheet["A2"]], [f"{line.number}. {title} {CLEAN}", f"-opgave {CLEAN}"])
    row = next(r for r in sheet.iter_rows(min_row=4) if str(r[0].value).startswith(f"{action.number} "))
    assert_text_cells([row[1], row[2], row[3]], ["=ORG", f"+resultaat {CLEAN}", "@ooit"])


# core.workbooks itself.


def write_one_row(values):
    workbook = Workbook("Proef", created=datetime.datetime(2024, 1, 15, 10, 30))
    workbook.add_sheet("Blad").append(values)
    return open_workbook(workbook.close())


def test_cells_are_written_by_type():
    values = [
        -3, Decimal("-3.5"), 2.25, datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 13, 45), None, "",
        "=1+1", float("nan"), Decimal("Infinity"), 2**60, datetime.date(1850, 1, 2),
        Cell(datetime.date(2024, 1, 1), style(num_format='"uiterlijk "dd/mm/yyyy')),
    ]
    sheet = write_one_row(values)["Blad"]
    cells = [sheet.cell(row=1, column=n) for n in range(1, len(values) + 1)]
    assert [(c.data_type, c.value) for c in cells[:3]] == [("n", -3), ("n", -3.5), ("n", 2.25)]
    assert cells[3].value == datetime.datetime(2024, 2, 29) and cells[3].number_format == "dd/mm/yyyy"
    assert cells[4].value == datetime.datetime(2024, 2, 29, 13, 45) and cells[4].number_format == "dd/mm/yyyy hh:mm"
    assert cells[5].value is None and cells[6].value is None
    assert [(c.data_type, c.value) for c in cells[7:12]] == [  # not numbers or dates Excel can hold exactly
        ("s", "=1+1"), ("s", "nan"), ("s", "Infinity"), ("s", str(2**60)), ("s", "02/01/1850")]
    assert cells[12].number_format == '"uiterlijk "dd/mm/yyyy'


def test_nul_and_lone_surrogates_are_dropped_too():
    cell = write_one_row([f"-{UNSTORABLE} {CONTROLS}"])["Blad"]["A1"]
    assert (cell.data_type, cell.value) == ("s", f"-nulhalf {CLEAN}")


def test_an_aware_datetime_is_written_in_local_time():
    moment = datetime.datetime(2024, 7, 1, 8, 0, tzinfo=datetime.timezone.utc)
    assert write_one_row([moment])["Blad"]["A1"].value == datetime.datetime(2024, 7, 1, 10, 0)  # Brussels, summer


@pytest.mark.parametrize("value", [True, object(), b"bytes"])
def test_values_without_a_cell_type_are_refused(value):
    workbook = Workbook("Proef")
    with pytest.raises(TypeError):
        workbook.add_sheet("Blad").append([value])


@pytest.mark.parametrize("character", ["x", "😀"])
def test_text_longer_than_a_cell_is_cut_with_a_visible_marker(character):
    text = character * (MAX_CELL_TEXT + 10)
    value = write_one_row([text, "kort"])["Blad"]["A1"].value
    assert value.endswith(TRUNCATED) and value.startswith(character * 100)
    assert len(value.encode("utf-16-le")) // 2 <= MAX_CELL_TEXT
    assert len(value.encode("utf-16-le")) // 2 > MAX_CELL_TEXT - len(TRUNCATED) - 2


def test_document_properties_title_creator_and_created_in_utc():
    properties = write_one_row([1]).properties
    assert (properties.title, properties.creator) == ("Proef", "Pleegzorg Tracker")
    assert properties.created == datetime.datetime(2024, 1, 15, 9, 30)  # 10:30 in Brussels (winter)


@pytest.mark.parametrize(
    "name, taken, expected",
    [
        ("1. Werving: [nieuwe] pleeggezinnen? * / \\", (), "1. Werving- (nieuwe) pleeggezin"),
        ("'Citaat'", (), "Citaat"),
        ("  '' ", (), "Blad"),
        (f"a\x0bb{CONTROLS[:5]}", (), "abzacht"),
        ("regel\neen\ttwee", (), "regel een twee"),
        ("History", (), "History (2)"),
        ("Overzicht", ("overzicht",), "Overzicht (2)"),
        ("x" * 40, ("x" * 31, "x" * 27 + " (2)"), "x" * 27 + " (3)"),
    ],
)
def test_sheet_names_are_valid_and_unique(name, taken, expected):
    assert sheet_name(name, taken) == expected


def test_every_sheet_name_is_accepted_even_when_lines_share_a_title():
    workbook = Workbook("Proef")
    names = [workbook.add_sheet(name).name for name in ["Zelfde", "zelfde", "ZELFDE", "", "[]", "'"]]
    assert names == ["Zelfde", "zelfde (2)", "ZELFDE (3)", "Blad", "()", "Blad (2)"]
    assert open_workbook(workbook.close()).sheetnames == names


# A future workbook cannot bypass the rule.


def app_modules():
    for package in APP_PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            yield path.relative_to(REPO_ROOT), ast.parse(path.read_text(encoding="utf-8"))


def test_only_core_workbooks_writes_workbooks():
    offenders = []
    for path, tree in app_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
                if any(name.split(".")[0] == "xlsxwriter" for name in names) and path != Path("core/workbooks.py"):
                    offenders.append(f"{path}: imports xlsxwriter")
            elif isinstance(node, ast.ImportFrom) and node.module:
                root = node.module.split(".")[0]
                if root == "xlsxwriter" and path != Path("core/workbooks.py"):
                    offenders.append(f"{path}: imports xlsxwriter")
                if root == "openpyxl" and any(alias.name in ("Workbook", "WriteOnlyCell") for alias in node.names):
                    offenders.append(f"{path}: writes with openpyxl")
            elif isinstance(node, ast.Attribute) and (
                node.attr in ("to_excel", "ExcelWriter")
                or (node.attr == "Workbook" and ast.unparse(node.value) == "openpyxl")
            ):
                offenders.append(f"{path}: {ast.unparse(node)}")
            elif isinstance(node, ast.keyword) and node.arg == "write_only":
                offenders.append(f"{path}: write_only workbook")
    assert offenders == []
    assert len(list(app_modules())) > 50  # the walk did find the app


def test_core_workbooks_writes_text_only_with_write_string_after_safe_text():
    tree = ast.parse((REPO_ROOT / "core" / "workbooks.py").read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)]
    writes = [call for call in calls if call.func.attr.startswith("write")]
    assert {call.func.attr for call in writes} == SAFE_WRITES  # never write(), write_formula(), write_url(), ...
    for call in writes:
        if call.func.attr == "write_string":
            text = ast.unparse(call.args[2])
            # text = safe_text(value); the others are numbers and dates Excel cannot hold, never user text.
            assert text in ("text", "str(value)", "value.strftime('%d/%m/%Y')"), ast.unparse(call)
    assignments = [ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.Assign)]
    assert "text = safe_text(value)" in assignments


# CSV and JSON open data.


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff")), delimiter=";"))


def test_csv_numbers_stay_numbers_and_text_that_looks_like_a_formula_gets_an_apostrophe():
    fields = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    row = {"a": Decimal("-3.5"), "b": -3, "c": -2.25, "d": "-3", "e": "=1+1", "f": f"tekst {CONTROLS}{UNSTORABLE}",
           "g": "\tx", "h": ["-a", "b"], "i": Decimal("10.00")}
    data = csv_rows(opendata.csv_response(fields, [row], "proef"))
    assert data[1] == ["-3,5", "-3", "-2,25", "'-3", "'=1+1", f"tekst {CLEAN}nulhalf",
                       "'\tx", "'-a, b", "10"]


def test_json_drops_control_characters_and_keeps_numbers():
    row = {"a": f"tekst {CONTROLS}{UNSTORABLE}", "b": Decimal("-3.5"), "c": ["x\x0by"], "d": "=1+1"}
    data = json.loads(opendata.json_response(["a", "b", "c", "d"], [row]).content)
    assert data["results"] == [{"a": f"tekst {CLEAN}nulhalf", "b": -3.5,
                                "c": ["xy"], "d": "=1+1"}]


def test_initiative_csv_and_json_drop_stored_control_characters(client, typed_initiatives):
    data = csv_rows(client.get(reverse("initiatives:list_csv")))
    titles = [row[data[0].index("titel")] for row in data[1:]]
    assert f"titel {CLEAN}" in titles and "'-3 gezinnen" in titles
    assert not any(CONTROL_CHARACTERS.search(value) for row in data for value in row)
    results = json.loads(client.get(reverse("initiatives:list_json")).content)["results"]
    assert f"titel {CLEAN}" in [r["titel"] for r in results]
