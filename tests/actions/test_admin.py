import datetime

import pytest
from django.urls import reverse

from actions.models import Action, Plan, ProgressUpdate

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:actions_action_changelist"
NATIONAL = "actieplan-pleegzorg-2017-2018"


def national_actions(*numbers):
    return Action.objects.filter(line__plan__slug=NATIONAL, number__in=numbers)


def statuses(*numbers):
    return dict(national_actions(*numbers).with_status().values_list("number", "status"))


def test_bulk_status_asks_for_the_evidence_and_records_progress_updates(admin_client):
    selected = [a.pk for a in national_actions("3.5", "3.6")]
    form = admin_client.post(reverse(CHANGELIST), {"action": "mark_done", "_selected_action": selected})
    assert form.status_code == 200
    page = form.content.decode()
    assert 'name="source"' in page and 'name="note"' in page and 'name="date"' in page
    assert not ProgressUpdate.objects.filter(action__in=selected).exists()
    done = admin_client.post(
        reverse(CHANGELIST),
        {
            "action": "mark_done",
            "_selected_action": selected,
            "apply": "1",
            "date": "15/11/2017",
            "source": "Jaarverslag JN 2017, p. 4",
            "note": "De Week van de Pleegzorg is gehouden.",
        },
    )
    assert done.status_code == 302
    assert statuses("3.5", "3.6") == {"3.5": "done", "3.6": "done"}
    update = ProgressUpdate.objects.get(action__number="3.5", action__line__plan__slug=NATIONAL)
    assert (update.date, update.source, update.status) == (
        datetime.date(2017, 11, 15),
        "Jaarverslag JN 2017, p. 4",
        "done",
    )
    assert update.history.latest().history_user.username == "admin"


@pytest.mark.parametrize(
    "evidence",
    [
        {"date": "15/11/2017", "source": "", "note": "x"},
        {"date": "15/11/2017", "source": "Jaarverslag", "note": ""},
        {"date": "", "source": "Jaarverslag", "note": "x"},
        {"date": "31/12/2999", "source": "Jaarverslag", "note": "x"},
        {"date": "niet-een-datum", "source": "Jaarverslag", "note": "x"},
    ],
)
def test_bulk_status_without_valid_evidence_records_nothing(admin_client, evidence):
    selected = [a.pk for a in national_actions("3.5", "3.6")]
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "mark_done", "_selected_action": selected, "apply": "1", **evidence}
    )
    assert response.status_code == 200
    assert not ProgressUpdate.objects.filter(action__in=selected).exists()
    assert statuses("3.5", "3.6") == {"3.5": "unknown", "3.6": "unknown"}


def test_bulk_status_is_all_or_nothing_when_one_update_predates_its_plan(admin_client):
    medemblik = Action.objects.get(line__plan__slug="medemblik-meer-pleeggezinnen-fase-2", number="1.1")
    selected = [national_actions("3.5").get().pk, medemblik.pk]
    response = admin_client.post(
        reverse(CHANGELIST),
        {
            "action": "mark_ongoing",
            "_selected_action": selected,
            "apply": "1",
            "date": "01/06/2017",
            "source": "Nieuwsbrief",
            "note": "Gestart.",
        },
    )
    assert response.status_code == 200
    assert "vóór de start van het plan (20/11/2017)" in response.content.decode()
    assert not ProgressUpdate.objects.filter(action__in=selected).exists()


def test_unknown_cannot_be_set_and_the_list_filters_on_the_derived_status(admin_client):
    page = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="mark_done"' in page and 'value="mark_unknown"' not in page
    ongoing = admin_client.get(reverse(CHANGELIST), {"status": "ongoing", "q": "Supergewone"})
    assert ongoing.context["cl"].result_count == 1 and "lopend (01/09/2015)" in ongoing.content.decode()
    unknown = admin_client.get(reverse(CHANGELIST), {"status": "unknown", "q": "Supergewone"}).context["cl"].result_list
    assert len(unknown) > 0 and all(a.status == "unknown" for a in unknown)
    assert ("3.1", NATIONAL) not in {(a.number, a.line.plan.slug) for a in unknown}
    assert admin_client.get(reverse(CHANGELIST), {"status": "ongoing"}).context["cl"].result_count == 7


def test_bulk_action_sets_the_timing_through_a_form(admin_client):
    selected = [a.pk for a in national_actions("3.6", "3.7")]
    form = admin_client.post(reverse(CHANGELIST), {"action": "set_timing", "_selected_action": selected})
    assert form.status_code == 200 and "timing_text" in form.content.decode()
    done = admin_client.post(
        reverse(CHANGELIST),
        {"action": "set_timing", "_selected_action": selected, "timing_text": "1e kwartaal 2018", "apply": "1"},
    )
    assert done.status_code == 302
    action = national_actions("3.6").get()
    assert action.timing_text == "1e kwartaal 2018" and action.period_end.isoformat() == "2018-03-31"
    assert action.timing_kind == "window"


def test_admin_shows_the_parsed_period_next_to_the_text(admin_client):
    response = admin_client.get(reverse(CHANGELIST), {"q": "Lange termijn"})
    text = response.content.decode()
    assert "niet herkend" in text
    action = national_actions("3.5").get()
    page = admin_client.get(reverse("admin:actions_action_change", args=[action.pk])).content.decode()
    assert "periode 01/11/2017 – 08/11/2017" in page
    deadline = national_actions("2.1").get()
    page = admin_client.get(reverse("admin:actions_action_change", args=[deadline.pk])).content.decode()
    assert "uiterlijk 30/06/2019" in page and "lopend (01/03/2017)" in page


def test_plan_validation_messages_are_dutch(admin_client):
    plan = Plan.objects.get(slug="medemblik-meer-pleeggezinnen-fase-2")
    page = admin_client.get(reverse("admin:actions_plan_change", args=[plan.pk]))
    assert page.status_code == 200
    data = {
        "slug": plan.slug,
        "title": plan.title,
        "kind": plan.kind,
        "source": plan.source,
        "start_date": "2018-12-31",
        "end_date": "2017-11-20",
        "lines-TOTAL_FORMS": 0,
        "lines-INITIAL_FORMS": 0,
        "targets-TOTAL_FORMS": 0,
        "targets-INITIAL_FORMS": 0,
    }
    response = admin_client.post(reverse("admin:actions_plan_change", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "De einddatum kan niet vóór de begindatum liggen." in response.content.decode()


def test_every_admin_list_of_the_plans_opens(admin_client):
    for model in ("organisation", "plan", "line", "action", "target", "adoption"):
        assert admin_client.get(reverse(f"admin:actions_{model}_changelist")).status_code == 200
