"""The yearly annex cycle, public side: a question's annex is what was sent, drafts are built by staff
only at the question's own reference date, and staff alone may export one province."""

import datetime
import hashlib
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from initiatives import annex
from initiatives.models import ParliamentaryQuestion
from municipalities.models import EditorProvince, Province, StatusEvent

from .conftest import DAY, cells, export, open_workbook

pytestmark = pytest.mark.django_db

FORM, DOWNLOAD = "/bijlage/", "/bijlage.xlsx"


@pytest.fixture
def draft():
    """Written question nr. 26 as seeded: a draft, reference date 31/12/2023."""
    return ParliamentaryQuestion.objects.get(number="26", date=DAY(2023, 10, 5))


@pytest.fixture
def answered(register):
    """A second question, answered: its annex archived with the register fixture in place."""
    question = ParliamentaryQuestion.objects.create(
        number="412", date=DAY(2024, 2, 1), asker="Vrager Beantwoord", minister="M", subject="Beantwoorde vraag",
        reference_date=DAY(2023, 12, 31), since=DAY(2023, 1, 1),
    )
    annex.answer_question(question)
    return ParliamentaryQuestion.objects.get(pk=question.pk)


@pytest.fixture
def damaged(db):
    """An answered question whose stored bytes no longer match their SHA-256."""
    return ParliamentaryQuestion.objects.create(
        number="99", date=DAY(2024, 3, 1), asker="A", minister="M", subject="Beschadigd archief",
        reference_date=DAY(2024, 1, 1), state="answered", annex=b"not the archived bytes",
        annex_sha256="0" * 64, answered_at=timezone.now(),
    )


def staff_user(role="Lezer", *provinces, username="medewerker"):
    user = User.objects.create_user(username, password="x", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for iso in provinces:
        EditorProvince.objects.create(user=user, province=Province.objects.get(iso_code=iso))
    return user


def overview_values(content):
    return [c.value for row in open_workbook(content)["Overzicht"].iter_rows() for c in row if c.value]


def question_heading(content):
    """The value of the overview's "Schriftelijke vraag" row ("nr. .. van .., gesteld door .. aan .."), if any.
    (Sources cite question 26 elsewhere in every annex; only this row is the question's heading.)"""
    return [value for value in overview_values(content) if "gesteld door" in str(value)]


def comparable(workbook):
    """Every sheet's values with the moment of generation blanked out."""
    return {name: [[_blank_moment(value) for value in row] for row in rows] for name, rows in cells(workbook).items()}


def _blank_moment(value):
    """The moment of generation: in the source text, and as the "Gemaakt op" date and time."""
    if isinstance(value, str):
        return re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d", "<moment>", value)
    if isinstance(value, datetime.datetime) and value.time() != datetime.time(0):
        return "<moment>"
    return value


# --- the public form lists answered questions only --------------------------------------------


def test_the_form_offers_answered_questions_with_their_sha256_and_never_a_draft(
    client, draft, answered, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get(FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{answered.pk}">{answered}</option>' in html
    assert f'value="{draft.pk}"' not in html and str(draft) not in html
    assert f"<code>{answered.annex_sha256}</code>" in html
    assert 'name="provincie"' not in html


def test_without_answered_questions_the_form_says_so_and_shows_no_question_select(client, draft):
    html = client.get(FORM).content.decode()
    assert "Hier is nog geen schriftelijke vraag beantwoord" in html
    assert 'name="vraag"' not in html and str(draft) not in html


def test_the_staff_form_adds_the_belgian_provinces_in_few_queries(client, answered, django_assert_max_num_queries):
    client.force_login(staff_user())
    with django_assert_max_num_queries(5):
        response = client.get(FORM)
    html = response.content.decode()
    assert 'name="provincie"' in html
    for province in Province.objects.filter(country="BE"):
        assert f'<option value="{province.iso_code}">{province.name}</option>' in html
    assert 'value="NL-' not in html


# --- choosing an answered question serves the archived file, byte for byte -----------------------


def test_an_answered_question_leads_to_its_archived_bytes_after_the_sha256_check(client, answered):
    response = client.get(DOWNLOAD, {"vraag": answered.pk})
    assert response.status_code == 302
    assert response["Location"] == "/vragen/412-2024-02-01/bijlage.xlsx"
    archived = client.get(response["Location"])
    assert archived.status_code == 200
    assert archived.content == bytes(answered.annex)
    assert hashlib.sha256(archived.content).hexdigest() == answered.annex_sha256
    assert archived["Content-Disposition"] == 'attachment; filename="bijlage-pleegzorggemeenten-2023-12-31.xlsx"'


def test_the_archive_is_served_even_after_the_register_changed(client, answered):
    """Nothing is rebuilt: a later change to the register does not reach the archived annex."""
    StatusEvent.objects.filter(municipality__code="44021").delete()
    response = client.get(DOWNLOAD, {"vraag": answered.pk}, follow=True)
    assert hashlib.sha256(response.content).hexdigest() == answered.annex_sha256


def test_a_damaged_archive_chosen_on_the_form_is_refused_with_409_not_rebuilt(client, damaged):
    response = client.get(DOWNLOAD, {"vraag": damaged.pk}, follow=True)
    assert response.status_code == 409
    assert b"not the archived bytes" not in response.content
    assert "komt niet overeen" in response.content.decode()


@pytest.mark.parametrize("extra", [{"datum": "2023-06-30"}, {"sinds": "2023-01-01"}, {"provincie": "BE-VLI"}])
def test_a_question_with_its_own_dates_or_a_province_is_refused_not_silently_served(client, answered, extra):
    if "provincie" in extra:
        client.force_login(staff_user())
    response = client.get(DOWNLOAD, {"vraag": answered.pk, **extra})
    assert response.status_code == 400
    assert "laat de datums en de provincie leeg" in response.content.decode()


# --- a draft is never built on the public site ---------------------------------------------------


@pytest.mark.parametrize("value", ["draft", "999999", "-1", "1.5", "'; DROP TABLE x; --", "9" * 30])
def test_a_draft_or_unknown_question_is_a_dutch_form_error_never_its_heading(client, draft, answered, value):
    params = {"vraag": draft.pk if value == "draft" else value}
    response = client.get(DOWNLOAD, params)
    html = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Kies een beantwoorde schriftelijke vraag uit de lijst" in html
    assert draft.asker not in html and str(draft) not in html


def test_a_control_character_is_refused_before_the_form(client, draft):
    response = client.get(DOWNLOAD, {"vraag": "\x00"})
    assert response.status_code == 400 and str(draft) not in response.content.decode()


def test_a_draft_with_a_date_is_refused_too(client, draft):
    response = client.get(DOWNLOAD, {"datum": "2023-12-31", "vraag": draft.pk})
    assert response.status_code == 400
    assert "Brecht Warnez" not in response.content.decode()


def test_the_public_download_has_no_question_heading(client, draft, answered):
    response = client.get(DOWNLOAD, {"datum": "2023-12-31", "sinds": "2023-01-01"})
    assert response.status_code == 200
    assert "Schriftelijke vraag" not in overview_values(response.content)
    assert question_heading(response.content) == []
    assert question_heading(bytes(answered.annex))  # the helper does find a heading where there is one


def test_the_public_question_page_shows_the_sha256_to_verify(client, answered):
    html = client.get(answered.get_absolute_url()).content.decode()
    assert f"<code>{answered.annex_sha256}</code>" in html
    assert "sha256sum" in html


# --- staff build a draft's annex in the admin, at the question's reference date ------------------


def test_the_admin_draft_annex_is_built_at_the_questions_reference_date_and_since(client, register):
    question = ParliamentaryQuestion.objects.create(
        number="7", date=DAY(2024, 1, 10), asker="Vrager Concept", minister="M", subject="Concept",
        reference_date=DAY(2023, 6, 30), since=DAY(2023, 1, 1),
    )
    client.force_login(staff_user())
    page = client.get(reverse("admin:initiatives_parliamentaryquestion_change", args=[question.pk]))
    url = reverse("admin:initiatives_question_draft_annex", args=[question.pk])
    assert page.status_code == 200 and f'href="{url}"' in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="concept-bijlage-pleegzorggemeenten-2023-06-30.xlsx"'
    built, expected = open_workbook(response.content), open_workbook(export(DAY(2023, 6, 30), DAY(2023, 1, 1), question))
    assert built.sheetnames == expected.sheetnames and built.sheetnames[-1] == "Wat is er veranderd"
    assert comparable(built) == comparable(expected)
    assert [heading.split(", ")[1] for heading in question_heading(response.content)] == [
        "gesteld door Vrager Concept aan M"]
    assert not ParliamentaryQuestion.objects.get(pk=question.pk).is_answered


def test_a_province_bound_editor_may_download_the_draft_annex(client, draft):
    client.force_login(staff_user("Redacteur", "BE-VLI"))
    response = client.get(reverse("admin:initiatives_question_draft_annex", args=[draft.pk]))
    assert response.status_code == 200
    assert "gesteld door Brecht Warnez" in question_heading(response.content)[0]


def test_staff_without_view_permission_and_anonymous_users_get_no_draft_annex(client, draft):
    url = reverse("admin:initiatives_question_draft_annex", args=[draft.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(staff_user(None))
    assert client.get(url).status_code == 403


def test_an_answered_question_has_no_draft_annex_only_its_archive(admin_client, answered):
    assert admin_client.get(reverse("admin:initiatives_question_draft_annex", args=[answered.pk])).status_code == 404
    page = admin_client.get(reverse("admin:initiatives_parliamentaryquestion_change", args=[answered.pk]))
    html = page.content.decode()
    assert reverse("admin:initiatives_question_annex", args=[answered.pk]) in html
    assert "concept-bijlage" not in html
    archived = admin_client.get(reverse("admin:initiatives_question_annex", args=[answered.pk]))
    assert hashlib.sha256(archived.content).hexdigest() == answered.annex_sha256


# --- staff may export one province ------------------------------------------------------------


def test_staff_download_one_province(client, register, django_assert_max_num_queries):
    client.force_login(staff_user())
    province = Province.objects.get(iso_code="BE-VOV")
    with django_assert_max_num_queries(16):
        response = client.get(DOWNLOAD, {"datum": "2023-12-31", "sinds": "2023-01-01", "provincie": "BE-VOV"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{annex.annex_filename(DAY(2023, 12, 31), province)}"')
    assert annex.annex_filename(DAY(2023, 12, 31), province).endswith("-be-vov.xlsx")
    built = open_workbook(response.content)
    expected = open_workbook(annex.build_workbook(annex.collect(DAY(2023, 12, 31), since=DAY(2023, 1, 1),
                                                                province=province)))
    assert comparable(built) == comparable(expected)
    codes = {value for ws in built.worksheets[1:4] for row in ws.iter_rows() for value in (c.value for c in row)}
    assert "44021" in codes and "31005" not in codes and "24062" not in codes


@pytest.mark.parametrize("code", ["NL-ZH", "BE-XXX", "'; DROP TABLE x; --"])
def test_staff_choosing_no_belgian_province_get_a_dutch_error(client, code):
    client.force_login(staff_user())
    response = client.get(DOWNLOAD, {"datum": "2023-12-31", "provincie": code})
    assert response.status_code == 400
    assert "Kies een Vlaamse provincie of Brussel uit de lijst." in response.content.decode()


@pytest.mark.parametrize("is_staff_login", [False, True], ids=["anonymous", "logged-in-not-staff"])
def test_a_province_without_staff_rights_is_refused_not_ignored(client, is_staff_login):
    if is_staff_login:
        client.force_login(User.objects.create_user("burger", password="x"))
    response = client.get(DOWNLOAD, {"datum": "2023-12-31", "provincie": "BE-VLI"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Alleen medewerkers kunnen de bijlage van één provincie downloaden." in html
    assert 'name="provincie"' not in html


def test_an_empty_province_is_no_request_for_one(client):
    response = client.get(DOWNLOAD, {"datum": "2023-12-31", "provincie": ""})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2023-12-31.xlsx"')


# --- staff responses are never cached or shared -------------------------------------------------


def test_staff_pages_and_files_are_private_while_anonymous_pages_are_cached(client, public_cache, register):
    anonymous = client.get(FORM)
    assert "max-age=0" in anonymous["Cache-Control"] and "private" not in anonymous["Cache-Control"]
    client.force_login(staff_user())
    for response in (client.get(FORM), client.get(DOWNLOAD, {"datum": "2023-12-31", "provincie": "BE-VLI"}),
                     client.get(DOWNLOAD, {"provincie": "NL-ZH"})):
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    assert 'name="provincie"' in client.get(FORM).content.decode()
    client.logout()
    again = client.get(FORM)
    assert 'name="provincie"' not in again.content.decode()
    refused = client.get(DOWNLOAD, {"datum": "2023-12-31", "provincie": "BE-VLI"})
    assert refused.status_code == 400

