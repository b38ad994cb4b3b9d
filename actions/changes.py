"""A plan's public change history, read from the audit trail: what changed, with its values, and when (not who).

`plan_history(plan)` reads the django-simple-history records of the plan, its lines, actions,
targets, progress updates and references, and of its relations (authors, partners, the
organisations responsible for an action, the municipalities an action cites as examples, the
municipalities of a reference), and gives two lists:

- `changes`, newest first: what the seed loader published (`actions.seeds.CHANGE_REASON`, no
  user) as one "published" entry per day with a count per kind ("1 plan, 4 lijnen, 19 acties");
  every later addition, removal (saying what was removed) and change, a change as
  "<field>: <old> → <new>" with display values (choice labels, names, dd/mm/jjjj, ja/nee).
  A relation added or removed is a change of what it belongs to, by name ("verantwoordelijke
  toegevoegd: JN" on action "1.2 …"); authors or responsible organisations put in another order
  show the order before and after, by name. A relation removed because what it belongs to was
  removed at the same time (a cascade) is not repeated.
- `progress`, the status history as a timeline (as Decidim shows a result's progress): every
  progress update ever recorded, newest date first, with status, date, note and source; one that
  was removed says so.

Only the fields in `PUBLIC_FIELDS` are ever shown: an allow-list, so a new or internal field
(id, version, slug, position, derived timing, history_*) never leaks. Constant queries (13).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipalities.models import Municipality

from .models import (
    Action,
    ActionStatus,
    Line,
    Organisation,
    Plan,
    PlanAuthor,
    ProgressUpdate,
    Reference,
    Responsibility,
    Target,
)
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
    Reference: ("kind", "title", "url", "date", "text"),
    # Relations kept as rows in the source's order: the organisation is shown, and the order by names.
    PlanAuthor: ("organisation",),
    Responsibility: ("organisation",),
}

# Relations kept as rows: {model: (the field naming what it belongs to, that model)}.
RELATION_ROWS = {PlanAuthor: ("plan_id", Plan), Responsibility: ("action_id", Action)}
# Many-to-many relations the trail keeps with each version of their model (HistoricalRecords(m2m_fields=...)).
M2M_FIELDS = {Plan: "partners", Action: "example_municipalities", Reference: "municipalities"}
# A relation row removed this shortly before what it belongs to went with it (a cascade).
CASCADE_WINDOW = datetime.timedelta(minutes=1)

# Kinds of entry: the first seed load, a later one (fixture additions), an officer's addition, change, removal.
PUBLISHED, SUPPLEMENTED, ADDED, CHANGED, REMOVED = "published", "supplemented", "added", "changed", "removed"


def _count_phrase(model, n):
    """"1 plan", "4 lijnen": a model's (or a many-to-many field's) name with a count, in Dutch."""
    phrases = {
        Plan: ngettext("%(count)d plan", "%(count)d plans", n),
        Line: ngettext("%(count)d line", "%(count)d lines", n),
        Action: ngettext("%(count)d action", "%(count)d actions", n),
        Target: ngettext("%(count)d target", "%(count)d targets", n),
        ProgressUpdate: ngettext("%(count)d progress update", "%(count)d progress updates", n),
        PlanAuthor: ngettext("%(count)d author", "%(count)d authors", n),
        Plan.partners.field: ngettext("%(count)d partner", "%(count)d partners", n),
        Responsibility: ngettext("%(count)d responsibility", "%(count)d responsibilities", n),
        Action.example_municipalities.field: ngettext("%(count)d municipality cited as an example",
                                                      "%(count)d municipalities cited as examples", n),
        Reference: ngettext("%(count)d reference", "%(count)d references", n),
        Reference.municipalities.field: ngettext("%(count)d municipality of a reference",
                                                 "%(count)d municipalities of references", n),
    }
    return phrases[model] % {"count": n}


# What the published summary counts (a model, or a many-to-many field for the relations it holds), in order.
COUNTED = (Plan, Line, Action, Target, ProgressUpdate, PlanAuthor, Plan.partners.field, Responsibility,
           Action.example_municipalities.field, Reference, Reference.municipalities.field)


def _relation_phrases():
    """{model: (added, removed[, order])}: how a relation's change reads, in Dutch."""
    return {
        PlanAuthor: (_("author added"), _("author removed"), _("order of the authors")),
        Responsibility: (_("responsible organisation added"), _("responsible organisation removed"),
                         _("order of the responsible organisations")),
        Plan: (_("partner added"), _("partner removed")),
        Action: (_("example municipality added"), _("example municipality removed")),
        Reference: (_("municipality added"), _("municipality removed")),
    }


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its Dutch name and its display values before and after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RelationChange:
    """A relation added or removed: "verantwoordelijke toegevoegd" and the name ("JN")."""

    label: str
    name: str


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
    relations: list = field(default_factory=list)  # [RelationChange] for CHANGED
    progress: Progress | None = None  # for a progress update added or removed
    summary: str = ""  # for PUBLISHED and SUPPLEMENTED: "1 plan, 4 lijnen, 19 acties"


@dataclass
class PlanHistory:
    changes: list  # [ChangeEntry], newest first, at most LIMIT
    progress: list  # [Progress], newest date first
    truncated: bool  # more than LIMIT changes were recorded


def _is_seed_write(record):
    return record.history_change_reason == CHANGE_REASON and record.history_user_id is None


def _is_seed_load(record):
    return record.history_type == "+" and _is_seed_write(record)


def _members(model, **lookup):
    """{history_id: {pk}}: what the many-to-many field of `model` held at each version (one query)."""
    name = M2M_FIELDS[model]
    history_model = getattr(model.history.model, name).model
    target = model._meta.get_field(name).m2m_reverse_field_name()
    members = defaultdict(set)
    for history_id, pk in history_model.objects.filter(**lookup).values_list("history_id", f"{target}_id"):
        members[history_id].add(pk)
    return members


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
    """The public history of `plan` (a PlanHistory, see the module docstring), in 13 queries."""
    line_ids = Line.history.filter(plan_id=plan.pk).values("id")
    action_ids = Action.history.filter(line_id__in=line_ids).values("id")
    target_ids = Target.history.filter(Q(plan_id=plan.pk) | Q(line_id__in=line_ids) | Q(action_id__in=action_ids)).values("id")
    reference_ids = Reference.history.filter(plan_id=plan.pk).values("id")
    ordered = ("id", "history_date", "history_id")
    records = {
        Plan: list(Plan.history.filter(id=plan.pk).order_by(*ordered)),
        Line: list(Line.history.filter(plan_id=plan.pk).order_by(*ordered)),
        Action: list(Action.history.filter(line_id__in=line_ids).order_by(*ordered)),
        Target: list(Target.history.filter(id__in=target_ids).order_by(*ordered)),
        ProgressUpdate: list(
            ProgressUpdate.history.filter(Q(action_id__in=action_ids) | Q(target_id__in=target_ids)).order_by(*ordered)
        ),
        Reference: list(Reference.history.filter(plan_id=plan.pk).order_by(*ordered)),
    }
    in_time = ("history_date", "history_id")
    rows = {
        PlanAuthor: list(PlanAuthor.history.filter(plan_id=plan.pk).order_by(*in_time)),
        Responsibility: list(Responsibility.history.filter(action_id__in=action_ids).order_by(*in_time)),
    }
    members = {
        Plan: _members(Plan, plan_id=plan.pk),
        Action: _members(Action, action_id__in=action_ids),
        Reference: _members(Reference, reference_id__in=reference_ids),
    }
    organisation_ids = {r.organisation_id for model_rows in rows.values() for r in model_rows}
    organisation_ids |= set().union(*members[Plan].values())
    organisations = (dict(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "short_name"))
                     if organisation_ids else {})
    municipality_ids = {r.municipality_id for r in records[Plan] if r.municipality_id}
    municipality_ids |= set().union(*members[Action].values(), *members[Reference].values())
    names = (dict(Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name"))
             if municipality_ids else {})
    latest = {model: {r.id: r for r in model_records} for model, model_records in records.items()}
    labels = {
        Plan: lambda r: r.title,
        Line: lambda r: f"{r.number}. {r.title}",
        Action: lambda r: f"{r.number} {r.title}",
        Target: lambda r: r.indicator,
        Reference: lambda r: r.title,
    }
    display = _Display({
        Municipality: names,
        Organisation: organisations,
        **{model: {pk: labels[model](r) for pk, r in latest[model].items()} for model in (Plan, Line, Action, Target)},
    })
    member_names = {Plan: organisations, Action: names, Reference: names}
    organisation = _named(organisations)
    phrases = _relation_phrases()

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

    def member_changes(model, before, record):
        """[RelationChange]: what the many-to-many field of `model` gained and lost from `before` to `record`."""
        if model not in members:
            return []
        old, new = members[model].get(before.history_id, set()), members[model].get(record.history_id, set())
        name = _named(member_names[model])
        added, removed = phrases[model][:2]
        return ([RelationChange(added, name(pk)) for pk in sorted(new - old, key=name)]
                + [RelationChange(removed, name(pk)) for pk in sorted(old - new, key=name)])

    labels[ProgressUpdate] = lambda r: progress_of(r).about
    published = {}  # {local day: (first moment, Counter({model or m2m field: n}))}

    def publish(record, kind, n=1):
        day = timezone.localdate(record.history_date)
        moment, counts = published.get(day, (record.history_date, Counter()))
        counts[kind] += n
        published[day] = (min(moment, record.history_date), counts)

    entries = []
    for model, model_records in records.items():
        model_label = str(model._meta.verbose_name)
        previous = {}
        for record in model_records:
            before = previous.get(record.id)
            previous[record.id] = record
            if _is_seed_load(record):
                publish(record, model)
                continue
            is_update = model is ProgressUpdate
            if record.history_type == "~":
                if before is None:
                    continue  # the trail does not hold what it was before: nothing true to say
                relations = member_changes(model, before, record)
                if relations and _is_seed_write(record) and _is_seed_load(before):
                    publish(record, model._meta.get_field(M2M_FIELDS[model]), len(relations))  # the loader sets relations after creating
                    relations = []
                fields = [
                    FieldChange(str(model._meta.get_field(name).verbose_name), display(model, name, before),
                                display(model, name, record))
                    for name in PUBLIC_FIELDS[model]
                    if display(model, name, before) != display(model, name, record)
                ]
                if fields or relations:
                    entries.append(ChangeEntry(record.history_date, CHANGED, model_label, labels[model](record), fields,
                                               relations=relations))
                continue
            kind = ADDED if record.history_type == "+" else REMOVED
            entries.append(ChangeEntry(record.history_date, kind, model_label, labels[model](record),
                                       progress=progress_of(record) if is_update else None))

    for model, model_records in rows.items():
        owner_field, owner_model = RELATION_ROWS[model]
        added, removed, order_label = phrases[model]
        current = defaultdict(dict)  # {owner pk: {row id: its latest record}}, as the rows stood
        for record in model_records:
            owner_pk = getattr(record, owner_field)
            standing = current[owner_pk]
            before = standing.get(record.id)
            old_order = _order(standing.values(), organisation)
            if record.history_type == "-":
                standing.pop(record.id, None)
            else:
                standing[record.id] = record
            if _is_seed_load(record):
                publish(record, model)
                continue
            owner = latest[owner_model].get(owner_pk)
            if record.history_type == "-" and owner and owner.history_type == "-" \
                    and datetime.timedelta(0) <= owner.history_date - record.history_date < CASCADE_WINDOW:
                continue  # removed with what it belongs to, which says so itself
            fields, relations = [], []
            if record.history_type == "+":
                relations = [RelationChange(added, organisation(record.organisation_id))]
            elif record.history_type == "-":
                relations = [RelationChange(removed, organisation(record.organisation_id))]
            elif before is not None and before.organisation_id != record.organisation_id:
                relations = [RelationChange(added, organisation(record.organisation_id)),
                             RelationChange(removed, organisation(before.organisation_id))]
            elif before is not None and (new_order := _order(standing.values(), organisation)) != old_order:
                fields = [FieldChange(order_label, ", ".join(old_order), ", ".join(new_order))]
            if fields or relations:
                owner_label = labels[owner_model](owner) if owner else f"{owner_model._meta.verbose_name} {owner_pk}"
                entries.append(ChangeEntry(record.history_date, CHANGED, str(owner_model._meta.verbose_name),
                                           owner_label, fields, relations=relations))

    first = min(published, default=None)
    for day, (moment, counts) in published.items():
        summary = ", ".join(_count_phrase(kind, counts[kind]) for kind in COUNTED if counts[kind])
        entries.append(ChangeEntry(moment, PUBLISHED if day == first else SUPPLEMENTED, summary=summary))

    entries.sort(key=lambda entry: entry.date, reverse=True)
    updates = sorted(latest[ProgressUpdate].values(), key=lambda record: (record.date, record.id), reverse=True)
    progress = [progress_of(record, record.history_date if record.history_type == "-" else None) for record in updates]
    return PlanHistory(entries[:LIMIT], progress, len(entries) > LIMIT)


def _named(names):
    """A name from {pk: name}; the pk where the name is gone."""
    return lambda pk: names.get(pk, str(pk))


def _order(rows, name):
    """The names of relation rows in the source's order (position, then entry order)."""
    return [name(row.organisation_id) for row in sorted(rows, key=lambda row: (row.position, row.id))]
