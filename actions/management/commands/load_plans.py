from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from actions import seeds


class Command(BaseCommand):
    help = _("Loads the action plans transcribed from the source documents (idempotent).")

    def handle(self, *args, **options):
        try:
            report = seeds.load()
        except (seeds.PlanSeedError, OSError) as error:
            raise CommandError(_("Plans not loaded, nothing changed: %s") % error)
        for name, count in report.items():
            self.stdout.write(_("%(file)s: %(count)d actions.") % {"file": name, "count": count})
