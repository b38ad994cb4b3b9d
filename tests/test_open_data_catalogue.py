"""The DCAT-AP catalogue at /open-data/catalogus.jsonld, read back as RDF and checked with the official shapes.

tests/dcat_ap/ holds the SHACL shapes SEMIC publishes with DCAT-AP 3.0.1 (see its README): shapes.ttl
checks the mandatory properties and cardinalities (DCAT-AP 3.0.1 §5 "Catalog": dct:title,
dct:description, dct:publisher mandatory; §6 "Dataset": dct:title, dct:description; §7
"Distribution": dcat:accessURL; §8 "Agent": foaf:name), range.ttl the class of every value, and
shapes_recommended.ttl (warnings) the recommended ones. The catalogue must have no violation, and
warnings only for what this site cannot give (listed in ACCEPTED_WARNINGS).
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import reverse
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SH

from initiatives.models import ParliamentaryQuestion
from municipalities.models import FosterCareForm
from pleegzorg.datasets import DATASETS

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "dcat_ap"
DCATAP = Namespace("http://data.europa.eu/r5r/")
IANA = "https://www.iana.org/assignments/media-types/"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
# Recommended properties this site has nothing for: no contact point, no issue date of the catalogue,
# no publisher type, no geometry of the countries; no period for datasets without dates; no planned
# availability (nobody has promised one).
ACCEPTED_WARNINGS = {
    DCAT.contactPoint,
    DCTERMS.issued,
    DCTERMS.type,
    DCAT.centroid,
    DCAT.bbox,
    DCTERMS.temporal,
    DCATAP.availability,
}


def has_dates(dataset):
    """Whether any of the dataset's date fields holds a date (else the catalogue gives no period)."""
    for path in dataset.temporal:
        label, name = path.rsplit(".", 1)
        if apps.get_model(label).objects.exclude(**{name: None}).exists():
            return True
    return False


def has_history(dataset):
    return any(apps.get_model(label).history.exists() for label in dataset.models)


LICENCE = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture(autouse=True)
def chosen_licence(settings):
    """A deployment that chose a licence (settings.OPEN_DATA_LICENSE); without one none is claimed (below)."""
    settings.OPEN_DATA_LICENSE = LICENCE


@pytest.fixture
def catalogue(client):
    response = client.get(reverse("open_data_catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return Graph().parse(data=response.content.decode("utf-8"), format="json-ld", publicID="http://testserver/")


def shapes():
    graph = Graph()
    for name in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        graph.parse(SHAPES / name, format="turtle")
    return graph


def dataset_node(graph, slug):
    return URIRef(f"http://testserver/open-data/#{slug}")


def test_the_catalogue_conforms_to_the_dcat_ap_shapes(catalogue):
    conforms, report, text = validate(catalogue, shacl_graph=shapes(), inference="none", allow_warnings=True)
    assert conforms, text
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    assert results, "the recommended shapes were applied"
    assert {report.value(r, SH.resultSeverity) for r in results} == {SH.Warning}
    assert {report.value(r, SH.resultPath) for r in results} <= ACCEPTED_WARNINGS, text
    undated = {
        str(report.value(r, SH.focusNode)) for r in results if report.value(r, SH.resultPath) == DCTERMS.temporal
    }
    assert undated == {f"http://testserver/open-data/#{d.slug}" for d in DATASETS if not has_dates(d)}
    assert {"pleegzorgvormen", "organisaties"} <= {d.slug for d in DATASETS if not has_dates(d)}  # no date fields


def test_the_shapes_do_catch_a_missing_mandatory_property(catalogue):
    first = dataset_node(catalogue, DATASETS[0].slug)
    catalogue.remove((first, DCTERMS.title, None))
    conforms, _report, text = validate(catalogue, shacl_graph=shapes(), inference="none", allow_warnings=True)
    assert not conforms and "dct:title" in text


def test_the_catalogue_lists_every_dataset_with_its_mandatory_and_recommended_properties(catalogue):
    catalog = URIRef("http://testserver/open-data/catalogus.jsonld")
    assert (catalog, RDF.type, DCAT.Catalog) in catalogue
    assert str(catalogue.value(catalog, DCTERMS.title)) == "Pleegzorg Tracker: open data"
    publisher = catalogue.value(catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in catalogue and str(catalogue.value(publisher, FOAF.name))
    assert catalogue.value(catalog, FOAF.homepage) == URIRef("http://testserver/open-data/")
    listed = set(catalogue.objects(catalog, DCAT.dataset))
    assert listed == {dataset_node(catalogue, d.slug) for d in DATASETS}
    for dataset in DATASETS:
        node = dataset_node(catalogue, dataset.slug)
        assert str(catalogue.value(node, DCTERMS.title)) == str(dataset.title)
        assert str(catalogue.value(node, DCTERMS.description)) == str(dataset.description)
        assert catalogue.value(node, DCTERMS.publisher) == publisher
        assert catalogue.value(node, DCTERMS.identifier) == Literal(str(node))
        assert catalogue.value(node, DCTERMS.license) is not None
        assert {str(k) for k in catalogue.objects(node, DCAT.keyword)} == set(dataset.keywords)
        assert {str(s) for s in catalogue.objects(node, DCTERMS.spatial)} == {EU_COUNTRY + c for c in dataset.spatial}
        modified = catalogue.value(node, DCTERMS.modified)
        assert (modified is not None) == has_history(dataset), dataset.slug
        if modified is not None:
            assert isinstance(modified.toPython(), datetime.datetime), dataset.slug
        period = catalogue.value(node, DCTERMS.temporal)
        assert (period is not None) == has_dates(dataset), dataset.slug
        if period is not None:
            start, end = catalogue.value(period, DCAT.startDate), catalogue.value(period, DCAT.endDate)
            assert start.toPython() <= end.toPython()


def test_every_distribution_answers_with_its_media_type(client, catalogue):
    distributions = list(catalogue.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 * len(DATASETS)
    for distribution in distributions:
        url = catalogue.value(distribution, DCAT.downloadURL)
        assert catalogue.value(distribution, DCAT.accessURL) == url
        media_type = str(catalogue.value(distribution, DCAT.mediaType)).removeprefix(IANA)
        assert media_type in ("text/csv", "application/json")
        assert catalogue.value(distribution, DCTERMS.license) is not None
        assert str(catalogue.value(distribution, DCTERMS.format)).endswith(media_type.split("/")[1].upper())
        response = client.get(urlsplit(str(url)).path)
        assert response.status_code == 200, url
        assert response["Content-Type"].split(";")[0] == media_type


def test_dates_come_from_the_audit_trail_and_the_data(client):
    form = FosterCareForm.objects.first()
    form.duration = "zes maanden"
    form.save()
    latest = form.history.latest("history_date").history_date
    ParliamentaryQuestion.objects.create(
        number="1",
        date=datetime.date(2019, 5, 2),
        asker="a",
        minister="m",
        subject="s",
        reference_date=datetime.date(2019, 5, 1),
    )
    graph = Graph().parse(data=client.get(reverse("open_data_catalogue")).content.decode(), format="json-ld")
    forms = dataset_node(graph, "pleegzorgvormen")
    assert graph.value(forms, DCTERMS.modified).toPython() == latest
    questions = graph.value(dataset_node(graph, "vragen"), DCTERMS.temporal)
    assert graph.value(questions, DCAT.startDate).toPython() == datetime.date(2019, 5, 2)
    assert graph.value(questions, DCAT.endDate).toPython() == datetime.date(2023, 10, 5)
    catalog = URIRef("http://testserver/open-data/catalogus.jsonld")
    assert graph.value(catalog, DCTERMS.modified).toPython() >= latest


def test_the_catalogue_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    models = {label for dataset in DATASETS for label in dataset.models}
    dated = {path.rsplit(".", 1)[0] for dataset in DATASETS for path in dataset.temporal}
    with django_assert_max_num_queries(len(models) + len(dated)):
        assert client.get(reverse("open_data_catalogue")).status_code == 200


def test_without_a_chosen_licence_nothing_claims_one(client, settings):
    settings.OPEN_DATA_LICENSE = ""
    response = client.get(reverse("open_data_catalogue"))
    graph = Graph().parse(data=response.content.decode("utf-8"), format="json-ld", publicID="http://testserver/")
    assert list(graph.objects(None, DCTERMS.license)) == []
    page = client.get(reverse("open_data")).content.decode()
    assert "creativecommons" not in page and "Er is nog geen licentie gekozen" in page
