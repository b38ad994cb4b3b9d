from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from actions import seeds
from core.commands import RecordedCommand
from core.seeding import report_lines


class Command(RecordedCommand):
    help = _(
        "Loads the action plans transcribed from the source documents once: what an officer edited "
        "or deleted is kept (idempotent)."
    )

    def handle(self, *args, **options):
        try:
            report = seeds.load()
        except (seeds.PlanSeedError, OSError) as error:
            raise CommandError(_("Plans not loaded, nothing changed: %s") % error) from error
        for line in report_lines(report, verbose=options["verbosity"] > 1):
            self.stdout.write(line)
