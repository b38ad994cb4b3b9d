import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from initiatives import annex
from initiatives.models import ParliamentaryQuestion
from municipalities.models import StatusEvent

from .conftest import DAY, add_event, open_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(register):
    return ParliamentaryQuestion.objects.get(number="26")


def test_question_26_is_the_first_record(question):
    assert (question.date, question.asker, question.minister) == (DAY(2023, 10, 5), "Brecht Warnez", "Hilde Crevits")
    assert question.state == "draft" and question.annex is None
    assert str(question) == "Schriftelijke vraag nr. 26 van 05/10/2023"


def test_answered_annex_is_archived_with_its_hash_and_never_changes(question):
    annex.answer_question(question)
    question.refresh_from_db()
    stored = bytes(question.annex)
    assert question.state == "answered" and question.answered_at is not None
    assert question.annex_sha256 == hashlib.sha256(stored).hexdigest()
    # The register changes afterwards ...
    add_event("11002", "candidate", DAY(2023, 6, 1))
    StatusEvent.objects.filter(municipality__code="73001").delete()
    # ... the archive does not, and it cannot be overwritten, re-answered or deleted.
    question.refresh_from_db()
    assert bytes(question.annex) == stored
    question.subject = "Gewijzigd"
    with pytest.raises(ValidationError, match="beantwoord"):
        question.save()
    with pytest.raises(ValidationError, match="al beantwoord"):
        annex.answer_question(ParliamentaryQuestion.objects.get(pk=question.pk))
    with pytest.raises(ValidationError):
        question.delete()
    question.refresh_from_db()
    assert question.annex_sha256 == hashlib.sha256(stored).hexdigest()
    sheet = open_workbook(stored)["a) Pleegzorggemeenten"]
    assert "Alken" in [row[1].value for row in sheet.iter_rows(min_row=2)]


def test_database_refuses_an_answered_question_without_archive(question):
    with pytest.raises(IntegrityError), transaction.atomic():
        ParliamentaryQuestion.objects.filter(pk=question.pk).update(state="answered")


def test_admin_marks_answered_and_downloads_the_archive(admin_client, question):
    changelist = reverse("admin:initiatives_parliamentaryquestion_changelist")
    response = admin_client.post(changelist, {"action": "mark_answered", "_selected_action": [question.pk]})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "answered"
    download = admin_client.get(reverse("admin:initiatives_question_annex", args=[question.pk]))
    assert download.status_code == 200
    assert download.content == bytes(question.annex)
    assert download["Content-Disposition"] == 'attachment; filename="bijlage-pleegzorggemeenten-2023-12-31.xlsx"'
    change_page = admin_client.get(reverse("admin:initiatives_parliamentaryquestion_change", args=[question.pk]))
    assert 'name="subject"' not in change_page.content.decode()  # read-only once answered
    assert question.annex_sha256[:12] in admin_client.get(changelist).content.decode()


def test_admin_download_of_a_draft_is_404(admin_client, question):
    assert admin_client.get(reverse("admin:initiatives_question_annex", args=[question.pk])).status_code == 404


def test_reference_date_in_the_future_is_refused(question):
    question.reference_date = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="toekomst"):
        question.full_clean()
