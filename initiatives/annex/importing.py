"""Importing a register back from a workbook in the annex layout.

Two steps with a value in between: `plan = read(content)` checks the file and every row and marks
each change new / changed / unchanged / error; `apply(plan)` writes it in one transaction, all or
nothing, and only when no row has an error. The admin's preview and `import_annex` both use them.

The file is read cell by cell (initiatives.annex.xlsx_rows): a cell that cannot be read, an Excel error
value, a formula or an invisible control character makes its row an error, never a guess.
`plan.fingerprint` identifies the file plus everything in the database the plan was compared
against, so a confirmation can insist on applying exactly what was previewed; `apply` re-checks,
under a lock on the municipalities it touches, that their events still allow what it writes.
"""

import datetime
import hashlib
import io
import warnings
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter

from core.text import validate_no_control_characters
from core.workbooks import TRUNCATED
from municipalities.models import Country, Municipality, StatusEvent
from municipalities.models.status import (
    EventKind,
    changing_register,
    check_sequence,
    format_event_date,
    lock_municipalities,
)

from . import workbook as annex
from ..models import Category, Initiative
from .xlsx_rows import UnreadableSheet, shared_strings, sheet_rows, shown

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 20_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"


class AnnexFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Dutch."""


@dataclass
class Change:
    sheet: str
    row: int
    action: str
    municipality: str = ""
    description: str = ""
    reason: str = ""
    instance: object = None


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    source: str = ""
    fingerprint: str = ""  # SHA-256 of the file and of the database state the plan was compared against

    @property
    def errors(self):
        return [change for change in self.changes if change.action == ERROR]

    def count(self, action):
        return sum(change.action == action for change in self.changes)

    @property
    def summary(self):
        return {action: self.count(action) for action in (NEW, CHANGED, UNCHANGED, ERROR)}

    @property
    def writes(self):
        return [change for change in self.changes if change.action in (NEW, CHANGED)]


def read(content, filename="bijlage.xlsx", province_ids=None):
    """A Plan for the workbook bytes `content`; raises AnnexFileError for an unreadable file.

    `province_ids`: when given, rows outside these provinces are errors (province-bound editors).
    Bad cells, rows and values are row errors (Change.action == ERROR) naming sheet and row; a
    sheet whose XML breaks off is an AnnexFileError naming sheet and row.
    """
    with translation.override(settings.LANGUAGE_CODE), warnings.catch_warnings():
        # openpyxl warns about what it ignores (extensions, data validation); the rows say the rest.
        warnings.simplefilter("ignore", UserWarning)
        workbook = _open(content)
        try:
            names = annex.sheet_names()
            missing = [names[key] for key in ("registered", "candidates") if names[key] not in workbook.sheetnames]
            if missing:
                raise AnnexFileError(_("Missing sheets: %(sheets)s.") % {"sheets": ", ".join(missing)})
            try:
                strings = shared_strings(workbook)
            except Exception:  # a damaged shared-strings part: XML or zip errors of many kinds
                raise AnnexFileError(_("This is not an Excel workbook (.xlsx), or the file is damaged.")) from None
            reader = _Reader(content, filename, province_ids, strings)
            try:
                reader.read_events(workbook[names["registered"]], annex.registered_headers(), EventKind.REGISTERED)
                reader.read_events(workbook[names["candidates"]], annex.candidate_headers(), EventKind.CANDIDATE)
                reader.check_sequences()
                if names["initiatives"] in workbook.sheetnames:
                    reader.read_initiatives(workbook[names["initiatives"]])
            except UnreadableSheet as error:
                raise AnnexFileError(str(error)) from None
            return reader.plan
        finally:
            workbook.close()


def apply(plan):
    """Write every new and changed row in one transaction; returns how many were written.

    Raises ValueError for a plan with errors. Under a lock on the municipalities it writes for
    (SELECT ... FOR UPDATE, in pk order; SQLite serialises writers anyway) it re-checks what may
    have changed since `read`: each municipality's events from the database plus the plan's new
    ones must still form a valid sequence (municipalities.models.status.check_sequence), and no
    new initiative's title may have appeared meanwhile. Otherwise it raises ValidationError with a
    Dutch message and writes nothing; a row changed meanwhile raises ConcurrentUpdate (core.versioning).
    """
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        lock_municipalities({change.instance.municipality_id for change in plan.writes})
        _recheck(plan)
        with changing_register():  # the events are judged together once all are written
            for change in plan.writes:
                change.instance.save()
    return len(plan.writes)


def _recheck(plan):
    names, new_events, new_initiatives = {}, defaultdict(list), set()
    for change in plan.writes:
        instance = change.instance
        names[instance.municipality_id] = change.municipality
        if isinstance(instance, StatusEvent):
            added = new_events[instance.municipality_id]  # a changed event's municipality is re-checked too
            if instance.pk is None:
                added.append((instance.kind, instance.date))
        elif instance.pk is None:
            new_initiatives.add((instance.municipality_id, instance.title))
    stored = defaultdict(list)
    for pk, kind, day in StatusEvent.objects.filter(municipality__in=list(new_events)).values_list("municipality", "kind", "date"):
        stored[pk].append((kind, day))
    for pk, added in new_events.items():
        try:
            check_sequence(stored[pk] + added)
        except ValidationError as problem:
            raise ValidationError(
                _("The register of %(municipality)s changed after the file was read: %(problem)s Nothing was imported.")
                % {"municipality": names[pk], "problem": " ".join(problem.messages)}
            ) from None
    if new_initiatives:
        municipalities = {pk for pk, _title in new_initiatives}
        titles = {title for _pk, title in new_initiatives}
        for pk, title in Initiative.objects.filter(municipality__in=municipalities, title__in=titles).values_list("municipality", "title"):
            if (pk, title) in new_initiatives:
                raise ValidationError(
                    _("%(municipality)s got an initiative “%(title)s” after the file was read. Nothing was imported.")
                    % {"municipality": names[pk], "title": title}
                )


def _open(content):
    if len(content) > MAX_FILE_SIZE:
        raise AnnexFileError(_("The file is larger than 10 MB."))
    if content.startswith(OLE_MAGIC):
        raise AnnexFileError(
            _("The file is protected with a password or is an old .xls file: save it as .xlsx without a password.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise AnnexFileError(_("This is not an Excel workbook (.xlsx), or the file is damaged.")) from None
    if unpacked > MAX_UNCOMPRESSED_SIZE or unpacked > MAX_COMPRESSION_RATIO * max(len(content), 1):
        raise AnnexFileError(_("The file unpacks to far more data than a workbook of this size can hold: refused."))
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, ...) for a damaged file
        raise AnnexFileError(_("This is not an Excel workbook (.xlsx), or the file is damaged.")) from None


class _Reader:
    def __init__(self, content, filename, province_ids, strings):
        self.plan = Plan(source=_("Import of %(file)s on %(day)s") % {
            "file": shown(filename, 100), "day": timezone.localdate().strftime("%d/%m/%Y")})
        self.province_ids = province_ids
        self.strings = strings
        # Everything the rows are compared against, read once; the fingerprint covers exactly this.
        self.municipalities = {m.code: m for m in Municipality.objects.select_related("province").order_by("pk")}
        self.categories = {c.name: c for c in Category.objects.order_by("pk")}
        self.events = defaultdict(dict)  # municipality pk -> {(kind, date): StatusEvent}
        events = list(StatusEvent.objects.order_by("pk"))
        for event in events:
            self.events[event.municipality_id][(event.kind, event.date)] = event
        initiatives = list(Initiative.objects.order_by("pk"))
        self.initiatives = {(i.municipality_id, i.title): i for i in initiatives}
        self.touched = {}  # municipality pk -> the first Change that touched its events
        self.plan.fingerprint = _fingerprint(
            content, province_ids, self.municipalities.values(), self.categories.values(), events, initiatives)

    def rows(self, sheet, headers, date_columns):
        """(row number, cells, reason) for every non-empty row, after checking the header row.

        `cells` has one Cell or None per header; `reason` is None, or why the row cannot be read.
        """
        rows = sheet_rows(sheet, self.strings)
        if _header_texts(next(rows, None)) != headers:
            raise AnnexFileError(
                _("Sheet “%(sheet)s”: the header row must be: %(expected)s.")
                % {"sheet": sheet.title, "expected": " | ".join(headers)}
            )
        for row in rows:
            if row.number > MAX_ROWS:
                raise AnnexFileError(_("Sheet “%(sheet)s” has too many rows.") % {"sheet": sheet.title})
            if not row.problems and all(cell.value in (None, "") for cell in row.cells.values()):
                continue
            cells = [row.cells.get(column) for column in range(1, len(headers) + 1)]
            yield row.number, cells, _row_reason(row, headers, date_columns)

    def error(self, sheet, number, reason, municipality=""):
        self.plan.changes.append(Change(sheet.title, number, ERROR, municipality, reason=reason))

    def municipality(self, cells):
        """The municipality the first three cells (province, name, NIS code) name, or a reason."""
        province, name, code = (_text(cells[i]) for i in range(3))
        if code is not None and code.isdigit():
            code = code.zfill(5)
        municipality = self.municipalities.get(code)
        if municipality is None or municipality.province.country != Country.BELGIUM:
            return None, _("unknown NIS code “%(code)s”") % {"code": shown(code, 40)}
        if name != municipality.name or province != municipality.province.name:
            return None, _("“%(name)s” (%(province)s) does not match NIS code %(code)s, which is %(real)s (%(real_province)s)") % {
                "name": shown(name, 60), "province": shown(province, 60), "code": code,
                "real": municipality.name, "real_province": municipality.province.name}
        if self.province_ids is not None and municipality.province_id not in self.province_ids:
            return None, _("%(name)s lies outside the provinces you may change") % {"name": municipality.name}
        return municipality, None

    def read_events(self, sheet, headers, kind):
        seen = {}
        date_columns = {3, 4} if kind == EventKind.REGISTERED else {3}
        for number, cells, reason in self.rows(sheet, headers, date_columns):
            municipality = None
            if reason is None:
                municipality, reason = self.municipality(cells)
            if reason is None and municipality.pk in seen:
                reason = _("duplicate row (also on row %(row)s)") % {"row": seen[municipality.pk]}
            if reason is not None:
                self.error(sheet, number, reason, _shown_name(cells))
                continue
            seen[municipality.pk] = number
            try:
                dated = [(EventKind.CANDIDATE, _date(cells[3], headers[3]))]
                if kind == EventKind.REGISTERED:
                    dated.append((EventKind.REGISTERED, _date(cells[4], headers[4], required=True)))
            except ValueError as problem:
                self.error(sheet, number, str(problem), municipality.name)
                continue
            for event_kind, value in dated:
                if value is not None:
                    self.event(sheet, number, municipality, event_kind, *value)

    def event(self, sheet, number, municipality, kind, day, is_upper_bound):
        existing = self.events[municipality.pk].get((kind, day))
        description = f"{EventKind(kind).label}: {format_event_date(day, is_upper_bound)}"
        change = Change(sheet.title, number, UNCHANGED, municipality.name, description)
        if existing is None:
            change.action = NEW
            change.instance = StatusEvent(
                municipality=municipality, kind=kind, date=day, date_is_upper_bound=is_upper_bound,
                source=self.plan.source,
            )
            self.events[municipality.pk][(kind, day)] = change.instance
        elif existing.date_is_upper_bound != is_upper_bound:
            change.action = CHANGED
            existing.date_is_upper_bound = is_upper_bound
            change.instance = existing
        if change.instance is not None:
            change.instance.sequence_checked_elsewhere = True
            try:
                change.instance.full_clean(validate_constraints=False)
            except ValidationError as problem:
                change.action, change.reason, change.instance = ERROR, " ".join(problem.messages), None
        self.plan.changes.append(change)
        self.touched.setdefault(municipality.pk, change)

    def check_sequences(self):
        """Judge each touched municipality's events together, as they would be after the import."""
        for pk, change in self.touched.items():
            try:
                check_sequence([(kind, day) for kind, day in self.events[pk]])
            except ValidationError as problem:
                change.action, change.reason, change.instance = ERROR, " ".join(problem.messages), None

    def read_initiatives(self, sheet):
        headers = annex.initiative_headers()
        categories = self.categories
        kinds = {_("structural"): True, _("one-off"): False}
        seen = {}
        for number, cells, reason in self.rows(sheet, headers, date_columns={6, 7}):
            municipality = None
            if reason is None:
                municipality, reason = self.municipality(cells)
            if reason is not None:
                self.error(sheet, number, reason, _shown_name(cells))
                continue
            values = [_text(cell) for cell in cells]
            key = (municipality.pk, values[3])
            if reason is None and key in seen:
                reason = _("duplicate row (also on row %(row)s)") % {"row": seen[key]}
            if reason is None and values[5] not in categories:
                reason = _("unknown category “%(category)s”") % {"category": values[5]}
            if reason is None and values[9] not in kinds:
                reason = _("column “%(column)s” must say “%(yes)s” or “%(no)s”") % {
                    "column": headers[9], "yes": _("structural"), "no": _("one-off")}
            if reason is None:
                try:
                    start = _date(cells[6], headers[6], allow_upper_bound=False)
                    end = _date(cells[7], headers[7], allow_upper_bound=False)
                except ValueError as problem:
                    reason = str(problem)
            if reason is not None:
                self.error(sheet, number, reason, municipality.name)
                continue
            seen[key] = number
            fields = {
                "description": values[4] or "",
                "category": categories[values[5]],
                "start_date": start[0] if start else None,
                "end_date": end[0] if end else None,
                "timing_text": values[8] or "",
                "is_structural": kinds[values[9]],
            }
            self.initiative(sheet, number, municipality, values[3] or "", fields, self.initiatives.get(key))

    def initiative(self, sheet, number, municipality, title, fields, existing):
        change = Change(sheet.title, number, UNCHANGED, municipality.name, title)
        if existing is not None and _is_cut_copy(fields["description"], existing.description):
            fields["description"] = existing.description  # the workbook could hold only its start
        if existing is None:
            change.action = NEW
            # The annex lists published initiatives, so a new row is one to publish.
            change.instance = Initiative(municipality=municipality, title=title, source=self.plan.source,
                                         is_published=True, **fields)
        elif any(getattr(existing, name) != value for name, value in fields.items()):
            # Only what the workbook shows is compared and written: never publication or source.
            change.action = CHANGED
            change.description = f"{title}: " + "; ".join(
                f"{Initiative._meta.get_field(name).verbose_name}: “{_shown(getattr(existing, name))}” → “{_shown(value)}”"
                for name, value in fields.items() if getattr(existing, name) != value
            )
            for name, value in fields.items():
                setattr(existing, name, value)
            change.instance = existing
        if change.instance is not None:
            try:
                change.instance.full_clean()
            except ValidationError as problem:
                change.action, change.reason, change.instance = ERROR, " ".join(problem.messages), None
        self.plan.changes.append(change)


def _is_cut_copy(text, stored):
    """True when `text` is `stored` as core.workbooks cut it to fit one Excel cell."""
    return text.endswith(TRUNCATED) and len(stored) > len(text) and stored.startswith(text.removesuffix(TRUNCATED))


def _shown(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("structural") if value else _("one-off")
    return "" if value is None else str(value)


def _fingerprint(content, province_ids, municipalities, categories, events, initiatives):
    """SHA-256 (hex) of the file, the editor's provinces and every row the plan was compared against."""
    digest = hashlib.sha256(content)
    digest.update(repr(sorted(province_ids) if province_ids is not None else None).encode())
    for m in municipalities:
        digest.update(repr((m.pk, m.code, m.name, m.province_id, m.province.name, m.province.country,
                            m.valid_from, m.valid_until)).encode())
    for c in categories:
        digest.update(repr(("category", c.pk, c.name)).encode())
    for e in events:
        digest.update(repr(("event", e.pk, e.version, e.municipality_id, e.kind, e.date, e.date_is_upper_bound)).encode())
    for i in initiatives:
        digest.update(repr((
            "initiative", i.pk, i.version, i.municipality_id, i.title, i.description, i.category_id, i.start_date,
            i.end_date, i.timing_text, i.is_structural, i.is_published)).encode())
    return digest.hexdigest()


def _header_texts(row):
    """The texts of a sheet's first row, without trailing empty cells; [] unless it is a sound row 1."""
    if row is None or row.number != 1 or row.problems:
        return []
    texts = []
    for column in range(1, max(row.cells, default=0) + 1):
        cell = row.cells.get(column)
        texts.append(str(cell.value).strip() if cell is not None and cell.value is not None else "")
    while texts and texts[-1] == "":
        texts.pop()
    return texts


def _row_reason(row, headers, date_columns):
    """Why the row cannot be read as it stands, or None: the first problem, from cell to column."""
    if row.problems:
        return "; ".join(row.problems[:3]) + ("; …" if len(row.problems) > 3 else "")
    extra = [column for column, cell in row.cells.items() if column > len(headers) and cell.value not in (None, "")]
    if extra:
        return _("column %(column)s holds a value but has no header") % {"column": get_column_letter(min(extra))}
    for column, header in enumerate(headers, start=1):
        cell = row.cells.get(column)
        if cell is None or cell.value is None:
            continue
        values = {"column": header}
        if cell.data_type == "f":
            return _("column “%(column)s” holds a formula instead of a value") % values
        if cell.data_type == "e":
            return _("column “%(column)s” holds the Excel error “%(error)s”") % {**values, "error": shown(cell.value)}
        try:
            validate_no_control_characters(cell.value)
        except ValidationError as problem:
            return _("column “%(column)s” %(problem)s") % {**values, "problem": " ".join(problem.messages)}
        is_text = isinstance(cell.value, str) or isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        if column - 1 not in date_columns and not is_text:
            return _("column “%(column)s” must hold text") % values
    return None


def _text(cell):
    """A text cell's value, stripped; a whole number as its digits (a NIS code typed as a number)."""
    value = cell.value if cell is not None else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else value


def _shown_name(cells):
    """The municipality column of a row, for its error line."""
    value = cells[1].value if cells[1] is not None else ""
    return shown(value, 60) if value is not None else ""


def _date(cell, header, required=False, allow_upper_bound=True):
    """(date, is_upper_bound) from a real Excel date cell, None when empty; ValueError otherwise."""
    value = cell.value if cell is not None else None
    if value is None or value == "":
        if required:
            raise ValueError(_("column “%(column)s” is empty") % {"column": header})
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date) or isinstance(value, bool):
        raise ValueError(_("column “%(column)s” is not an Excel date") % {"column": header})
    if value > timezone.localdate():
        raise ValueError(_("column “%(column)s” lies in the future") % {"column": header})
    if value.year < 2000:
        raise ValueError(_("column “%(column)s” is an impossible date") % {"column": header})
    is_upper_bound = "uiterlijk" in (cell.number_format or "")
    if is_upper_bound and not allow_upper_bound:
        raise ValueError(_("column “%(column)s” must be an exact date") % {"column": header})
    return value, is_upper_bound
