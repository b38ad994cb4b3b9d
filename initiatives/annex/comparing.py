"""Comparing an annex as read (annex.reading) with the register: what the import would change.

The workbook says what the annex for its reference date should show. The register's own annex for
that date and scope (annex.data: the same rule that wrote it) is the other side, row by row:

- Sheet a / b rows correct the very events the annex showed (`RegisterRow.status_event`,
  `procedure_event`): a changed date is a correction of that event ("datum van benoeming
  20/11/2025 → 27/11/2025"), never a second event; the "uiterlijk" flag is part of the date. A
  municipality the register did not list gets new events.
- Sheet c rows are matched by their key (the initiative's pk); a row without a key is new.
- A row the register lists but the file lacks is reported as missing ("ontbreekt in het
  bestand") and left alone, unless the officer chose to remove missing rows: then its events are
  deleted (sheets a, b) or the initiative is no longer published (sheet c).
- An officer bound to provinces: unchanged rows outside them are skipped and counted; a change
  outside them is an error.
Each municipality's events are judged together as they would be after the import
(municipalities.models.status.check_sequence).
"""

import datetime
import hashlib
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import changed_after
from core.workbooks import safe_text
from municipalities.models import Municipality, Status, StatusEvent
from municipalities.models.status import KIND_RANK, EventKind, check_sequence, format_event_date

from ..models import Category, Initiative
from . import layout, reading
from .data import annex_municipalities, initiative_rows, register_rows
from .plan import CHANGED, ERROR, MISSING, NEW, OUTSIDE, REMOVED, UNCHANGED, Change, FieldChange
from .xlsx_rows import shown


def _register():
    """The rows of the register every comparison reads, in pk order (querysets): municipalities
    (with their province), categories, status events and initiatives."""
    return (Municipality.objects.select_related("province").order_by("pk"), Category.objects.order_by("pk"),
            StatusEvent.objects.order_by("pk"), Initiative.objects.order_by("pk"))


def register_state(municipalities, categories, events, initiatives):
    """SHA-256 (hex) of the rows a comparison reads (as `_register` gives them), as read: what a
    plan's fingerprint covers of the database (annex.importing)."""
    digest = hashlib.sha256()
    for m in municipalities:
        digest.update(repr((m.pk, m.code, m.name, m.province_id, m.province.name, m.province.country,
                            m.valid_from, m.valid_until, m.successor_id)).encode())
    for c in categories:
        digest.update(repr(("category", c.pk, c.name)).encode())
    for e in events:
        digest.update(repr(("event", e.pk, e.version, e.municipality_id, e.kind, e.date, e.date_is_upper_bound,
                            e.source)).encode())
    for i in initiatives:
        digest.update(repr(("initiative", i.pk, i.version, i.municipality_id, i.title, i.description, i.category_id,
                            i.start_date, i.end_date, i.timing_text, i.is_structural, i.is_published)).encode())
    return digest.hexdigest()


def current_state():
    """register_state of the register as it is now (four queries), without comparing anything."""
    return register_state(*_register())


class Comparison:
    """Builds the changes of `plan` from the tables read; everything compared against is read once
    (the plan's fingerprint covers exactly that)."""

    def __init__(self, plan, province_ids):
        self.plan = plan
        self.province_ids = province_ids
        municipalities, categories, events, initiatives = (list(rows) for rows in _register())
        self.state = register_state(municipalities, categories, events, initiatives)  # for the plan's fingerprint
        self.municipalities = {m.code: m for m in municipalities}
        self.municipalities_by_pk = {m.pk: m for m in self.municipalities.values()}
        self.categories = {c.name: c for c in categories}
        self.categories_by_pk = {c.pk: c for c in self.categories.values()}
        self.events = {event.pk: event for event in events}
        self.initiatives = {i.pk: i for i in initiatives}
        self.titles = defaultdict(dict)  # municipality pk -> {title: initiative pk}
        for initiative in self.initiatives.values():
            self.titles[initiative.municipality_id].setdefault(initiative.title, initiative.pk)
        scope = plan.province
        self.listed = {row.municipality: row for row in register_rows(plan.day, scope)}
        self.listed_initiatives = {row.key: row for row in initiative_rows(plan.day, scope)}
        self.active = set(annex_municipalities(plan.day, scope).values_list("pk", flat=True))
        self.touched = {}  # municipality pk -> first Change that touched its events
        self.new_events = defaultdict(list)  # municipality pk -> [StatusEvent]

    # Rows -----------------------------------------------------------------------------------------

    def municipality(self, cells):
        """The municipality the row's province, name and NIS code name, or a reason it names none."""
        province, name, code = (reading.text(cells.get(key)) for key in ("province", "municipality", "nis_code"))
        if not code:
            return None, _("column “%(column)s” is empty") % {"column": layout.REGISTERED.column("nis_code").header}
        if code.isdigit():
            code = code.zfill(5)
        municipality = self.municipalities.get(code)
        if municipality is None or not municipality.on_flemish_register:
            return None, _("unknown NIS code “%(code)s”") % {"code": shown(code, 40)}
        if name != municipality.name or province != municipality.province.name:
            return None, _("“%(name)s” (%(province)s) does not match NIS code %(code)s, which is %(real)s (%(real_province)s)") % {
                "name": shown(name, 60), "province": shown(province, 60), "code": code,
                "real": municipality.name, "real_province": municipality.province.name}
        if municipality.pk not in self.active:
            if self.plan.province is not None and municipality.province_id != self.plan.province.pk:
                return None, _("%(name)s is not part of this annex (it covers %(scope)s only)") % {
                    "name": municipality.name, "scope": self.plan.province.name}
            return None, _("%(name)s did not exist on the reference date %(day)s") % {
                "name": municipality.name, "day": self.plan.day.strftime("%d/%m/%Y")}
        return municipality, None

    def error(self, table, number, reason, name=""):
        self.plan.changes.append(Change(table.name, number, ERROR, name, reason=reason))

    def register_tables(self, registered, candidates):
        """Sheets a and b: each row checked, then compared; then what the file lacks."""
        rows = {}
        for table, sheet_layout in ((registered, layout.REGISTERED), (candidates, layout.CANDIDATES)):
            seen = {}
            for number, cells, reason in table.rows:
                municipality = None
                if reason is None:
                    municipality, reason = self.municipality(cells)
                if reason is None and municipality.pk in seen:
                    reason = _("duplicate row (also on row %(row)s)") % {"row": seen[municipality.pk]}
                dates = {}
                if reason is None:
                    try:
                        for column in sheet_layout.columns:
                            if column.kind == layout.DATE:
                                dates[column.key] = reading.date(cells[column.key], column, day=self.plan.day)
                                if column.required and dates[column.key] is None:
                                    raise ValueError(_("column “%(column)s” is empty or unknown") % {"column": column.header})
                    except ValueError as problem:
                        reason = str(problem)
                if reason is not None:
                    self.error(table, number, reason, reading.shown_name(cells) if municipality is None else municipality.name)
                    continue
                seen[municipality.pk] = number
                rows.setdefault(municipality.pk, []).append((table, sheet_layout, number, municipality, dates))
        on_both = {pk for pk, found in rows.items() if len(found) > 1}
        for pk, found in rows.items():
            if pk in on_both:
                (first, _l1, first_row, municipality, _d1), (second, _l2, second_row, _m, _d2) = found
                self.error(first, first_row, _("%(name)s is also on sheet “%(sheet)s” (row %(row)s): a municipality is "
                                               "either a pleegzorggemeente or a candidate") % {
                    "name": municipality.name, "sheet": second.name, "row": second_row}, municipality.name)
                self.error(second, second_row, _("%(name)s is also on sheet “%(sheet)s” (row %(row)s): a municipality "
                                                 "is either a pleegzorggemeente or a candidate") % {
                    "name": municipality.name, "sheet": first.name, "row": first_row}, municipality.name)
                continue
            table, sheet_layout, number, municipality, dates = found[0]
            self.register_row(table, sheet_layout, number, municipality, dates)
        self.missing_register_rows(registered, candidates, on_a={pk for pk, f in rows.items() if f[0][1] is layout.REGISTERED},
                                   on_b={pk for pk, f in rows.items() if any(x[1] is layout.CANDIDATES for x in f)})

    def register_row(self, table, sheet_layout, number, municipality, dates):
        listed = self.listed.get(municipality.pk)
        change = Change(table.name, number, UNCHANGED, municipality.name)
        if sheet_layout is layout.REGISTERED:
            if listed is not None and listed.status == Status.REGISTERED:
                self.correct(change, self.events[listed.status_event], dates["appointed"], sheet_layout.column("appointed"))
            else:
                self.add(change, municipality, EventKind.REGISTERED, dates["appointed"], sheet_layout.column("appointed"))
        applied = dates["applied"]
        procedure = listed.procedure_event if listed is not None else None
        column = sheet_layout.column("applied")
        if procedure is not None and applied is None:
            change.action, change.reason = ERROR, _(
                "column “%(column)s” is empty or unknown, but the register has %(day)s; an import never removes a "
                "date: correct it, or change the register in the admin") % {
                "column": column.header, "day": format_event_date(listed.procedure_started, listed.procedure_started_is_upper_bound)}
        elif procedure is not None:
            self.correct(change, self.events[procedure], applied, column)
        elif applied is not None:
            self.add(change, municipality, EventKind.CANDIDATE, applied, column)
        self.finish(change, municipality)

    def correct(self, change, event, value, column):
        """`event` gets the date `value` ((date, is_upper_bound)) when that differs: a correction."""
        day, is_upper_bound = value
        if (event.date, event.date_is_upper_bound) == (day, is_upper_bound):
            return
        change.fields.append(FieldChange(str(column.header), format_event_date(event.date, event.date_is_upper_bound),
                                         format_event_date(day, is_upper_bound)))
        event.date, event.date_is_upper_bound, event.source = day, is_upper_bound, self.plan.source
        change.saves.append(event)

    def add(self, change, municipality, kind, value, column):
        day, is_upper_bound = value
        event = StatusEvent(municipality=municipality, kind=kind, date=day, date_is_upper_bound=is_upper_bound,
                            source=self.plan.source)
        change.fields.append(FieldChange(str(column.header), "—", format_event_date(day, is_upper_bound)))
        change.saves.append(event)
        self.new_events[municipality.pk].append(event)

    def finish(self, change, municipality):
        """Settle the row's action: new, changed, unchanged, outside the editor's provinces, or an
        error (when an instance it would save is invalid, or it changes something outside them)."""
        for instance in change.saves if change.action != ERROR else ():
            instance.sequence_checked_elsewhere = True  # events: judged together in check_sequences
            try:
                self.attach(instance)
                _validate(instance)
            except ValidationError as problem:
                change.action, change.reason = ERROR, " ".join(problem.messages)
                break
        if change.action != ERROR and change.action not in (MISSING, REMOVED):
            if change.saves or change.deletes:
                change.action = NEW if all(i.pk is None for i in change.saves) and not change.deletes else CHANGED
            if not self.may_change(municipality):
                if change.action == UNCHANGED:
                    change.action = OUTSIDE
                else:
                    change.action, change.reason = ERROR, _(
                        "%(name)s lies outside the provinces you may change; outside them only unchanged rows are "
                        "accepted (and skipped)") % {"name": municipality.name}
        if change.action == ERROR:
            change.saves, change.deletes = [], []
        elif any(isinstance(i, StatusEvent) for i in change.saves + change.deletes):
            self.touched.setdefault(municipality.pk, change)
        self.plan.changes.append(change)

    def attach(self, instance):
        """Give `instance` its municipality (with province) and category from what the comparison
        read once, so that comparing and validating it asks the database nothing more; those rows
        exist (they were read with everything else), so full_clean need not look them up again."""
        instance.municipality = self.municipalities_by_pk[instance.municipality_id]
        if isinstance(instance, Initiative):
            instance.category = self.categories_by_pk[instance.category_id]

    def may_change(self, municipality):
        return self.province_ids is None or municipality.province_id in self.province_ids

    def missing_register_rows(self, registered, candidates, on_a, on_b):
        """The pleegzorggemeenten and candidates the register lists but the file lacks."""
        for listed in self.listed.values():
            pk = listed.municipality
            if listed.status == Status.REGISTERED and pk not in on_a:
                table, events = registered, [listed.status_event] + (
                    [listed.procedure_event] if listed.procedure_event and pk not in on_b else [])
            elif listed.status == Status.CANDIDATE and pk not in on_a and pk not in on_b:
                table, events = candidates, [listed.status_event]
            else:
                continue
            municipality = self._by_pk(pk)
            change = Change(table.name, None, MISSING, municipality.name)
            change.fields = [FieldChange(str(layout.REGISTERED.column("appointed").header if self.events[e].kind == EventKind.REGISTERED
                                             else layout.REGISTERED.column("applied").header),
                                         format_event_date(self.events[e].date, self.events[e].date_is_upper_bound),
                                         _("removed") if self.plan.options.remove_missing else "—")
                             for e in events]
            self.missing(change, municipality, deletes=[self.events[e] for e in events])

    def missing(self, change, municipality, deletes=(), unpublish=None):
        """A row the file lacks: reported; with the officer's option removed (its events deleted, or
        the initiative `unpublish` no longer published), unless it lies outside their provinces."""
        if self.plan.options.remove_missing:
            if not self.may_change(municipality):
                change.action, change.reason = ERROR, _(
                    "missing from the file, but %(name)s lies outside the provinces you may change: it cannot be "
                    "removed") % {"name": municipality.name}
            else:
                change.action = REMOVED
                change.deletes = list(deletes)
                if unpublish is not None:
                    unpublish.is_published = False
                    change.saves = [unpublish]
                if change.deletes:
                    self.touched.setdefault(municipality.pk, change)
        self.plan.changes.append(change)

    def _by_pk(self, pk):
        return self.municipalities_by_pk[pk]

    def check_sequences(self):
        """Judge each touched municipality's events together, as they would be after the import: a
        valid sequence (check_sequence), and a row on sheet a or b must then give the municipality
        that status on the reference date (else the next download would not list it)."""
        deleted = {event.pk for change in self.plan.changes for event in change.deletes if isinstance(event, StatusEvent)}
        after = defaultdict(list)  # municipality pk -> its events after the import (corrections applied)
        for event in self.events.values():
            if event.municipality_id in self.touched and event.pk not in deleted:
                after[event.municipality_id].append(event)
        expected = {str(layout.REGISTERED.name): Status.REGISTERED, str(layout.CANDIDATES.name): Status.CANDIDATE}
        for pk, change in self.touched.items():
            events = after[pk] + self.new_events[pk]
            try:
                check_sequence([(event.kind, event.date) for event in events])
            except ValidationError as problem:
                change.action, change.reason = ERROR, " ".join(problem.messages)
            else:
                status = _status_on(events, self.plan.day)
                if change.action in (NEW, CHANGED) and change.sheet in expected and status != expected[change.sheet]:
                    change.action, change.reason = ERROR, _(
                        "with these dates %(name)s would not be a %(wanted)s on the reference date but “%(status)s”, "
                        "because of the events recorded after them: correct the register in the admin") % {
                        "name": change.municipality, "wanted": Status(expected[change.sheet]).label,
                        "status": Status(status).label}
            if change.action == ERROR:
                change.saves, change.deletes = [], []

    def check_stale(self):
        """A row that would change a record edited in the register after the workbook was made is
        an error: importing an older file must never undo a later correction (a lost update)."""
        if self.plan.made_at is None:
            return
        later = set()
        for model in (StatusEvent, Initiative):
            pks = {i.pk for c in self.plan.changes for i in c.saves + c.deletes if isinstance(i, model) and i.pk}
            later |= {(model, pk) for pk in changed_after(model, pks, self.plan.made_at)}
        for change in self.plan.changes:
            if any((type(i), i.pk) in later for i in change.saves + change.deletes):
                change.action, change.saves, change.deletes = ERROR, [], []
                change.reason = _(
                    "this was changed in the register after the workbook was made (%(moment)s): download the annex "
                    "again and make the correction there, so that no later change is undone") % {
                    "moment": timezone.localtime(self.plan.made_at).strftime("%d/%m/%Y %H:%M")}

    # Initiatives ----------------------------------------------------------------------------------

    def initiative_table(self, table):
        sheet_layout = layout.INITIATIVES
        columns = {column.key: column for column in sheet_layout.columns}
        words = layout.structural_words()
        keys, new_titles = {}, {}
        for number, cells, reason in table.rows:
            municipality = None
            if reason is None:
                municipality, reason = self.municipality(cells)
            name = municipality.name if municipality else reading.shown_name(cells)
            existing = None
            if reason is None:
                reason, existing = self.initiative_key(cells, municipality, keys, number)
            values = {}
            if reason is None:
                values = {
                    "title": reading.text(cells["title"]) or "",
                    "description": reading.known_text(cells["description"]),
                    "category": self.categories.get(reading.text(cells["category"])),
                    "timing_text": reading.known_text(cells["timing"]),
                    "is_structural": words.get(reading.text(cells["kind"])),
                }
                if not values["title"]:
                    reason = _("column “%(column)s” is empty") % {"column": columns["title"].header}
                elif values["category"] is None:
                    reason = _("unknown category “%(category)s”") % {"category": shown(reading.text(cells["category"]), 60)}
                elif values["is_structural"] is None:
                    yes, no = list(words)
                    reason = _("column “%(column)s” must say “%(yes)s” or “%(no)s”") % {
                        "column": columns["kind"].header, "yes": yes, "no": no}
            if reason is None:
                try:
                    start = reading.date(cells["start"], columns["start"], upper_bound=False, day=self.plan.day)
                    end = reading.date(cells["end"], columns["end"], upper_bound=False, future=True)
                except ValueError as problem:
                    reason = str(problem)
                else:
                    values["start_date"] = start[0] if start else None
                    values["end_date"] = end[0] if end else None
            if reason is None and existing is None:
                title_key = (municipality.pk, values["title"])
                known = self.titles[municipality.pk].get(values["title"])
                if known is not None:
                    reason = _("%(name)s already has the initiative “%(title)s” (key %(key)s): fill in its key to "
                               "change it") % {"name": municipality.name, "title": shown(values["title"], 60), "key": known}
                elif title_key in new_titles:
                    reason = _("duplicate row (also on row %(row)s)") % {"row": new_titles[title_key]}
                else:
                    new_titles[title_key] = number
            if reason is not None:
                self.error(table, number, reason, name)
                continue
            self.initiative(table, number, municipality, values, existing)
        self.missing_initiatives(table, set(keys))

    def initiative_key(self, cells, municipality, keys, number):
        """(reason or None, the initiative the row's key names or None for a new one)."""
        cell = cells.get("key")
        value = cell.value if cell is not None else None
        if value in (None, ""):
            return None, None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        existing = self.initiatives.get(value) if isinstance(value, int) and not isinstance(value, bool) else None
        if existing is None:
            return _("unknown key “%(key)s”: leave the key empty for a new initiative") % {"key": shown(value, 20)}, None
        if existing.municipality_id != municipality.pk:
            return _("key %(key)s belongs to an initiative of another municipality") % {"key": value}, None
        if existing.pk not in self.listed_initiatives:
            return _("key %(key)s belongs to an initiative this annex does not list (a draft, or one that starts after "
                     "the reference date): change it in the admin") % {"key": value}, None
        if value in keys:
            return _("duplicate key %(key)s (also on row %(row)s)") % {"key": value, "row": keys[value]}, None
        keys[value] = number
        return None, existing

    def initiative(self, table, number, municipality, values, existing):
        change = Change(table.name, number, UNCHANGED, municipality.name, values["title"])
        if existing is None:
            change.saves.append(Initiative(municipality=municipality, source=self.plan.source,
                                           is_published=not self.plan.options.drafts, **values))
            change.fields = [FieldChange(str(Initiative._meta.get_field(name).verbose_name), "—", _shown(value))
                             for name, value in values.items() if value not in (None, "")]
        else:
            cut = safe_text(existing.description)
            if values["description"] == cut:
                values["description"] = existing.description  # the workbook could hold only its start
            elif cut != existing.description:  # too long for a cell: the workbook cannot carry an edit of it
                change.action, change.reason = ERROR, _(
                    "the description is too long for one Excel cell, so the workbook holds only its start: change it "
                    "in the admin")
            self.attach(existing)
            differing = [name for name, value in values.items() if getattr(existing, name) != value]
            if differing:
                change.fields = [FieldChange(str(Initiative._meta.get_field(name).verbose_name),
                                             _shown(getattr(existing, name)), _shown(values[name])) for name in differing]
                for name in differing:
                    setattr(existing, name, values[name])
                change.saves.append(existing)
        self.finish(change, municipality)

    def missing_initiatives(self, table, keys):
        for key, listed in self.listed_initiatives.items():
            if key in keys:
                continue
            initiative = self.initiatives[key]
            municipality = self._by_pk(listed.municipality)
            change = Change(table.name, None, MISSING, municipality.name, listed.title)
            change.fields = [FieldChange(str(Initiative._meta.get_field("is_published").verbose_name), _("yes"),
                                         _("no") if self.plan.options.remove_missing else _("yes"))]
            self.missing(change, municipality, unpublish=initiative)


def _validate(instance):
    """`instance.full_clean()` as the import needs it, without a query: its municipality and category
    were attached from what the comparison read, uniqueness is not its concern, an Initiative's
    check constraints are judged in Python (Initiative.validate_constraints_in_python, the same
    rules and messages); a StatusEvent's not at all (the import sets its kind and source, and
    check_sequences judges it with its municipality's other events).
    Raises the ValidationError full_clean would."""
    exclude = {"municipality", "category"}
    errors = {}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as problem:
        errors = problem.update_error_dict(errors)
    if isinstance(instance, Initiative):
        try:  # as full_clean: not for a field that already failed
            instance.validate_constraints_in_python(exclude | {name for name in errors if name != NON_FIELD_ERRORS})
        except ValidationError as problem:
            errors = problem.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _status_on(events, day):
    """The status `events` (StatusEvents) give on `day`, by the rule of Municipality.with_status_on:
    the kind of the latest event on or before it ("unknown" when the next one is only known as "no
    later than" a later date, or when there is none)."""
    past = sorted((e for e in events if e.date <= day), key=lambda e: (e.date, KIND_RANK[e.kind]))
    upcoming = sorted((e for e in events if e.date > day), key=lambda e: (e.date, KIND_RANK[e.kind]))
    if not past or (upcoming and upcoming[0].date_is_upper_bound):
        return Status.UNKNOWN
    return past[-1].kind


def _shown(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return {flag: word for word, flag in layout.structural_words().items()}[value]
    return "" if value is None else str(value)
