import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Action, ActionStatus, Organisation, Plan


class ActionFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Responsible organisation"),
        field_name="responsible",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices, empty_label=_("All"))
    year = django_filters.NumberFilter(label=_("Year"), method="in_year", min_value=1990, max_value=2100)

    class Meta:
        model = Action
        fields = ["organisation", "status", "year"]

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
