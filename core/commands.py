"""The base of every management command of the project: its writes are attributed to it.

A command runs inside one change set (core.changesets) labelled "Opdracht: <name>" and carrying
the command's name, so the audit trail says which run of which command wrote a row. A command
that writes nothing leaves nothing. tests/audit/test_commands.py checks that every command of the
project derives from `RecordedCommand`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext

from .changesets import recording
from .models import ChangeSet


class RecordedCommand(BaseCommand):
    """django.core.management.BaseCommand whose writes form one change set named after the command."""

    @classmethod
    def command_name(cls):
        """The name the command is run by: its module's name ("load_plans")."""
        return cls.__module__.rsplit(".", 1)[-1]

    def execute(self, *args, **options):
        name = self.command_name()
        with translation.override(settings.LANGUAGE_CODE):
            label = gettext("Command: %(name)s") % {"name": name}
        with recording(label, ChangeSet.Kind.COMMAND, command=name):
            return super().execute(*args, **options)
