"""The national plan and the NVP guidance, word for word against their seed texts: the references of
the national plan (footnoted motions, the annex of links, the annex of example practices), the rows
of its four "Verantwoordelijk / Resultaat / Wanneer" tables, and the guidance's ">" recommendations.

What the tests expect is read from the seed text itself (tests/seed_text.py), never only counted.
"""

import re
from urllib.parse import urlparse

import pytest
from django.utils.html import escape

from actions.models import Action, Plan, Reference
from municipalities.models import Municipality
from tests.actions import test_views
from tests.actions.test_who_said_what import READ_AS, ROW_START, source_responsible_columns
from tests.seed_text import comparable, seed

pytestmark = pytest.mark.django_db
NATIONAL = "actieplan-pleegzorg-2017-2018"
NVP = "nvp-gemeenteraadsverkiezingen-2026"
NATIONAL_SEED = "003_d709cdfebe3b3fb2.txt"
NVP_SEED = "004_2e25363a253f0a6d.txt"
URL = re.compile(r"https?://\S+", re.I)

# The one title the transcription corrects: the source's heading has a typo ("ing").
TITLE_AS_PRINTED = {
    "Handreiking en denkkader Jeugdhulp in gezinsvormen": "Handreiking en denkkader Jeugdhulp ing gezinsvormen",
}
# The municipalities the source names as the place or owner of a practice (regions and provinces
# such as Haaglanden, Zeeland and RIG Groningen are never linked; no place is read from a URL).
PLACES = {
    "Inhuis Apeldoorn": {"Apeldoorn"},
    "Complimentenbijeenkomst in Apeldoorn": {"Apeldoorn"},
    "Lokaal Netwerk Gezinsvormen in Leusden": {"Leusden"},
    "2thepoint pleegzorg van de Rading": {"Utrecht"},
    "Praatgroep “hoe overleef ik mijn pleegouders?” van de Rading": {"Utrecht"},
    "Praktijkvoorbeeld Amsterdam: werven onder ambtenaren": {"Amsterdam"},
    "Praktijkvoorbeeld Almere: wervingscampagne van gemeente en aanbieder": {"Almere"},
    "Praktijkvoorbeeld Apeldoorn: gezamenlijke werving voor alle vormen van jeugdhulp in gezinsvormen": {"Apeldoorn"},
}
# Links the PDF carries only behind the words "Gezinshuis.com" and "Gezinskring ’t Huys van SAAF"
# (annex 3, link list of Ontwikkelpunt 2): not printed, and a reference keeps one URL (the
# paragraph's first printed one), so no reference holds them.
HIDDEN_LINKS = ["http://www.gezinshuis.com/", "http://www.gezinskringen.nl/gezinskring-huizen/gezinskring-t-huys/"]


def rejoined(text):
    """`text` with every URL the extraction wrapped at the margin joined again: a URL line that ends
    without a trailing space continues on the next line when that line is one word."""
    return re.sub(r"(https?://\S+)\n(?!http)(\S+)(?= *\n)", r"\1\2", text)


def without_footnote_marks(text):
    """`text` without footnote numbers glued to a word ("gezinshuis1.", "afhaakt.2 ")."""
    return re.sub(r"(?<=[a-z])[1-5](?=\.)|(?<=[a-z]\.)[1-5](?=\s)", "", text)


def national_seed():
    return rejoined(seed(NATIONAL_SEED))


def section(start, end=None):
    text = national_seed()
    return text[text.index(start):text.index(end) if end else None]


def lines_of(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def paragraphs(text):
    return [part for part in text.split("\n\n") if part.strip()]


def references(kind):
    return list(Reference.objects.filter(plan__slug=NATIONAL, kind=kind).prefetch_related("municipalities")
                .order_by("position"))


def in_order(items, source):
    """Each item's index in `source` (both comparable); raises if one is missing."""
    return [comparable(source).index(comparable(item)) for item in items]


# -- Links: annex 1 and footnote 1 ---------------------------------------------------------------


def test_every_link_of_annex_1_and_footnote_1_is_a_link_reference_with_the_sources_words():
    annex = section("BIJLAGE 1", "BIJLAGE 2")
    footnote_1 = re.search(r"\n1\n (https?://\S+)", national_seed()).group(1)
    expected = {url.lower() for url in URL.findall(annex)} | {footnote_1.lower()}
    assert len(expected) == 6 and "gezinspiratieplein.nl" in footnote_1
    links = references(Reference.Kind.LINK)
    assert {link.url.lower() for link in links} == expected
    assert len(links) == len(expected)
    source = comparable(without_footnote_marks(national_seed()))
    for link in links:
        assert link.url in national_seed(), link.title  # as the extraction lists it, unbroken
        assert link.text and comparable(link.text) in source, link.title
        assert all(comparable(part) in source for part in paragraphs(link.text)), link.title
        assert comparable(TITLE_AS_PRINTED.get(link.title, link.title)) in source, link.title
        assert not link.municipalities.all()
    # The footnote's link comes first, then the annex in its order.
    assert links[0].url == footnote_1 and "Handboek “Matching” gepubliceerd" in links[0].text
    positions = in_order([paragraphs(link.text)[0] for link in links[1:]], annex)
    assert positions == sorted(positions)


def test_every_line_of_annex_1_is_in_a_links_text_except_headings_and_urls():
    links = references(Reference.Kind.LINK)
    headings = {comparable(TITLE_AS_PRINTED.get(link.title, link.title)) for link in links}
    texts = [comparable(link.text) for link in links]
    missing = [line for line in lines_of(section("BIJLAGE 1", "BIJLAGE 2"))[1:]
               if not URL.fullmatch(line) and comparable(line) not in headings
               and not any(comparable(line) in text for text in texts)]
    assert missing == []


# -- Motions: footnotes 2-5 ----------------------------------------------------------------------


def test_every_motion_the_footnotes_cite_is_one_motion_reference_quoting_the_footnotes():
    text = national_seed()
    numbers = re.findall(r"\bnr\. (\d+)", text)
    assert set(numbers) == {"89", "84", "78"} and numbers.count("84") == 2  # 84 in footnotes 3 and 5
    motions = references(Reference.Kind.MOTION)
    assert len(motions) == len(set(numbers))
    source = comparable(text)
    for number in set(numbers):
        [motion] = [m for m in motions if m.title.endswith(f"(nr. {number})")]
        assert f"nr. {number}" in motion.text and motion.url == ""
    for motion in motions:
        assert all(comparable(part) in source for part in paragraphs(motion.text)), motion.title
    # Every citation of a motion in the source (its five words before "nr. N") is quoted in that motion.
    words = source.split()
    for i, word in enumerate(words[:-1]):
        if word == "nr." and words[i + 1].rstrip(".").isdigit():
            number = words[i + 1].rstrip(".")
            [motion] = [m for m in motions if m.title.endswith(f"(nr. {number})")]
            assert " ".join(words[i - 5:i + 1] + [number]) in comparable(motion.text), number
    assert [m.title.split()[1] for m in motions] == ["Voortman", "Keijzer", "Kooiman"]  # footnotes 2, 3, 4


# -- Example practices: annex 3 ------------------------------------------------------------------


def test_every_paragraph_of_annex_3_is_an_example_practice_in_the_sources_order():
    annex = section("BIJLAGE 3")
    examples = references(Reference.Kind.EXAMPLE_PRACTICE)
    source = comparable(annex)
    for example in examples:
        assert comparable(example.text) in source or len(paragraphs(example.text)) > 1, example.title
        assert all(comparable(part) in source for part in paragraphs(example.text)), example.title
    positions = in_order([paragraphs(example.text)[-1] for example in examples], annex)
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    # Every line of the annex's text is in some practice (headings of the development points aside).
    body = annex[annex.index("Ontwikkelpunt 1"):]
    urls = {url for example in examples for url in [example.url, *URL.findall(example.text)]}
    uncovered = [line for line in lines_of(body) if not line.startswith("Ontwikkelpunt")
                 and (line not in urls if URL.fullmatch(line)
                      else not any(comparable(line) in comparable(e.text) for e in examples))]
    assert uncovered == HIDDEN_LINKS
    assert len(examples) == 22


def test_each_practice_links_the_first_url_its_paragraph_gives():
    annex = section("BIJLAGE 3")
    annex_urls = set(URL.findall(annex))

    def same(url):  # the printed "http%3A//" is the link list's "http%3A/"
        return re.sub(r"(?<!:)/+", "/", url)

    for example in references(Reference.Kind.EXAMPLE_PRACTICE):
        printed = URL.findall(example.text)
        if printed:
            assert same(example.url) == same(printed[0]) and example.url in annex_urls, example.title
        elif example.url:
            assert example.url in annex_urls and urlparse(example.url).netloc in example.text, example.title
        else:
            assert "http" not in example.text and "www." not in example.text, example.title
    assert annex_urls - {url for e in references(Reference.Kind.EXAMPLE_PRACTICE)
                         for url in [e.url, *URL.findall(e.text)]} == set(HIDDEN_LINKS)


def test_practices_link_exactly_the_municipalities_the_source_names_as_their_place():
    examples = references(Reference.Kind.EXAMPLE_PRACTICE)
    linked = {example.title: {m.name for m in example.municipalities.all()} for example in examples}
    assert {title: names for title, names in linked.items() if names} == PLACES
    for example in examples:
        for municipality in example.municipalities.all():
            assert municipality.province.country == "NL" and re.fullmatch(r"GM\d{4}", municipality.code)
            assert municipality.name in example.text, example.title
    for region in ("Haaglanden", "Zeeland", "RIG Groningen"):
        [example] = [e for e in examples if region in e.title]
        assert linked[example.title] == set()
    forensic = next(e for e in examples if "Forensische" in e.title)
    assert "Amsterdam" in forensic.url and linked[forensic.title] == set()


# -- The four tables -----------------------------------------------------------------------------

MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
WHEN = re.compile(rf"\s((?:(?:tot|eind|medio) )*(?:\d{{1,2}}-\d{{1,2}} )?(?:(?:{MONTHS}) )?\d{{4}}(?:[/-]\d{{4}})?"
                  r"(?: gereed)?)$")


def source_table_rows():
    """Every row of the four tables in the source's order: (Verantwoordelijk [short name],
    Resultaat, Wanneer), whitespace collapsed. A table ends at the next table, action line or
    annex, at the footnote rule (a line of spaces) or at the page's list of link targets."""
    text = seed(NATIONAL_SEED)
    rows = []
    for header in re.finditer(r"Resultaat Wanneer", text):
        table = text[header.end():]
        ends = [match.start() for match in (re.search(pattern, table) for pattern in
                (r"Verantwoordelijk", r" ACTIELIJN", r"BIJLAGE", r"\n {20,}\n", r"\nhttps?://")) if match]
        table = table[:min(ends)]
        starts = list(ROW_START.finditer(table))
        for match, following in zip(starts, starts[1:] + [None], strict=True):
            cells = " ".join(table[match.end():following.start() if following else None].split())
            when = WHEN.search(" " + cells)
            responsible = [READ_AS.get(name, name) for name in re.split(r",? ", match.group(1))]
            rows.append((responsible, cells[:len(cells) - len(when.group(1))].strip(), when.group(1)))
    return rows


def test_every_table_row_is_an_action_with_the_sources_result_and_timing():
    rows = source_table_rows()
    assert len(rows) == 18 and [row[0] for row in rows] == source_responsible_columns()
    actions = list(Action.objects.filter(line__plan__slug=NATIONAL).exclude(number="1.1")
                   .order_by("line__number", "position"))
    assert len(actions) == len(rows)
    for action, (responsible, result, when) in zip(actions, rows, strict=True):
        assert [o.short_name for o in action.ordered_responsible()] == responsible, action.number
        assert " ".join(action.result.split()) == result, action.number
        assert " ".join(action.timing_text.split()) == when, action.number
    by_number = {action.number: action for action in actions}
    assert by_number["3.5"].timing_text == "1-8 november 2017" and by_number["2.1"].timing_text == "tot medio 2019"
    assert by_number["1.3"].result == "Acties rond soepele overgang 18- 18+"


def test_action_1_1_has_no_table_row_and_is_described_in_the_prose():
    handbook = Action.objects.get(line__plan__slug=NATIONAL, number="1.1")
    assert not any(comparable(handbook.title) in comparable(result) for _, result, _ in source_table_rows())
    assert comparable(handbook.title) in comparable(seed(NATIONAL_SEED))


# -- The NVP guidance: its ">" recommendations ---------------------------------------------------


def test_every_recommendation_of_the_guidance_is_a_marked_line_and_every_marked_line_one():
    marked = re.findall(r"(?m)^\s*> (.+?)\s*$", seed(NVP_SEED))
    assert len(marked) == 7
    actions = Action.objects.filter(line__plan__slug=NVP).order_by("line__number", "position")
    assert [comparable(a.title) for a in actions] == [comparable(line) for line in marked]


# -- The plan page -------------------------------------------------------------------------------


def test_the_plan_page_shows_every_reference_with_its_link_and_municipalities(client, django_assert_max_num_queries):
    plan = Plan.objects.get(slug=NATIONAL)
    with django_assert_max_num_queries(test_views.MAX_QUERIES["plan"]):
        text = client.get(plan.get_absolute_url()).content.decode()
    shown = list(Reference.objects.filter(plan=plan).prefetch_related("municipalities"))
    assert len(shown) == 6 + 3 + 22
    for reference in shown:
        item = text[text.index(f'id="verwijzing-{reference.pk}"'):]
        item = item[:item.index("</li>")]
        assert escape(reference.title) in item
        if reference.url:
            assert f'href="{escape(reference.url)}"' in item, reference.title
        for municipality in reference.municipalities.all():
            assert f'href="{municipality.get_absolute_url()}">{municipality.name}</a>' in item, reference.title
    assert "Motie Keijzer over de rechtspositie van pleegouders (nr. 84)" in text


def test_the_plan_pages_queries_do_not_grow_with_references(client, django_assert_max_num_queries):
    plan = Plan.objects.get(slug=NATIONAL)
    places = list(Municipality.objects.filter(province__country="NL")[:3])
    for number in range(30):
        extra = Reference.objects.create(plan=plan, kind=Reference.Kind.EXAMPLE_PRACTICE, title=f"Extra {number}",
                                         position=100 + number, url=f"https://example.org/{number}")
        extra.municipalities.set(places)
    with django_assert_max_num_queries(test_views.MAX_QUERIES["plan"]):
        text = client.get(plan.get_absolute_url()).content.decode()
    assert text.count('href="https://example.org/') == 30
    assert text.count(f'href="{places[0].get_absolute_url()}"') >= 30
