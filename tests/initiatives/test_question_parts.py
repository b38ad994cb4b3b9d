"""Written question nr. 26: its five sub-questions and answers, compared with the parliamentary document,
and the public pages that show them beside the annex."""

import datetime
import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.blocks import text_blocks
from initiatives import annex
from initiatives.models import ParliamentaryQuestion, QuestionPart

from ..seed_text import comparable, seed, written_question_sections

pytestmark = pytest.mark.django_db

QUESTION_URL = "/vragen/26-2023-10-05/"


@pytest.fixture
def question():
    return ParliamentaryQuestion.objects.get(number="26", date=datetime.date(2023, 10, 5))


def test_question_26_holds_its_five_sub_questions_and_answers_word_for_word(question):
    questions, answers = written_question_sections()
    parts = list(question.parts.order_by("number"))
    assert [part.number for part in parts] == [1, 2, 3, 4, 5]
    for part in parts:
        # The whole sub-question and the whole answer: no word missing, added or changed.
        assert comparable(part.question_text) == comparable(questions[part.number]), part.number
        assert comparable(part.answer_text) == comparable(answers[part.number]), part.number


def test_every_paragraph_and_list_item_occurs_in_the_source_as_it_stands(question):
    source = comparable(seed("000_68cddf1ceb9c1139.txt"))
    for part in question.parts.all():
        for block in [*part.question_blocks(), *part.answer_blocks()]:
            for text in block.items or [block.text]:
                assert comparable(text) in source, text


def test_the_details_the_summaries_lost_are_in_the_answers(question):
    answer = {part.number: part.answer_text for part in question.parts.all()}
    assert (
        "uitpassen aan bepaalde groepen (pleegkinderen -18, soms pleeggasten, soms volledige pleeggezinnen)"
        in answer[2]
    )
    assert "(al is dit nooit een eis of verwachting van pleegzorg)" in answer[2]
    assert "voor het verdelen van PR-materiaal." in answer[2]
    assert "Op de 77 inwoners van Herstappe na is heel Limburg ingestapt." in answer[5]
    lists = [block for block in text_blocks(answer[2]) if block.kind == "ul"]
    assert len(lists) == 1 and len(lists[0].items) == 6


def test_question_page_shows_asker_minister_parts_and_that_the_annex_is_not_in_the_source(
    client, question, django_assert_max_num_queries
):
    assert question.get_absolute_url() == QUESTION_URL
    with django_assert_max_num_queries(3):  # + 1: "laatst bijgewerkt"
        response = client.get(QUESTION_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Brecht Warnez", "Hilde Crevits", "05/10/2023", "31/12/2023", "Pleegzorggemeenten - Registraties"):
        assert text in html
    for number in range(1, 6):
        assert f'<h3 id="part-{number}">Vraag {number}</h3>' in html
        assert f"Antwoord op vraag {number}</h4>" in html
    assert "<li>Ze zijn een belangrijke partner in het bekendmaken van pleegzorg" in html
    assert "<li>a) De gemeenten die geregistreerd zijn als pleegzorggemeente;</li>" in html
    assert "De oorspronkelijke bijlage staat niet in de bron" in html
    # Never today's register under the question's heading.
    assert "bijlage.xlsx" not in html and "Download" not in html


def test_answered_question_links_its_archived_annex_and_serves_it_unchanged(client, question):
    annex.answer_question(question)
    question.refresh_from_db()
    html = client.get(QUESTION_URL).content.decode()
    link = reverse("initiatives:question_annex", kwargs={"number": "26", "date": "2023-10-05"})
    assert f'href="{link}"' in html and question.annex_sha256 in html
    assert "staat niet in de bron" not in html
    download = client.get(link)
    assert download.status_code == 200
    assert download.content == bytes(question.annex)
    assert hashlib.sha256(download.content).hexdigest() == question.annex_sha256


def test_a_draft_has_no_public_annex_and_a_damaged_archive_is_never_served(client, question):
    assert client.get(f"{QUESTION_URL}bijlage.xlsx").status_code == 404
    damaged = ParliamentaryQuestion.objects.create(
        number="99",
        date=datetime.date(2024, 3, 1),
        asker="A",
        minister="M",
        subject="S",
        reference_date=datetime.date(2024, 1, 1),
        state="answered",
        annex=b"not the archived bytes",
        annex_sha256="0" * 64,
        answered_at=timezone.now(),
    )
    response = client.get(f"{damaged.get_absolute_url()}bijlage.xlsx")
    assert response.status_code == 409
    assert b"not the archived bytes" not in response.content
    assert "komt niet overeen" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/vragen/26-2023-13-45/",
        "/vragen/26-2023-02-30/",
        "/vragen/27-2023-10-05/",
        "/vragen/x/",
        "/vragen/26-2023-10-05/bijlage.xlsx",
        "/vragen/26-9999-99-99/bijlage.xlsx",
    ],
)
def test_unknown_or_impossible_questions_are_404_never_500(client, path):
    assert client.get(path).status_code == 404


def test_question_list_links_every_question(client, question, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # + 1: "laatst bijgewerkt"
        response = client.get(reverse("initiatives:questions"))
    html = response.content.decode()
    assert f'href="{QUESTION_URL}"' in html
    assert "Schriftelijke vraag nr. 26 van 05/10/2023" in html and "niet gearchiveerd" in html


def test_annex_page_links_the_questions(client):
    html = client.get(reverse("initiatives:annex")).content.decode()
    assert f'href="{reverse("initiatives:questions")}"' in html


def test_sub_questions_are_unique_per_question_and_numbered_from_one(question):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionPart.objects.create(question=question, number=1, question_text="dubbel")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionPart.objects.create(question=question, number=0, question_text="nul")


def test_admin_edits_sub_questions_inline_with_history_and_freezes_them_once_answered(admin_client, question):
    url = reverse("admin:initiatives_parliamentaryquestion_change", args=[question.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="parts-0-answer_text"' in html and 'name="parts-0-version"' in html
    part = question.parts.get(number=3)
    part.answer_text += " Aangevuld."
    part.save()
    assert part.version == 2 and part.history.latest().version == 2
    annex.answer_question(question)
    html = admin_client.get(url).content.decode()
    assert (
        'name="parts-0-answer_text"' not in html and "Vlaanderen heeft hier geen apart initiatief in genomen." in html
    )
