"""Permissions shown in Dutch in the admin's group and user forms.

Django stores a permission's name in English when `migrate` creates it ("Can add action"), from
the model's untranslated verbose name. The stored name stays as Django made it: it is Django's
data, `migrate` never updates it, and rewriting it (a post_migrate step) would fix one language
in the database and go stale whenever a verbose name changes. Instead the forms label each
permission at display time from its codename and the model's translated name ("Mag actie
toevoegen"), as Django's own interface does for models: `use_dutch_labels()` (called once from
core.apps) makes this the permission's `__str__`, so the group and user forms, the deletion
summaries and the history all say it in Dutch.

Django offers the permissions in the group and user forms ordered by app label, model and
codename, all English: in Dutch "Gemeenten" came after "Initiatieven" and "versie van actie"
between "overname van een aanbeveling" and "actielijn". `DutchPermissionChoices`, a ModelAdmin
mixin (the group and user admins), offers them by their Dutch app and model names instead, as the
admin's index orders apps and models; within one model Django's order of the rights stays (add,
change, delete, view). tests/test_admin_permissions_dutch.py checks both forms.
"""

from django import forms
from django.contrib.auth.models import Permission
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PERMISSION_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def permission_label(permission):
    """"Gemeenten | gemeente | Mag gemeente wijzigen": the app, the model and the right, in Dutch.

    Django's own four rights are rebuilt from the codename; any other is its stored name, translated.
    """
    model = permission.content_type.model_class()
    if model is None:  # a content type whose model no longer exists
        return f"{permission.content_type} | {permission.name}"
    action, _sep, model_name = permission.codename.partition("_")
    name = gettext(permission.name)  # a permission of our own: its English name is a msgid
    if action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        name = PERMISSION_ACTIONS[action] % {"name": model._meta.verbose_name}
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {name}"


def use_dutch_labels():
    """Name every permission by `permission_label` (display only; the stored name is untouched)."""
    Permission.__str__ = permission_label


def permission_sort_key(permission):
    """(app, model) as `permission_label` names them, case-folded; a permission of a content type
    whose model no longer exists comes last."""
    model = permission.content_type.model_class()
    if model is None:
        return (1, str(permission.content_type.app_label), str(permission.content_type.model))
    return (0, str(model._meta.app_config.verbose_name).casefold(), str(model._meta.verbose_name).casefold())


class DutchOrderIterator(ModelChoiceIterator):
    """The field's choices ordered by `permission_sort_key`; a stable sort, so the queryset's order
    (codename: add, change, delete, view) stays within one model."""

    def __iter__(self):
        yield from sorted(super().__iter__(), key=lambda choice: permission_sort_key(choice[0].instance))


class PermissionMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of permissions, offered in Dutch order (DutchOrderIterator); validation is Django's."""

    iterator = DutchOrderIterator


class DutchPermissionChoices:
    """ModelAdmin mixin (before the ModelAdmin in the bases): every many-to-many field to Permission
    offers its choices in Dutch order (PermissionMultipleChoiceField)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs.setdefault("form_class", PermissionMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
