"""Local initiatives that municipalities take for foster care (what, when)."""

from typing import Self

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.versioning import VersionedModel
from municipalities.models import Municipality


class CategoryManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Category(VersionedModel):
    """A kind of support, as listed in the minister's answer; data an admin can extend."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.CharField(_("examples"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    source = models.CharField(
        _("source"), max_length=300, blank=True,
        help_text=_("Where the category comes from, e.g. the answer to question 2; empty for a category of our own."),
    )
    source_quote = models.TextField(
        _("the source's words"), blank=True,
        help_text=_("The passages of the source this category rests on, verbatim; a blank line between passages."),
    )
    history = HistoricalRecords()

    objects = CategoryManager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def quotes(self):
        """The quoted passages as a list of strings."""
        return [part.strip() for part in self.source_quote.replace("\r\n", "\n").split("\n\n") if part.strip()]


class InitiativeQuerySet(models.QuerySet):
    def published(self) -> Self:
        """What the public may see: drafts never appear publicly."""
        return self.filter(is_published=True)


class Initiative(VersionedModel):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("category")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    timing_text = models.CharField(
        _("timing as the source gives it"),
        max_length=200,
        blank=True,
        help_text=_("When the source gives no date, e.g. “every year around Christmas”."),
    )
    is_structural = models.BooleanField(
        _("structural"), default=False, help_text=_("Structural engagement rather than a one-off action.")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Drafts are never shown publicly.")
    )
    source = models.CharField(_("source"), max_length=300)
    history = HistoricalRecords()

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["municipality__name", "start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="initiative_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=False) | ~Q(timing_text=""),
                name="initiative_has_timing",
                violation_error_message=_("Give a start date, or the timing as the source gives it."),
            ),
            models.CheckConstraint(condition=~Q(source=""), name="initiative_has_source"),
        ]

    def meets_constraint(self, name):
        """Whether this initiative meets the check constraint `name` of Meta.constraints, by the
        same condition stated in Python: no query (annex.comparing validates thousands of rows).

        It mirrors the conditions above and must change with them; the database keeps them as the
        guard, and tests/initiatives/test_initiative_constraints.py holds both to the same cases on
        SQLite and PostgreSQL. For the values the fields hold (dates or None, text never None).
        Raises KeyError for a constraint it does not state, so a new one cannot be skipped silently.
        """
        if name == "initiative_end_after_start":
            return self.end_date is None or (self.start_date is not None and self.end_date >= self.start_date)
        if name == "initiative_has_timing":
            return self.start_date is not None or self.timing_text != ""
        if name == "initiative_has_source":
            return self.source != ""
        raise KeyError(name)

    def validate_constraints_in_python(self, exclude=None):
        """Model.validate_constraints by `meets_constraint`: the same ValidationError (each broken
        constraint's message, not tied to a field), a constraint on a field in `exclude` skipped."""
        exclude = set(exclude or ())
        errors = [ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
                  for constraint in self._meta.constraints
                  if not exclude & constraint.condition.referenced_base_fields
                  and not self.meets_constraint(constraint.name)]
        if errors:
            raise ValidationError({NON_FIELD_ERRORS: errors})

    def __str__(self):
        return f"{self.municipality}: {self.title}"

    def clean(self):
        super().clean()
        if self.municipality_id and not self.municipality.on_flemish_register:
            raise ValidationError(
                {"municipality": _("Only Flemish and Brussels municipalities can record initiatives.")}
            )
