import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from initiatives import annex
from initiatives.models import ParliamentaryQuestion
from municipalities.models import EditorProvince, Province, StatusEvent

from .conftest import DAY, confirm, export, open_workbook, token_of, upload

pytestmark = pytest.mark.django_db


def test_annex_page_has_the_form_with_today(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("initiatives:annex"))
    text = response.content.decode()
    assert "Bijlage voor een parlementaire vraag" in text
    assert f'value="{datetime.date.today().isoformat()}"' in text
    assert 'type="date"' in text


def test_download_returns_the_workbook(client, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):
        response = client.get(reverse("initiatives:annex_xlsx"), {"datum": "2023-12-31", "sinds": "2023-01-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bijlage-pleegzorggemeenten-2023-12-31.xlsx"'
    assert open_workbook(response.content).sheetnames[-1] == "Wat is er veranderd"


def test_download_of_a_question_is_its_archived_annex_never_one_built_under_its_heading(client, register):
    # The rules in full: test_question_annex_rules.py.
    question = ParliamentaryQuestion.objects.get(number="26")
    draft = client.get(reverse("initiatives:annex_xlsx"), {"vraag": question.pk})
    assert draft.status_code == 400 and "Brecht Warnez" not in draft.content.decode()
    annex.answer_question(question)
    response = client.get(reverse("initiatives:annex_xlsx"), {"vraag": question.pk}, follow=True)
    assert response.status_code == 200
    assert response.content == bytes(ParliamentaryQuestion.objects.get(pk=question.pk).annex)


def test_download_without_date_uses_today(client):
    response = client.get(reverse("initiatives:annex_xlsx"))
    assert response.status_code == 200
    assert datetime.date.today().isoformat() in response["Content-Disposition"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"datum": "2023-02-30"}, "Voer een geldige datum in"),
        ({"datum": "gisteren"}, "Voer een geldige datum in"),
        ({"datum": "2099-01-01"}, "De datum kan niet in de toekomst liggen."),
        ({"datum": "1999-01-01"}, "Het register begint in 2014"),
        ({"datum": "2023-12-31", "sinds": "2024-01-01"}, "De vergelijkingsdatum moet vóór de peildatum liggen."),
        ({"vraag": "999999"}, "Kies een beantwoorde schriftelijke vraag uit de lijst"),
        ({"vraag": "'; DROP TABLE x; --"}, "Kies een beantwoorde schriftelijke vraag uit de lijst"),
    ],
)
def test_bad_dates_get_a_dutch_message_on_the_form(client, params, message):
    response = client.get(reverse("initiatives:annex_xlsx"), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_admin_import_previews_then_writes_only_after_confirmation(admin_client, register):
    content = export(DAY(2023, 12, 31))
    StatusEvent.objects.filter(municipality__code="31005").delete()
    uploaded = upload(admin_client, content)
    token = token_of(uploaded)  # a valid upload is parked and the browser sent on to its preview
    assert token and not StatusEvent.objects.filter(municipality__code="31005").exists()
    preview = admin_client.get(uploaded["Location"])
    assert preview.status_code == 200 and preview.context["token"] == token
    text = preview.content.decode()
    assert "1 nieuw" in text and "Import bevestigen" in text
    assert not StatusEvent.objects.filter(municipality__code="31005").exists()
    done = confirm(admin_client, token)
    assert done.status_code == 302
    assert StatusEvent.objects.filter(municipality__code="31005").exists()
    again = confirm(admin_client, token, follow=True)
    assert "verlopen of al uitgevoerd" in again.content.decode()


def test_admin_import_shows_row_errors_and_offers_no_confirmation(admin_client, register):
    response = upload(admin_client, b"not a workbook")
    assert response.status_code == 200 and token_of(response) is None
    assert "geen Excel-werkmap" in response.content.decode()
    assert response.context.get("token") is None


def test_admin_import_requires_a_source(admin_client, register):
    response = upload(admin_client, export(DAY(2023, 12, 31)), source="")
    assert response.status_code == 200 and token_of(response) is None
    assert "Dit veld is verplicht." in response.content.decode()


def test_viewer_cannot_import(client, register):
    user = User.objects.create_user("lezer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Lezer"))
    client.force_login(user)
    assert upload(client, export(DAY(2023, 12, 31))).status_code == 403


def test_editor_may_import_into_their_provinces_only(client, register):
    user = User.objects.create_user("redacteur", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(user)
    refused = client.get(reverse("admin:initiatives_initiative_import"), follow=True)
    assert "U bent aan geen enkele provincie gekoppeld" in refused.content.decode()  # none granted: none
    EditorProvince.objects.create(user=user, province=Province.objects.get(iso_code="BE-VLI"))
    assert token_of(upload(client, export(DAY(2023, 12, 31))))
