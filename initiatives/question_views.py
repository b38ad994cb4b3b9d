"""Public pages of the written questions: the list, each question with its sub-questions and answers,
and the annex that was archived when the question was answered.

Kept apart from views.py (the annex workbook and the initiatives) so that each file holds one concept.
"""

import datetime
import logging

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext

from core.caching import public_page
from core.downloads import xlsx_response

from . import annex
from .models import ParliamentaryQuestion
from .models.questions import AnnexMismatch

logger = logging.getLogger(__name__)


def _question(number, date):
    """The question with this number and date (ISO text); Http404 when the date is no date or none exists."""
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(ParliamentaryQuestion, number=number, date=day)


def archived_annex_url(question):
    """The address of `question`'s archived annex: /vragen/<number>-<date>/bijlage.xlsx (404 for a draft)."""
    return reverse("initiatives:question_annex", kwargs={"number": question.number, "date": question.date.isoformat()})


@public_page
def question_list(request):
    """Every written question, newest first, with its state and number of transcribed sub-questions."""
    # Explicit order: Meta.ordering does not apply to a query with GROUP BY (the Count).
    questions = (
        ParliamentaryQuestion.objects.defer("annex").annotate(part_count=Count("parts")).order_by("-date", "number")
    )
    return render(
        request,
        "initiatives/question_list.html",
        {"questions": questions, "breadcrumbs": [(gettext("Written questions"), None)]},
    )


@public_page
def question_detail(request, number, date):
    """One question: asker, minister, date, sub-questions with the answers, reference date and annex."""
    question = _question(number, date)
    parts = list(question.parts.all())
    return render(
        request,
        "initiatives/question_detail.html",
        {
            "question": question,
            "parts": parts,
            "breadcrumbs": [(gettext("Written questions"), reverse("initiatives:questions")), (str(question), None)],
        },
    )


@public_page
def question_annex(request, number, date):
    """The annex exactly as it was archived on answering, after checking its SHA-256.

    404 for a draft (nothing was archived); 409 with an explanation when the stored bytes no longer
    match their hash: such bytes are never served as what went to parliament.
    """
    question = _question(number, date)
    if not question.is_answered:
        raise Http404
    try:
        data = question.verified_annex()
    except AnnexMismatch as error:
        logger.error("Archived annex not served: %s", error)
        return render(request, "initiatives/question_annex_mismatch.html", {"question": question}, status=409)
    return xlsx_response(data, annex.annex_filename(question.reference_date))
