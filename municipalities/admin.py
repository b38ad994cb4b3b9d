from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Country,
    EditorProvince,
    FosterCareForm,
    KeyFigure,
    Municipality,
    Province,
    Status,
    StatusEvent,
)
from .models.scopes import editable_province_ids
from .models.status import check_sequence
from core.versioning import VersionedAdmin, VersionedInline


class ProvinceScopedAdmin:
    """Editors bound to provinces see, add and change only what lies in those provinces.

    `province_path` leads from the model to its province. Out-of-scope objects are hidden by
    the queryset (the admin answers as if they did not exist) and refused as foreign-key values
    (a forged POST fails form validation).
    """

    province_path = "province"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = editable_province_ids(request.user)
        return queryset if ids is None else queryset.filter(**{f"{self.province_path}__in": ids})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = editable_province_ids(request.user)
        if ids is not None and db_field.name == "municipality":
            kwargs["queryset"] = Municipality.objects.filter(province__in=ids)
        elif ids is not None and db_field.name == "province":
            kwargs["queryset"] = Province.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StatusEventFormSet(BaseInlineFormSet):
    """Judges the order of all events together, including new and changed ones not yet saved."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.sequence_checked_elsewhere = True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        events = [
            (form.cleaned_data["kind"], form.cleaned_data["date"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        check_sequence(events)


class StatusEventInline(ProvinceScopedAdmin, VersionedInline, admin.TabularInline):
    model = StatusEvent
    formset = StatusEventFormSet
    province_path = "municipality__province"
    fields = ["kind", "date", "date_is_upper_bound", "source", "note", "version"]
    extra = 0


class CurrentStatusFilter(admin.SimpleListFilter):
    title = _("status today")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Province)
class ProvinceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "iso_code", "country", "kind", "official_code"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "iso_code", "official_code"]


@admin.register(Municipality)
class MunicipalityAdmin(ProvinceScopedAdmin, VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "code", "province", "status_today", "valid_from", "valid_until", "successor"]
    list_filter = [CurrentStatusFilter, "province__country", "province"]
    list_select_related = ["province", "successor"]
    search_fields = ["name", "name_fr", "code"]
    autocomplete_fields = ["successor"]
    inlines = [StatusEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status_on(timezone.localdate())

    def get_inlines(self, request, obj):
        """Only Flemish and Brussels municipalities carry a status and initiatives."""
        if obj is None or obj.province.country != Country.BELGIUM:
            return []
        return super().get_inlines(request, obj)

    @admin.display(description=_("status today"), ordering="status")
    def status_today(self, obj):
        return Status(obj.status).label


@admin.register(StatusEvent)
class StatusEventAdmin(ProvinceScopedAdmin, VersionedAdmin, SimpleHistoryAdmin):
    province_path = "municipality__province"
    list_display = ["municipality", "kind", "date_display", "source"]
    list_filter = ["kind", "date_is_upper_bound", "municipality__province"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "municipality__code", "source", "note"]
    autocomplete_fields = ["municipality"]
    date_hierarchy = "date"

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, obj):
        return obj.date_display


@admin.register(KeyFigure)
class KeyFigureAdmin(SimpleHistoryAdmin):
    list_display = ["label", "value", "unit", "area", "date", "date_label", "series"]
    list_filter = ["country", "series"]
    search_fields = ["label", "area", "source"]


@admin.register(FosterCareForm)
class FosterCareFormAdmin(SimpleHistoryAdmin):
    list_display = ["name", "group", "directly_accessible", "duration", "order"]
    list_filter = ["group", "directly_accessible"]


class EditorProvinceInline(admin.TabularInline):
    model = EditorProvince
    extra = 0
    verbose_name_plural = _("Provinces this editor may change (none: all)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = Province.objects.filter(country=Country.BELGIUM)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(UserAdmin):
    inlines = [EditorProvinceInline]

