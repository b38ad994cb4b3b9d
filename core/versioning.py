"""Optimistic locking: no officer silently overwrites another's change.

A versioned row carries a `version` number. Saving an existing row first claims it with
`UPDATE ... SET version = version + 1 WHERE id = ? AND version = ?`, which is atomic on SQLite and
PostgreSQL alike: of two officers who loaded version 3, only the first save succeeds. Admin forms
carry the version in a hidden field and refuse a stale one with a Dutch message that shows what
changed meanwhile, before anything is written.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext, gettext_lazy as _


class ConcurrentUpdate(Exception):
    """The row changed since it was read; nothing was written."""


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            claimed = type(self)._base_manager.filter(pk=self.pk, version=self.version).update(version=F("version") + 1)
            if not claimed:
                raise ConcurrentUpdate(self)
            self.version += 1
            return super().save(*args, **kwargs)


def describe_changes(form, current, seen_version):
    """'field: “what you saw” → “what it is now”' for the form's fields changed since `seen_version`.

    What the officer saw is read back from the audit trail, which records every version.
    """
    seen = current.history.filter(version=seen_version).order_by("-history_date").first()
    if seen is None:
        return []
    changes = []
    for name, field in form.fields.items():
        model_field = next((f for f in current._meta.concrete_fields if f.name == name), None)
        if model_field is None or name == "version":
            continue
        before, after = getattr(seen, model_field.attname), getattr(current, model_field.attname)
        if before != after:
            if model_field.is_relation:
                after = getattr(current, name)
                before = model_field.related_model._base_manager.filter(pk=before).first() if before else None
            changes.append(f"{field.label}: “{before if before not in (None, '') else '—'}” → “{after if after not in (None, '') else '—'}”")
    return changes


class VersionedModelForm(forms.ModelForm):
    """Carries the version it was loaded with and refuses to save over a newer one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None or instance._state.adding:
            return cleaned
        current = type(instance)._base_manager.filter(pk=instance.pk).first()
        posted = cleaned.get("version")
        if current is not None and posted is not None and current.version != posted:
            changes = describe_changes(self, current, posted)
            raise ValidationError(
                _("Someone else changed this meanwhile (now version %(version)s). Nothing of yours was saved; "
                  "reload the page to see the current data and make your change again. Changed: %(changes)s")
                % {"version": current.version, "changes": "; ".join(changes) or gettext("(not shown in this form)")},
                code="stale",
            )
        return cleaned
