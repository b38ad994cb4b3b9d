from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel
from municipalities.models import Municipality


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, short_name):
        return self.get(short_name=short_name)


class Organisation(VersionedModel):
    class Kind(models.TextChoices):
        SECTOR = "sector", _("sector organisation")
        GOVERNMENT = "government", _("government")
        ASSOCIATION = "association", _("association")
        PROVIDER = "provider", _("foster-care provider")
        KNOWLEDGE = "knowledge", _("knowledge institute")
        MUNICIPALITY = "municipality", _("municipality")
        OTHER = "other", _("other")

    short_name = models.CharField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        verbose_name=_("municipality"),
    )
    history = HistoricalRecords()

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def natural_key(self):
        return (self.short_name,)

    def get_absolute_url(self):
        return reverse("actions:organisation", args=[self.slug])
