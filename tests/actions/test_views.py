import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from actions.models import Action, Line, Plan, ProgressUpdate, Target

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"
MAX_QUERIES = {"plans": 4, "plan": 9, "organisation": 4, "recommendation": 3, "changes": 7, "xlsx": 4}


def get(client, name, *args, params=None):
    return client.get(reverse(f"actions:{name}", args=args), params or {})


def test_plan_list_shows_period_owner_status_counts_and_targets(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["plans"]):
        response = get(client, "plans")
    text = response.content.decode()
    assert "Actieplan Pleegzorg 2017-2018" in text and "20/11/2017 – 31/12/2018" in text
    rows = {plan.slug: (plan, targets, measured) for plan, targets, measured in response.context["rows"]}
    national, targets, measured = rows[NATIONAL]
    assert (national.actions_total, national.count_planned, targets, measured) == (19, 19, 7, 0)
    assert national.overdue == 19 - 0  # every action of 2017-2019 is still "planned"
    assert rows["nvp-gemeenteraadsverkiezingen-2026"][0].overdue == 0


def test_plan_page_lines_actions_targets_timeline_and_table(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["plan"]):
        response = get(client, "plan", NATIONAL)
    text = response.content.decode()
    assert text.count('<section class="line">') == 4
    assert "Verantwoordelijk / Resultaat / Wanneer" in text
    assert "<svg" in text and 'role="img"' in text and text.count('class="bar status-') == 19
    assert 'id="actie-3.5"' in text and "01/11/2017 – 08/11/2017" in text
    assert text.count('class="overdue"') == 19
    assert text.count(' overdue"/>') == 19  # hatched bars in the timeline
    assert "tenminste een 7" in text


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

    assert numbers({"organisation": "lopor"}) == [a.number for a in Action.objects.filter(
        line__plan__slug=NATIONAL, responsible__short_name="LOPOR").order_by("line__number", "position")]
    assert numbers({"status": "done"}) == []
    in_2019 = numbers({"year": "2019"})
    assert "2.1" in in_2019 and "4.4" in in_2019 and "3.6" not in in_2019


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "99999999"}, {"organisation": "nope"}, {"status": "x"}])
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
    assert "Gemeenteraadsverkiezingen 2026" in response.content.decode()  # a plan it owns


def test_recommendation_page_groups_adopters_by_province(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["recommendation"]):
        response = get(client, "recommendation", "nvp-gemeenteraadsverkiezingen-2026", "1.1")
    provinces = [province.name for province, _ in response.context["grouped"]]
    assert provinces == ["Groningen"]
    assert "Ontregelaar Pleegzorg" in response.content.decode()


def test_recommendation_of_a_non_guidance_plan_is_404(client):
    assert get(client, "recommendation", NATIONAL, "1.1").status_code == 404
    assert get(client, "recommendation", "nvp-gemeenteraadsverkiezingen-2026", "9.9").status_code == 404


def test_changes_page_reads_the_audit_trail(client, django_assert_max_num_queries):
    action = Action.objects.get(line__plan__slug=NATIONAL, number="3.5")
    action.status = "done"
    action.save()
    with django_assert_max_num_queries(MAX_QUERIES["changes"]):
        response = get(client, "plan_changes", NATIONAL)
    first = response.context["changes"][0]
    assert first.object_label.startswith("3.5") and first.fields == ["status"]
    assert "gewijzigd: status" in response.content.decode()


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
