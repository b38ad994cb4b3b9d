import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from initiatives.models import ParliamentaryQuestion
from municipalities.models import StatusEvent

from .conftest import DAY, export, open_workbook

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


def test_download_tied_to_a_question_has_its_title_block(client, register):
    question = ParliamentaryQuestion.objects.get(number="26")
    response = client.get(reverse("initiatives:annex_xlsx"), {"datum": "2023-12-31", "vraag": question.pk})
    values = [c.value for row in open_workbook(response.content)["Overzicht"].iter_rows() for c in row]
    assert "Brecht Warnez" in values


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
        ({"datum": "2023-12-31", "vraag": "999999"}, "Selecteer een geldige keuze"),
        ({"datum": "2023-12-31", "vraag": "'; DROP TABLE x; --"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_dates_get_a_dutch_message_on_the_form(client, params, message):
    response = client.get(reverse("initiatives:annex_xlsx"), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def upload(client, content, name="bijlage.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("admin:initiatives_initiative_import"), {"file": SimpleUploadedFile(name, content)})


def test_admin_import_previews_then_writes_only_after_confirmation(admin_client, register):
    content = export(DAY(2023, 12, 31))
    StatusEvent.objects.filter(municipality__code="31005").delete()
    preview = upload(admin_client, content)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "1 nieuw" in text and "Import bevestigen" in text
    assert not StatusEvent.objects.filter(municipality__code="31005").exists()
    token = preview.context["token"]
    done = admin_client.post(reverse("admin:initiatives_initiative_import"), {"token": token})
    assert done.status_code == 302
    assert StatusEvent.objects.filter(municipality__code="31005").exists()
    again = admin_client.post(reverse("admin:initiatives_initiative_import"), {"token": token}, follow=True)
    assert "verlopen of al uitgevoerd" in again.content.decode()


def test_admin_import_shows_row_errors_and_offers_no_confirmation(admin_client, register):
    response = upload(admin_client, b"not a workbook")
    assert "geen Excel-werkmap" in response.content.decode()
    assert response.context.get("token") is None


def test_viewer_cannot_import(client, register):
    user = User.objects.create_user("lezer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Lezer"))
    client.force_login(user)
    assert upload(client, export(DAY(2023, 12, 31))).status_code == 403


def test_editor_may_import(client, register):
    user = User.objects.create_user("redacteur", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(user)
    assert upload(client, export(DAY(2023, 12, 31))).status_code == 200
