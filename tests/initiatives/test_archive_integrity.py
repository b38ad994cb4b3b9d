"""What was sent to parliament stays as it was: immutable below the model (PostgreSQL trigger), and
checked against its SHA-256 before it is ever served again."""

import hashlib
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from initiatives.models import ParliamentaryQuestion
from initiatives.models.questions import AnnexMismatch

pytestmark = pytest.mark.django_db

ARCHIVED = b"PK\x03\x04 the annex exactly as it was sent to parliament"
TABLE = "initiatives_parliamentaryquestion"
MISMATCH = "Het gearchiveerde bestand komt niet overeen met zijn SHA-256; het wordt niet geserveerd. Meld dit aan de beheerder."


@pytest.fixture
def answered():
    question = ParliamentaryQuestion.objects.get(number="26")
    question.mark_answered(ARCHIVED)
    return ParliamentaryQuestion.objects.get(pk=question.pk)


def stored(question):
    return ParliamentaryQuestion.objects.values_list("state", "subject", "annex", "annex_sha256").get(pk=question.pk)


def corrupt(question, data):
    """Overwrite the archived bytes behind the model's back, as a damaged disk or a bad restore would.

    On PostgreSQL the trigger refuses this, so it is switched off for the statement (inside the
    test's transaction, which is rolled back).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER answered_question_is_immutable")
        cursor.execute(f"UPDATE {TABLE} SET annex = %s WHERE id = %s", [data, question.pk])
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER answered_question_is_immutable")


def test_verified_annex_gives_the_archived_bytes(answered):
    assert answered.verified_annex() == ARCHIVED
    assert answered.annex_sha256 == hashlib.sha256(ARCHIVED).hexdigest()


def test_a_draft_has_no_verified_annex():
    with pytest.raises(AnnexMismatch):
        ParliamentaryQuestion.objects.get(number="26").verified_annex()


@pytest.mark.parametrize(
    "damage", [b"PK\x03\x04 the annex exactly as it was sent to parliamenT", b"", ARCHIVED + b"\0"]
)
def test_damaged_bytes_are_not_served_but_refused_with_a_dutch_page(admin_client, answered, damage, caplog):
    url = reverse("admin:initiatives_question_annex", args=[answered.pk])
    response = admin_client.get(url)
    assert (
        response.status_code == 200
        and b"".join(response.streaming_content if response.streaming else [response.content]) == ARCHIVED
    )
    corrupt(answered, damage)
    with pytest.raises(AnnexMismatch):
        ParliamentaryQuestion.objects.get(pk=answered.pk).verified_annex()
    with caplog.at_level(logging.ERROR, logger="initiatives.admin"):
        response = admin_client.get(url)
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert MISMATCH in response.content.decode()
    assert any("does not match" in record.getMessage() for record in caplog.records if record.levelno == logging.ERROR)


def test_an_answered_question_cannot_change_below_the_model(answered):
    before = stored(answered)
    if connection.vendor == "postgresql":
        attempts = [
            (f"UPDATE {TABLE} SET annex = %s WHERE id = %s", [b"overwritten", answered.pk]),
            (f"UPDATE {TABLE} SET subject = %s WHERE id = %s", ["Gewijzigd", answered.pk]),
            (f"UPDATE {TABLE} SET state = 'draft' WHERE id = %s", [answered.pk]),
            (f"DELETE FROM {TABLE} WHERE id = %s", [answered.pk]),
        ]
        for sql, params in attempts:
            with pytest.raises(IntegrityError, match="has been answered"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
        with pytest.raises(IntegrityError, match="has been answered"), transaction.atomic():
            ParliamentaryQuestion.objects.filter(pk=answered.pk).update(subject="Gewijzigd")
        with pytest.raises(IntegrityError, match="has been answered"), transaction.atomic():
            ParliamentaryQuestion.objects.filter(pk=answered.pk).delete()
    else:
        # SQLite has no trigger here: the model is the guard.
        answered.subject = "Gewijzigd"
        with pytest.raises(ValidationError):
            answered.save()
        with pytest.raises(ValidationError):
            answered.delete()
    assert stored(answered) == before


def test_a_draft_question_stays_editable_below_the_model():
    draft = ParliamentaryQuestion.objects.get(number="26")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET subject = %s WHERE id = %s", ["Bijgewerkt", draft.pk])
    assert ParliamentaryQuestion.objects.get(pk=draft.pk).subject == "Bijgewerkt"
    ParliamentaryQuestion.objects.filter(pk=draft.pk).delete()
    assert not ParliamentaryQuestion.objects.filter(pk=draft.pk).exists()


def test_the_trigger_exists_exactly_on_postgresql():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
            assert [row[0] for row in cursor.fetchall()] == ["answered_question_is_immutable"]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            assert cursor.fetchall() == []
