"""A sentence that ends in an included link or phrase ends with its full stop, not " ." on a new line:
the included templates end without a newline."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/over/", "/privacy/", "/toegankelijkheid/"])
def test_no_space_before_the_full_stop_after_an_include(client, path):
    html = client.get(path).content.decode()
    assert re.search(r"(</a>|ingesteld; de uitbater stelt er een in)\.", html), (
        "the sentence ends right after the include"
    )
    assert not re.search(r"(</a>|stelt er een in)\s+[.,;]", html)


def test_the_catalogue_and_the_open_data_page_say_which_municipalities_the_list_holds(client):
    for path in ["/open-data/", "/open-data/catalogus.jsonld"]:
        text = client.get(path).content.decode()
        assert "Elke gemeente van Vlaanderen, Brussel en Nederland" in text
        assert "Elke gemeente van België en Nederland" not in text
