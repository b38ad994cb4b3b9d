import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Action, ActionStatus, Organisation, Plan

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the message below names them


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number, so "2019.5" or "abc" gets the same Dutch message as 99999."""

    field_class = forms.IntegerField


class ActionFilter(django_filters.FilterSet):
    """The plan page's filters. `plan`: offer only the organisations responsible for one of its actions."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("Responsible organisation"),
        field_name="responsible",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices, empty_label=_("All"))
    year = YearFilter(
        label=_("Year"), method="in_year", min_value=FIRST_YEAR, max_value=LAST_YEAR,
        error_messages=dict.fromkeys(
            ["invalid", "min_value", "max_value"],
            _("Enter a year between 1990 and 2100, e.g. 2019."),
        ),
    )

    class Meta:
        model = Action
        fields = ["organisation", "status", "year"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.filters["organisation"].queryset = (
                Organisation.objects.filter(actions__line__plan=plan).distinct().order_by("short_name", "name")
            )

    def in_year(self, queryset, name, value):
        """Actions whose period overlaps the year."""
        year = int(value)
        return queryset.filter(
            Q(period_start__isnull=True) | Q(period_start__lte=datetime.date(year, 12, 31)),
            period_end__gte=datetime.date(year, 1, 1),
        )


class OpenDataActionFilter(ActionFilter):
    """The plan page's filters, plus the plan itself, for the CSV/JSON of all actions."""

    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"), field_name="line__plan", queryset=Plan.objects.all(), to_field_name="slug", empty_label=_("All")
    )

    class Meta(ActionFilter.Meta):
        fields = ["plan", "organisation", "status", "year"]
