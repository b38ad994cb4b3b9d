import datetime

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.commands import RecordedCommand
from core.seeding import report_lines
from municipalities import reference, seeds
from municipalities.models import Municipality, Province


class Command(RecordedCommand):
    help = _(
        "Loads provinces and municipalities from the official code lists, and the seed facts once: "
        "what an officer edited or deleted is kept (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help=_("Folder with the open reference data."))

    def handle(self, *args, data_dir=None, **options):
        try:
            with transaction.atomic():
                report = reference.load(data_dir)
                seeded = seeds.load()
        except (reference.ReferenceDataError, seeds.SeedError, OSError, ValueError, KeyError) as error:
            raise CommandError(_("Reference data not loaded, nothing changed: %s") % error) from error
        for name in report.skipped:
            self.stdout.write(
                self.style.WARNING(_("Skipped %(file)s: not found in the data folder.") % {"file": name})
            )
        self.stdout.write(
            _("Municipalities: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % vars(report)
        )
        for line in report_lines(seeded, verbose=options["verbosity"] > 1):
            self.stdout.write(line)
        self.print_counts(timezone.localdate())

    def print_counts(self, today):
        before_mergers = datetime.date(2024, 12, 31)
        provinces = Province.objects.annotate(
            today=Count("municipalities", filter=_active(today)),
            before=Count("municipalities", filter=_active(before_mergers)),
        )
        for province in provinces:
            self.stdout.write(
                f"  {province.iso_code:7} {province.name:32} {province.today:4}"
                + (f"  (2024: {province.before})" if province.on_flemish_register else "")
            )


def _active(day):
    """The active_on() rule, seen from the province side of the relation."""
    ids = Municipality.objects.active_on(day).values("pk")
    return Q(municipalities__in=ids)
