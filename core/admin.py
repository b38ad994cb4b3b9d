"""The one base of every ModelAdmin and inline of the project: the admin's write paths, made safe.

`SafeAdmin` (for ModelAdmins) and `SafeInline` (for inlines) hold every rule that applies to all
models, so that no model can be forgotten (tests/test_admin_safety.py checks every registered
admin and inline):

- The audit trail is read-only and scoped. django-simple-history's per-version page
  (`<id>/history/<version>/`) saves on POST with only a view permission and loads the object
  without the admin's queryset; here it answers GET only, shows every field read-only, and opens
  only what `get_queryset(request)` (and the view permission, for deleted objects) lets this user open.
  The history list is scoped the same way, and tells the whole story: every change field by
  field, old → new, with the object's child rows and the change sets (core.admin_history).
- No lost update: every form carries the row's version (core.versioning); a stale save is refused
  with what changed meanwhile, and a race lost at the last moment is a message.
- A save or delete that a domain rule refuses at write time (ValidationError raised by the model
  under its lock, e.g. an impossible status-event sequence) is a message; nothing is written.
- Bulk actions are atomic: every selected row changes, or none does, with a Dutch message; what
  they write is one change set of the audit trail, labelled with the action (core.changesets).
- No text field accepts a control character that XML forbids (core.text).
- A search too large for the database is refused with a message (core.admin_search).
- Dutch throughout: messages about one object take the noun's article (core.articles); the audit
  trail shows no "None" for a change without a reason, and names the app in Dutch.
"""

import copy

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import model_format_dict, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from .admin_history import history_entries
from .admin_search import BoundedSearchAdmin
from .articles import with_article
from .changesets import recording
from .history import record_now, tracks_many_to_many
from .models import ChangeSet
from .text import validate_no_control_characters
from .versioning import ConcurrentUpdate, VersionedInlineFormSet, VersionedModelForm

READ_METHODS = ("GET", "HEAD")


def refusal_message(error):
    """The Dutch text of an error raised while writing (ValidationError, lost race, protection)."""
    if isinstance(error, ConcurrentUpdate):
        return gettext("Someone else saved this at the same moment; nothing of yours was saved.")
    if isinstance(error, ProtectedError):
        # A model that says why (Municipality.refuse_if_referenced) is quoted; Django's own is not Dutch.
        if error.args and isinstance(error.args[0], str) and not error.protected_objects:
            return error.args[0]
        return gettext("Other records still refer to this; nothing was deleted.")
    if isinstance(error, IntegrityError):
        return gettext("The database refused this change as inconsistent; nothing was saved.")
    return " ".join(error.messages)


WRITE_REFUSALS = (ValidationError, ConcurrentUpdate, ProtectedError, IntegrityError)


class _SafeFields:
    """Shared by admins and inlines: the version travels in every form; text has no control characters."""

    form: type[forms.ModelForm] = VersionedModelForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if _is_versioned(self.model) and "version" not in _flatten(fields):
            fields.append("version")
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # a link typed without a scheme is read as https
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, (models.CharField, models.TextField)):
            formfield.validators.append(validate_no_control_characters)
        return formfield


class SafeInline(_SafeFields):
    """Mixin for every inline (before admin.TabularInline/StackedInline)."""

    formset: type[BaseInlineFormSet] = VersionedInlineFormSet


class SafeAdmin(_SafeFields, BoundedSearchAdmin, SimpleHistoryAdmin):
    """Base of every ModelAdmin of the project (see the module docstring)."""

    # --- the audit trail: read-only, scoped ---------------------------------------------------

    def _check_history_access(self, request, object_id, version_id="0"):
        if not str(version_id).isdigit():
            raise Http404
        try:
            exists = self.model._base_manager.filter(pk=object_id)
            if exists.exists():
                if not self.get_queryset(request).filter(pk=object_id).exists():
                    raise Http404
                return
        except (ValueError, ValidationError):
            raise Http404 from None
        # Deleted: judge the last version the audit trail holds.
        record = self.model.history.filter(**{self.model._meta.pk.attname: object_id}).order_by("-history_date").first()
        if record is None:
            raise Http404
        if not self.has_view_or_change_permission(request, record.instance):
            raise PermissionDenied

    # Child rows whose history belongs to this object's story, beyond the inlines' models:
    # [(model, name of its foreign key to this model, or None when there is one)] (core.admin_history).
    history_children = ()

    def history_view(self, request, object_id, extra_context=None):
        """The whole story of the object and its child rows, field by field (core.admin_history)."""
        self._check_history_access(request, object_id)
        obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if obj is None:
            obj = self.model.history.filter(**{self.model._meta.pk.attname: unquote(object_id)}).latest().instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        paginator = Paginator(history_entries(self, object_id), self.history_list_per_page)
        page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(object)s") % {"object": obj},
            "object_history_list_template": self.object_history_list_template,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.count > self.history_list_per_page,
            "module_name": capfirst(str(self.opts.verbose_name_plural)),
            "object": obj,
            "app_label": self.opts.app_label,
            "opts": self.opts,
            "revert_disabled": True,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_template, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in READ_METHODS:
            return HttpResponseNotAllowed(READ_METHODS, content=gettext(
                "The audit trail cannot be changed: this page only shows an earlier version."))
        self._check_history_access(request, object_id, version_id)
        request.viewing_history = True
        # simple_history reads `self.prepopulated_fields` directly; on a read-only page their targets
        # are no form fields (a KeyError). A copy of this admin without them serves this one request.
        viewer = copy.copy(self)
        viewer.prepopulated_fields = {}
        return super(SafeAdmin, viewer).history_form_view(request, object_id, version_id, extra_context)

    def has_change_history_permission(self, request, obj=None):
        return False

    # --- many-to-many relations: one version per save, with the relations as saved ------------

    def save_model(self, request, obj, form, change):
        if tracks_many_to_many(type(obj)):
            obj.skip_history_when_saving = True  # recorded in save_related, once the relations are saved
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        instance = form.instance
        if getattr(instance, "skip_history_when_saving", False):
            del instance.skip_history_when_saving
            record_now(instance, "~" if change else "+")

    def save_formset(self, request, form, formset, change):
        """The same for inline rows that keep relations (a plan's references and their municipalities):
        each saved row gets one version, written once its relations are saved."""
        if not tracks_many_to_many(formset.model):
            return super().save_formset(request, form, formset, change)
        kept = [f.instance for f in formset.forms if f.has_changed() and not formset._should_delete_form(f)]
        for instance in kept:
            instance.skip_history_when_saving = True
        try:
            super().save_formset(request, form, formset, change)
        finally:
            for instance in kept:
                instance.__dict__.pop("skip_history_when_saving", None)
        for instance in formset.new_objects:
            record_now(instance, "+")
        for instance, _fields in formset.changed_objects:
            record_now(instance, "~")

    def get_readonly_fields(self, request, obj=None):
        if getattr(request, "viewing_history", False):
            editable = [f.name for f in self.model._meta.get_fields()
                        if getattr(f, "editable", False) and not f.auto_created and (f.concrete or f.many_to_many)]
            return [*dict.fromkeys([*editable, *super().get_readonly_fields(request, obj)])]
        return super().get_readonly_fields(request, obj)

    # --- Dutch -------------------------------------------------------------------------------

    def message_user(self, request, message, *args, **kwargs):
        """Django's messages say "De {name}"; a het-word gets "Het" (core.articles)."""
        super().message_user(request, with_article(message, self.model._meta.verbose_name), *args, **kwargs)

    # --- writes refused at the last moment ---------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WRITE_REFUSALS as error:
            messages.error(request, refusal_message(error))
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except WRITE_REFUSALS as error:
            messages.error(request, refusal_message(error))
            return HttpResponseRedirect(request.get_full_path())

    # --- bulk actions: all or nothing --------------------------------------------------------

    def response_action(self, request, queryset):
        """Runs the action atomically, as one change set of the audit trail ("Bulkactie: <naam>")."""
        try:
            with (transaction.atomic(using=queryset.db),
                  recording(self._action_label(request), ChangeSet.Kind.BULK, user=request.user)):
                return super().response_action(request, queryset)
        except WRITE_REFUSALS as error:
            messages.error(request, gettext("Nothing was changed: %(reason)s") % {"reason": refusal_message(error)})
            return HttpResponseRedirect(request.get_full_path())


    def _action_label(self, request):
        """"Bulkactie: <the action's description>" for the action the changelist form posts."""
        names = request.POST.getlist("action")
        index = request.POST.get("index", "0")
        name = names[int(index)] if index.isdigit() and int(index) < len(names) else (names or [""])[0]
        action = self.get_actions(request).get(name)
        if action is None:
            return gettext("Bulk action")
        return gettext("Bulk action: %(action)s") % {"action": action[2] % model_format_dict(self.opts)}


def _is_versioned(model):
    return any(field.name == "version" for field in model._meta.concrete_fields)


def _flatten(fields):
    names = []
    for item in fields:
        names.extend(item if isinstance(item, (list, tuple)) else [item])
    return names
