"""A plan's public change history, read from the audit trail: what changed, with its values, and when (not who).

`plan_history(plan)` reads the django-simple-history records of the plan, its lines, actions,
targets and progress updates, and gives two lists:

- `changes`, newest first: what the seed loader published (`actions.seeds.CHANGE_REASON`, no
  user) as one "published" entry per day with a count per kind ("1 plan, 4 lijnen, 19 acties");
  every later addition, removal (saying what was removed) and change, a change as
  "<field>: <old> → <new>" with display values (choice labels, names, dd/mm/jjjj, ja/nee).
- `progress`, the status history as a timeline (as Decidim shows a result's progress): every
  progress update ever recorded, newest date first, with status, date, note and source; one that
  was removed says so.

Only the fields in `PUBLIC_FIELDS` are ever shown: an allow-list, so a new or internal field
(id, version, slug, position, derived timing, history_*) never leaks. Constant queries (6).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _, ngettext

from municipalities.models import Municipality

from .models import Action, ActionStatus, Line, Plan, ProgressUpdate, Target
from .seeds import CHANGE_REASON

LIMIT = 200

# What the public may see of each model, in the order a change lists them. Anything else is internal.
PUBLIC_FIELDS = {
    Plan: ("title", "kind", "municipality", "period_text", "start_date", "end_date", "status", "budget",
           "budget_note", "summary", "involvement_text", "risks", "opportunities", "out_of_scope",
           "success_criteria", "positive_effects", "principles", "dependencies", "preconditions",
           "communication", "source"),
    Line: ("number", "title", "challenge"),
    Action: ("line", "number", "title", "description", "result", "timing_text", "progress_override", "quote",
             "inference_note"),
    Target: ("plan", "line", "action", "indicator", "unit", "direction", "baseline_value", "baseline_date",
             "baseline_text", "target_value", "target_date", "target_text", "indicative"),
    ProgressUpdate: ("action", "target", "date", "status", "measured_value", "note", "source"),
}

# Kinds of entry: the first seed load, a later one (fixture additions), an officer's addition, change, removal.
PUBLISHED, SUPPLEMENTED, ADDED, CHANGED, REMOVED = "published", "supplemented", "added", "changed", "removed"


def _count_phrase(model, n):
    """"1 plan", "4 lijnen": a model's name with a count, in Dutch."""
    phrases = {
        Plan: ngettext("%(count)d plan", "%(count)d plans", n),
        Line: ngettext("%(count)d line", "%(count)d lines", n),
        Action: ngettext("%(count)d action", "%(count)d actions", n),
        Target: ngettext("%(count)d target", "%(count)d targets", n),
        ProgressUpdate: ngettext("%(count)d progress update", "%(count)d progress updates", n),
    }
    return phrases[model] % {"count": n}


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its Dutch name and its display values before and after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Progress:
    """One progress update as the public sees it; `removed_on` when it was taken back."""

    date: datetime.date
    status: str  # the status label, or "" when the update gives none
    measured_value: str  # "" when none
    note: str
    source: str
    about: str  # "3.5 Week van de Pleegzorg" or a target's indicator
    url: str  # where `about` is on the plan page; "" when it is gone
    removed_on: datetime.datetime | None = None


@dataclass(frozen=True)
class ChangeEntry:
    date: datetime.datetime
    kind: str  # PUBLISHED, SUPPLEMENTED, ADDED, CHANGED or REMOVED
    model_label: str = ""
    object_label: str = ""
    fields: list = field(default_factory=list)  # [FieldChange] for CHANGED
    progress: Progress | None = None  # for a progress update added or removed
    summary: str = ""  # for PUBLISHED and SUPPLEMENTED: "1 plan, 4 lijnen, 19 acties"


@dataclass
class PlanHistory:
    changes: list  # [ChangeEntry], newest first, at most LIMIT
    progress: list  # [Progress], newest date first
    truncated: bool  # more than LIMIT changes were recorded


def _is_seed_load(record):
    return record.history_type == "+" and record.history_change_reason == CHANGE_REASON and record.history_user_id is None


class _Display:
    """Display values of public fields: labels, names, dates, yes/no, Dutch numbers.

    `names` maps a related model to {pk: name}; a relation to a pk it lacks shows the pk.
    """

    def __init__(self, names):
        self.names = names

    def __call__(self, model, name, record):
        model_field = model._meta.get_field(name)
        value = getattr(record, model_field.attname)
        if value is None or value == "":
            return _("(empty)")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return _("yes") if value else _("no")
        if isinstance(model_field, models.ForeignKey):
            return self.names.get(model_field.related_model, {}).get(value, str(value))
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, Decimal):
            return number_format(value.normalize() if value == value.to_integral() else value, use_l10n=True,
                                 force_grouping=True)
        return str(value)


def _status_label(value):
    return str(ActionStatus(value).label) if value in ActionStatus.values else ""


def plan_history(plan):
    """The public history of `plan` (a PlanHistory, see the module docstring), in 6 queries."""
    line_ids = Line.history.filter(plan_id=plan.pk).values("id")
    action_ids = Action.history.filter(line_id__in=line_ids).values("id")
    target_ids = Target.history.filter(Q(plan_id=plan.pk) | Q(line_id__in=line_ids) | Q(action_id__in=action_ids)).values("id")
    ordered = ("id", "history_date", "history_id")
    records = {
        Plan: list(Plan.history.filter(id=plan.pk).order_by(*ordered)),
        Line: list(Line.history.filter(plan_id=plan.pk).order_by(*ordered)),
        Action: list(Action.history.filter(line_id__in=line_ids).order_by(*ordered)),
        Target: list(Target.history.filter(id__in=target_ids).order_by(*ordered)),
        ProgressUpdate: list(
            ProgressUpdate.history.filter(Q(action_id__in=action_ids) | Q(target_id__in=target_ids)).order_by(*ordered)
        ),
    }
    municipality_ids = {r.municipality_id for r in records[Plan] if r.municipality_id}
    names = dict(Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name")) if municipality_ids else {}
    latest = {model: {r.id: r for r in model_records} for model, model_records in records.items()}
    labels = {
        Plan: lambda r: r.title,
        Line: lambda r: f"{r.number}. {r.title}",
        Action: lambda r: f"{r.number} {r.title}",
        Target: lambda r: r.indicator,
    }
    display = _Display({
        Municipality: names,
        **{model: {pk: labels[model](r) for pk, r in latest[model].items()} for model in (Plan, Line, Action, Target)},
    })

    def progress_of(record, removed_on=None):
        if record.action_id:
            action = latest[Action].get(record.action_id)
            about = labels[Action](action) if action else _("action %(id)s") % {"id": record.action_id}
            url = f"{plan.get_absolute_url()}#actie-{action.number}" if action and action.history_type != "-" else ""
        else:
            target = latest[Target].get(record.target_id)
            about = target.indicator if target else _("target %(id)s") % {"id": record.target_id}
            url = ""
        measured = display(ProgressUpdate, "measured_value", record) if record.measured_value is not None else ""
        return Progress(record.date, _status_label(record.status), measured, record.note, record.source, about, url,
                        removed_on)

    labels[ProgressUpdate] = lambda r: progress_of(r).about
    published = {}  # {local day: (first moment, Counter({model: n}))}
    entries = []
    for model, model_records in records.items():
        model_label = str(model._meta.verbose_name)
        previous = {}
        for record in model_records:
            before = previous.get(record.id)
            previous[record.id] = record
            if _is_seed_load(record):
                day = timezone.localdate(record.history_date)
                moment, counts = published.get(day, (record.history_date, Counter()))
                counts[model] += 1
                published[day] = (min(moment, record.history_date), counts)
                continue
            is_update = model is ProgressUpdate
            if record.history_type == "~":
                if before is None:
                    continue  # the trail does not hold what it was before: nothing true to say
                fields = [
                    FieldChange(str(model._meta.get_field(name).verbose_name), display(model, name, before),
                                display(model, name, record))
                    for name in PUBLIC_FIELDS[model]
                    if display(model, name, before) != display(model, name, record)
                ]
                if fields:
                    entries.append(ChangeEntry(record.history_date, CHANGED, model_label, labels[model](record), fields))
                continue
            kind = ADDED if record.history_type == "+" else REMOVED
            entries.append(ChangeEntry(record.history_date, kind, model_label, labels[model](record),
                                       progress=progress_of(record) if is_update else None))

    first = min(published, default=None)
    for day, (moment, counts) in published.items():
        summary = ", ".join(_count_phrase(model, counts[model]) for model in records if counts[model])
        entries.append(ChangeEntry(moment, PUBLISHED if day == first else SUPPLEMENTED, summary=summary))

    entries.sort(key=lambda entry: entry.date, reverse=True)
    updates = sorted(latest[ProgressUpdate].values(), key=lambda record: (record.date, record.id), reverse=True)
    progress = [progress_of(record, record.history_date if record.history_type == "-" else None) for record in updates]
    return PlanHistory(entries[:LIMIT], progress, len(entries) > LIMIT)
