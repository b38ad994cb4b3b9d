from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import SafeAdmin, SafeInline
from core.admin_scopes import ScopedAdmin, ScopedInline
from core.text import SafeCharField

from .models import (
    Action,
    ActionStatus,
    Adoption,
    Line,
    Organisation,
    Plan,
    PlanAuthor,
    ProgressUpdate,
    Reference,
    Responsibility,
    Target,
)
from .models.plans import REPORTED_STATUSES
from .models.scopes import PlanEditor, editable_plan_ids
from .timing import parse_period


@admin.register(Organisation)
class OrganisationAdmin(SafeAdmin):
    list_display = ["short_name", "name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["short_name", "name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["municipality"]


class PlanScopedAdmin(ScopedAdmin):
    """A plan and what hangs on it, scoped by plan (core.admin_scopes): a Planredacteur bound to
    plans (actions.PlanEditor) changes only those; bound to none, every plan."""

    scope_paths: tuple[str, ...] = ("plan",)
    scope_choices = {Plan: "pk", Line: "plan", Action: "line__plan"}

    def scope_ids(self, user):
        return editable_plan_ids(user)


class LineInline(ScopedInline, SafeInline, admin.TabularInline):
    model = Line
    fields = ["number", "title", "challenge"]
    extra = 0
    show_change_link = True


class PlanTargetInline(ScopedInline, SafeInline, admin.StackedInline):
    model = Target
    fk_name = "plan"
    fields = [("indicator", "unit", "direction"), ("baseline_value", "baseline_date", "baseline_text"),
              ("target_value", "target_date"), "target_text", "indicative"]
    extra = 0


class PlanAuthorInline(ScopedInline, SafeInline, admin.TabularInline):
    """The authors in the source's order."""

    model = PlanAuthor
    fields = ["position", "organisation"]
    autocomplete_fields = ["organisation"]
    extra = 0


class ReferenceInline(ScopedInline, SafeInline, admin.StackedInline):
    model = Reference
    fields = [("kind", "position"), "title", ("url", "date"), "text", "municipalities"]
    autocomplete_fields = ["municipalities"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(PlanScopedAdmin, SafeAdmin):
    scope_paths = ("pk",)

    def has_add_permission(self, request):
        """A new plan lies outside any binding: only a plan editor bound to no plan adds one."""
        return super().has_add_permission(request) and self.scope_ids(request.user) is None
    list_display = ["title", "kind", "start_date", "end_date", "status"]
    list_filter = ["kind", "status", "authors"]
    search_fields = ["title", "summary", "source"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["municipality", "partners"]
    inlines = [PlanAuthorInline, LineInline, PlanTargetInline, ReferenceInline]


class ActionInline(ScopedInline, SafeInline, admin.StackedInline):
    model = Action
    fields = [("number", "position"), "title", "description", "result",
              ("timing_text", "parsed_period"), "progress_override", "inference_note", "version"]
    readonly_fields = ["parsed_period"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("parsed period"))
    def parsed_period(self, obj):
        return describe_period(obj)


def describe_period(action):
    """The reading next to the text (kind, days, condition), so an editor sees how the timing was read."""
    if action is None or not action.timing_text:
        return "—"
    if action.timing_unparsed:
        return gettext("not understood: please check the text")
    return action.timing_summary


@admin.register(Line)
class LineAdmin(PlanScopedAdmin, SafeAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "challenge"]
    inlines = [ActionInline]


class ResponsibilityInline(ScopedInline, SafeInline, admin.TabularInline):
    """The responsible organisations in the order of the source's Verantwoordelijk column."""

    model = Responsibility
    fields = ["position", "organisation"]
    autocomplete_fields = ["organisation"]
    extra = 0


class ProgressUpdateInline(ScopedInline, SafeInline, admin.TabularInline):
    model = ProgressUpdate
    fk_name = "action"
    fields = ["date", "status", "note", "source"]
    extra = 0


class TimingForm(forms.Form):
    timing_text = SafeCharField(label=_("Timing as the source gives it"), max_length=300)


class StatusUpdateForm(forms.Form):
    """The evidence for a status set in bulk: it becomes one progress update per action."""

    date = forms.DateField(label=_("Date"), help_text=_("The day the source speaks of."))
    source = SafeCharField(label=_("Source"), max_length=300)
    note = SafeCharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What the source says, in its own words where possible."))

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(_("A progress update cannot be dated in the future."))
        return day


class StatusFilter(admin.SimpleListFilter):
    """The status the latest progress update gives (unknown without one)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ActionStatus.choices

    def queryset(self, request, queryset):
        if self.value() in ActionStatus.values:
            return queryset.with_status().filter(status=self.value())
        return queryset


@admin.register(Action)
class ActionAdmin(PlanScopedAdmin, SafeAdmin):
    scope_paths = ("line__plan",)
    list_display = ["number", "title", "plan", "current_status", "timing_text", "parsed_period", "progress_override"]
    list_filter = ["line__plan", StatusFilter, "timing_kind", "timing_unparsed", "responsible"]
    list_select_related = ["line__plan"]
    search_fields = ["number", "title", "description", "result", "timing_text"]
    autocomplete_fields = ["example_municipalities"]
    readonly_fields = ["parsed_period", "current_status"]
    inlines = [ResponsibilityInline, ProgressUpdateInline]
    actions = [f"mark_{status}" for status, _label in REPORTED_STATUSES] + ["set_timing"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("plan"), ordering="line__plan__title")
    def plan(self, obj):
        return obj.line.plan

    @admin.display(description=_("parsed period"))
    def parsed_period(self, obj):
        return describe_period(obj)

    @admin.display(description=_("status (latest progress update)"), ordering="status")
    def current_status(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        status = getattr(obj, "status", None) or Action.objects.with_status().get(pk=obj.pk).status
        label = ActionStatus(status).label
        return f"{label} ({obj.status_date:%d/%m/%Y})" if getattr(obj, "status_date", None) else label

    def _set_status(self, request, queryset, status):
        """Record `status` as a progress update of every selected action, with the evidence of the
        intermediate form; nothing is written unless every update is valid."""
        form = StatusUpdateForm(request.POST if "apply" in request.POST else None,
                                initial={"date": timezone.localdate()})
        errors = []
        if form.is_valid():
            updates = [ProgressUpdate(action=action, status=status, **form.cleaned_data) for action in queryset]
            for update in updates:
                try:
                    update.full_clean()
                except ValidationError as error:
                    errors.append(f"{update.action}: {' '.join(error.messages)}")
            if not errors:
                for update in updates:  # save() one by one: the audit trail records each update
                    update.save()
                self.message_user(request, gettext("Progress update “%(status)s” recorded for %(count)d actions.") % {
                    "count": len(updates), "status": ActionStatus(status).label})
                return None
        return render(request, "admin/actions/set_status.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Set status: %(status)s") % {"status": ActionStatus(status).label},
            "form": form, "errors": errors, "actions": queryset, "action_name": f"mark_{status}",
            "opts": self.model._meta,
        })

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
        return modeladmin._set_status(request, queryset, status)

    action.__name__ = f"mark_{status}"
    description = format_lazy(_("Set status: {}"), ActionStatus(status).label)
    return admin.action(description=description, permissions=["change"])(action)


for _status, _label in REPORTED_STATUSES:
    setattr(ActionAdmin, f"mark_{_status}", _status_action(_status))


class TargetUpdateInline(ScopedInline, SafeInline, admin.TabularInline):
    model = ProgressUpdate
    fk_name = "target"
    fields = ["date", "measured_value", "note", "source"]
    extra = 0


@admin.register(Target)
class TargetAdmin(PlanScopedAdmin, SafeAdmin):
    scope_paths = ("plan", "line__plan", "action__line__plan")
    list_display = ["indicator", "unit", "target_value", "target_date"]
    search_fields = ["indicator", "target_text"]
    inlines = [TargetUpdateInline]


@admin.register(Adoption)
class AdoptionAdmin(PlanScopedAdmin, SafeAdmin):
    scope_paths = ("recommendation__line__plan",)
    list_display = ["municipality", "recommendation", "kind", "where", "date", "adopted"]
    list_filter = ["kind", "where", "adopted", "recommendation__line__plan"]
    list_select_related = ["municipality", "recommendation"]
    search_fields = ["municipality__name", "evidence_title"]
    autocomplete_fields = ["municipality", "recommendation"]


class PlanEditorInline(SafeInline, admin.TabularInline):
    """The plans a Planredacteur is bound to, on the user's page (pleegzorg.roles)."""

    model = PlanEditor
    extra = 0
    verbose_name_plural = _("Plans this plan editor may change (none: every plan)")


# The user admin is the municipalities app's (with the provinces of an editor); this app adds its
# plans, as initiatives adds its inline to the municipality admin.
User = get_user_model()
_UserAdmin = type(admin.site._registry[User])
admin.site.unregister(User)


@admin.register(User)
class UserWithPlansAdmin(_UserAdmin):  # type: ignore[misc,valid-type]  # the class registered at run time
    inlines = [*_UserAdmin.inlines, PlanEditorInline]
