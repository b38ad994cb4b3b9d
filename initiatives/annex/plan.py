"""What an import would do: a Plan of Changes, one per row of the file or row the file lacks.

A Change has an action (ORDER gives the order the preview lists them in: errors first), the
fields it changes as old → new, and the instances it would save or delete. `apply` (annex.importing)
writes them; nothing in this module touches the database.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ERROR, REMOVED, MISSING, CHANGED, NEW, OUTSIDE, UNCHANGED = (
    "error",
    "removed",
    "missing",
    "changed",
    "new",
    "outside",
    "unchanged",
)
ORDER = (ERROR, REMOVED, MISSING, CHANGED, NEW, OUTSIDE, UNCHANGED)
LABELS = {
    ERROR: _("error"),
    REMOVED: _("removed"),
    MISSING: _("missing from the file"),
    CHANGED: _("changed"),
    NEW: _("new"),
    OUTSIDE: _("outside your provinces, unchanged"),
    UNCHANGED: _("unchanged"),
}
WORTH_SEEING = {ERROR, REMOVED, MISSING, CHANGED, NEW}  # the preview's "only changes and errors"


@dataclass
class Options:
    """What the officer chose on the upload form.

    `source`: what every event the import writes cites (e.g. "Pleegzorg Vlaanderen, lijst van
    1/10/2026"); `drafts`: new initiatives are kept unpublished; `remove_missing`: rows the file
    lacks are removed (events deleted, initiatives unpublished) instead of only reported.
    """

    source: str = ""
    drafts: bool = False
    remove_missing: bool = False


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    sheet: str
    row: int | None  # None for a row the file lacks
    action: str
    municipality: str = ""
    description: str = ""
    reason: str = ""
    fields: list = field(default_factory=list)  # [FieldChange]
    saves: list = field(default_factory=list)  # model instances to save
    deletes: list = field(default_factory=list)  # model instances to delete

    @property
    def label(self):
        return LABELS[self.action]


@dataclass
class Plan:
    day: datetime.date | None = None  # the reference date the workbook was made for
    province: object = None  # the Province it covers alone, or None for Flanders and Brussels
    made_at: datetime.datetime | None = None  # when the workbook was made, from its title block
    options: Options = field(default_factory=Options)
    source: str = ""  # what the events written cite
    changes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # Dutch texts, e.g. hidden sheets that were ignored
    fingerprint: str = ""  # SHA-256 of the file, the options and the database state compared against
    file_sha256: str = ""  # SHA-256 of the file's bytes alone: the import's change set carries it

    @property
    def errors(self):
        return [change for change in self.changes if change.action == ERROR]

    def count(self, action):
        return sum(change.action == action for change in self.changes)

    @property
    def summary(self):
        """{action: count} for every action, in ORDER."""
        return {action: self.count(action) for action in ORDER}

    @property
    def writes(self):
        """The changes that write something (new, changed, removed)."""
        return [change for change in self.changes if change.saves or change.deletes]

    def ordered(self, only_changes=False):
        """The changes as the preview lists them: errors first, then by action, sheet and row."""
        rank = {action: index for index, action in enumerate(ORDER)}
        changes = [c for c in self.changes if not only_changes or c.action in WORTH_SEEING]
        return sorted(
            changes, key=lambda c: (rank[c.action], c.sheet, c.row if c.row is not None else 10**9, c.municipality)
        )
