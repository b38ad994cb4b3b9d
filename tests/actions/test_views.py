import datetime
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Line, Organisation, Plan, ProgressUpdate, Target

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"
MAX_QUERIES = {
    "plans": 6,
    "plan": 14,
    "organisation": 5,
    "recommendation": 4,
    "changes": 15,
    "xlsx": 4,
    "data": 5,
}  # + 1: "laatst bijgewerkt"
KNOWN = ("1.1", "2.1", "2.2", "2.4", "3.1", "4.1")  # the actions the plan itself describes as running


def get(client, name, *args, params=None):
    return client.get(reverse(f"actions:{name}", args=args), params or {})


def test_plan_list_shows_period_owner_status_counts_and_targets(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["plans"]):
        response = get(client, "plans")
    text = response.content.decode()
    assert "Actieplan Pleegzorg 2017-2018" in text and "20/11/2017 – 31/12/2018" in text
    rows = {
        plan.slug: (plan, counts, targets, measured) for plan, counts, targets, measured in response.context["rows"]
    }
    national, counts, targets, measured = rows[NATIONAL]
    assert (national.actions_total, targets, measured) == (19, 7, 0)
    assert counts.by_status == {"ongoing": 6, "unknown": 13}
    # Overdue only where a status is known; the rest say so instead of "te laat".
    assert (counts.overdue, counts.past_deadline_unknown) == (6, 13)
    assert "gepland: " not in text and "onbekend: 13" in text and "deadline verstreken, status onbekend: 13" in text
    # The overdue count is an inference and says what it rests on, marked as inferred, never "te laat".
    assert (
        '<li class="overdue inferred">termijn verstreken, niet als afgerond gemeld: 6 '
        '<small class="marker">(afgeleid)</small></li>'
    ) in text
    assert "te laat" not in text and "is een afleiding, geen woord van een bron" in text
    nvp = rows["nvp-gemeenteraadsverkiezingen-2026"]
    assert (nvp[1].overdue, nvp[1].past_deadline_unknown, nvp[1].unknown) == (0, 0, 7)
    # Progress counts statuses: no invented percentage, the unknown ones counted apart.
    assert (counts.known, counts.done, counts.done_share) == (6, 0, 0)
    assert "afgerond: 0 van de 6 acties met bekende status (0%); 13 acties met onbekende status, niet meegeteld" in text
    assert (
        nvp[1].done_share is None and "geen enkele status bekend; 7 acties met onbekende status, niet meegeteld" in text
    )
    assert "50%" not in text


def test_plan_page_lines_actions_targets_timeline_and_table(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["plan"]):
        response = get(client, "plan", NATIONAL)
    text = response.content.decode()
    assert text.count('<section class="line">') == 4
    assert "Verantwoordelijk / Resultaat / Wanneer" in text
    assert "<svg" in text and 'role="img"' in text
    # Deadlines are diamonds, never bars; windows are bars.
    assert text.count('class="tl-deadline"') == 6 and text.count('class="tl-window"') == 13
    assert 'id="actie-3.5"' in text and "periode 01/11/2017 – 08/11/2017" in text
    assert "uiterlijk 30/06/2019" in text and "uiterlijk 30/06/2017" in text
    assert text.count('<tr id="actie-') == 19
    assert text.count('class="overdue"') == 6 and text.count('class="past-deadline-unknown"') == 13 * 2
    assert text.count("deadline verstreken, status onbekend") >= 13
    rows = [chunk.split("</tr>")[0] for chunk in text.split('<tr id="actie-')[1:]]
    assert len(rows) == 19 and not any("gepland" in row for row in rows)
    assert "tenminste een 7" in text
    assert text.count('class="tl-update"') == 6  # the seeded progress updates on the timeline


def test_plan_page_shows_each_status_with_its_history_and_source(client):
    text = get(client, "plan", NATIONAL).content.decode()
    row = text.split('id="actie-3.1"')[1].split("</tr>")[0]
    assert "lopend" in row and "sinds 01/09/2015" in row and "Statusgeschiedenis" in row
    assert "In september 2015 is de campagne “Supergewone mensen gezocht” gestart" in row
    assert "Bron: Actieplan Pleegzorg 2017-2018 (ongedateerd), actielijn 3" in row
    # Deadline September 2018 passed, last known status "ongoing": an inference, marked as one.
    assert (
        'termijn verstreken; laatst bekend: lopend op 01/09/2015</strong> <small class="marker">(afgeleid)</small>'
        in row
    )
    assert "te laat" not in row
    unknown = text.split('id="actie-3.5"')[1].split("</tr>")[0]
    assert "onbekend" in unknown and "deadline verstreken, status onbekend" in unknown
    assert "termijn verstreken" not in unknown and "gepland" not in unknown and "Statusgeschiedenis" not in unknown


def test_medemblik_page_shows_kinds_in_words(client):
    text = get(client, "plan", "medemblik-meer-pleeggezinnen-fase-2").content.decode()
    assert "onder voorwaarde: tenzij er gekozen wordt voor een landelijke website" in text
    assert text.count("uiterlijk 30/06/2018") >= 5 and "doorlopend" in text
    assert "niet als periode te lezen" in text  # "Lange termijn" stays flagged


def test_query_count_does_not_grow_with_actions(client, django_assert_max_num_queries):
    line = Line.objects.get(plan__slug=NATIONAL, number=1)
    for number in range(40):
        Action.objects.create(line=line, number=f"9.{number}", title=f"Extra {number}", timing_text="2018")
    with django_assert_max_num_queries(MAX_QUERIES["plan"]):
        response = get(client, "plan", NATIONAL)
    assert response.content.decode().count("Extra ") >= 40


def test_filters_by_organisation_status_and_year(client):
    def numbers(params):
        return [a.number for a in get(client, "plan", NATIONAL, params=params).context["actions"]]

    responsible = Organisation.objects.filter(actions__line__plan__slug=NATIONAL).distinct().order_by("slug").first()
    assert numbers({"organisation": responsible.slug}) == [
        a.number
        for a in Action.objects.filter(line__plan__slug=NATIONAL, responsible=responsible).order_by(
            "line__number", "position"
        )
    ]
    assert numbers({"status": "done"}) == []
    assert numbers({"status": "ongoing"}) == list(KNOWN)
    assert len(numbers({"status": "unknown"})) == 13
    in_2019 = numbers({"year": "2019"})
    assert "2.1" in in_2019 and "4.4" in in_2019 and "3.6" not in in_2019


def test_organisation_filter_offers_only_the_plans_organisations(client):
    response = get(client, "plan", NATIONAL, params={"organisation": "lopor"})
    offered = {value for value, _ in response.context["filter"].form.fields["organisation"].choices if value}
    responsible = set(Organisation.objects.filter(actions__line__plan__slug=NATIONAL).values_list("slug", flat=True))
    assert offered == {str(slug) for slug in responsible} and "lopor" not in offered
    assert Organisation.objects.filter(slug="lopor").exists()  # it exists, just not in this plan
    assert "Selecteer een geldige keuze" in response.content.decode()


@pytest.mark.parametrize("year", ["abc", "99999", "2019.5", "1989"])
def test_a_bad_year_gets_a_dutch_message_and_filters_nothing(client, year):
    response = get(client, "plan", NATIONAL, params={"year": year})
    assert response.status_code == 200
    assert "Geef een jaar tussen 1990 en 2100, bijvoorbeeld 2019." in response.content.decode()
    assert len(response.context["actions"]) == Action.objects.filter(line__plan__slug=NATIONAL).count()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999999"},
        {"organisation": "nope"},
        {"status": "x"},
        {"status": "unknown"},
        {"status": "onbekend"},
    ],
)
def test_garbage_filters_are_not_errors(client, params):
    assert get(client, "plan", NATIONAL, params=params).status_code == 200


def test_latest_measurement_shows_as_a_bar(client):
    target = Target.objects.get(line__plan__slug=NATIONAL, target_value=60)
    ProgressUpdate.objects.create(target=target, date=datetime.date(2018, 6, 1), measured_value=45, source="test")
    text = get(client, "plan", NATIONAL).content.decode()
    meter = re.search(r'<meter min="0" max="([0-9.]+)" value="([0-9.]+)">', text)
    assert (float(meter[1]), float(meter[2])) == (60, 45)


def test_organisation_page_lists_its_actions_across_plans(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["organisation"]):
        response = get(client, "organisation", "nvp")
    grouped = {plan.slug: actions for plan, actions in response.context["grouped"]}
    assert NATIONAL in grouped
    text = response.content.decode()
    assert "Gemeenteraadsverkiezingen 2026" in text  # a plan it owns
    helpdesk = next(a for a in grouped[NATIONAL] if a.number == "2.2")
    assert (helpdesk.status, helpdesk.is_overdue) == ("ongoing", True)
    assert "eerstelijns-helpdesk" in text and "deadline verstreken, status onbekend" in text


def test_recommendation_page_groups_adopters_by_province_and_examples_apart(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["recommendation"]):
        response = get(client, "recommendation", "nvp-gemeenteraadsverkiezingen-2026", "1.1")
    assert response.context["grouped"] == []  # the guidance's examples are not adoptions
    [(quote, note, title, municipalities)] = response.context["examples"]
    assert len(municipalities) == 10 and "Groningen" in [m.name for m in municipalities]
    text = response.content.decode()
    assert "Ontregelaar Pleegzorg" in text
    assert response.context["recommendation"].status == "unknown" and "onbekend" in text


def test_recommendation_of_a_non_guidance_plan_is_404(client):
    assert get(client, "recommendation", NATIONAL, "1.1").status_code == 404
    assert get(client, "recommendation", "nvp-gemeenteraadsverkiezingen-2026", "9.9").status_code == 404


def test_changes_page_reads_the_audit_trail_including_status_changes(client, django_assert_max_num_queries):
    action = Action.objects.get(line__plan__slug=NATIONAL, number="3.5")
    old_title = action.title
    action.title = "Week van de Pleegzorg 2017"
    action.save()
    ProgressUpdate.objects.create(
        action=action, date=datetime.date(2017, 11, 10), status="done", source="Jaarverslag JN 2017", note="Gehouden."
    )
    with django_assert_max_num_queries(MAX_QUERIES["changes"]):
        response = get(client, "plan_changes", NATIONAL)
    first, second = response.context["history"].changes[:2]
    assert first.model_label == "voortgangsmelding" and first.kind == "added"
    assert (first.progress.about, first.progress.status, first.progress.date, first.progress.source) == (
        "3.5 Week van de Pleegzorg 2017",
        "afgerond",
        datetime.date(2017, 11, 10),
        "Jaarverslag JN 2017",
    )
    assert second.object_label.startswith("3.5") and [f.label for f in second.fields] == ["titel"]
    text = response.content.decode()
    assert f"titel: <del>{old_title}</del> → <ins>Week van de Pleegzorg 2017</ins>" in text
    assert 'Bron: <span class="source-text">Jaarverslag JN 2017</span>' in text
    assert '<time datetime="2015-09-01">01/09/2015</time>: <strong>lopend</strong>' in text  # the seeded updates too


def test_plan_downloads_as_excel_in_the_seed_layout(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["xlsx"]):
        response = get(client, "plan_xlsx", NATIONAL)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 4
    sheet = workbook[workbook.sheetnames[2]]
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["Actie", "Verantwoordelijk", "Resultaat", "Wanneer"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    training = next(row for row in rows if row[0].startswith("3.5"))
    assert training[3] == "1-8 november 2017" and training[5].date() == datetime.date(2017, 11, 1)
    assert (training[4], training[7]) == ("onbekend", "deadline verstreken, status onbekend")
    campaign = next(row for row in rows if row[0].startswith("3.1"))
    assert (campaign[4], campaign[5], campaign[6].date(), campaign[7]) == (
        "lopend (sinds 01/09/2015)",
        None,
        datetime.date(2018, 9, 30),
        "ja",
    )


def test_open_data_gives_the_derived_status_and_the_timing_kind(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["data"]):
        response = client.get(reverse("actions:actions_json"), {"plan": NATIONAL})
    rows = {row["actie"]: row for row in json.loads(response.content)["results"]}
    assert {n for n, row in rows.items() if row["status"] != "unknown"} == set(KNOWN)
    campaign = rows["3.1"]
    assert (campaign["status"], campaign["status_datum"], campaign["termijn_soort"], campaign["te_laat"]) == (
        "ongoing",
        "2015-09-01",
        "deadline",
        True,
    )
    assert (rows["3.5"]["te_laat"], rows["3.5"]["termijn_verstreken_status_onbekend"]) == (False, True)
    assert rows["3.5"]["voortgang"] is None and rows["3.5"]["status_datum"] is None
    medemblik = json.loads(
        client.get(reverse("actions:actions_json"), {"plan": "medemblik-meer-pleeggezinnen-fase-2"}).content
    )["results"]
    conditional = next(row for row in medemblik if row["actie"] == "2.1")
    assert conditional["termijn_voorwaarde"] == "tenzij er gekozen wordt voor een landelijke website"
    only_ongoing = json.loads(client.get(reverse("actions:actions_json"), {"status": "ongoing"}).content)
    assert only_ongoing["count"] == 7  # six national actions and Medemblik's national website
    csv_text = client.get(reverse("actions:actions_csv"), {"plan": NATIONAL}).content.decode("utf-8")
    header = csv_text.split("\r\n")[0].lstrip("\ufeff").split(";")
    assert {"status", "status_datum", "termijn_soort", "termijn_voorwaarde", "te_laat"} <= set(header)
    today = timezone.localdate().isoformat()
    assert f";deadline;;;2019-12-31;{today};unknown;" in csv_text and ";ongoing;2015-09-01;" in csv_text


def test_municipality_page_lists_plans_and_recommendations_that_cite_it(client):
    text = client.get(reverse("municipality", args=["GM0420"])).content.decode()
    assert "Actieplan meer pleeggezinnen" in text
    text = client.get(reverse("municipality", args=["GM0637"])).content.decode()  # Zoetermeer? not cited
    assert "Plannen die deze gemeente vermelden" not in text
    lansingerland = client.get(reverse("municipality", args=["GM1621"])).content.decode()
    assert "1.2" in lansingerland and "nvp-gemeenteraadsverkiezingen-2026/aanbevelingen/1.2/" in lansingerland


def test_unknown_plan_and_organisation_are_404(client):
    assert get(client, "plan", "bestaat-niet").status_code == 404
    assert get(client, "organisation", "bestaat-niet").status_code == 404
    assert Plan.objects.count() == 3
