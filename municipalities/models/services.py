"""The foster-care services of Flanders and the area each one serves: reference data from the sources.

Since the reorganisation of 2014 Flanders has "1 dienst per provincie (woonplaats
kandidaat-pleegouders!) met lokale afdelingen" (seed 001, slide "(Re)Organisatie (sinds 2014)"):
the province where the candidate foster parents live decides which service they deal with. The
sources name no service and give no website, so a service's `name` only describes it and `note`
says so; what the source says is in `quote`, verbatim.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel

from .areas import Province


class FosterCareServiceManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class FosterCareService(VersionedModel):
    """One foster-care service with its area (`provinces`: the provinces it serves)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As the source gives it; where the source names no service, a description of it."),
    )
    provinces = models.ManyToManyField(
        Province,
        related_name="foster_care_services",
        verbose_name=_("area (provinces)"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300)
    quote = models.TextField(_("quote from the source"))
    note = models.TextField(_("note"), blank=True, help_text=_("What the source does not say, or how it was read."))
    history = HistoricalRecords(m2m_fields=[provinces])

    objects = FosterCareServiceManager()

    class Meta:
        verbose_name = _("foster-care service")
        verbose_name_plural = _("foster-care services")
        ordering = ["order", "name"]
        constraints = [models.CheckConstraint(condition=~models.Q(source=""), name="foster_care_service_has_source")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
