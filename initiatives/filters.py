import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin_search import SEARCH_MAX_LENGTH
from municipalities.models import Province

from .models import Category, Initiative


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Municipality or initiative"), method="search", max_length=SEARCH_MAX_LENGTH)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="municipality__province",
        to_field_name="iso_code",
        queryset=Province.objects.flemish_register(),
        empty_label=_("All"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="slug", empty_label=_("All")
    )

    class Meta:
        model = Initiative
        fields = ["q", "province", "category"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(municipality__name__icontains=value) | Q(municipality__code__iexact=value) | Q(title__icontains=value)
        )
