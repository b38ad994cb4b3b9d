"""Importing a register back from a workbook in the annex layout.

Two steps with a value in between: `plan = read(content)` checks the file and every row and marks
each change new / changed / unchanged / error; `apply(plan)` writes it in one transaction, all or
nothing, and only when no row has an error. The admin's preview and `import_annex` both use them.
"""

import datetime
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

from municipalities.models import Country, Municipality, StatusEvent
from municipalities.models.status import EventKind, check_sequence, format_event_date

from . import annex
from .models import Category, Initiative

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
    """
    with translation.override(settings.LANGUAGE_CODE), warnings.catch_warnings():
        # openpyxl warns about what it cannot read (bad date serials, extensions); the rows say so.
        warnings.simplefilter("ignore", UserWarning)
        workbook = _open(content)
        try:
            names = annex.sheet_names()
            missing = [names[key] for key in ("registered", "candidates") if names[key] not in workbook.sheetnames]
            if missing:
                raise AnnexFileError(_("Missing sheets: %(sheets)s.") % {"sheets": ", ".join(missing)})
            reader = _Reader(filename, province_ids)
            reader.read_events(workbook[names["registered"]], annex.registered_headers(), EventKind.REGISTERED)
            reader.read_events(workbook[names["candidates"]], annex.candidate_headers(), EventKind.CANDIDATE)
            reader.check_sequences()
            if names["initiatives"] in workbook.sheetnames:
                reader.read_initiatives(workbook[names["initiatives"]])
            return reader.plan
        finally:
            workbook.close()


@transaction.atomic
def apply(plan):
    """Write every new and changed row; nothing at all when the plan has an error."""
    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    for change in plan.writes:
        change.instance.save()
    return len(plan.writes)


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
    def __init__(self, filename, province_ids):
        self.plan = Plan(source=_("Import of %(file)s on %(day)s") % {
            "file": filename[:100], "day": timezone.localdate().strftime("%d/%m/%Y")})
        self.province_ids = province_ids
        self.municipalities = {m.code: m for m in Municipality.objects.select_related("province")}
        self.events = defaultdict(dict)  # municipality pk -> {(kind, date): StatusEvent}
        for event in StatusEvent.objects.all():
            self.events[event.municipality_id][(event.kind, event.date)] = event
        self.touched = {}  # municipality pk -> the first Change that touched its events

    def rows(self, sheet, headers):
        """(row number, cells) for every non-empty row, after checking the header row."""
        iterator = sheet.iter_rows()
        first = next(iterator, None)
        found = [str(c.value).strip() if c.value is not None else "" for c in (first or [])]
        while found and found[-1] == "":
            found.pop()
        if found != headers:
            raise AnnexFileError(
                _("Sheet “%(sheet)s”: the header row must be: %(expected)s.")
                % {"sheet": sheet.title, "expected": " | ".join(headers)}
            )
        for number, cells in enumerate(iterator, start=2):
            if number > MAX_ROWS:
                raise AnnexFileError(_("Sheet “%(sheet)s” has too many rows.") % {"sheet": sheet.title})
            cells = list(cells)[: len(headers)] + [None] * (len(headers) - len(cells))
            if all(cell is None or cell.value in (None, "") for cell in cells):
                continue
            yield number, cells

    def error(self, sheet, number, reason, municipality=""):
        self.plan.changes.append(Change(sheet.title, number, ERROR, municipality, reason=reason))

    def municipality(self, cells):
        """The municipality the first three cells (province, name, NIS code) name, or a reason."""
        province, name, code = (_text(cells[i]) for i in range(3))
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        if isinstance(code, int) and not isinstance(code, bool) or (isinstance(code, str) and code.isdigit()):
            code = str(code).zfill(5)
        municipality = self.municipalities.get(code) if isinstance(code, str) else None
        if municipality is None or municipality.province.country != Country.BELGIUM:
            return None, _("unknown NIS code “%(code)s”") % {"code": code}
        if name != municipality.name or province != municipality.province.name:
            return None, _("“%(name)s” (%(province)s) does not match NIS code %(code)s, which is %(real)s (%(real_province)s)") % {
                "name": name, "province": province, "code": code,
                "real": municipality.name, "real_province": municipality.province.name}
        if self.province_ids is not None and municipality.province_id not in self.province_ids:
            return None, _("%(name)s lies outside the provinces you may change") % {"name": municipality.name}
        return municipality, None

    def read_events(self, sheet, headers, kind):
        seen = {}
        for number, cells in self.rows(sheet, headers):
            municipality, reason = self.municipality(cells)
            if reason is None:
                reason = _formula_reason(cells, headers)
            if reason is None and municipality.pk in seen:
                reason = _("duplicate row (also on row %(row)s)") % {"row": seen[municipality.pk]}
            if reason is not None:
                self.error(sheet, number, reason, _text(cells[1]) or "")
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
        categories = {c.name: c for c in Category.objects.all()}
        kinds = {_("structural"): True, _("one-off"): False}
        existing = {(i.municipality_id, i.title): i for i in Initiative.objects.all()}
        seen = {}
        for number, cells in self.rows(sheet, headers):
            municipality, reason = self.municipality(cells)
            values = [_text(cell) for cell in cells]
            if reason is None:
                reason = _formula_reason(cells, headers)
            key = (municipality.pk if municipality else None, values[3])
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
                self.error(sheet, number, reason, values[1] or "")
                continue
            seen[key] = number
            fields = {
                "description": values[4] or "",
                "category": categories[values[5]],
                "start_date": start[0] if start else None,
                "end_date": end[0] if end else None,
                "timing_text": values[8] or "",
                "is_structural": kinds[values[9]],
                "is_published": True,
            }
            self.initiative(sheet, number, municipality, str(values[3] or ""), fields, existing.get(key))

    def initiative(self, sheet, number, municipality, title, fields, existing):
        change = Change(sheet.title, number, UNCHANGED, municipality.name, title)
        if existing is None:
            change.action = NEW
            change.instance = Initiative(municipality=municipality, title=title, source=self.plan.source, **fields)
        elif any(getattr(existing, name) != value for name, value in fields.items()):
            change.action = CHANGED
            for name, value in fields.items():
                setattr(existing, name, value)
            change.instance = existing
        if change.instance is not None:
            try:
                change.instance.full_clean()
            except ValidationError as problem:
                change.action, change.reason, change.instance = ERROR, " ".join(problem.messages), None
        self.plan.changes.append(change)


def _text(cell):
    value = cell.value if cell is not None else None
    return value.strip() if isinstance(value, str) else value


def _formula_reason(cells, headers):
    for cell, header in zip(cells, headers):
        if cell is not None and cell.data_type == "f":
            return _("column “%(column)s” holds a formula instead of a value") % {"column": header}
    return None


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
