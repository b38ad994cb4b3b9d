"""The open datasets: one declaration per public list, read by /open-data/, the files and the catalogue.

Each Dataset names its public page, its CSV and JSON addresses, the filters it shares with the
page and its fields with stable names, each with a type, a meaning and a source (shown on
/open-data/). The catalogue (pleegzorg/catalogue.py, DCAT-AP) reads the same declaration: which
models' audit trail dates the last change (`models`), which date fields span the data
(`temporal`) and which countries it covers (`spatial`, ISO 3166-1 alpha-3).

Datasets with `rows` are served by pleegzorg/dataset_views.py at /open-data/<slug>.csv|json;
the four older ones keep the views and addresses they always had.
"""

from django.utils.translation import gettext_lazy as _

from . import plan_datasets, register_datasets
from .dataset_declaration import (
    BOOLEAN,
    COMPUTED,
    DATE,
    DECIMAL,
    INTEGER,
    LIST,
    PLAN_SOURCE,
    SOURCE_OF_ROW,
    TEXT,
    URL,
    Dataset,
    Field,
)

DATASETS = [
    Dataset(
        slug="gemeenten",
        title=_("Municipalities with their status on a day"),
        description=_("Every municipality of Flanders, Brussels and the Netherlands active on a day, with its status in the "
                      "Flemish register of pleegzorggemeenten on that day."),
        source=_("Statbel (REFNIS) and CBS (codes and names); the register of pleegzorggemeenten (status)"),
        page="municipalities", csv="municipalities_csv", json="municipalities_json",
        filters="datum, q, country, province, status, initiatieven, sorteer",
        models=("municipalities.Municipality", "municipalities.StatusEvent", "municipalities.Province"),
        temporal=("municipalities.StatusEvent.date",), spatial=("BEL", "NLD"),
        keywords=("pleegzorg", "gemeenten", "pleegzorggemeente"),
        fields=[
            Field("code", TEXT, _("NIS code (Belgium) or CBS code (the Netherlands)")),
            Field("naam", TEXT, _("name")), Field("naam_fr", TEXT, _("French name, for Belgian municipalities")),
            Field("land", TEXT, _("BE or NL")), Field("provincie", TEXT, _("province or region")),
            Field("provincie_code", TEXT, _("ISO 3166-2")),
            Field("status", TEXT, _("registered, candidate, stopped, none (known not to be one: only where the register "
                                    "is complete) or unknown (no data: never read it as “no”); Flanders and Brussels only")),
            Field("status_label", TEXT, _("the status in Dutch")),
            Field("status_datum", DATE, _("date of the event behind the status")),
            Field("status_datum_uiterlijk", BOOLEAN, _("true when that date is only known as “no later than”")),
            Field("status_bron", TEXT, _("the source of the status: the event's, or for an inferred “none” the source "
                                         "saying the province's register is complete; empty while unknown")),
            Field("status_afgeleid", BOOLEAN, _("true when the status is inferred, not stated: “none” because the "
                                                "province's register is known to be complete on the peildatum"), COMPUTED),
            Field("start_procedure", DATE, _("date the procedure started")),
            Field("gepubliceerde_initiatieven", INTEGER, _("number of published initiatives"), COMPUTED),
            Field("peildatum", DATE, _("the day the status applies to"), COMPUTED),
            Field("url", URL, _("the municipality's page"), COMPUTED),
        ],
    ),
    Dataset(
        slug="initiatieven",
        title=_("Initiatives"),
        description=_("Published initiatives of Flemish municipalities on foster care, each with its source."),
        source=SOURCE_OF_ROW,
        page="initiatives:list", csv="initiatives:list_csv", json="initiatives:list_json",
        filters="q, province, category",
        models=("initiatives.Initiative", "initiatives.Category"),
        temporal=("initiatives.Initiative.start_date", "initiatives.Initiative.end_date"), spatial=("BEL",),
        keywords=("pleegzorg", "initiatieven", "gemeenten"),
        fields=[
            Field("gemeente_code", TEXT, _("NIS code")), Field("gemeente", TEXT, _("municipality")),
            Field("provincie", TEXT, _("province")), Field("titel", TEXT, _("title")),
            Field("beschrijving", TEXT, _("description")), Field("categorie", TEXT, _("category")),
            Field("begindatum", DATE, _("start date")), Field("einddatum", DATE, _("end date")),
            Field("timing", TEXT, _("timing as the source gives it, when there is no date")),
            Field("structureel", BOOLEAN, _("structural (true) or one-off (false)")), Field("bron", TEXT, _("source")),
        ],
    ),
    Dataset(
        slug="acties",
        title=_("Actions of the Dutch action plans"),
        description=_("Every action of the Dutch national and municipal foster-care plans and of the guidance, with "
                      "its timing, status and source."),
        source=PLAN_SOURCE,
        page="actions:plans", csv="actions:actions_csv", json="actions:actions_json",
        filters="datum, plan, organisation, status, year",
        models=("actions.Plan", "actions.PlanAuthor", "actions.Line", "actions.Action", "actions.Responsibility",
                "actions.ProgressUpdate"),
        temporal=("actions.Action.period_start", "actions.Action.period_end"), spatial=("NLD",),
        keywords=("pleegzorg", "actieplan", "acties"),
        fields=[
            Field("plan", TEXT, _("the plan's slug")), Field("plan_titel", TEXT, _("the plan's title")),
            Field("plan_soort", TEXT, _("national, municipal or guidance")),
            Field("opgesteld_door", LIST, _("the plan's authors (short names), in the source's order")),
            Field("lijn", INTEGER, _("line number")), Field("lijn_titel", TEXT, _("line title")),
            Field("actie", TEXT, _("action number")), Field("titel", TEXT, _("title")),
            Field("verantwoordelijk", LIST, _("responsible organisations (short names), in the source's order")),
            Field("resultaat", TEXT, _("result")), Field("wanneer", TEXT, _("timing as the source gives it")),
            Field("termijn_soort", TEXT, _("how the timing reads: window, deadline, ongoing or conditional (empty when not understood)"), COMPUTED),
            Field("termijn_voorwaarde", TEXT, _("the condition of a conditional timing, in the source's words")),
            Field("periode_begin", DATE, _("start of the period read from the timing (empty for a deadline)"), COMPUTED),
            Field("periode_einde", DATE, _("end of that period: the deadline itself for a deadline"), COMPUTED),
            Field("peildatum", DATE, _("the day the status applies to (?datum=, today by default)"), COMPUTED),
            Field("status", TEXT, _("the status of the latest progress update on or before the peildatum: planned, ongoing, delayed, done or dropped; unknown without one"),
                  _("the progress update's source")),
            Field("status_datum", DATE, _("the date of that progress update"), _("the progress update's source")),
            Field("status_bron", TEXT, _("the source of that progress update (empty while the status is unknown)"),
                  _("the progress update's source")),
            Field("voortgang", INTEGER, _("progress in percent, only where a source or an editor gives one; empty otherwise (never derived from the status) and while the status is unknown")),
            Field("te_laat", BOOLEAN, _("true when the period has ended and the last known status is neither done nor dropped"), COMPUTED),
            Field("termijn_verstreken_status_onbekend", BOOLEAN, _("true when the period has ended and the status is unknown"), COMPUTED),
            Field("voorbeeldgemeenten", LIST, _("CBS codes of municipalities cited as examples")),
            Field("afgeleid", TEXT, _("what the transcription inferred rather than copied from the source (empty when nothing)")),
            Field("bron", TEXT, _("the plan's source document")),
            Field("url", URL, _("the action on its plan's page"), COMPUTED),
        ],
    ),
    Dataset(
        slug="kerncijfers",
        title=_("Key figures"),
        description=_("Key figures on foster care in Flanders and the Netherlands, each with its date, area and source."),
        source=SOURCE_OF_ROW,
        page="municipalities:key_figures", csv="municipalities:key_figures_csv", json="municipalities:key_figures_json",
        models=("municipalities.KeyFigure",),
        temporal=("municipalities.KeyFigure.date",), spatial=("BEL", "NLD"),
        keywords=("pleegzorg", "cijfers", "statistiek"),
        fields=[
            Field("reeks", TEXT, _("series")), Field("omschrijving", TEXT, _("what is counted")),
            Field("waarde", DECIMAL, _("value")), Field("eenheid", TEXT, _("unit")),
            Field("datum", DATE, _("reference date (may be empty)")),
            Field("datum_zoals_bron", TEXT, _("the date as the source gives it")), Field("gebied", TEXT, _("area")),
            Field("land", TEXT, _("BE or NL")),
            Field("provincie_code", TEXT, _("ISO 3166-2, when the figure is about a province")),
            Field("bron", TEXT, _("source")), Field("opmerking", TEXT, _("note, often the source's sentence")),
        ],
    ),
    *register_datasets.DATASETS,
    *plan_datasets.DATASETS,
]


def served_dataset(slug):
    """The dataset served at /open-data/<slug>.csv|json, or None."""
    return next((dataset for dataset in DATASETS if dataset.slug == slug and dataset.rows), None)
