import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin_search import SEARCH_MAX_LENGTH
from municipalities.models import Country, Municipality, Province, Status
from municipalities.models.areas import REGISTER_COUNTRY


class ProvinceChoiceField(forms.ModelChoiceField):
    """Limburg exists in Belgium and in the Netherlands: the country tells them apart."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.country})"


class ProvinceFilter(django_filters.ModelChoiceFilter):
    field_class = ProvinceChoiceField


class MunicipalityFilter(django_filters.FilterSet):
    """The public municipality list; the day itself is chosen by ReferenceDateForm."""

    q = django_filters.CharFilter(label=_("Name or code"), method="search", max_length=SEARCH_MAX_LENGTH)
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="province__country", choices=Country.choices, empty_label=_("All")
    )
    province = ProvinceFilter(
        label=_("Province"), queryset=Province.objects.all(), to_field_name="iso_code", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All"), method="with_status"
    )
    initiatieven = django_filters.ChoiceFilter(
        label=_("Initiatives"),
        choices=[("ja", _("with published initiatives")), ("nee", _("without published initiatives"))],
        method="with_initiatives",
        empty_label=_("All"),
    )
    sorteer = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("name", "naam"), ("code", "code"), ("province__name", "provincie"), ("status", "status")],
        field_labels={"name": _("name"), "code": _("code"), "province__name": _("province"), "status": _("status")},
        empty_label=_("name"),
    )

    class Meta:
        model = Municipality
        fields = ["q", "country", "province", "status", "initiatieven"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(name_fr__icontains=value) | Q(code__iexact=value))

    def with_initiatives(self, queryset, name, value):
        return queryset.filter(initiative_count__gt=0) if value == "ja" else queryset.filter(initiative_count=0)

    @property
    def status_off_register(self):
        """True when a status is asked of a country without the Flemish register: nothing can match."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return bool(data.get("status")) and data.get("country") not in ("", None, REGISTER_COUNTRY)

    def with_status(self, queryset, name, value):
        """A status is a fact of the Flemish register: Dutch municipalities never match one."""
        return queryset.flemish_register().filter(status=value)
