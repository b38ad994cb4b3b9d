"""The layout contract of every sheet of the annex: the writer writes it, the reader reads it.

A sheet (SheetLayout) has a name, its own title and columns; a column (Column) has a key, the
header the minister's answer uses, a width (Excel's character units) and a kind that fixes its
number format and how the reader reads it. Neither side ever addresses a column by its index:
`layout.position("appointed")` gives it.

Every sheet starts with the same title block: the annex's title, the sheet's own title, then
label/value rows (TITLE_LABELS: the reference date, what the annex covers, the source, the
completeness of the register) and a blank row; the table's header row follows. The reader finds
the header row and the labels by their texts, so a row an officer inserts above them does no harm.

Sources of the wording: the title and the two date headers are the words of the minister's
answer to written question nr. 26 (seed 000): "Overzicht van de (kandidaat-)pleegzorggemeenten
per provincie, datum van aanvraag en/of benoeming als pleegzorggemeente en de inhoud van de
ondersteuning van de initiatieven".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # str or a lazy translation

TEXT, DATE, NUMBER, KEY = "text", "date", "number", "key"
DATE_FORMAT = "dd/mm/yyyy"
# A date only known as "no later than" stays a real Excel date; its format shows the word.
UPPER_BOUND_FORMAT = '"uiterlijk "dd/mm/yyyy'
PERCENT_FORMAT = "0.0%"
MOMENT_FORMAT = "dd/mm/yyyy hh:mm:ss"
KEY_FORMAT = "0"
MAX_TITLE_ROWS = 20  # the reader looks for the header row in this many rows at most

ANNEX_TITLE = _(
    "Overview of the (candidate) pleegzorggemeenten per province, date of application and/or "
    "appointment as pleegzorggemeente and the content of the support of the initiatives"
)
# The label/value rows of the title block, by key; the reader finds them by their label.
TITLE_LABELS = {
    "day": _("Reference date"),
    "made": _("Made on"),  # when the register was read: the import refuses to undo later edits
    "scope": _("Covers"),
    "source": _("Source"),
    "completeness": _("Completeness"),
}
UNKNOWN = _("unknown")  # written where a value is not known, never an empty cell
ONGOING = pgettext_lazy("initiative end", "ongoing")  # the end of a structural initiative without an end date
SUBTOTAL = _("Subtotal")  # starts the province column of a subtotal row; the reader skips those
TOTAL = _("Total")


@dataclass(frozen=True)
class Column:
    key: str
    header: StrOrPromise
    width: float
    kind: str = TEXT
    required: bool = False

    @property
    def number_format(self):
        return {DATE: DATE_FORMAT, KEY: KEY_FORMAT}.get(self.kind)


@dataclass(frozen=True)
class SheetLayout:
    key: str
    name: StrOrPromise  # the tab's name
    title: StrOrPromise  # the sheet's own title under the annex title
    columns: tuple

    def headers(self):
        """The header texts, in the active language: [str]."""
        return [str(column.header) for column in self.columns]

    def position(self, key):
        """The 0-based index of the column with this key; KeyError for an unknown key."""
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def column(self, key):
        return self.columns[self.position(key)]

    @property
    def widths(self):
        return [column.width for column in self.columns]


PROVINCE = Column("province", _("Province"), 24)
MUNICIPALITY = Column("municipality", _("Municipality"), 24)
NIS_CODE = Column("nis_code", _("NIS code"), 10)

OVERVIEW = SheetLayout("overview", _("Overview"), _("Overview per province on the reference date"), (
    Column("province", _("Province"), 30),
    Column("active", _("Active municipalities"), 15, NUMBER),
    Column("registered", _("Pleegzorggemeenten"), 20, NUMBER),
    Column("candidates", _("Candidates"), 14, NUMBER),
    Column("not_registered", _("Not a pleegzorggemeente"), 18, NUMBER),
    Column("unknown", _("Status unknown"), 14, NUMBER),
    Column("coverage", _("Coverage"), 14, NUMBER),
))
REGISTERED = SheetLayout("registered", _("a) Pleegzorggemeenten"),
                         _("a) Municipalities appointed as pleegzorggemeente on the reference date"), (
    PROVINCE, MUNICIPALITY, NIS_CODE,
    Column("applied", _("Date of application"), 20, DATE),
    Column("appointed", _("Date of appointment"), 22, DATE, required=True),
))
CANDIDATES = SheetLayout("candidates", _("b) Candidates"),
                         _("b) Candidate pleegzorggemeenten (in talks) on the reference date"), (
    PROVINCE, MUNICIPALITY, NIS_CODE,
    Column("applied", _("Date of application"), 20, DATE, required=True),
))
INITIATIVES = SheetLayout("initiatives", _("c) Initiatives"),
                          _("c) Initiatives of the municipalities: the content of the support"), (
    Column("province", _("Province"), 16),
    Column("municipality", _("Municipality"), 18),
    NIS_CODE,
    Column("title", _("Initiative"), 30, required=True),
    Column("description", _("Description"), 46),
    Column("category", _("Category"), 24, required=True),
    Column("start", _("Start"), 12, DATE),
    Column("end", _("End"), 12, DATE),
    Column("timing", _("Timing"), 20),
    Column("kind", _("Structural or one-off"), 13, required=True),
    Column("key", _("Key (do not change)"), 10, KEY),
))
CHANGES = SheetLayout("changes", _("What has changed"), _("What has changed between the two dates"), (
    PROVINCE, MUNICIPALITY, NIS_CODE,
    Column("change", pgettext_lazy("noun", "Change"), 44),
    Column("before", _("Status before"), 22),
    Column("after", _("Status after"), 22),
))
SHEETS = (OVERVIEW, REGISTERED, CANDIDATES, INITIATIVES, CHANGES)
IMPORTED = (REGISTERED, CANDIDATES, INITIATIVES)


def in_dutch(function):
    """`function` run with the site's language active (the annex is always Dutch)."""
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)
    return wrapper


@in_dutch
def sheet_names():
    """{layout key: the tab's name in Dutch}; the reader looks for the same names."""
    return {layout.key: str(layout.name) for layout in SHEETS}


def structural_words():
    """{word: is_structural} for the "Structural or one-off" column, in the active language."""
    return {gettext("structural"): True, gettext("one-off"): False}

