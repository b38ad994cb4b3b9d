"""What a dataset declaration holds: Dataset and Field, and the field types shown on /open-data/.

pleegzorg/datasets.py lists the datasets; the modules that build the newer ones' rows
(plan_datasets, register_datasets) declare theirs beside their rows with these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # str or a lazy translation

TEXT, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN, LIST, URL = (
    "text", "integer", "decimal", "date", "datetime", "boolean", "list", "url")
TYPES = {
    TEXT: _("text"),
    INTEGER: _("whole number"),
    DECIMAL: _("number (CSV: decimal comma; JSON: number)"),
    DATE: _("date, YYYY-MM-DD"),
    DATETIME: _("date and time, ISO 8601 with time zone"),
    BOOLEAN: _("true/false (CSV: ja/nee)"),
    LIST: _("list (CSV: separated by “, ”; JSON: array)"),
    URL: _("web address"),
}
COMPUTED = _("computed by this site")
SOURCE_OF_ROW = _("the source given on each row (bron)")
PLAN_SOURCE = _("the plan's source document (see the plans dataset, field bron)")


@dataclass(frozen=True)
class Field:
    """One column of a dataset; `source` empty means the dataset's own source."""

    name: str
    type: str
    meaning: StrOrPromise
    source: StrOrPromise = ""

    @property
    def type_label(self):
        return TYPES[self.type]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: StrOrPromise
    description: StrOrPromise
    source: StrOrPromise
    fields: list[Field]
    page: str = ""  # URL name of the public page without arguments; "" when each row has its own page
    csv: str = ""  # URL names of the older datasets' own views
    json: str = ""
    filters: str = ""
    rows: object = None  # rows(request) -> [dict] for datasets served at /open-data/<slug>.csv|json
    models: tuple = ()  # "app_label.Model" whose audit trail dates the last change
    temporal: tuple = ()  # "app_label.Model.field": date fields whose smallest and largest value span the data
    spatial: tuple = ()  # ISO 3166-1 alpha-3 codes
    keywords: tuple = field(default=())

    @property
    def field_names(self):
        return [f.name for f in self.fields]

    @property
    def page_url(self):
        return reverse(self.page) if self.page else ""

    @property
    def csv_url(self):
        return reverse(self.csv) if self.csv else reverse("dataset_file", kwargs={"slug": self.slug, "fmt": "csv"})

    @property
    def json_url(self):
        return reverse(self.json) if self.json else reverse("dataset_file", kwargs={"slug": self.slug, "fmt": "json"})
