"""The sub-questions of a written question, each with the minister's answer, in the source's words."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.blocks import text_blocks
from core.history import HistoricalRecords
from core.versioning import VersionedModel

from .questions import ParliamentaryQuestion


class QuestionPart(VersionedModel):
    """Sub-question `number` of `question` and its answer, transcribed verbatim.

    Texts follow core.blocks: a blank line between paragraphs, list items on lines that start with
    "-", "•" or a letter ("a) "). The answer is empty while the source gives none.
    """

    question = models.ForeignKey(
        ParliamentaryQuestion, on_delete=models.CASCADE, related_name="parts", verbose_name=_("question")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    question_text = models.TextField(_("question"))
    answer_text = models.TextField(_("answer"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-question")
        verbose_name_plural = _("sub-questions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_part_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="question_part_number_positive"),
            models.CheckConstraint(condition=~Q(question_text=""), name="question_part_has_text"),
        ]

    def __str__(self):
        return _("Question %(number)s") % {"number": self.number}

    def _refuse_if_answered(self, question_id):
        answered = ParliamentaryQuestion.objects.filter(
            pk=question_id, state=ParliamentaryQuestion.State.ANSWERED).exists()
        if answered:
            raise ValidationError(_("This question has been answered; its archive can no longer change."))

    def save(self, *args, **kwargs):
        """What was sent to parliament never changes: no part of an answered question either."""
        self._refuse_if_answered(self.question_id)
        if self.pk is not None:
            self._refuse_if_answered(type(self)._base_manager.filter(pk=self.pk).values_list("question", flat=True).first())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_answered(self.question_id)
        return super().delete(*args, **kwargs)

    def question_blocks(self):
        return text_blocks(self.question_text)

    def answer_blocks(self):
        return text_blocks(self.answer_text)
