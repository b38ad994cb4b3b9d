"""A plan's public change history, read from the audit trail (what changed, when; not who).

An action's status is its progress updates, so a status change shows as a progress update added
(or changed, or removed) with the status it gives, its date and its source.
"""

from dataclasses import dataclass

from django.db.models import Q

from django.utils.translation import gettext as _

from .models import Action, ActionStatus, Line, Plan, ProgressUpdate, Target

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


def _update_label(action_labels):
    def label(record):
        status = ActionStatus(record.status).label if record.status else "—"
        about = action_labels.get(record.action_id) or _("action %(id)s") % {"id": record.action_id}
        return _("%(action)s: status %(status)s on %(day)s (source: %(source)s)") % {
            "action": about, "status": status, "day": record.date.strftime("%d/%m/%Y"), "source": record.source}
    return label


def plan_changes(plan):
    """Every recorded change to the plan, its lines, actions, targets and the actions' progress
    updates (their status history), newest first (7 queries)."""
    line_ids = list(Line.history.filter(plan_id=plan.pk).values_list("id", flat=True).distinct())
    action_labels = {
        record["id"]: f"{record['number']} {record['title']}"
        for record in Action.history.filter(line_id__in=line_ids).order_by("history_date").values("id", "number", "title")
    }
    action_ids = list(action_labels)
    groups = [
        (Plan.history.filter(id=plan.pk), lambda r: r.title, Plan._meta.verbose_name),
        (Line.history.filter(plan_id=plan.pk), lambda r: f"{r.number}. {r.title}", Line._meta.verbose_name),
        (Action.history.filter(line_id__in=line_ids), lambda r: f"{r.number} {r.title}", Action._meta.verbose_name),
        (
            Target.history.filter(Q(plan_id=plan.pk) | Q(line_id__in=line_ids) | Q(action_id__in=action_ids)),
            lambda r: r.indicator,
            Target._meta.verbose_name,
        ),
        (
            ProgressUpdate.history.filter(action_id__in=action_ids),
            _update_label(action_labels),
            ProgressUpdate._meta.verbose_name,
        ),
    ]
    entries = []
    for records, label, model_label in groups:
        entries += _entries(records.order_by("id", "history_date"), label, str(model_label))
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:LIMIT]
