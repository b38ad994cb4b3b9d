"""The audit trail's completeness, as a check: every live row equals its latest historical record.

A write that bypasses model signals (QuerySet.update, bulk_create, a relation's through rows
written in bulk) leaves a row the trail does not know as it is. `rows_the_trail_misses()` finds
them, for every model of the project that has an audit trail, relations included.
"""

from collections import defaultdict

from django.apps import apps

PROJECT_APPS = {"core", "municipalities", "initiatives", "actions", "pleegzorg"}


def tracked_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and hasattr(model._meta, "simple_history_manager_attribute")
    ]


def rows_the_trail_misses():
    """[(model label, pk, what differs)] for each live row that differs from its latest historical record."""
    missing = []
    for model in tracked_models():
        history = model.history.model
        kept = {field.attname for field in history._meta.fields}
        fields = [f.attname for f in model._meta.concrete_fields if f.attname in kept and not f.primary_key]
        pk = model._meta.pk.attname
        latest = {}
        for record in history.objects.order_by("history_date", "history_id").values("history_id", pk, *fields):
            latest[record[pk]] = record
        for row in model._base_manager.values(pk, *fields):
            record = latest.get(row[pk])
            if record is None:
                missing.append((model._meta.label, row[pk], "no record"))
                continue
            differs = [name for name in fields if record[name] != row[name]]
            if differs:
                missing.append((model._meta.label, row[pk], differs))
        for field in history._history_m2m_fields:
            missing += _relations_missed(model, field, {pk_: record["history_id"] for pk_, record in latest.items()})
    return missing


def _relations_missed(model, field, latest_ids):
    through = field.remote_field.through
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    current = defaultdict(set)
    for owner_id, target_id in through.objects.values_list(f"{owner}_id", f"{target}_id"):
        current[owner_id].add(target_id)
    recorded = defaultdict(set)
    m2m_history = getattr(model.history.model, field.name).model
    for history_id, target_id in m2m_history.objects.filter(history_id__in=latest_ids.values()).values_list(
        "history_id", f"{target}_id"
    ):
        recorded[history_id].add(target_id)
    return [
        (model._meta.label, owner_id, field.name)
        for owner_id, history_id in latest_ids.items()
        if model._base_manager.filter(pk=owner_id).exists() and current[owner_id] != recorded[history_id]
    ]
