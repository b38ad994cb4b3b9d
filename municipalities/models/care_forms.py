"""The forms of foster care in Flanders: reference data for the information page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.blocks import text_blocks
from core.history import HistoricalRecords
from core.versioning import VersionedModel


class FosterCareFormManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class FosterCareForm(VersionedModel):
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


class FosterCareTopicManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class FosterCareTopic(VersionedModel):
    """A slide of the source on foster care in Flanders, in the source's own words.

    `text` is a transcription (core.blocks: blank lines between blocks, list items start with
    "–" or "•"); the forms themselves are FosterCareForm rows. Tests compare every line with the
    source document.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200, help_text=_("The heading as the source gives it."))
    text = models.TextField(_("text"), help_text=_("The source's own words; a blank line between blocks."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300)
    history = HistoricalRecords()

    objects = FosterCareTopicManager()

    class Meta:
        verbose_name = _("foster-care topic")
        verbose_name_plural = _("foster-care topics")
        ordering = ["order", "slug"]
        constraints = [models.CheckConstraint(condition=~models.Q(source=""), name="foster_care_topic_has_source")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def blocks(self):
        """The text as [core.blocks.Block] for the template."""
        return text_blocks(self.text)
