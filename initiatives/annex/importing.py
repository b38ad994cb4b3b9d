"""Importing a register back from a workbook in the annex layout: `read`, then `apply`.

`plan = read(content, ...)` checks the file and every row and says, per row, what would change
(annex.plan; compared with the register by annex.comparing); `apply(plan)` writes it in one
transaction, all or nothing, and only when no row has an error. The admin's preview and
`import_annex` both use them.

The file is read cell by cell (annex.xlsx_rows, annex.reading): a cell that cannot be read, an
Excel error value, a formula or an invisible control character makes its row an error, never a
guess. Hidden sheets are ignored, with a warning. `plan.fingerprint` identifies the file, the
officer's options and everything in the database the plan was compared against, so that a
confirmation applies exactly what was previewed; `apply` re-checks, under a lock on the
municipalities it touches, that their events still allow what it writes.
"""

import hashlib
import warnings
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.changesets import recording
from core.models import ChangeSet
from core.versioning import ConcurrentUpdate
from municipalities.models import Province, StatusEvent
from municipalities.models.status import changing_register, check_sequence, lock_municipalities

from ..models import Initiative
from . import layout, reading
from .comparing import Comparison, current_state
from .plan import CHANGED, ERROR, LABELS, MISSING, NEW, OUTSIDE, REMOVED, UNCHANGED, Change, Options, Plan  # noqa: F401
from .reading import MAX_FILE_SIZE, AnnexFileError  # noqa: F401  (the API callers use)
from .workbook import scope_text
from .xlsx_rows import UnreadableSheet, shared_strings, shown


def read(
    content: bytes, filename: str = "bijlage.xlsx", province_ids: set[int] | None = None, options: Options | None = None,
) -> Plan:
    """A Plan for the workbook bytes `content`; raises AnnexFileError for a file that cannot be read.

    `province_ids`: for an editor bound to provinces, the pks of those; unchanged rows outside
    them are skipped and counted, changed ones are errors. `options`: annex.plan.Options; without
    a source, the events cite "Import of <file> on <date>".
    """
    options = options or Options()
    with translation.override(settings.LANGUAGE_CODE), warnings.catch_warnings():
        # openpyxl warns about what it ignores (extensions, data validation); the rows say the rest.
        warnings.simplefilter("ignore", UserWarning)
        workbook = reading.open_workbook(content)
        try:
            return _read(workbook, content, filename, province_ids, options)
        except UnreadableSheet as error:
            raise AnnexFileError(str(error)) from None
        finally:
            workbook.close()


def _read(workbook, content, filename, province_ids, options):
    names = layout.sheet_names()
    visible = {sheet.title: sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"}
    plan = Plan(options=options, file_sha256=hashlib.sha256(content).hexdigest())
    hidden = [sheet.title for sheet in workbook.worksheets if sheet.sheet_state != "visible"]
    if hidden:
        plan.warnings.append(_("Hidden sheets were ignored: %(sheets)s.") % {
            "sheets": ", ".join(f"“{shown(name, 40)}”" for name in hidden)})
    missing = [names[key] for key in ("registered", "candidates") if names[key] not in visible]
    if missing:
        raise AnnexFileError(_("Missing sheets: %(sheets)s.") % {"sheets": ", ".join(missing)})
    try:
        strings = shared_strings(workbook)
    except Exception:  # a damaged shared-strings part: XML or zip errors of many kinds
        raise AnnexFileError(_("This is not an Excel workbook (.xlsx), or the file is damaged.")) from None
    tables = {sheet_layout.key: reading.read_table(visible[names[sheet_layout.key]], sheet_layout, strings)
              for sheet_layout in layout.IMPORTED if names[sheet_layout.key] in visible}
    plan.day, plan.province, plan.made_at = _title_block(tables)
    if "initiatives" not in tables and names["initiatives"] not in hidden:
        plan.warnings.append(_("There is no sheet “%(sheet)s”: the initiatives were not compared.") % {
            "sheet": names["initiatives"]})
    plan.source = options.source.strip() or _("Import of %(file)s on %(day)s") % {
        "file": shown(filename, 100), "day": timezone.localdate().strftime("%d/%m/%Y")}
    comparison = Comparison(plan, province_ids)
    plan.fingerprint = _fingerprint(content, province_ids, options, plan, comparison.state)
    comparison.register_tables(tables["registered"], tables["candidates"])
    comparison.check_sequences()
    if "initiatives" in tables:
        comparison.initiative_table(tables["initiatives"])
    comparison.check_stale()
    return plan


def _title_block(tables):
    """(reference date, Province or None, when it was made) that every sheet's title block gives alike."""
    days = {table.day for table in tables.values()}
    if None in days:
        nameless = next(table.name for table in tables.values() if table.day is None)
        raise AnnexFileError(_("Sheet “%(sheet)s” gives no reference date above its header row: a workbook in the "
                               "annex layout gives it on every sheet.") % {"sheet": nameless})
    if len(days) > 1:
        raise AnnexFileError(_("The sheets give different reference dates (%(days)s): the annex has one.") % {
            "days": ", ".join(sorted(day.strftime("%d/%m/%Y") for day in days))})
    day = days.pop()
    if day > timezone.localdate():
        raise AnnexFileError(_("The reference date %(day)s lies in the future.") % {"day": day.strftime("%d/%m/%Y")})
    scopes = {table.scope for table in tables.values()}
    provinces = {scope_text(None): None}
    provinces.update({scope_text(p): p for p in Province.objects.flemish_register()})
    if len(scopes) != 1 or next(iter(scopes)) not in provinces:
        raise AnnexFileError(_("The sheets do not say what they cover (“%(label)s”: %(expected)s).") % {
            "label": layout.TITLE_LABELS["scope"], "expected": " / ".join(provinces)})
    made = {table.made_at for table in tables.values()}
    if None in made or len(made) > 1:
        raise AnnexFileError(_("The sheets do not say alike when the workbook was made (“%(label)s”): download "
                               "the annex again.") % {"label": layout.TITLE_LABELS["made"]})
    return day, provinces[scopes.pop()], made.pop()


REASON_LENGTH = 100  # simple-history's change reason; the change set keeps the whole label


def apply(plan: Plan) -> int:
    """Write every new, changed and removed row in one transaction; returns how many rows were written.

    Raises ValueError for a plan with errors. Under a lock on the municipalities it writes for
    (SELECT ... FOR UPDATE, in pk order; SQLite serialises writers anyway) it re-checks what may
    have changed since `read`: each municipality's events as they will be must still form a valid
    sequence (municipalities.models.status.check_sequence), and no new initiative's title may have
    appeared meanwhile. Otherwise it raises ValidationError with a Dutch message and writes nothing;
    a row changed or deleted meanwhile raises ConcurrentUpdate (core.versioning).

    Everything written is one change set in the audit trail (core.changesets), labelled
    "Import: <bron>" and carrying the SHA-256 of the file read; the officer (or the command) is
    its author.
    """
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    writes = plan.writes
    with translation.override(settings.LANGUAGE_CODE):
        label = _("Import: %(source)s") % {"source": plan.source}
    reason = label if len(label) <= REASON_LENGTH else label[:REASON_LENGTH - 1] + "…"
    with (translation.override(settings.LANGUAGE_CODE), transaction.atomic(),
          recording(label, ChangeSet.Kind.IMPORT, sha256=plan.file_sha256)):
        lock_municipalities({_municipality_id(instance) for change in writes for instance in change.saves + change.deletes})
        _recheck(writes)
        with changing_register():  # the events are judged together once all are written
            for change in writes:
                for instance in change.deletes:
                    instance._change_reason = reason
                    instance.delete()
                for instance in change.saves:
                    instance._change_reason = reason
                    instance.save()
    return len(writes)


def _municipality_id(instance):
    return instance.municipality_id


def _recheck(writes):
    events = defaultdict(dict)  # municipality pk -> {event pk or id(new): (kind, date)}
    names, versions, new_initiatives = {}, {}, set()
    for change in writes:
        for instance in change.saves + change.deletes:
            names[instance.municipality_id] = change.municipality
            if instance.pk is not None:
                versions[(type(instance), instance.pk)] = instance.version
    touched = {pk for change in writes for pk in (i.municipality_id for i in change.saves + change.deletes)}
    for pk, municipality, kind, day, version in StatusEvent.objects.filter(municipality__in=touched).values_list(
            "pk", "municipality", "kind", "date", "version"):
        events[municipality][pk] = (kind, day)
        if versions.get((StatusEvent, pk), version) != version:
            raise ConcurrentUpdate(f"status event {pk}")
    for model in (StatusEvent, Initiative):
        expected = {pk for kind, pk in versions if kind is model}
        present = set(model.objects.filter(pk__in=expected).values_list("pk", flat=True))
        if expected - present:
            raise ConcurrentUpdate(f"{model.__name__} {min(expected - present)}")
    for change in writes:
        for instance in change.deletes:
            if isinstance(instance, StatusEvent):
                events[instance.municipality_id].pop(instance.pk, None)
        for instance in change.saves:
            if isinstance(instance, StatusEvent):
                events[instance.municipality_id][instance.pk or id(instance)] = (instance.kind, instance.date)
            elif instance.pk is None:
                new_initiatives.add((instance.municipality_id, instance.title))
    for pk, sequence in events.items():
        try:
            check_sequence(list(sequence.values()))
        except ValidationError as problem:
            raise ValidationError(
                _("The register of %(municipality)s changed after the file was read: %(problem)s Nothing was imported.")
                % {"municipality": names.get(pk, pk), "problem": " ".join(problem.messages)}
            ) from None
    if new_initiatives:
        municipalities = {pk for pk, _title in new_initiatives}
        titles = {title for _pk, title in new_initiatives}
        for pk, title in Initiative.objects.filter(municipality__in=municipalities, title__in=titles).values_list(
                "municipality", "title"):
            if (pk, title) in new_initiatives:
                raise ValidationError(
                    _("%(municipality)s got an initiative “%(title)s” after the file was read. Nothing was imported.")
                    % {"municipality": names[pk], "title": title}
                )


def current_fingerprint(content, province_ids, options, plan):
    """The fingerprint `read(content, ..., province_ids, options)` would give now, for the `plan` it
    gave before, without reading the file again: the file, the editor's provinces, the options,
    `plan`'s reference date and scope, and the register as it stands now (comparing.current_state,
    four queries). Equal to plan.fingerprint when reading again would compare against the same rows."""
    return _fingerprint(content, province_ids, options, plan, current_state())


def _fingerprint(content, province_ids, options, plan, state):
    """SHA-256 (hex) of the file, the editor's provinces, the options, the reference date and scope,
    and `state` (Comparison.state: the digest of every row compared against)."""
    digest = hashlib.sha256(content)
    digest.update(repr(sorted(province_ids) if province_ids is not None else None).encode())
    digest.update(repr((options.source, options.drafts, options.remove_missing, plan.day,
                        plan.province.pk if plan.province else None, state)).encode())
    return digest.hexdigest()
