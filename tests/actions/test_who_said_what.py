"""Say who said what: authors, the source's order of responsible organisations, examples that are
not adoptions, and what the transcription inferred, each compared with the seed text itself."""

import re

import pytest
from django.urls import reverse

from actions.models import Action, Adoption, Plan
from actions.views import ACTION_FIELDS
from tests.seed_text import comparable, seed

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"
NVP = "nvp-gemeenteraadsverkiezingen-2026"
NATIONAL_SEED = "003_d709cdfebe3b3fb2.txt"
NVP_SEED = "004_2e25363a253f0a6d.txt"
ORGANISATION = r"(?:NJI|JN/|JN|NVP|VNG|VWS|VenJ|RvdK|NG)"
ROW_START = re.compile(rf"^ ?({ORGANISATION}(?:,? {ORGANISATION})*) (?=\S)", re.M)
READ_AS = {"JN/": "JN", "NG": "VNG"}  # line 3, row 4 reads "JN/, NG" in the text extraction


def source_responsible_columns():
    """The Verantwoordelijk column of every row of the four tables, in the source's order: [[short name]]."""
    text = seed(NATIONAL_SEED)
    columns = []
    for header in re.finditer(r"Resultaat Wanneer", text):
        table = text[header.end():]
        ends = [i for i in (table.find("Verantwoordelijk"), table.find(" ACTIELIJN"), table.find("BIJLAGE")) if i >= 0]
        table = table[:min(ends)]
        columns += [[READ_AS.get(name, name) for name in re.split(r",? ", match.group(1))]
                    for match in ROW_START.finditer(table)]
    return columns


def test_the_national_plan_has_the_six_authors_in_the_sources_order_and_no_single_owner(client):
    plan = Plan.objects.get(slug=NATIONAL)
    authors = [o.short_name for o in plan.ordered_authors()]
    assert authors == ["JN", "NVP", "NJI", "VNG", "VWS", "VenJ"]
    source = comparable(seed(NATIONAL_SEED))
    assert comparable("Jeugdzorg Nederland (JN), de Nederlandse Vereniging voor Pleeggezinnen (NVP), het Nederlands "
                      "Jeugdinstituut (NJI), de Vereniging Nederlandse Gemeenten (VNG), de ministeries van VWS en VenJ "
                      "intensief en constructief samengewerkt om dit actieplan op te stellen") in source
    assert comparable(plan.involvement_text) in source and "betrokken bij de totstandkoming" in plan.involvement_text
    assert set(plan.partners.values_list("short_name", flat=True)) == {"SBPN", "LOPOR"}
    assert not set(authors) & {"SBPN", "LOPOR"}
    text = client.get(plan.get_absolute_url()).content.decode()
    assert re.search(r"Opgesteld door\s*" + r",\s*".join(f'<a [^>]*>{name}</a>' for name in authors[:-1])
                     + r"\s*en\s*<a [^>]*>VenJ</a>", text)
    assert "betrokken bij de totstandkoming van het actieplan" in text


def test_open_data_gives_the_authors_and_the_responsible_organisations_in_the_sources_order(client):
    rows = client.get(reverse("actions:actions_json"), {"plan": NATIONAL}).json()["results"]
    assert "opgesteld_door" in ACTION_FIELDS and "eigenaar" not in ACTION_FIELDS
    assert all(row["opgesteld_door"] == ["JN", "NVP", "NJI", "VNG", "VWS", "VenJ"] for row in rows)
    table_rows = [row for row in rows if row["actie"] != "1.1"]
    assert [row["verantwoordelijk"] for row in table_rows] == source_responsible_columns()
    by_number = {row["actie"]: row for row in rows}
    assert by_number["4.1"]["verantwoordelijk"] == ["NJI", "NVP", "JN", "VNG"]
    assert "JN/, NG" in by_number["3.4"]["afgeleid"] and by_number["1.2"]["afgeleid"] == ""


def test_every_table_row_keeps_the_sources_order_on_the_page_and_in_excel(client):
    columns = source_responsible_columns()
    assert len(columns) == 18
    actions = Action.objects.filter(line__plan__slug=NATIONAL).exclude(number="1.1").order_by("line__number", "position")
    assert [[o.short_name for o in a.ordered_responsible()] for a in actions] == columns
    text = client.get(Plan.objects.get(slug=NATIONAL).get_absolute_url()).content.decode()
    for action, column in zip(actions, columns, strict=True):
        row = text[text.index(f'id="actie-{action.number}"'):]
        cell = row[row.index("</th>"):row.index("</td>")]
        assert re.findall(r">([^<]+)</a>", cell) == column, action.number
    import io

    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("actions:plan_xlsx", args=[NATIONAL])).content))
    cells = [row[1] for sheet in book.worksheets for row in sheet.iter_rows(min_row=4, values_only=True)
             if row[0] and not str(row[0]).startswith("1.1 ")]
    assert cells == [", ".join(column) for column in columns]


def test_what_was_inferred_is_marked_on_the_plan_page(client):
    inferred = dict(Action.objects.filter(line__plan__slug=NATIONAL).exclude(inference_note="")
                    .values_list("number", "inference_note"))
    assert set(inferred) == {"1.1", "3.4"}
    assert "JN/, NG" in seed(NATIONAL_SEED) and "JN/, NG" in inferred["3.4"] and "VNG" in inferred["3.4"]
    assert "lopende tekst" in inferred["1.1"] and "in 2017" in inferred["1.1"]
    text = client.get(Plan.objects.get(slug=NATIONAL).get_absolute_url()).content.decode()
    for number in ("1.1", "3.4"):
        row = text[text.index(f'id="actie-{number}"'):]
        row = row[:row.index("</tr>")]
        assert '<strong class="marker">afgeleid</strong>' in row and "(afgeleid)" in row, number
    row = text[text.index('id="actie-1.2"'):]
    assert "afgeleid" not in row[:row.index("</tr>")]


def test_practices_the_guidance_cites_are_examples_with_its_own_words_never_adoptions(client):
    examples = Adoption.objects.filter(recommendation__line__plan__slug=NVP)
    assert examples.exists() and set(examples.values_list("kind", flat=True)) == {Adoption.Kind.EXAMPLE}
    source = comparable(seed(NVP_SEED))
    for example in examples:
        assert example.quote and comparable(example.quote) in source, example.municipality.name
    groningen = examples.filter(quote__contains="werkzaam voor alle tien gemeenten")
    assert groningen.count() == 10
    assert all("alle tien Groningse gemeenten" in e.scope_note for e in groningen)

    page = client.get(reverse("actions:recommendation", args=[NVP, "1.1"]))
    text = page.content.decode()
    assert page.context["grouped"] == []  # no adoption recorded
    assert "genoemd als voorbeeld" in text and "De bron noemt dit voor alle tien Groningse gemeenten" in text
    assert "Ontregelaar Pleegzorg in Groningen, werkzaam voor alle tien gemeenten" in text
    examples_section = text[text.index("Genoemd als voorbeeld</h2>"):]
    assert examples_section.count("werkzaam voor alle tien gemeenten. Zij zorgt") == 1  # the quote once, for all ten
    plan_page = client.get(Plan.objects.get(slug=NVP).get_absolute_url()).content.decode()
    row = plan_page[plan_page.index('id="actie-1.1"'):]
    more = row[row.index("</tr>"):]  # the row under it holds what is not the recommendation's name
    more = more[:more.index("</tr>", 1)]
    assert 'class="action-more"' in more and 'headers="naam-1.1"' in more
    assert "0 gemeenten namen dit over" in more and "10 gemeenten genoemd als voorbeeld" in more

    municipality = groningen.get(municipality__name="Groningen").municipality
    municipality_page = client.get(municipality.get_absolute_url()).content.decode()
    assert "Genoemd als voorbeeld" in municipality_page and "Nam over" not in municipality_page


def test_an_example_needs_the_sources_words():
    from django.core.exceptions import ValidationError

    example = Adoption.objects.filter(kind=Adoption.Kind.EXAMPLE).first()
    example.quote = ""
    with pytest.raises(ValidationError):
        example.full_clean()
