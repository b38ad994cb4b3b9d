"""Admins whose objects every reader sees but only some users change: the register by province,
the Dutch plans by plan (pleegzorg.roles).

A scoped admin names `scope_paths` (lookups from its model to the scoping object; the first that
leads somewhere counts, e.g. a target belongs to a plan, a line or an action) and
`scope_ids(user)` (the pks of the scoping objects the user may change, None for all, an empty set
for none). Then:

- everyone who may view sees every object; an object outside one's scope opens read-only, saying
  "U mag deze gemeente niet wijzigen." rather than pretending it does not exist;
- changing and deleting need the object in scope; adding needs a non-empty scope;
- bulk actions (Django's "delete selected" included) refuse a selection that reaches outside;
- foreign keys offer, and accept, only choices in scope (`scope_choices`), so a forged POST fails
  form validation;
- inlines (`ScopedInline`) follow the scope of the object they are shown in.
"""

from django.contrib import messages
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _

OUT_OF_SCOPE = _("You may not change this %(name)s.")


def follow(obj, path):
    """The object at the end of the lookup `path` ("municipality__province") from `obj`, or None;
    "pk" is `obj` itself."""
    if path == "pk":
        return obj
    for step in path.split("__"):
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return obj


class ScopedAdmin:
    """Mixin for a SafeAdmin (before it); see the module docstring."""

    scope_paths: tuple = ()
    # {model: lookup from that model to the scoping object's pk}: foreign keys to these models
    # offer only what lies in scope.
    scope_choices: dict = {}

    def scope_ids(self, user):
        raise NotImplementedError

    def scope_filter(self, ids):
        """Q: the rows of this admin's model that lie within `ids`."""
        condition = Q(pk__in=[])
        for path in self.scope_paths:
            condition |= Q(**{f"{path}__in": ids})
        return condition

    def in_scope(self, request, obj):
        """May this user change `obj` (an instance, possibly rebuilt from the audit trail)?"""
        ids = self.scope_ids(request.user)
        if ids is None:
            return True
        targets = [follow(obj, path) for path in self.scope_paths]
        return any(target is not None and target.pk in ids for target in targets)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self.scope_ids(request.user) != frozenset()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method in ("GET", "HEAD") and not self.in_scope(request, obj) \
                and super().has_change_permission(request, obj):
            self.message_user(request, gettext(OUT_OF_SCOPE) % {"name": self.model._meta.verbose_name},
                              messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        """Every bulk action, refusing a selection that reaches outside this user's scope."""
        return {name: (_guarded(self, function), name, description)
                for name, (function, name, description) in super().get_actions(request).items()}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = self.scope_ids(request.user)
        lookup = self.scope_choices.get(db_field.related_model)
        if ids is not None and lookup is not None:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(**{f"{lookup}__in": ids})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _guarded(model_admin, function):
    def action(modeladmin, request, queryset):
        ids = modeladmin.scope_ids(request.user)
        if ids is not None and queryset.exclude(modeladmin.scope_filter(ids)).exists():
            modeladmin.message_user(request, gettext(
                "Nothing was changed: your selection includes %(name)s you may not change.") % {
                "name": modeladmin.model._meta.verbose_name_plural}, messages.ERROR)
            return None
        return function(modeladmin, request, queryset)

    action.__name__ = getattr(function, "__name__", "action")
    for attribute in ("short_description", "allowed_permissions"):
        if hasattr(function, attribute):
            setattr(action, attribute, getattr(function, attribute))
    return action


class ScopedInline:
    """Mixin for an inline (before SafeInline) shown in a ScopedAdmin: it may be changed exactly
    when the object it is shown in may be."""

    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def _parent_allows(self, request, obj):
        parent = self._parent_admin()
        if obj is None:
            return parent.scope_ids(request.user) != frozenset()
        return parent.in_scope(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_allows(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        parent = self._parent_admin()
        ids = parent.scope_ids(request.user)
        lookup = parent.scope_choices.get(db_field.related_model)
        if ids is not None and lookup is not None:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(**{f"{lookup}__in": ids})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
