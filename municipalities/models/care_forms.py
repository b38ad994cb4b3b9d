"""The forms of foster care in Flanders: reference data for the information page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FosterCareFormManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class FosterCareForm(models.Model):
    class Group(models.TextChoices):
        SUPPORTING = "supporting", _("supporting foster care")
        PERSPECTIVE_SEEKING = "perspective_seeking", _("perspective-seeking foster care")
        PERSPECTIVE_OFFERING = "perspective_offering", _("perspective-offering foster care")
        TREATMENT = "treatment", _("treatment foster care")

    name = models.CharField(_("name"), max_length=120, unique=True)
    group = models.CharField(_("group"), max_length=24, choices=Group.choices)
    directly_accessible = models.BooleanField(
        _("directly accessible"),
        help_text=_("Rechtstreeks toegankelijke jeugdhulp (RTJ) or not (NRTJ)."),
    )
    duration = models.CharField(_("duration"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    domicile = models.CharField(_("domicile"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300)
    history = HistoricalRecords()

    objects = FosterCareFormManager()

    class Meta:
        verbose_name = _("form of foster care")
        verbose_name_plural = _("forms of foster care")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)
