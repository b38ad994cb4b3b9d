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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .text import check_text_fields


class ConcurrentUpdate(Exception):
    """The row changed since it was read; nothing was written."""


class VersionedModel(models.Model):
    """The base of every model an officer edits: a version against lost updates, and validation
    (full_clean, so every form, import and loader) that refuses control characters in text."""

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

    def clean_fields(self, exclude=None):
        errors = check_text_fields(self, exclude)
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def changed_after(model, pks, moment):
    """The pks (a set) of those in `pks` whose rows of `model` were saved or deleted after `moment`
    (an aware datetime), by the audit trail (django-simple-history: `model.history`, one record per
    save and delete; every versioned model has one). One query; none for no pks.

    For a file made from the register at `moment` (an annex workbook): a row changed since then
    must not be overwritten with what the file says (a lost update)."""
    pks = set(pks)
    if not pks:
        return set()
    pk = model._meta.pk.attname
    records = model.history.model.objects.filter(**{f"{pk}__in": pks, "history_date__gt": moment})
    return set(records.values_list(pk, flat=True).distinct())


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


def stale_row_message(current, seen_version):
    """Dutch: the row is at a newer version than the form showed; nothing was saved."""
    return _("Someone else changed this meanwhile (now version %(version)s). Nothing of yours was saved; "
             "reload the page to see the current data and make your change again. Changed: %(changes)s") % {
        "version": current.version, "changes": gettext("(not shown in this form)")}


class VersionedInlineFormSet(forms.BaseInlineFormSet):
    """Rows marked for deletion are checked too: Django skips their validation, so deleting a row
    another officer changed meanwhile would silently discard that change."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            instance = form.instance
            if instance.pk is None or "version" not in form.fields:
                continue
            try:
                posted = form.fields["version"].clean(form.data.get(form.add_prefix("version")))
            except ValidationError:
                posted = None
            current = type(instance)._base_manager.filter(pk=instance.pk).first()
            if current is not None and current.version != (posted or 0):
                raise ValidationError(stale_row_message(current, posted), code="stale")


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
        if "version" in self.fields and posted is None:
            posted = 0  # a form posted without its version cannot prove it saw the current one
        if current is not None and posted is not None and current.version != posted:
            changes = describe_changes(self, current, posted)
            raise ValidationError(
                _("Someone else changed this meanwhile (now version %(version)s). Nothing of yours was saved; "
                  "reload the page to see the current data and make your change again. Changed: %(changes)s")
                % {"version": current.version, "changes": "; ".join(changes) or gettext("(not shown in this form)")},
                code="stale",
            )
        return cleaned
