"""The open datasets and their stable field names, documented on /open-data/."""

from django.utils.translation import gettext_lazy as _

DATASETS = [
    {
        "title": _("Municipalities with their status on a day"),
        "page": "municipalities",
        "csv": "municipalities_csv",
        "json": "municipalities_json",
        "filters": "datum, q, country, province, status, initiatieven, sorteer",
        "fields": [
            ("code", _("NIS code (Belgium) or CBS code (the Netherlands)")),
            ("naam", _("name")), ("naam_fr", _("French name, for Belgian municipalities")),
            ("land", _("BE or NL")), ("provincie", _("province or region")), ("provincie_code", _("ISO 3166-2")),
            ("status", _("registered, candidate, stopped, none (known not to be one: only where the register is "
                         "complete) or unknown (no data: never read it as “no”); Flanders and Brussels only")),
            ("status_label", _("the status in Dutch")),
            ("status_datum", _("date of the event behind the status")),
            ("status_datum_uiterlijk", _("true when that date is only known as “no later than”")),
            ("start_procedure", _("date the procedure started")),
            ("gepubliceerde_initiatieven", _("number of published initiatives")),
            ("peildatum", _("the day the status applies to")), ("url", _("the municipality's page")),
        ],
    },
    {
        "title": _("Initiatives"),
        "page": "initiatives:list",
        "csv": "initiatives:list_csv",
        "json": "initiatives:list_json",
        "filters": "q, province, category",
        "fields": [
            ("gemeente_code", _("NIS code")), ("gemeente", _("municipality")), ("provincie", _("province")),
            ("titel", _("title")), ("beschrijving", _("description")), ("categorie", _("category")),
            ("begindatum", _("start date")), ("einddatum", _("end date")),
            ("timing", _("timing as the source gives it, when there is no date")),
            ("structureel", _("structural (true) or one-off (false)")), ("bron", _("source")),
        ],
    },
    {
        "title": _("Actions of the Dutch action plans"),
        "page": "actions:plans",
        "csv": "actions:actions_csv",
        "json": "actions:actions_json",
        "filters": "plan, organisation, status, year",
        "fields": [
            ("plan", _("the plan's slug")), ("plan_titel", _("the plan's title")),
            ("plan_soort", _("national, municipal or guidance")), ("eigenaar", _("owner (short name)")),
            ("lijn", _("line number")), ("lijn_titel", _("line title")), ("actie", _("action number")),
            ("titel", _("title")), ("verantwoordelijk", _("responsible organisations (short names)")),
            ("resultaat", _("result")), ("wanneer", _("timing as the source gives it")),
            ("termijn_soort", _("how the timing reads: window, deadline, ongoing or conditional (empty when not understood)")),
            ("termijn_voorwaarde", _("the condition of a conditional timing, in the source's words")),
            ("periode_begin", _("start of the period read from the timing (empty for a deadline)")),
            ("periode_einde", _("end of that period: the deadline itself for a deadline")),
            ("status", _("the status of the latest progress update: planned, ongoing, delayed, done or dropped; unknown without one")),
            ("status_datum", _("the date of that progress update")),
            ("voortgang", _("progress in percent (empty while the status is unknown)")),
            ("te_laat", _("true when the period has ended and the last known status is neither done nor dropped")),
            ("termijn_verstreken_status_onbekend", _("true when the period has ended and the status is unknown")),
            ("voorbeeldgemeenten", _("CBS codes of municipalities cited as examples")), ("url", _("the action on its plan's page")),
        ],
    },
    {
        "title": _("Key figures"),
        "page": "municipalities:key_figures",
        "csv": "municipalities:key_figures_csv",
        "json": "municipalities:key_figures_json",
        "filters": "",
        "fields": [
            ("reeks", _("series")), ("omschrijving", _("what is counted")), ("waarde", _("value")),
            ("eenheid", _("unit")), ("datum", _("reference date (may be empty)")),
            ("datum_zoals_bron", _("the date as the source gives it")), ("gebied", _("area")),
            ("land", _("BE or NL")), ("provincie_code", _("ISO 3166-2, when the figure is about a province")),
            ("bron", _("source")), ("opmerking", _("note, often the source's sentence")),
        ],
    },
]
