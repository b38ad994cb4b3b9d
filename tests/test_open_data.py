"""Open data: every dataset read back as CSV and JSON and compared with its public page.

Each dataset of pleegzorg.datasets.DATASETS: the CSV and the JSON hold the same rows, every value
has its declared type (numbers are numbers, dates ISO 8601, unknown is empty/null), the rows are
those of the page with the same filters, text that could start a formula is neutralised in the
CSV, and the number of queries does not grow with the data.
"""

import csv
import datetime
import hashlib
import io
import json
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from actions.models import Adoption, Organisation, Plan, Reference, Target
from core.opendata import neutralise
from initiatives.models import Category, Initiative, ParliamentaryQuestion
from municipalities.models import FosterCareForm, KeyFigure, Municipality, Province
from pleegzorg.dataset_declaration import BOOLEAN, DATE, DATETIME, DECIMAL, INTEGER, LIST, TEXT, TYPES, URL
from pleegzorg.datasets import DATASETS

pytestmark = pytest.mark.django_db

BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
# Queries per file, whatever the number of rows (the session check of the test client included).
MAX_QUERIES = {"gemeenten": 3, "initiatieven": 2, "acties": 5, "kerncijfers": 1, "pleegzorgvormen": 1,
               "provincies": 4, "vragen": 1, "plannen": 4, "doelen": 2, "organisaties": 1,
               "voorbeeldpraktijken": 2, "adopties": 1}
FORMULA = "=HYPERLINK(\"http://x\")"


@pytest.fixture
def answered_question():
    question = ParliamentaryQuestion.objects.create(
        number="999", date=datetime.date(2024, 3, 1), asker="Vraagsteller", minister="Minister", subject=FORMULA,
        reference_date=datetime.date(2024, 1, 1), source="Vlaams Parlement")
    question.mark_answered(b"the archived annex")
    return question


@pytest.fixture
def published_initiative():
    return Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"), title="+Onthaal", source="@bron",
        category=Category.objects.first(), start_date=datetime.date(2023, 1, 1), is_published=True)


def read(client, dataset, params=None):
    """(JSON object, CSV rows with the header first) of `dataset` with `params`."""
    as_json, as_csv = client.get(dataset.json_url, params or {}), client.get(dataset.csv_url, params or {})
    assert as_json.status_code == as_csv.status_code == 200
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    text = as_csv.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return json.loads(as_json.content), list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def results(client, slug, params=None):
    return json.loads(client.get(BY_SLUG[slug].json_url, params or {}).content)["results"]


def csv_text(field_type, value):
    """What the CSV must hold for a JSON value of the type (core.opendata's rules)."""
    if field_type == BOOLEAN:
        return "ja" if value else "nee"
    if field_type in (INTEGER, DECIMAL):
        number = Decimal(str(value))
        text = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
        return text.replace(".", ",")
    if field_type == LIST:
        return neutralise(", ".join(value))
    return neutralise(value)


def assert_typed(field, value):
    """`value` (JSON) is of the field's declared type, or null."""
    if value is None:
        return
    if field.type == INTEGER:
        assert isinstance(value, int) and not isinstance(value, bool), (field.name, value)
    elif field.type == DECIMAL:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (field.name, value)
    elif field.type == BOOLEAN:
        assert isinstance(value, bool), (field.name, value)
    elif field.type == LIST:
        assert isinstance(value, list) and all(isinstance(item, str) for item in value), (field.name, value)
    elif field.type == DATE:
        assert datetime.date.fromisoformat(value).isoformat() == value, (field.name, value)
    elif field.type == DATETIME:
        assert datetime.datetime.fromisoformat(value).tzinfo is not None, (field.name, value)
    elif field.type == URL:  # an address or null, never ""
        assert urlsplit(value).scheme in ("http", "https"), (field.name, value)
    else:
        assert field.type == TEXT and isinstance(value, str), (field.name, value)


def test_every_dataset_is_declared_with_known_types_and_a_meaning():
    assert [d.slug for d in DATASETS] == list(MAX_QUERIES)  # and each has a query budget below
    assert len({d.slug for d in DATASETS}) == len(DATASETS)
    for dataset in DATASETS:
        assert dataset.title and dataset.description and dataset.source and dataset.spatial
        assert len(set(dataset.field_names)) == len(dataset.fields)
        assert all(f.type in TYPES and str(f.meaning) for f in dataset.fields)


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_csv_and_json_hold_the_same_typed_rows(client, dataset, answered_question, published_initiative):
    data, rows = read(client, dataset)
    assert data["fields"] == dataset.field_names == rows[0]
    assert data["count"] == len(data["results"]) == len(rows) - 1 > 0
    for result, line in zip(data["results"], rows[1:], strict=True):
        assert list(result) == dataset.field_names
        for field, text in zip(dataset.fields, line, strict=True):
            value = result[field.name]
            assert_typed(field, value)
            assert text == ("" if value is None else csv_text(field.type, value)), (field.name, value, text)


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_each_file_costs_a_fixed_number_of_queries(client, dataset, django_assert_max_num_queries, answered_question):
    with django_assert_max_num_queries(MAX_QUERIES[dataset.slug]):
        assert client.get(dataset.json_url).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES[dataset.slug]):
        assert client.get(dataset.csv_url).status_code == 200


def test_numbers_are_plain_unquoted_numbers_in_the_csv(client):
    text = client.get(BY_SLUG["kerncijfers"].csv_url).content.decode("utf-8")
    figure = KeyFigure.objects.get(series="nl-pleeggezinnen", date=datetime.date(2024, 12, 31))
    assert figure.value == 14713 and ";14713;" in text
    data = results(client, "kerncijfers")
    assert {"waarde": 14713, "datum": "2024-12-31"}.items() <= next(
        r for r in data if r["reeks"] == "nl-pleeggezinnen" and r["datum"] == "2024-12-31").items()


# The rows are those of the page.


def test_municipalities_and_initiatives_match_their_pages(client, published_initiative):
    params = {"datum": "2024-01-01", "province": "BE-VLI", "status": "registered"}
    page = client.get(reverse("municipalities"), params).context["page"]
    rows = results(client, "gemeenten", params)
    assert [r["code"] for r in rows] == [m.code for m in page] and len(rows) == page.paginator.count > 0
    page = client.get(reverse("initiatives:list"), {"province": "BE-VLI"}).context["page"]
    rows = results(client, "initiatieven", {"province": "BE-VLI"})
    assert [r["titel"] for r in rows] == [i.title for i in page] == ["+Onthaal"]


def test_actions_carry_their_plan_source(client):
    rows = results(client, "acties", {"plan": "actieplan-pleegzorg-2017-2018"})
    plan = Plan.objects.get(slug="actieplan-pleegzorg-2017-2018")
    assert rows and {r["bron"] for r in rows} == {plan.source}


def test_forms_of_foster_care_match_the_page(client):
    forms = list(client.get(reverse("municipalities:foster_care_forms")).context["forms"])
    rows = results(client, "pleegzorgvormen")
    assert [r["naam"] for r in rows] == [f.name for f in forms] and len(forms) == FosterCareForm.objects.count()
    first = forms[0]
    assert rows[0]["rechtstreeks_toegankelijk"] is first.directly_accessible and rows[0]["volgorde"] == first.order


def test_provinces_match_the_home_page_and_province_pages_on_a_day(client):
    day = {"datum": "2024-01-01"}
    counts = client.get(reverse("home"), day).context["counts"]
    rows = {r["code"]: r for r in results(client, "provincies", day)}
    assert set(rows) == set(Province.objects.values_list("iso_code", flat=True))
    for row in counts:
        mine = rows[row.province.iso_code]
        assert (mine["geregistreerd"], mine["kandidaat"], mine["niet_geregistreerd"], mine["onbekend"]) == (
            row.registered, row.candidates, row.not_registered, row.unknown)
        assert mine["peildatum"] == "2024-01-01"
    assert sum(rows[row.province.iso_code]["geregistreerd"] for row in counts) == 41
    limburg = client.get(reverse("municipalities:province", args=["BE-VLI"]), day).context["active"]
    assert rows["BE-VLI"]["gemeenten"] == limburg.count()
    holland = rows["NL-NH"]
    assert holland["gemeenten"] > 0
    assert (holland["geregistreerd"], holland["onbekend"]) == (None, None)  # no register: unknown, never 0


def test_provinces_before_the_register_are_all_unknown(client):
    rows = results(client, "provincies", {"datum": "2023-06-01"})
    flemish = [r for r in rows if r["land"] == "BE"]
    assert flemish and all(r["geregistreerd"] == 0 and r["onbekend"] == r["gemeenten"] for r in flemish)


def test_questions_match_the_page_with_the_archived_annex_checksum(client, answered_question):
    questions = list(client.get(reverse("initiatives:questions")).context["questions"])
    rows = results(client, "vragen")
    assert [(r["nummer"], r["datum"]) for r in rows] == [(q.number, q.date.isoformat()) for q in questions]
    answered = next(r for r in rows if r["nummer"] == "999")
    assert answered["status"] == "answered" and answered["peildatum"] == "2024-01-01"
    annex = client.get(urlsplit(answered["bijlage_url"]).path)
    assert annex.status_code == 200
    assert answered["bijlage_sha256"] == hashlib.sha256(annex.content).hexdigest() == answered_question.annex_sha256
    draft = next(r for r in rows if r["nummer"] == "26")
    assert (draft["status"], draft["bijlage_sha256"], draft["bijlage_url"], draft["deelvragen"]) == ("draft", None, None, 5)


def test_plans_match_the_plans_page(client):
    page_rows = client.get(reverse("actions:plans")).context["rows"]
    rows = results(client, "plannen")
    assert [(r["slug"], r["acties"], r["doelen"]) for r in rows] == [
        (plan.slug, plan.actions_total, targets) for plan, _counts, targets, _measured in page_rows]
    assert all(r["acties"] > 0 for r in rows)


def test_targets_match_each_plan_page(client):
    total = 0
    for plan in Plan.objects.all():
        targets = client.get(reverse("actions:plan", args=[plan.slug])).context["targets"]
        rows = results(client, "doelen", {"plan": plan.slug})
        assert [r["indicator"] for r in rows] == [t.indicator for t in targets]
        for row, target in zip(rows, targets, strict=True):
            assert row["streefwaarde"] == (None if target.target_value is None else float(target.target_value))
            assert row["laatste_meting"] == (None if target.latest_value is None else float(target.latest_value))
            assert row["plan"] == plan.slug
        total += len(rows)
    assert total == len(results(client, "doelen")) > 0


def test_organisations_match_their_pages(client):
    rows = results(client, "organisaties")
    assert [r["kort"] for r in rows] == list(Organisation.objects.order_by("short_name").values_list("short_name", flat=True))
    for row in [r for r in rows if r["acties"]][:3]:
        grouped = client.get(urlsplit(row["url"]).path).context["grouped"]
        assert row["acties"] == sum(len(actions) for _plan, actions in grouped)


def test_example_practices_match_each_plan_page(client):
    total = 0
    for plan in Plan.objects.all():
        references = client.get(reverse("actions:plan", args=[plan.slug])).context["references"]
        examples = [r for r in references if r.kind == Reference.Kind.EXAMPLE_PRACTICE]
        rows = results(client, "voorbeeldpraktijken", {"plan": plan.slug})
        assert [r["titel"] for r in rows] == [r.title for r in examples]
        for row, example in zip(rows, examples, strict=True):
            assert set(row["gemeente_codes"]) == {m.code for m in example.municipalities.all()}
        total += len(rows)
    assert total == len(results(client, "voorbeeldpraktijken")) > 0
    assert any(r["gemeente_codes"] for r in results(client, "voorbeeldpraktijken"))


def test_adoptions_and_cited_examples_match_the_recommendation_pages(client):
    rows = results(client, "adopties")
    assert rows and {r["soort"] for r in rows} <= {"adoption", "example"}
    for plan_slug, number in {(r["plan"], r["aanbeveling"]) for r in rows}:
        context = client.get(reverse("actions:recommendation", args=[plan_slug, number])).context
        adopted = {a.municipality.code for _province, items in context["grouped"] for a in items}
        cited = {m.code for _quote, _note, _title, places in context["examples"] for m in places}
        mine = [r for r in rows if (r["plan"], r["aanbeveling"]) == (plan_slug, number)]
        assert {r["gemeente_code"] for r in mine if r["soort"] == "adoption"} == adopted
        assert {r["gemeente_code"] for r in mine if r["soort"] == "example"} == cited
    assert len(rows) == Adoption.objects.filter(adopted=True).count()


# Filters, bad input, formulas.


def declared_filters(dataset):
    return [name.strip() for name in dataset.filters.split(",") if name.strip()]


FREE_TEXT = {"q"}  # a search: any text is a valid question
CHECKED_FILTERS = [(dataset.slug, name) for dataset in DATASETS for name in declared_filters(dataset)
                   if name not in FREE_TEXT | {"datum"}]  # the day: test_a_file_answers_for_the_readers_day…


def test_filters_narrow_the_rows(client):
    for kind in Adoption.Kind.values:
        rows = results(client, "adopties", {"soort": kind})
        assert all(r["soort"] == kind for r in rows)
        assert len(rows) == Adoption.objects.filter(kind=kind, adopted=True).count()
    assert results(client, "adopties", {"soort": "example"})


@pytest.mark.parametrize(("slug", "name"), CHECKED_FILTERS, ids=[f"{s}-{n}" for s, n in CHECKED_FILTERS])
def test_a_file_refuses_a_filter_value_that_means_nothing_rather_than_answer_with_everything(client, slug, name):
    dataset = BY_SLUG[slug]
    for value in ("bestaat-niet", "<b>", "x" * 5000):
        for url in (dataset.json_url, dataset.csv_url):
            response = client.get(url, {name: value})
            assert response.status_code == 400, (url, name, value)
            assert f"Geen bestand voor deze filters: {name}:" in response.content.decode()


def test_a_parameter_a_file_does_not_take_is_ignored_and_control_characters_are_refused(client):
    for dataset in DATASETS:
        plain = client.get(dataset.json_url).content
        for name in ("bestaat", "plan", "soort"):
            if name not in declared_filters(dataset):
                assert client.get(dataset.json_url, {name: "x"}).content == plain, (dataset.slug, name)
    # The site refuses control characters in the query with a 400 page, never a 500.
    assert {client.get(dataset.json_url, {"plan": "\x00"}).status_code for dataset in DATASETS} == {400}
    assert client.get("/open-data/bestaat-niet.csv").status_code == 404
    assert client.get("/open-data/gemeenten.csv").status_code == 404  # served at /gemeenten.csv


def test_text_that_starts_a_formula_gets_an_apostrophe_in_csv_only(client, answered_question):
    FosterCareForm.objects.create(name="@SUM(A1)", group=FosterCareForm.Group.SUPPORTING, directly_accessible=True,
                                  source="-bron", order=99)
    Organisation.objects.create(short_name="+ORG", name=FORMULA, slug="org-formule")
    for slug, field, value in (("pleegzorgvormen", "naam", "@SUM(A1)"), ("pleegzorgvormen", "bron", "-bron"),
                               ("organisaties", "naam", FORMULA), ("organisaties", "kort", "+ORG"),
                               ("vragen", "onderwerp", FORMULA)):
        data, rows = read(client, BY_SLUG[slug])
        column = rows[0].index(field)
        assert "'" + value in [row[column] for row in rows[1:]], (slug, field)
        assert value in [r[field] for r in data["results"]], (slug, field)


def test_open_data_page_documents_every_field_with_type_and_source(client, settings):
    settings.OPEN_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"  # the operator chose one
    text = client.get(reverse("open_data")).content.decode()
    assert 'rel="alternate" type="application/ld+json"' in text and 'href="/open-data/catalogus.jsonld"' in text
    for dataset in DATASETS:
        assert f'href="{dataset.csv_url}"' in text and f'href="{dataset.json_url}"' in text
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in text
    assert text.count("<table>") == len(DATASETS)
    for dutch in ("Catalogus voor harvesters", "Velden van “Provincies met hun aantallen op een dag”", "geheel getal",
                  "berekend door deze site", "Licentie van deze datasets"):
        assert dutch in text


def test_a_known_action_status_carries_the_source_of_its_progress_update(client):
    from actions.models import ProgressUpdate

    rows = [r for r in results(client, "acties", {}) if r["status"] != "unknown"]
    assert rows, "the seeds give some actions a status"
    sources = set(ProgressUpdate.objects.exclude(status="").values_list("source", flat=True))
    assert all(r["status_bron"] in sources for r in rows)
    assert all(r["status_bron"] is None for r in results(client, "acties", {}) if r["status"] == "unknown")


# The reader's day: a file whose page shows a status or a figure on a day answers for `?datum=`.

DAY_BEFORE_PLANS = "2017-06-01"  # the national plan's first updates are later; Limburg's register already started
DATED = sorted(dataset.slug for dataset in DATASETS if "datum" in [f.strip() for f in dataset.filters.split(",")])
FILES = [(dataset.slug, url) for dataset in DATASETS for url in (dataset.csv_url, dataset.json_url)] + [
    ("plan workbook", "/plannen/actieplan-pleegzorg-2017-2018.xlsx")]


def test_every_dataset_whose_page_takes_a_day_declares_it():
    assert DATED == ["acties", "doelen", "gemeenten", "provincies"]


@pytest.mark.parametrize(("slug", "url"), FILES, ids=[url for _, url in FILES])
def test_a_file_answers_for_the_readers_day_or_refuses_an_impossible_one(client, slug, url):
    """A dated file never answers for today when another day was asked; an undated one ignores the day."""
    today = client.get(url)
    assert today.status_code == 200
    for impossible in ("2999-01-01", "31/02/2024", "1999-12-31"):
        refused = client.get(url, {"datum": impossible})
        if slug in DATED or slug == "plan workbook":
            assert refused.status_code == 400, (url, impossible)
            page = refused.content.decode()
            assert f"Geen bestand voor de datum “{impossible}”" in page
        else:
            assert refused.status_code == 200 and refused.content == today.content, (url, impossible)
    earlier = client.get(url, {"datum": DAY_BEFORE_PLANS})
    assert earlier.status_code == 200
    if slug in DATED:
        assert earlier.content != today.content, f"{url} ignores ?datum="
        if url.endswith(".json"):
            rows = json.loads(earlier.content)["results"]
            assert rows and {row["peildatum"] for row in rows} == {DAY_BEFORE_PLANS}


def test_the_actions_and_targets_of_a_day_count_only_what_was_known_that_day(client):
    from actions.models import ProgressUpdate

    def known_on(day):
        return {(row["plan"], row["actie"]): row["status_datum"] for row in results(client, "acties", {"datum": day})
                if row["status"] != "unknown"}

    first = ProgressUpdate.objects.filter(action__isnull=False).exclude(status="").order_by("date").first()
    assert known_on((first.date - datetime.timedelta(days=1)).isoformat()) == {}
    assert (first.action.line.plan.slug, first.action.number) in known_on(first.date.isoformat())
    target = Target.objects.order_by("pk").first()
    first = ProgressUpdate.objects.create(target=target, date=datetime.date(2018, 1, 1), measured_value=10, source="meting 1")
    ProgressUpdate.objects.create(target=target, date=datetime.date(2018, 6, 1), measured_value=20, source="meting 2")
    before = {row["indicator"]: row for row in results(client, "doelen", {"datum": (first.date - datetime.timedelta(days=1)).isoformat()})}
    on = {row["indicator"]: row for row in results(client, "doelen", {"datum": first.date.isoformat()})}
    assert before[target.indicator]["laatste_meting"] is None and before[target.indicator]["laatste_meting_bron"] is None
    assert on[target.indicator]["laatste_meting_datum"] == first.date.isoformat()
    assert on[target.indicator]["laatste_meting_bron"] == first.source


def test_a_status_carries_its_source_and_an_inferred_none_says_so(client):
    from municipalities.models import RegisterCompleteness, StatusEvent

    day = datetime.date(2023, 12, 31)
    rows = {row["code"]: row for row in results(client, "gemeenten", {"datum": day.isoformat()})}
    herstappe, limburg = rows["73028"], RegisterCompleteness.objects.covering(day).get(province__iso_code="BE-VLI")
    assert (herstappe["status"], herstappe["status_afgeleid"], herstappe["status_bron"]) == ("none", True, limburg.source)
    stated = [row for row in rows.values() if row["status"] in ("registered", "candidate", "stopped")]
    assert stated
    for row in stated:
        event = StatusEvent.objects.filter(municipality__code=row["code"], date=row["status_datum"]).first()
        assert row["status_afgeleid"] is False and row["status_bron"] == event.source, row["code"]
    unknown = [row for row in rows.values() if row["status"] == "unknown"]
    assert unknown and all(row["status_bron"] is None and row["status_afgeleid"] is False for row in unknown)
    dutch = rows["GM0420"]
    assert (dutch["status"], dutch["status_bron"], dutch["status_afgeleid"]) == (None, None, None)
