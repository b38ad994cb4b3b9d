"""A municipality born of a merger gets a status only when an officer records one, with a source."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from municipalities.models import Municipality, RegisterCompleteness, StatusEvent

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:municipalities_municipality_changelist")


def status(code, day):
    return Municipality.objects.with_status_on(day).get(code=code).status


def messages_of(response):
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_the_action_asks_for_a_source_then_records_the_common_status_as_an_inference(admin_client):
    hasselt = Municipality.objects.get(code="71072")
    form = admin_client.post(
        CHANGELIST, {"action": "record_status_from_predecessors", "_selected_action": [hasselt.pk]}
    )
    assert form.status_code == 200 and 'name="source"' in form.content.decode()
    assert not hasselt.status_events.exists()
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "record_status_from_predecessors",
            "apply": "1",
            "_selected_action": [hasselt.pk],
            "source": "Gemeenteraad Hasselt, 2025",
        },
    )
    assert response.status_code == 302
    event = hasselt.status_events.get()
    assert (event.kind, event.date, event.source) == (
        "registered",
        datetime.date(2025, 1, 1),
        "Gemeenteraad Hasselt, 2025",
    )
    assert event.note.startswith("Afgeleid uit haar voorgangers op 31/12/2024")
    assert status("71072", datetime.date(2025, 6, 1)) == "registered"


def test_predecessors_with_different_or_unknown_statuses_record_nothing_at_all(admin_client):
    hasselt, pajottegem = Municipality.objects.get(code="71072"), Municipality.objects.get(code="23106")
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "record_status_from_predecessors",
            "apply": "1",
            "_selected_action": [hasselt.pk, pajottegem.pk],
            "source": "x",
        },
    )
    assert response.status_code == 302
    assert "Pajottegem: haar voorgangers hadden niet allemaal dezelfde status" in messages_of(response)
    assert not StatusEvent.objects.filter(municipality__in=[hasselt, pajottegem]).exists()


def test_the_municipality_page_shows_the_predecessors_status_as_a_note(client):
    text = client.get(reverse("municipality", args=["71072"])).content.decode()
    assert "Nieuwe gemeente sinds de fusie: nog geen eigen status geregistreerd." in text
    assert "al haar voorgangers de status “pleegzorggemeente”" in text
    assert "onbekend" in text


def test_only_an_administrator_records_the_completeness_of_the_register():
    record = RegisterCompleteness.objects.get(province__iso_code="BE-VLI")
    url = reverse("admin:municipalities_registercompleteness_change", args=[record.pk])
    for role, can_change in (("Lezer", False), ("Redacteur", False), ("Beheerder", True)):
        user = User.objects.create_user(role, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert ('name="_save"' in page.content.decode()) is can_change, role
