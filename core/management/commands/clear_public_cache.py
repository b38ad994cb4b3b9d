"""`manage.py clear_public_cache`: start a new generation of the public pages.

Every write through Django does this by itself (core.public_writes). Run it after a write Django did not
see: a restore (`make restore` runs it), or a correction made with psql.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.caching import bump_generation
from core.commands import RecordedCommand


class Command(RecordedCommand):  # like every command of the project (it writes nothing itself)
    help = "Start a new generation of the public pages, after a write outside Django (a restore, psql)."

    def handle(self, *args, **options):
        if not bump_generation():
            raise CommandError(_("The cache does not answer: the public pages were not renewed. Try again."))
        self.stdout.write(_("The public pages are renewed: every server renders them again."))
