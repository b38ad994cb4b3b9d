"""The open-data catalogue in DCAT-AP, as JSON-LD: what harvesters such as data.vlaanderen.be read.

`catalogue(request)` -> dict (JSON-LD) describing a dcat:Catalog with one dcat:Dataset per entry of
pleegzorg.datasets.DATASETS and a CSV and a JSON dcat:Distribution for each. Properties follow
DCAT-AP 3.0 (https://semiceu.github.io/DCAT-AP/releases/3.0.0/): the mandatory ones (Catalog:
dct:title, dct:description, dct:publisher, dcat:dataset; Dataset: dct:title, dct:description;
Distribution: dcat:accessURL) and the recommended ones the data can fill: a dataset's last
change (dct:modified) is the latest entry of its models' audit trail, its time span
(dct:temporal) the smallest and largest value of its date fields, its area (dct:spatial) the EU
country authority's Belgium or the Netherlands. Vocabularies are the EU Publications Office's
authority tables and IANA's media types. The number of queries is fixed by DATASETS, not by the data.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from .datasets import DATASETS

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcatap": "http://data.europa.eu/r5r/",
}
EU = "http://publications.europa.eu/resource/authority/"


def _ref(uri, cls):
    """A reference to `uri`, typed with the class DCAT-AP expects of the property's value (its range.ttl)."""
    return {"@id": uri, "@type": cls}


def _concept(uri, label):
    """A concept of an EU authority table with its English label (DCAT-AP: skos:prefLabel is mandatory)."""
    return {**_ref(uri, "skos:Concept"), "skos:prefLabel": {"@value": label, "@language": "en"}}


DUTCH = _ref(EU + "language/NLD", "dct:LinguisticSystem")
THEMES = {**_ref(EU + "data-theme", "skos:ConceptScheme"), "dct:title": {"@value": "Data theme", "@language": "en"}}
THEME = _concept(EU + "data-theme/SOCI", "Population and society")
FORMATS = {
    "csv": ("text/csv", "CSV"),
    "json": ("application/json", "JSON"),
}
# The publisher is the site itself unless a deployment names its operator.
DEFAULT_PUBLISHER = "Pleegzorg Tracker"


def license_uri():
    """The licence URI the operator chose for these datasets (settings.OPEN_DATA_LICENSE), or ""
    when none was chosen: then neither the page nor the catalogue claims one."""
    return getattr(settings, "OPEN_DATA_LICENSE", "")


def publisher_name():
    return getattr(settings, "OPEN_DATA_PUBLISHER", DEFAULT_PUBLISHER)


def _licence():
    """{"dct:license": ...} when a licence was chosen, else {} (nobody decided one: none is claimed)."""
    uri = license_uri()
    return {"dct:license": _ref(uri, "dct:LicenseDocument")} if uri else {}


def _spatial(codes):
    return [_ref(f"{EU}country/{code}", "dct:Location") for code in codes]


def _text(value):
    return {"@value": str(value), "@language": "nl"}


def _typed(value, xsd_type):
    return {"@value": value.isoformat(), "@type": f"xsd:{xsd_type}"}


def last_changes():
    """{"app_label.Model": datetime of the latest entry of its audit trail, or None}: one query per model."""
    labels = {label for dataset in DATASETS for label in dataset.models}
    return {label: apps.get_model(label).history.aggregate(last=Max("history_date"))["last"] for label in labels}


def time_spans():
    """{"app_label.Model.field": (smallest, largest) date}: one query per model."""
    by_model = {}
    for dataset in DATASETS:
        for path in dataset.temporal:
            label, name = path.rsplit(".", 1)
            by_model.setdefault(label, set()).add(name)
    spans = {}
    for label, names in by_model.items():
        aggregates = {}
        for name in names:
            aggregates[f"{name}__min"] = Min(name)
            aggregates[f"{name}__max"] = Max(name)
        values = apps.get_model(label).objects.order_by().aggregate(**aggregates)
        for name in names:
            spans[f"{label}.{name}"] = (values[f"{name}__min"], values[f"{name}__max"])
    return spans


def _period(dataset, spans):
    starts = [spans[path][0] for path in dataset.temporal if spans[path][0]]
    ends = [spans[path][1] for path in dataset.temporal if spans[path][1]]
    if not starts and not ends:
        return None
    period = {"@type": "dct:PeriodOfTime"}
    if starts:
        period["dcat:startDate"] = _typed(min(starts), "date")
    if ends:
        period["dcat:endDate"] = _typed(max(ends), "date")
    return period


def _distribution(request, dataset, fmt, base):
    media_type, file_type = FORMATS[fmt]
    url = request.build_absolute_uri(dataset.csv_url if fmt == "csv" else dataset.json_url)
    return {
        "@id": f"{base}#{dataset.slug}-{fmt}",
        "@type": "dcat:Distribution",
        "dct:title": _text(f"{dataset.title} ({file_type})"),
        "dct:description": _text(
            _("All rows of the dataset as %(format)s; the filters of its page may be added as query parameters.")
            % {"format": file_type}
        ),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": _ref(f"https://www.iana.org/assignments/media-types/{media_type}", "dct:MediaType"),
        "dct:format": _ref(f"{EU}file-type/{file_type}", "dct:MediaTypeOrExtent"),
        **_licence(),
    }


def _dataset(request, dataset, base, publisher, changes, spans):
    identifier = f"{base}#{dataset.slug}"
    entry = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": _text(dataset.title),
        "dct:description": _text(dataset.description),
        "dct:publisher": publisher,
        "dct:language": DUTCH,
        "dcat:theme": THEME,
        "dcat:keyword": [_text(word) for word in dataset.keywords],
        **_licence(),
        "dct:spatial": _spatial(dataset.spatial),
        "dcat:landingPage": _ref(request.build_absolute_uri(dataset.page_url or reverse("open_data")), "foaf:Document"),
        "dcat:distribution": [_distribution(request, dataset, fmt, base) for fmt in FORMATS],
    }
    modified = [changes[label] for label in dataset.models if changes[label]]
    if modified:
        entry["dct:modified"] = _typed(max(modified), "dateTime")
    period = _period(dataset, spans)
    if period:
        entry["dct:temporal"] = period
    return entry


def catalogue(request):
    """The DCAT-AP catalogue of every dataset, as a JSON-LD dict with absolute addresses."""
    base = request.build_absolute_uri(reverse("open_data"))
    home = request.build_absolute_uri(reverse("home"))
    publisher = {"@id": f"{home}#uitgever", "@type": "foaf:Agent", "foaf:name": publisher_name()}
    changes, spans = last_changes(), time_spans()
    datasets = [_dataset(request, dataset, base, publisher, changes, spans) for dataset in DATASETS]
    graph = {
        "@context": CONTEXT,
        "@id": request.build_absolute_uri(reverse("open_data_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _text(_("Pleegzorg Tracker: open data")),
        "dct:description": _text(
            _(
                "The open datasets of Pleegzorg Tracker: the register of pleegzorggemeenten in "
                "Flanders and Brussels, the initiatives, written questions and key figures, and "
                "the Dutch foster-care plans, as CSV and JSON."
            )
        ),
        "dct:publisher": publisher,
        "foaf:homepage": _ref(base, "foaf:Document"),
        **_licence(),
        "dct:language": DUTCH,
        "dct:spatial": _spatial(sorted({code for dataset in DATASETS for code in dataset.spatial})),
        "dcat:themeTaxonomy": THEMES,
        "dcat:dataset": datasets,
    }
    modified = [entry["dct:modified"]["@value"] for entry in datasets if "dct:modified" in entry]
    if modified:
        graph["dct:modified"] = {"@value": max(modified), "@type": "xsd:dateTime"}
    return graph
