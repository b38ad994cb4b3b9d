"""The admin's history page: the whole story of an object, field by field, in Dutch.

django-simple-history lists an object's versions with the fields that differ. Here the page also
tells the story of the object's child rows (a municipality's status events and initiatives: the
models of its admin's inlines, and `SafeAdmin.history_children`), in one timeline, newest first:

    date/time | what (object, or the kind of child row) | action | by | change set | changes

Each change is "field: old → new" with the field's Dutch name and display values: choice labels,
the related object's name, dates as dd/mm/jjjj, booleans as ja/nee, "—" for empty. A row that was
added lists what it was added with. The change set (core.changesets) says what a write was part
of: an import (with the file's SHA-256), a bulk action, a command.

The page reads a fixed number of queries whatever the number of versions: one per model of the
story, one per related model named, one per kept many-to-many relation.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import unquote
from django.db import models
from django.forms.models import _get_foreign_key
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

EMPTY = "—"
SKIPPED_FIELDS = {"version"}  # bumped by every save: noise, not a change
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}
LONGEST_VALUE = 300


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    """One version in the story: of the object itself (`child` False) or of a child row."""

    record: object
    what: str
    child: bool
    action: str
    url: str = ""
    changes: list = field(default_factory=list)

    @property
    def date(self):
        return self.record.history_date


def history_sources(model_admin, object_id):
    """[(model, filter, is child)]: the object's own history, then each child model's (by its foreign key)."""
    sources = [(model_admin.model, {model_admin.model._meta.pk.attname: object_id}, False)]
    for child, fk_name in child_histories(model_admin):
        foreign_key = _get_foreign_key(model_admin.model, child, fk_name=fk_name)
        sources.append((child, {foreign_key.attname: object_id}, True))
    return sources


def child_histories(model_admin):
    """[(model, fk name or None)]: the inlines' models that keep a history, and `history_children`."""
    children = []
    for inline in model_admin.inlines:
        if issubclass(inline, InlineModelAdmin) and hasattr(inline.model, "history"):
            children.append((inline.model, inline.fk_name))
    children += [item for item in getattr(model_admin, "history_children", ()) if item not in children]
    return children


def history_entries(model_admin, object_id):
    """Every version of the object and its child rows, newest first ([Entry])."""
    object_id = unquote(object_id)
    entries = []
    for model, lookup, child in history_sources(model_admin, object_id):
        records = list(
            model.history.filter(**lookup)
            .select_related("history_user", "history_change_set")
            .order_by(model._meta.pk.attname, "history_date", "history_id")
        )
        entries += _entries(model_admin, model, records, child)
    entries.sort(key=lambda entry: (entry.date, entry.record.history_id), reverse=True)
    return entries


def _entries(model_admin, model, records, child):
    fields = _shown_fields(model)
    related = _related_objects(model, fields, records)
    relations = _relations(model, records)
    entries, previous = [], None
    for record in records:
        pk = getattr(record, model._meta.pk.attname)
        before = previous if previous is not None and getattr(previous, model._meta.pk.attname) == pk else None
        entry = Entry(
            record,
            _what(model, fields, record, related) if child else "",
            child,
            gettext(ACTIONS.get(record.history_type, "changed")),
            url=_version_url(model_admin, model, pk, record.history_id),
        )
        if record.history_type != "-":
            for model_field in fields:
                old = _display(model_field, getattr(before, model_field.attname), related) if before else EMPTY
                new = _display(model_field, getattr(record, model_field.attname), related)
                if old != new:
                    entry.changes.append(Change(capfirst(model_field.verbose_name), old, new))
            for name, values in relations.items():
                old = values.get(before.history_id, EMPTY) if before else EMPTY
                new = values.get(record.history_id, EMPTY)
                if old != new:
                    entry.changes.append(Change(capfirst(model._meta.get_field(name).verbose_name), old, new))
        entries.append(entry)
        previous = record
    return entries


def _shown_fields(model):
    kept = {f.attname for f in model.history.model._meta.fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.attname in kept and not f.primary_key and f.name not in SKIPPED_FIELDS
    ]


def _related_objects(model, fields, records):
    """{(related model, pk): object} for every foreign key value in `records`: one query per related model."""
    wanted = defaultdict(set)
    for model_field in fields:
        if model_field.is_relation:
            wanted[model_field.related_model] |= {getattr(r, model_field.attname) for r in records} - {None}
    return {
        (related, obj.pk): obj for related, pks in wanted.items() for obj in related._base_manager.filter(pk__in=pks)
    }


def _relations(model, records):
    """{m2m field name: {history_id: "A, B"}} for the many-to-many relations the trail keeps."""
    history = model.history.model
    result = {}
    for m2m_field in getattr(history, "_history_m2m_fields", ()):
        target = m2m_field.m2m_reverse_field_name()
        rows = (
            getattr(history, m2m_field.name)
            .model.objects.filter(history_id__in=[r.history_id for r in records])
            .values_list("history_id", f"{target}_id")
        )
        pks = defaultdict(list)
        for history_id, pk in rows:
            pks[history_id].append(pk)
        related = {
            obj.pk: str(obj)
            for obj in m2m_field.related_model._base_manager.filter(
                pk__in={pk for values in pks.values() for pk in values}
            )
        }
        result[m2m_field.name] = {
            history_id: ", ".join(sorted(related.get(pk, f"#{pk}") for pk in values))
            for history_id, values in pks.items()
        }
    return result


def _display(model_field, value, related):
    """The value as the admin shows it, in Dutch ("—" for nothing)."""
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        obj = related.get((model_field.related_model, value))
        return str(obj) if obj is not None else gettext("deleted (#%(pk)s)") % {"pk": value}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return localize(value)
    return Truncator(str(value)).chars(LONGEST_VALUE)


def _what(model, fields, record, related):
    """ "Statusgebeurtenis: Gent: kandidaat (01/02/2022)": the child row as it was, its relations read already."""
    instance = record.instance
    for model_field in fields:
        obj = (
            related.get((model_field.related_model, getattr(record, model_field.attname)))
            if model_field.is_relation
            else None
        )
        if obj is not None:
            model_field.set_cached_value(instance, obj)
    return f"{capfirst(model._meta.verbose_name)}: {instance}"


def _version_url(model_admin, model, pk, history_id):
    """The page of this version in the admin of its model, if it has one."""
    if model not in model_admin.admin_site._registry:
        return ""
    try:
        return reverse(
            f"{model_admin.admin_site.name}:{model._meta.app_label}_{model._meta.model_name}_simple_history",
            args=[pk, history_id],
        )
    except NoReverseMatch:
        return ""
