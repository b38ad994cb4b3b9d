"""A plan's public change history, read from the audit trail (what changed, when; not who)."""

from dataclasses import dataclass

from django.db.models import Q

from .models import Action, Line, Plan, Target

LIMIT = 200


@dataclass(frozen=True)
class ChangeEntry:
    date: object
    kind: str  # "+", "~" or "-" as django-simple-history records them
    object_label: str
    model_label: str
    fields: list


def _entries(records, label, model_label, excluded=("history_id", "history_date", "history_type",
                                                   "history_user_id", "history_change_reason", "id", "version")):
    """Entries for the historical records of one model, diffing each with the previous in Python."""
    previous_by_object = {}
    entries = []
    for record in records:  # ordered by object id, then date
        fields = []
        previous = previous_by_object.get(record.id)
        if previous is not None and record.history_type == "~":
            for field in record._meta.fields:
                name = field.attname
                if name not in excluded and getattr(record, name) != getattr(previous, name):
                    fields.append(str(field.verbose_name))
        previous_by_object[record.id] = record
        if record.history_type != "~" or fields:
            entries.append(ChangeEntry(record.history_date, record.history_type, label(record), model_label, fields))
    return entries


def plan_changes(plan):
    """Every recorded change to the plan, its lines, actions and targets, newest first (6 queries)."""
    line_ids = list(Line.history.filter(plan_id=plan.pk).values_list("id", flat=True).distinct())
    action_ids = list(Action.history.filter(line_id__in=line_ids).values_list("id", flat=True).distinct())
    groups = [
        (Plan.history.filter(id=plan.pk), lambda r: r.title, Plan._meta.verbose_name),
        (Line.history.filter(plan_id=plan.pk), lambda r: f"{r.number}. {r.title}", Line._meta.verbose_name),
        (Action.history.filter(line_id__in=line_ids), lambda r: f"{r.number} {r.title}", Action._meta.verbose_name),
        (
            Target.history.filter(Q(plan_id=plan.pk) | Q(line_id__in=line_ids) | Q(action_id__in=action_ids)),
            lambda r: r.indicator,
            Target._meta.verbose_name,
        ),
    ]
    entries = []
    for records, label, model_label in groups:
        entries += _entries(records.order_by("id", "history_date"), label, str(model_label))
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:LIMIT]
