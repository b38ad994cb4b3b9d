from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import SafeAdmin, SafeInline
from core.admin_scopes import ScopedAdmin, ScopedInline
from core.admin_search import BoundedSearchAdmin
from core.permissions import DutchPermissionChoices
from core.text import SafeCharField
from core.versioning import VersionedInlineFormSet

from .mergers import record_from_predecessors
from .models import (
    EditorProvince,
    FosterCareForm,
    FosterCareService,
    FosterCareTopic,
    KeyFigure,
    Municipality,
    Province,
    RegisterCompleteness,
    Status,
    StatusEvent,
)
from .models.scopes import editable_province_ids
from .models.status import changing_register, check_sequence


class ProvinceScopedAdmin(ScopedAdmin):
    """The register, scoped by province (core.admin_scopes): a Redacteur changes only what lies in
    the provinces granted to them (municipalities.models.scopes.editable_province_ids); others,
    and readers, see it read-only."""

    scope_paths = ("province",)
    scope_choices = {Municipality: "province"}

    def scope_ids(self, user):
        return editable_province_ids(user)


class StatusEventFormSet(VersionedInlineFormSet):
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


class StatusEventInline(ScopedInline, SafeInline, admin.TabularInline):
    model = StatusEvent
    formset = StatusEventFormSet
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
class ProvinceAdmin(SafeAdmin):
    list_display = ["name", "iso_code", "country", "kind", "official_code"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "iso_code", "official_code"]


@admin.register(Municipality)
class MunicipalityAdmin(ProvinceScopedAdmin, SafeAdmin):
    list_display = ["name", "code", "province", "status_today", "valid_from", "valid_until", "successor"]
    list_filter = [CurrentStatusFilter, "province__country", "province"]
    list_select_related = ["province", "successor"]
    search_fields = ["name", "name_fr", "code"]
    autocomplete_fields = ["successor"]
    inlines: list[type[admin.options.InlineModelAdmin]] = [StatusEventInline]
    actions = ["record_status_from_predecessors"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status_on(timezone.localdate())

    def get_readonly_fields(self, request, obj=None):
        """Names, codes, validity and successor are reference data: the Beheerder's (pleegzorg.roles)."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("municipalities.change_reference_data"):
            readonly += [name for name in Municipality.REFERENCE_FIELDS if name not in readonly]
        return readonly

    def get_autocomplete_fields(self, request):
        return [name for name in super().get_autocomplete_fields(request)
                if name not in self.get_readonly_fields(request)]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.has_perm("municipalities.change_reference_data")

    def has_delete_permission(self, request, obj=None):
        """Nobody deletes a municipality that anything refers to (Municipality.references; the
        model refuses it too, however it is deleted)."""
        return super().has_delete_permission(request, obj) and (obj is None or not obj.references())

    @admin.action(description=_("Record the status of merged municipalities from their predecessors"),
                  permissions=["change"])
    def record_status_from_predecessors(self, request, queryset):
        """Asks for the source first; then every selected municipality gets its event, or none does."""
        form = PredecessorStatusForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return render(request, "admin/municipalities/record_from_predecessors.html", {
                **self.admin_site.each_context(request), "title": _("Status from the predecessors"), "form": form,
                "municipalities": queryset, "opts": self.model._meta,
            })
        recorded = [record_from_predecessors(municipality, form.cleaned_data["source"], form.cleaned_data["note"])
                    for municipality in queryset]
        self.message_user(request, gettext("Status recorded for: %(names)s.") % {
            "names": ", ".join(event.municipality.name for event in recorded)})
        return None

    def save_related(self, request, form, formsets, change):
        """The events of the inline are judged together, once all are written, under the lock."""
        with changing_register():
            super().save_related(request, form, formsets, change)

    def get_inlines(self, request, obj):
        """Only Flemish and Brussels municipalities carry a status and initiatives."""
        if obj is None or not obj.on_flemish_register:
            return []
        return super().get_inlines(request, obj)

    @admin.display(description=_("status today"), ordering="status")
    def status_today(self, obj):
        return Status(obj.status).label


class PredecessorStatusForm(forms.Form):
    source = SafeCharField(label=_("Source"), max_length=300, help_text=_(
        "The document saying the new municipality continues the engagement, e.g. a council decision."))
    note = SafeCharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(RegisterCompleteness)
class RegisterCompletenessAdmin(SafeAdmin):
    list_display = ["province", "complete_from", "complete_until", "source"]
    list_filter = ["province"]
    search_fields = ["source", "quote"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = Province.objects.flemish_register()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StatusEvent)
class StatusEventAdmin(ProvinceScopedAdmin, SafeAdmin):
    scope_paths = ("municipality__province",)
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
class KeyFigureAdmin(SafeAdmin):
    list_display = ["label", "value", "unit", "area", "date", "date_label", "series"]
    list_filter = ["country", "series"]
    search_fields = ["label", "area", "source"]


@admin.register(FosterCareForm)
class FosterCareFormAdmin(SafeAdmin):
    list_display = ["name", "group", "directly_accessible", "duration", "order"]
    list_filter = ["group", "directly_accessible"]


@admin.register(FosterCareService)
class FosterCareServiceAdmin(SafeAdmin):
    list_display = ["name", "order", "source"]
    search_fields = ["name", "quote", "note"]
    filter_horizontal = ["provinces"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "provinces":
            kwargs["queryset"] = Province.objects.flemish_register()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(FosterCareTopic)
class FosterCareTopicAdmin(SafeAdmin):
    list_display = ["title", "slug", "order"]
    search_fields = ["title", "text"]


class EditorProvinceInline(SafeInline, admin.TabularInline):
    model = EditorProvince
    extra = 0
    verbose_name_plural = _("Provinces whose register this editor may change (none: none)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = Province.objects.flemish_register()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(DutchPermissionChoices, BoundedSearchAdmin, UserAdmin):
    """Users get their rights from their roles (pleegzorg.roles) and provinces. Only a superuser
    makes a superuser or grants a permission outside the roles: a Beheerder cannot raise anyone,
    themselves included, above the table."""

    inlines = [EditorProvinceInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        """A superuser's account (its password included) is changed by superusers only."""
        return super().has_change_permission(request, obj) and not _above(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _above(request.user, obj)


def _above(user, account):
    """Is `account` a superuser that `user`, not one, would be changing?"""
    return account is not None and account.is_superuser and not user.is_superuser

