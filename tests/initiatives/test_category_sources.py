"""Each support category cites the part of the minister's answer it comes from, word for word."""

import re

import pytest
from django.urls import reverse

from initiatives.models import Category

from ..seed_text import comparable, written_question_sections

pytestmark = pytest.mark.django_db


def cited_answers(source):
    """The answer numbers a category's source names: "…, antwoord op vraag 1 en 2" -> {1, 2}."""
    match = re.search(r"antwoord op vraag ([\d, en]+)$", source)
    assert match, source
    return {int(number) for number in re.findall(r"\d", match.group(1))}


def test_every_category_of_the_answer_quotes_the_answer_it_cites_verbatim():
    _, answers = written_question_sections()
    categories = list(Category.objects.exclude(slug="andere"))
    assert len(categories) == 6
    for category in categories:
        assert "schriftelijke vraag nr. 26 van 5 oktober 2023" in category.source
        numbers = cited_answers(category.source)
        assert category.quotes(), category.slug
        for quote in category.quotes():
            # Each passage stands in one of the answers the category cites, and in no other place.
            assert any(comparable(quote) in comparable(answers[n]) for n in numbers), (category.slug, quote)
        # Every cited answer is used by at least one passage.
        for number in numbers:
            assert any(comparable(q) in comparable(answers[number]) for q in category.quotes()), (category.slug, number)


def test_categories_point_to_the_answer_they_really_come_from():
    sources = {c.slug: cited_answers(c.source) for c in Category.objects.exclude(slug="andere")}
    assert sources == {
        "communicatie": {2},
        "waardering": {2},
        "zalen": {2},
        "voordelen": {2},
        "contactmomenten": {1},
        "werving": {1, 2},
    }


def test_the_details_are_kept():
    voordelen = Category.objects.get(slug="voordelen")
    assert "(pleegkinderen -18, soms pleeggasten, soms volledige pleeggezinnen)" in voordelen.source_quote
    assert "nooit een eis of verwachting van pleegzorg" in voordelen.source_quote
    assert "pleegkinderen -18, soms pleeggasten, soms volledige pleeggezinnen" in voordelen.description
    assert "nooit een eis of verwachting" in voordelen.description
    assert "PR-materiaal" in Category.objects.get(slug="communicatie").source_quote


def test_our_own_catch_all_cites_nothing():
    andere = Category.objects.get(slug="andere")
    assert (andere.source, andere.source_quote) == ("", "")


def test_initiative_list_shows_each_category_with_its_quotes_and_source(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # + 1: "laatst bijgewerkt"
        response = client.get(reverse("initiatives:list"))
    html = response.content.decode()
    assert '<h2 id="categories">' in html
    for category in Category.objects.all():
        assert f"<dt>{category.name}</dt>" in html
    assert "<blockquote><p>Pleegzorggemeentes kunnen een extra-ondersteuning aanbieden" in html
    assert "antwoord op vraag 1 en 2" in html
    assert "Niet uit een bron: een categorie van deze site" in html
