"""When the register is known to be complete: the one thing that turns "unknown" into "no".

Absence of events means *unknown*. Only where a source says that the register of a province (or
of the Brussels region) lists every pleegzorggemeente and candidate, over the days it speaks for
(complete_from to complete_until, both inclusive; an empty end only for a source that says so
from then on), does a municipality without events there count as *not a pleegzorggemeente*.
Administrators record that here, with its source. The seed records Limburg from the minister's
answer to question nr. 26 ("Op de 77 inwoners van Herstappe na is heel Limburg ingestapt") on
31/12/2023 alone: the answer is undated, and the project dates what it says 31/12/2023 (its key
figures, the 41 events "uiterlijk 31/12/2023", the question's reference date). It says nothing of
later days, so from 1/1/2024 Herstappe is "unknown" again until a source says more.
"""

import datetime
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel

from .areas import Province


class CompletenessQuerySet(models.QuerySet):
    def covering(self, day: datetime.date) -> Self:
        """The records that cover `day` (both ends inclusive; no end = still complete)."""
        return self.filter(Q(complete_until__isnull=True) | Q(complete_until__gte=day), complete_from__lte=day)

    def covers_province(self, day: datetime.date, province_ref: OuterRef | None = None) -> Exists:
        """An Exists() expression: the register of the outer row's province (`province_ref`, by default
        OuterRef("province")) is complete on `day`."""
        return Exists(self.covering(day).filter(province=OuterRef("province") if province_ref is None else province_ref))


class RegisterCompleteness(VersionedModel):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="completeness", verbose_name=_("province or region")
    )
    complete_from = models.DateField(_("complete from"))
    complete_until = models.DateField(
        _("complete until"), null=True, blank=True, help_text=_("Empty: complete ever since.")
    )
    source = models.CharField(_("source"), max_length=300)
    quote = models.TextField(_("quote from the source"), blank=True)
    history = HistoricalRecords()

    objects = CompletenessQuerySet.as_manager()

    class Meta:
        verbose_name = _("completeness of the register")
        verbose_name_plural = _("completeness of the register")
        ordering = ["province__name", "complete_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(complete_until__isnull=True) | Q(complete_until__gte=models.F("complete_from")),
                name="completeness_period_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(condition=~Q(source=""), name="completeness_has_source"),
            models.UniqueConstraint(fields=["province", "complete_from"], name="completeness_once_per_start"),
        ]

    def __str__(self):
        return f"{self.province}: {self.complete_from:%d/%m/%Y} – {self.complete_until or '…'}"

    def natural_key(self):
        return (self.province.iso_code, self.complete_from)

    def clean(self):
        super().clean()
        if self.province_id and not self.province.on_flemish_register:
            raise ValidationError({"province": _("Only the Flemish register can be complete.")})
        if self.province_id and self.complete_from:
            others = RegisterCompleteness.objects.filter(province=self.province_id).exclude(pk=self.pk)
            end = self.complete_until
            overlapping = others.filter(Q(complete_until__isnull=True) | Q(complete_until__gte=self.complete_from))
            if end is not None:
                overlapping = overlapping.filter(complete_from__lte=end)
            if overlapping.exists():
                raise ValidationError(_("This period overlaps another record for the same province."))
