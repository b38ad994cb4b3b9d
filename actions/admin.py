from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.versioning import VersionedAdmin, VersionedInline

from .models import Action, ActionStatus, Adoption, Line, Organisation, Plan, ProgressUpdate, Target
from .timing import parse_period


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["municipality"]


class LineInline(admin.TabularInline):
    model = Line
    fields = ["number", "title", "challenge"]
    extra = 0
    show_change_link = True


class PlanTargetInline(admin.StackedInline):
    model = Target
    fk_name = "plan"
    fields = [("indicator", "unit", "direction"), ("baseline_value", "baseline_date", "baseline_text"),
              ("target_value", "target_date"), "target_text"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "owner", "start_date", "end_date", "status"]
    list_filter = ["kind", "status", "owner"]
    search_fields = ["title", "summary", "source"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["owner", "municipality", "partners"]
    inlines = [LineInline, PlanTargetInline]


class ActionInline(VersionedInline, admin.StackedInline):
    model = Action
    fields = [("number", "position", "status"), "title", "description", "responsible", "result",
              ("timing_text", "parsed_period"), ("progress_override", "weight"), "version"]
    readonly_fields = ["parsed_period"]
    autocomplete_fields = ["responsible"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("parsed period"))
    def parsed_period(self, obj):
        return describe_period(obj)


def describe_period(action):
    """The period next to the text, so an editor sees how the timing was read."""
    if action is None or not action.timing_text:
        return "—"
    if action.timing_unparsed:
        return gettext("not understood: please check the text")
    start = action.period_start.strftime("%d/%m/%Y") if action.period_start else "…"
    return f"{start} – {action.period_end:%d/%m/%Y}"


@admin.register(Line)
class LineAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "challenge"]
    inlines = [ActionInline]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    fk_name = "action"
    fields = ["date", "status", "note", "source"]
    extra = 0


class TimingForm(forms.Form):
    timing_text = forms.CharField(label=_("Timing as the source gives it"), max_length=300)


@admin.register(Action)
class ActionAdmin(VersionedAdmin, SimpleHistoryAdmin):
    list_display = ["number", "title", "plan", "status", "timing_text", "parsed_period", "progress_override"]
    list_filter = ["line__plan", "status", "timing_unparsed", "responsible"]
    list_select_related = ["line__plan"]
    search_fields = ["number", "title", "description", "result", "timing_text"]
    autocomplete_fields = ["responsible", "example_municipalities"]
    readonly_fields = ["parsed_period"]
    inlines = [ProgressUpdateInline]
    actions = [f"mark_{status}" for status in ActionStatus.values] + ["set_timing"]

    @admin.display(description=_("plan"), ordering="line__plan__title")
    def plan(self, obj):
        return obj.line.plan

    @admin.display(description=_("parsed period"))
    def parsed_period(self, obj):
        return describe_period(obj)

    def _set_status(self, request, queryset, status):
        count = 0
        for action in queryset:  # save() one by one: the audit trail records each change
            action.status = status
            action.save()
            count += 1
        self.message_user(request, gettext("%(count)d actions set to “%(status)s”.") % {
            "count": count, "status": ActionStatus(status).label})

    @admin.action(description=_("Set the timing of the selected actions"), permissions=["change"])
    def set_timing(self, request, queryset):
        form = TimingForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            text = form.cleaned_data["timing_text"]
            for action in queryset:
                action.timing_text = text
                action.save()
            level = messages.SUCCESS if parse_period(text) else messages.WARNING
            self.message_user(request, gettext("Timing of %(count)d actions set to “%(text)s” (%(period)s).") % {
                "count": queryset.count(), "text": text,
                "period": describe_period(queryset.first())}, level)
            return None
        return render(request, "admin/actions/set_timing.html", {
            **self.admin_site.each_context(request), "title": gettext("Set the timing"), "form": form,
            "actions": queryset, "opts": self.model._meta,
        })


def _status_action(status):
    def action(modeladmin, request, queryset):
        modeladmin._set_status(request, queryset, status)

    action.__name__ = f"mark_{status}"
    description = format_lazy(_("Set status: {}"), ActionStatus(status).label)
    return admin.action(description=description, permissions=["change"])(action)


for _status in ActionStatus.values:
    setattr(ActionAdmin, f"mark_{_status}", _status_action(_status))


class TargetUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    fk_name = "target"
    fields = ["date", "measured_value", "note", "source"]
    extra = 0


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "unit", "target_value", "target_date"]
    search_fields = ["indicator", "target_text"]
    inlines = [TargetUpdateInline]


@admin.register(Adoption)
class AdoptionAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "recommendation", "where", "date", "adopted"]
    list_filter = ["where", "adopted", "recommendation__line__plan"]
    list_select_related = ["municipality", "recommendation"]
    search_fields = ["municipality__name", "evidence_title"]
    autocomplete_fields = ["municipality", "recommendation"]
