import pytest
from django.urls import reverse

from actions.models import Action, Plan

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:actions_action_changelist"


def national_actions(*numbers):
    return Action.objects.filter(line__plan__slug="actieplan-pleegzorg-2017-2018", number__in=numbers)


def test_bulk_action_sets_the_status_and_keeps_history(admin_client):
    selected = national_actions("3.5", "3.6")
    response = admin_client.post(reverse(CHANGELIST), {"action": "mark_done", "_selected_action": [a.pk for a in selected]})
    assert response.status_code == 302
    assert set(national_actions("3.5", "3.6").values_list("status", flat=True)) == {"done"}
    assert national_actions("3.5").get().history.latest().history_user.username == "admin"


def test_bulk_action_sets_the_timing_through_a_form(admin_client):
    selected = [a.pk for a in national_actions("3.6", "3.7")]
    form = admin_client.post(reverse(CHANGELIST), {"action": "set_timing", "_selected_action": selected})
    assert form.status_code == 200 and "timing_text" in form.content.decode()
    done = admin_client.post(reverse(CHANGELIST), {"action": "set_timing", "_selected_action": selected,
                                                    "timing_text": "1e kwartaal 2018", "apply": "1"})
    assert done.status_code == 302
    action = national_actions("3.6").get()
    assert action.timing_text == "1e kwartaal 2018" and action.period_end.isoformat() == "2018-03-31"


def test_admin_shows_the_parsed_period_next_to_the_text(admin_client):
    response = admin_client.get(reverse(CHANGELIST), {"q": "Lange termijn"})
    text = response.content.decode()
    assert "niet herkend" in text
    action = national_actions("3.5").get()
    page = admin_client.get(reverse("admin:actions_action_change", args=[action.pk])).content.decode()
    assert "01/11/2017 – 08/11/2017" in page


def test_plan_validation_messages_are_dutch(admin_client):
    plan = Plan.objects.get(slug="medemblik-meer-pleeggezinnen-fase-2")
    page = admin_client.get(reverse("admin:actions_plan_change", args=[plan.pk]))
    assert page.status_code == 200
    data = {
        "slug": plan.slug, "title": plan.title, "kind": plan.kind, "owner": plan.owner_id, "source": plan.source,
        "start_date": "2018-12-31", "end_date": "2017-11-20",
        "lines-TOTAL_FORMS": 0, "lines-INITIAL_FORMS": 0, "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:actions_plan_change", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "De einddatum kan niet vóór de begindatum liggen." in response.content.decode()


def test_every_admin_list_of_the_plans_opens(admin_client):
    for model in ("organisation", "plan", "line", "action", "target", "adoption"):
        assert admin_client.get(reverse(f"admin:actions_{model}_changelist")).status_code == 200
