"""Status-event sequences stay valid on every write path: single and bulk deletes, moves, bulk
updates, inline formsets and two officers at the same moment (municipalities/models/status.py)."""

import datetime
import subprocess
import sys
import textwrap

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from initiatives import annex
from initiatives.models import ParliamentaryQuestion
from municipalities.models import Municipality, StatusEvent
from tests.admin_forms import form_data
from tests.support import REPO_ROOT, create_database, manage, server_environment

pytestmark = pytest.mark.django_db
DAY = datetime.date


def add(municipality, kind, day):
    return StatusEvent.objects.create(municipality=municipality, kind=kind, date=day, source="test")


@pytest.fixture
def towns():
    """Aartselaar: registered 2020, stopped 2022. Antwerpen: no events."""
    aartselaar, antwerpen = Municipality.objects.get(code="11001"), Municipality.objects.get(code="11002")
    assert not aartselaar.status_events.exists() and not antwerpen.status_events.exists()
    registered = add(aartselaar, "registered", DAY(2020, 1, 1))
    stopped = add(aartselaar, "stopped", DAY(2022, 1, 1))
    return aartselaar, antwerpen, registered, stopped


def kinds(municipality):
    return list(municipality.status_events.order_by("date").values_list("kind", flat=True))


def messages_of(response):
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_deleting_one_event_through_the_admin_cannot_leave_an_impossible_sequence(admin_client, towns):
    aartselaar, _, registered, _ = towns
    response = admin_client.post(
        reverse("admin:municipalities_statusevent_delete", args=[registered.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert "Aartselaar" in messages_of(response) and "kan niet" in messages_of(response)
    assert kinds(aartselaar) == ["registered", "stopped"]


def test_a_bulk_delete_is_judged_per_municipality_and_is_all_or_nothing(admin_client, towns):
    aartselaar, antwerpen, registered, _ = towns
    candidate = add(antwerpen, "candidate", DAY(2021, 1, 1))
    response = admin_client.post(
        reverse("admin:municipalities_statusevent_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [registered.pk, candidate.pk]},
    )
    assert response.status_code == 302
    assert "Er is niets gewijzigd" in messages_of(response)
    assert kinds(aartselaar) == ["registered", "stopped"] and kinds(antwerpen) == ["candidate"]


def test_deleting_every_event_at_once_is_allowed(admin_client, towns):
    aartselaar, _, registered, stopped = towns
    admin_client.post(
        reverse("admin:municipalities_statusevent_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [registered.pk, stopped.pk]},
    )
    assert kinds(aartselaar) == []


def test_the_inline_formset_is_judged_on_its_result_not_on_its_steps(admin_client, towns):
    aartselaar = towns[0]
    url = reverse("admin:municipalities_municipality_change", args=[aartselaar.pk])
    data = form_data(admin_client.get(url))
    data["status_events-0-DELETE"] = "on"
    data["status_events-1-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert kinds(aartselaar) == []


def test_moving_an_event_to_another_municipality_judges_both(admin_client, towns):
    aartselaar, antwerpen, registered, _ = towns
    url = reverse("admin:municipalities_statusevent_change", args=[registered.pk])
    data = form_data(admin_client.get(url))
    data["municipality"] = antwerpen.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302 and "Aartselaar" in messages_of(response)
    assert kinds(aartselaar) == ["registered", "stopped"] and kinds(antwerpen) == []


def test_querysets_refuse_bulk_writes_that_break_a_sequence(towns):
    aartselaar, antwerpen, registered, _ = towns
    with pytest.raises(ValidationError, match="Aartselaar"):
        StatusEvent.objects.filter(pk=registered.pk).delete()
    with pytest.raises(ValidationError, match="Aartselaar"):
        StatusEvent.objects.filter(pk=registered.pk).update(municipality=antwerpen)
    assert kinds(aartselaar) == ["registered", "stopped"]


def test_mark_answered_in_bulk_is_all_or_nothing(admin_client):
    draft = ParliamentaryQuestion.objects.create(
        number="99", date=DAY(2024, 1, 5), asker="A", minister="M", subject="S", reference_date=DAY(2024, 1, 1)
    )
    answered = ParliamentaryQuestion.objects.create(
        number="98", date=DAY(2024, 1, 5), asker="A", minister="M", subject="S", reference_date=DAY(2024, 1, 1)
    )
    annex.answer_question(answered)
    response = admin_client.post(
        reverse("admin:initiatives_parliamentaryquestion_changelist"),
        {"action": "mark_answered", "_selected_action": [draft.pk, answered.pk]},
    )
    assert response.status_code == 302 and "Er is niets gewijzigd" in messages_of(response)
    assert ParliamentaryQuestion.objects.get(pk=draft.pk).state == "draft"


def test_an_answered_question_offers_no_save_and_a_save_is_a_message(admin_client):
    question = ParliamentaryQuestion.objects.create(
        number="97", date=DAY(2024, 1, 5), asker="A", minister="M", subject="S", reference_date=DAY(2024, 1, 1)
    )
    annex.answer_question(question)
    url = reverse("admin:initiatives_parliamentaryquestion_change", args=[question.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert "beantwoord" in messages_of(page)
    response = admin_client.post(url, {"subject": "Anders"})
    assert response.status_code == 302 and "beantwoord" in messages_of(response)
    assert ParliamentaryQuestion.objects.get(pk=question.pk).subject == "S"


# Two officers record an appointment for the same municipality at the same moment, each in
# their own process and transaction: exactly one may win; the other gets the Dutch refusal.
OFFICER = textwrap.dedent("""
    import sys, time, datetime, pathlib
    import django; django.setup()
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from municipalities.models import Municipality, StatusEvent
    go, year = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    town = Municipality.objects.get(code="11001")
    while not go.exists():
        time.sleep(0.01)
    try:
        with transaction.atomic():
            StatusEvent(municipality=town, kind="registered", date=datetime.date(year, 1, 1), source="t").save()
            time.sleep(1)  # hold the transaction open: the other officer arrives meanwhile
        print("SAVED")
    except ValidationError as error:
        print("REFUSED", *error.messages)
""")


def test_two_officers_at_the_same_moment_cannot_both_register(tmp_path):
    database = create_database()
    try:
        env = server_environment(database.url, "x")
        manage(env, "migrate", "--noinput")
        manage(
            env,
            "shell",
            "-c",
            "from municipalities.models import Municipality, Province; Municipality.objects.create("
            "code='11001', name='Aartselaar', province=Province.objects.create(iso_code='BE-VAN', country='BE', name='Antwerpen'))",
        )
        go = tmp_path / "go"
        officers = [
            subprocess.Popen(
                [sys.executable, "-c", OFFICER, str(go), str(year)],
                cwd=REPO_ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for year in (2020, 2021)
        ]
        go.touch()
        results = [officer.communicate(timeout=120) for officer in officers]
        outcomes = sorted(out.split()[0] if out else err[-500:] for out, err in results)
        assert outcomes == ["REFUSED", "SAVED"], results
        assert any("kan niet volgen" in out for out, _ in results), results
    finally:
        database.drop()


def test_bulk_create_and_bulk_update_are_judged_like_single_saves(towns):
    aartselaar, antwerpen, registered, _ = towns
    with pytest.raises(ValidationError, match="Aartselaar"), transaction.atomic():
        StatusEvent.objects.bulk_create(
            [StatusEvent(municipality=aartselaar, kind="registered", date=datetime.date(2021, 1, 1), source="t")]
        )
    registered.municipality = antwerpen
    with pytest.raises(ValidationError, match="Aartselaar"), transaction.atomic():
        StatusEvent.objects.bulk_update([registered], ["municipality"])
    assert kinds(aartselaar) == ["registered", "stopped"] and kinds(antwerpen) == []
