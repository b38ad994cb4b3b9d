from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import RecordedCommand
from initiatives import annex
from initiatives.forms import AnnexForm


class Command(RecordedCommand):
    help = _("Writes the parliamentary annex for a reference date to an .xlsx file.")

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="YYYY-MM-DD")
        parser.add_argument("--since", help=_("Comparison date, YYYY-MM-DD (optional)."))
        parser.add_argument("--output", required=True, help=_("The .xlsx file to write."))

    def handle(self, *args, date, since, output, **options):
        form = AnnexForm({"datum": date, "sinds": since or ""})
        if not form.is_valid():
            problems = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
            raise CommandError("; ".join(problems))
        day, since = form.cleaned_data["datum"], form.cleaned_data["sinds"]
        data = annex.collect(day, since=since)
        Path(output).write_bytes(annex.build_workbook(data))
        self.stdout.write(
            _(
                "%(file)s: %(registered)d pleegzorggemeenten, %(candidates)d candidates, %(initiatives)d initiatives on %(day)s."
            )
            % {
                "file": output,
                "registered": len(data.registered),
                "candidates": len(data.candidates),
                "initiatives": len(data.initiatives),
                "day": day.strftime("%d/%m/%Y"),
            }
        )
