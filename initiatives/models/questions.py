"""Written parliamentary questions and the annex that was sent with the answer."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel


class AnnexMismatch(Exception):
    """An archived annex whose bytes no longer match the SHA-256 recorded when it was archived."""


class ParliamentaryQuestion(VersionedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        ANSWERED = "answered", _("answered")

    number = models.CharField(_("number"), max_length=20)
    date = models.DateField(_("date of the question"))
    asker = models.CharField(_("asked by"), max_length=120)
    minister = models.CharField(_("minister"), max_length=120)
    subject = models.CharField(_("subject"), max_length=300)
    reference_date = models.DateField(
        _("reference date"), help_text=_("The annex shows the register as it was on this day.")
    )
    since = models.DateField(
        _("changes since"), null=True, blank=True, help_text=_("Optional: list what changed since this day.")
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    annex = models.BinaryField(_("archived annex"), null=True, editable=False)
    annex_sha256 = models.CharField(_("SHA-256 of the annex"), max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["annex"])

    class Meta:
        verbose_name = _("parliamentary question")
        verbose_name_plural = _("parliamentary questions")
        ordering = ["-date", "number"]
        permissions = [("answer_parliamentaryquestion", _("Can mark a question answered and archive its annex"))]
        constraints = [
            models.UniqueConstraint(fields=["number", "date"], name="question_unique_number_and_date"),
            models.CheckConstraint(
                condition=Q(state="draft", annex__isnull=True, annex_sha256="")
                | Q(state="answered", annex__isnull=False, answered_at__isnull=False)
                & ~Q(annex_sha256=""),
                name="question_answered_has_archived_annex",
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(since__lt=models.F("reference_date")),
                name="question_since_before_reference_date",
                violation_error_message=_("The comparison date must be before the reference date."),
            ),
        ]

    def __str__(self):
        return _("Written question nr. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.date.strftime("%d/%m/%Y"),
        }

    def get_absolute_url(self):
        """The public page of the question: /vragen/<number>-<date>/."""
        return reverse("initiatives:question", kwargs={"number": self.number, "date": self.date.isoformat()})

    @property
    def is_answered(self):
        return self.state == self.State.ANSWERED

    def verified_annex(self) -> bytes:
        """The archived annex exactly as it was sent, checked against its SHA-256 before use.

        Raises AnnexMismatch when the question has no archive or the stored bytes differ from
        annex_sha256 (damaged storage, a bad restore): such bytes must never be served as the
        annex that went to parliament.
        """
        data = bytes(self.annex) if self.annex is not None else None
        if not self.is_answered or data is None or hashlib.sha256(data).hexdigest() != self.annex_sha256:
            raise AnnexMismatch(f"Question {self.pk}: the archived annex does not match SHA-256 {self.annex_sha256!r}.")
        return data

    def clean(self):
        super().clean()
        if self.reference_date and self.reference_date > timezone.localdate():
            raise ValidationError({"reference_date": _("The reference date cannot be in the future.")})

    def save(self, *args, **kwargs):
        """What was sent to parliament never changes: an answered question is frozen."""
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values("state", "annex_sha256").first()
            if stored and stored["state"] == self.State.ANSWERED:
                raise ValidationError(_("This question has been answered; its archive can no longer change."))
        super().save(*args, **kwargs)

    def mark_answered(self, workbook):
        """Archive `workbook` (the annex bytes) with its SHA-256 and freeze the question."""
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.is_answered:
                raise ValidationError(_("This question has already been answered."))
            self.annex = bytes(workbook)
            self.annex_sha256 = hashlib.sha256(self.annex).hexdigest()
            self.answered_at = timezone.now()
            self.state = self.State.ANSWERED
            super().save()

    def delete(self, *args, **kwargs):
        if self.is_answered:
            raise ValidationError(_("An answered question cannot be deleted."))
        return super().delete(*args, **kwargs)
