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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

OUT_OF_SCOPE = _("You may not change this %(name)s.")


def follow_pk(obj, path):
    """The pk at the end of the lookup `path` ("municipality__province") from `obj`, or None; "pk"
    is `obj`'s own. The last step is read as its `_id` attribute, without loading that object."""
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return obj.pk if last == "pk" else getattr(obj, f"{last}_id", None)


def scoped_choices(scoped_admin, db_field, user):
    """The queryset a foreign key `db_field` may offer `user` under `scoped_admin`'s scope, or None
    when it is not narrowed (the model is not scoped, or the user's scope is everything)."""
    ids = scoped_admin.scope_ids(user)
    lookup = scoped_admin.scope_choices.get(db_field.related_model)
    if ids is None or lookup is None:
        return None
    return db_field.related_model._default_manager.filter(**{f"{lookup}__in": ids})


def may_add(scoped_admin, user):
    """Adding needs a scope that holds something (a Redacteur without provinces adds nothing)."""
    return scoped_admin.scope_ids(user) != frozenset()


class ScopedAdmin:
    """Mixin for a SafeAdmin (before it); see the module docstring."""

    scope_paths: tuple[str, ...] = ()
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
        """May this user change `obj`?"""
        ids = self.scope_ids(request.user)
        return ids is None or any(follow_pk(obj, path) in ids for path in self.scope_paths)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and may_add(self, request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if request.method in ("GET", "HEAD") else None
        if obj is not None and not self.in_scope(request, obj) and super().has_change_permission(request, obj):
            self.message_user(request, OUT_OF_SCOPE % {"name": self.model._meta.verbose_name},
                              messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        """Every bulk action, refusing a selection that reaches outside this user's scope."""
        return {name: (_guarded(self, function), name, description)
                for name, (function, name, description) in super().get_actions(request).items()}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(self, db_field, request.user)
        if choices is not None:
            kwargs["queryset"] = choices
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
    return action


class ScopedInline:
    """Mixin for an inline (before SafeInline) shown in a ScopedAdmin: it may be changed exactly
    when the object it is shown in may be."""

    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def _parent_allows(self, request, obj):
        parent = self._parent_admin()
        return may_add(parent, request.user) if obj is None else parent.in_scope(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_allows(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(self._parent_admin(), db_field, request.user)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
