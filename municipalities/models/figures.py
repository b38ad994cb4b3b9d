"""Published aggregate figures (never about individual children or families)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel

from .areas import REGISTER_COUNTRY, Country, Province
from .status import EventKind


class KeyFigureManager(models.Manager):
    def get_by_natural_key(self, label, area, day):
        return self.get(label=label, area=area, date=day)


class KeyFigure(VersionedModel):
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("e.g. municipalities, foster families, %"))
    date = models.DateField(_("reference date"), null=True, blank=True, help_text=_("Empty when the source gives no date."))
    date_label = models.CharField(
        _("date as the source gives it"),
        max_length=100,
        blank=True,
        help_text=_("When the source gives no exact day, e.g. “autumn 2023”; shown instead of the date."),
    )
    area = models.CharField(_("area"), max_length=100, help_text=_("e.g. Vlaanderen, West-Vlaanderen, Nederland"))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    series = models.SlugField(
        _("series"), max_length=80, blank=True, help_text=_("Figures of one series form a chart.")
    )
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    register_status = models.CharField(
        _("official count of"), max_length=12, blank=True,
        choices=[(EventKind.REGISTERED.value, EventKind.REGISTERED.label), (EventKind.CANDIDATE.value, EventKind.CANDIDATE.label)],
        help_text=_("Set when the figure is an official count of the Flemish register (e.g. 177 pleegzorggemeenten): "
                    "pages show it beside the register's own count for the same day."),
    )
    history = HistoricalRecords()

    objects = KeyFigureManager()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["country", "series", "date", "label"]
        constraints = [
            models.UniqueConstraint(fields=["label", "area", "date"], name="key_figure_unique"),
            models.CheckConstraint(condition=Q(country__in=Country.values), name="key_figure_country_known"),
            models.CheckConstraint(condition=~Q(source=""), name="key_figure_has_source"),
            models.CheckConstraint(condition=~Q(unit=""), name="key_figure_has_unit"),
            models.CheckConstraint(
                condition=Q(register_status="") | Q(country=REGISTER_COUNTRY, province__isnull=True, date__isnull=False),
                name="key_figure_register_count_is_flemish_and_dated",
                violation_error_message=_("An official count of the register is about Flanders as a whole, on a date."),
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.area}, {self.date_display})"

    @property
    def date_display(self):
        if self.date_label:
            return self.date_label
        return self.date.strftime("%d/%m/%Y") if self.date else ""

    def natural_key(self):
        return (self.label, self.area, self.date)
