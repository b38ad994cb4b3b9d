"""Provinces and municipalities: the reference data everything else hangs on."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    BELGIUM = "BE", _("Belgium")
    NETHERLANDS = "NL", _("Netherlands")


class Province(models.Model):
    """A province, or the Brussels-Capital Region, which has none and is stored as a region row."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        REGION = "region", _("region")

    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    official_code = models.CharField(
        _("official code"),
        max_length=6,
        blank=True,
        help_text=_("NIS code in Belgium (e.g. 10000), empty in the Netherlands."),
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["country", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=Country.values), name="province_country_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["province", "region"]), name="province_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(country="BE", iso_code__startswith="BE-")
                | Q(country="NL", iso_code__startswith="NL-"),
                name="province_iso_code_matches_country",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:province", args=[self.iso_code])

    @property
    def is_region(self):
        return self.kind == self.Kind.REGION


class MunicipalityQuerySet(models.QuerySet):
    def active_on(self, day):
        """The municipalities that exist on `day`: the one place that decides it.

        `valid_from` and `valid_until` are both inclusive; empty means "since/until always"
        as far as this register is concerned.
        """
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def ended_before(self, day):
        return self.filter(valid_until__lt=day)


class Municipality(models.Model):
    code = models.CharField(
        _("official code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(
                r"^([0-9]{5}|GM[0-9]{4})$",
                _("Use a 5-digit NIS code (e.g. 11002) or a CBS code (e.g. GM0363)."),
            )
        ],
        help_text=_("The 5-digit NIS code in Belgium, the CBS code GMxxxx in the Netherlands."),
    )
    name = models.CharField(_("name"), max_length=100, db_index=True)
    name_fr = models.CharField(_("French name"), max_length=100, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("province"),
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("First day; empty if older.")
    )
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Last day; empty if still active.")
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="municipality_valid_until_after_valid_from",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(valid_until__isnull=False),
                name="municipality_successor_only_when_ended",
                violation_error_message=_(
                    "Only a municipality that has ended can have a successor."
                ),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="municipality_code_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:detail", args=[self.code])

    def clean(self):
        super().clean()
        if self.successor_id is None:
            return
        if self.successor_id == self.pk:
            raise ValidationError({"successor": _("A municipality cannot merge into itself.")})
        if self.province_id and self.successor.province.country != self.province.country:
            raise ValidationError({"successor": _("The successor must be in the same country.")})
