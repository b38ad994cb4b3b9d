"""`manage.py import_annex FILE [--bron TEXT] [--concepten] [--verwijder-ontbrekende] [--dry-run]`:
the admin's import, from the command line.

It shares initiatives.annex.importing.read/apply with the admin screen. Every refusal (an unreadable
file, a row error, a register that changed meanwhile) is a CommandError: a Dutch message on
stderr, exit code 1, nothing written.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import RecordedCommand
from core.versioning import ConcurrentUpdate
from initiatives.annex import importing


class Command(RecordedCommand):
    help = _("Imports a workbook in the annex layout into the register (all or nothing).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The .xlsx file."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check and report, write nothing."))
        parser.add_argument("--bron", default="", help=_("The source the imported dates cite."))
        parser.add_argument("--concepten", action="store_true", help=_("Keep new initiatives as drafts."))
        parser.add_argument("--verwijder-ontbrekende", action="store_true", dest="remove_missing",
                            help=_("Remove what the file lacks instead of only reporting it."))

    def handle(self, *args, file, dry_run, bron, concepten, remove_missing, **options):
        path = Path(file)
        try:
            with path.open("rb") as source:  # at most one byte too many: read() refuses larger files
                content = source.read(importing.MAX_FILE_SIZE + 1)
            plan = importing.read(content, filename=path.name,
                                  options=importing.Options(source=bron, drafts=concepten, remove_missing=remove_missing))
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}) from error
        except importing.AnnexFileError as error:
            raise CommandError(str(error)) from error
        for change in plan.errors:
            self.stderr.write(
                _("Sheet “%(sheet)s”, row %(row)s: %(municipality)s: %(reason)s")
                % {"sheet": change.sheet, "row": change.row or "—", "municipality": change.municipality,
                   "reason": change.reason}
            )
        for warning in plan.warnings:
            self.stderr.write(warning)
        for change in plan.changes:
            if change.action in (importing.MISSING, importing.REMOVED):
                what = f"{change.label}: {change.description}" if change.description else str(change.label)
                self.stdout.write(f"{change.sheet}: {change.municipality}: {what}")
        summary = ", ".join(f"{count} {label}" for label, count in (
            (importing.LABELS[action], count) for action, count in plan.summary.items()) if count) + "."
        if plan.errors:
            raise CommandError(_("Nothing imported: %(summary)s") % {"summary": summary})
        if dry_run:
            self.stdout.write(_("Dry run, nothing written: %(summary)s") % {"summary": summary})
            return
        try:
            importing.apply(plan)
        except ConcurrentUpdate:
            raise CommandError(_("The register changed while importing: nothing was imported. Try again.")) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(_("Imported: %(summary)s") % {"summary": summary})
