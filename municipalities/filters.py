import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Country, Municipality, Province


class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="province__country", choices=Country.choices, empty_label=_("All")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        to_field_name="iso_code",
        empty_label=_("All"),
    )

    class Meta:
        model = Municipality
        fields = ["q", "country", "province"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(name_fr__icontains=value) | Q(code__iexact=value))
