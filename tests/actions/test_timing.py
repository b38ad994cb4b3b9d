"""Tests for actions.timing: parse_timing (kind, period, condition) and parse_period (pure Python)."""

import dataclasses
import itertools
import random
import time
from datetime import date

import pytest

from actions.timing import (
    CONDITIONAL,
    DEADLINE,
    ONGOING,
    REALISATION,
    WHEN,
    WINDOW,
    Period,
    Timing,
    parse_period,
    parse_timing,
)


def P(start, end):
    """Period from (y, m, d) tuples; start may be None."""
    return Period(date(*start) if start else None, date(*end))


PARSED = [
    # years and year ranges
    ("2017", P((2017, 1, 1), (2017, 12, 31))),
    ("in 2018", P((2018, 1, 1), (2018, 12, 31))),
    ("2017/2018", P((2017, 1, 1), (2018, 12, 31))),
    ("2017-2019", P((2017, 1, 1), (2019, 12, 31))),
    ("2018-2019", P((2018, 1, 1), (2019, 12, 31))),
    ("van 2017 tot en met 2019", P((2017, 1, 1), (2019, 12, 31))),
    ("1900", P((1900, 1, 1), (1900, 12, 31))),
    ("2100", P((2100, 1, 1), (2100, 12, 31))),
    # vague parts of a year
    ("medio 2017", P(None, (2017, 6, 30))),  # a moment: the deadline 30 June
    ("half 2018", P(None, (2018, 6, 30))),
    ("halverwege 2018", P(None, (2018, 6, 30))),
    ("begin 2018", P((2018, 1, 1), (2018, 3, 31))),
    ("eind 2019", P(None, (2019, 12, 31))),  # a moment: the deadline 31 December
    ("eind 2017", P(None, (2017, 12, 31))),
    ("einde van 2017", P(None, (2017, 12, 31))),
    # deadlines
    ("tot medio 2019", P(None, (2019, 6, 30))),
    ("uiterlijk medio 2019", P(None, (2019, 6, 30))),
    ("voor medio 2019", P(None, (2019, 6, 30))),
    ("tot september 2018", P(None, (2018, 9, 30))),
    ("tot en met september 2018", P(None, (2018, 9, 30))),
    ("t/m september 2018", P(None, (2018, 9, 30))),
    ("voor september 2018", P(None, (2018, 8, 31))),
    ("tot 2019", P(None, (2019, 12, 31))),
    ("voor 2018", P(None, (2017, 12, 31))),
    ("2018 gereed", P(None, (2018, 12, 31))),
    ("gereed 2018", P(None, (2018, 12, 31))),
    ("gereed in 2018", P(None, (2018, 12, 31))),
    ("uiterlijk eind 2019", P(None, (2019, 12, 31))),
    ("tot eind 2019", P(None, (2019, 12, 31))),
    ("voor eind 2019", P(None, (2019, 12, 31))),
    ("voor 1 januari 2018", P(None, (2017, 12, 31))),
    ("vóór 1 januari 2018", P(None, (2017, 12, 31))),
    ("uiterlijk 1e kwartaal 2018", P(None, (2018, 3, 31))),
    # days
    ("8 november 2017", P((2017, 11, 8), (2017, 11, 8))),
    ("1-8 november 2017", P((2017, 11, 1), (2017, 11, 8))),
    ("20-11-2017", P((2017, 11, 20), (2017, 11, 20))),
    ("20/11/2017", P((2017, 11, 20), (2017, 11, 20))),
    ("1.2.2018", P((2018, 2, 1), (2018, 2, 1))),
    ("29-02-2020", P((2020, 2, 29), (2020, 2, 29))),
    ("20-11-2017 tot 31-12-2018", P((2017, 11, 20), (2018, 12, 31))),
    ("vanaf 20-11-2017 tot 31-12-2018", P((2017, 11, 20), (2018, 12, 31))),
    ("1 jan 2018", P((2018, 1, 1), (2018, 1, 1))),
    # months
    ("januari 2018", P((2018, 1, 1), (2018, 1, 31))),
    ("september 2018", P((2018, 9, 1), (2018, 9, 30))),
    ("sept 2018", P((2018, 9, 1), (2018, 9, 30))),
    ("februari 2019", P((2019, 2, 1), (2019, 2, 28))),
    ("februari 2020", P((2020, 2, 1), (2020, 2, 29))),
    ("september - december 2017", P((2017, 9, 1), (2017, 12, 31))),
    ("december 2017 - januari 2018", P((2017, 12, 1), (2018, 1, 31))),
    ("van september tot december 2017", P((2017, 9, 1), (2017, 12, 31))),
    # quarters and halves
    ("1e kwartaal 2018", P((2018, 1, 1), (2018, 3, 31))),
    ("eerste kwartaal 2018", P((2018, 1, 1), (2018, 3, 31))),
    ("Q1 2018", P((2018, 1, 1), (2018, 3, 31))),
    ("3de kwartaal 2018", P((2018, 7, 1), (2018, 9, 30))),
    ("4e kwartaal 2017", P((2017, 10, 1), (2017, 12, 31))),
    ("Q4 2017", P((2017, 10, 1), (2017, 12, 31))),
    ("2e helft 2018", P((2018, 7, 1), (2018, 12, 31))),
    ("tweede helft 2017", P((2017, 7, 1), (2017, 12, 31))),
    ("eerste helft 2018", P((2018, 1, 1), (2018, 6, 30))),
    ("1ste helft van 2018", P((2018, 1, 1), (2018, 6, 30))),
    # seasons
    ("zomer 2017", P((2017, 6, 1), (2017, 8, 31))),
    ("rond de zomer van 2017", P((2017, 6, 1), (2017, 8, 31))),
    ("in de zomer van 2017", P((2017, 6, 1), (2017, 8, 31))),
    ("voorjaar 2017", P((2017, 3, 1), (2017, 5, 31))),
    ("lente 2017", P((2017, 3, 1), (2017, 5, 31))),
    ("najaar 2017", P((2017, 9, 1), (2017, 11, 30))),
    ("herfst 2017", P((2017, 9, 1), (2017, 11, 30))),
    ("winter 2019/2020", P((2019, 12, 1), (2020, 2, 29))),
    # combined vague phrases
    ("eind 2018/begin 2019", P((2018, 12, 31), (2019, 3, 31))),
    ("medio - eind 2018", P((2018, 6, 30), (2018, 12, 31))),
    ("voorjaar 2017/zomer 2017", P((2017, 3, 1), (2017, 8, 31))),
]

# Same meaning, messier spelling.
VARIANTS = [
    ("  MEDIO   2017 ", P(None, (2017, 6, 30))),
    ("Medio 2017.", P(None, (2017, 6, 30))),
    ("\u00a02017\u00a0", P((2017, 1, 1), (2017, 12, 31))),
    ("2017 \u2013 2019", P((2017, 1, 1), (2019, 12, 31))),
    ("2017\u20142019", P((2017, 1, 1), (2019, 12, 31))),
    ("2017 / 2018", P((2017, 1, 1), (2018, 12, 31))),
    ("Eind 2018 / Begin 2019;", P((2018, 12, 31), (2019, 3, 31))),
    ("20-11-2017\ttot\n31-12-2018", P((2017, 11, 20), (2018, 12, 31))),
    ("1\u20138 November 2017", P((2017, 11, 1), (2017, 11, 8))),
    ("September \u2013 December 2017!", P((2017, 9, 1), (2017, 12, 31))),
    ("q1 2018", P((2018, 1, 1), (2018, 3, 31))),
    ("Uiterlijk EIND 2019.", P(None, (2019, 12, 31))),
    ("2018 Gereed!", P(None, (2018, 12, 31))),
    ("Rond de Zomer van 2017...", P((2017, 6, 1), (2017, 8, 31))),
    (" " * 500 + "2017" + "\n" * 500, P((2017, 1, 1), (2017, 12, 31))),
]

NOT_PARSED = [
    "", "   ", "\n\t", ".", "-",
    # not a bounded period
    "doorlopend", "Doorlopend.", "structureel", "vanaf 2018",
    "vanaf september 2017", "vanaf 2017/2018",
    # half phrases
    "medio", "kwartaal 2018", "zomer", "tot", "gereed", "november", "2017-",
    "1e helft", "tot tot 2018",
    # out-of-range ordinals
    "5e kwartaal 2018", "0e kwartaal 2018", "Q5 2018", "Q0 2018", "3e helft 2018",
    # impossible dates and days
    "32 november 2017", "31-02-2018", "29-02-2019", "20-13-2017", "0 mei 2017",
    "1-32 november 2017", "8-1 november 2017",
    # reversed ranges
    "2017-2016", "2019/2017", "20-11-2018 tot 31-12-2017",
    "eind 2019/begin 2018", "december - januari 2018",
    # years out of range or not four ASCII digits
    "0000", "1899", "2101", "9999", "medio 1850", "winter 0000/0001",
    "eind 2100/begin 2101", "voor 1 januari 1900",
    "17", "'17", "20172018", "2017/18",
    "\u0662\u0660\u0661\u0667", "\uff12\uff10\uff11\uff17", "tot medio \u0662\u0660\u0661\u0669",
    # ambiguous by decision
    "winter 2017", "winter 2017/2019", "uiterlijk begin 2018", "tot begin 2018",
    "tot eind 2018/begin 2019", "zomer-2018",
    # nonsense, emoji, long text
    "binnenkort", "n.v.t.", "ongeveer 2017", "2017 ongeveer", "medio 2017 of 2018",
    "2017 \U0001f389", "\U0001f4c5", "\U0001f4c5 2017",
    "2017 " * 50, "a" * 10_000, "eind 2017 " + "x" * 1000, "2017-" * 1000 + "2018",
]

NOT_STRINGS = [None, 2017, 2017.0, b"2017", ["2017"], date(2017, 1, 1)]


def T(kind, start, end, condition=""):
    """Timing from (y, m, d) tuples; start and end may be None."""
    return Timing(kind, date(*start) if start else None, date(*end) if end else None, condition)


# (phrase, column) -> Timing: every kind, with the phrases of the seed plans.
TIMINGS = [
    # windows
    ("2017/2018", WHEN, T(WINDOW, (2017, 1, 1), (2018, 12, 31))),
    ("1e kwartaal 2018", WHEN, T(WINDOW, (2018, 1, 1), (2018, 3, 31))),
    ("2017", WHEN, T(WINDOW, (2017, 1, 1), (2017, 12, 31))),
    ("in 2017", None, T(WINDOW, (2017, 1, 1), (2017, 12, 31))),
    ("2017-2019", WHEN, T(WINDOW, (2017, 1, 1), (2019, 12, 31))),
    ("1-8 november 2017", WHEN, T(WINDOW, (2017, 11, 1), (2017, 11, 8))),
    ("september 2018", WHEN, T(WINDOW, (2018, 9, 1), (2018, 9, 30))),
    ("8 november 2017", None, T(WINDOW, (2017, 11, 8), (2017, 11, 8))),  # an event on a day
    ("begin 2018", None, T(WINDOW, (2018, 1, 1), (2018, 3, 31))),
    ("eind 2018/begin 2019", None, T(WINDOW, (2018, 12, 31), (2019, 3, 31))),
    ("van 2017 tot en met 2019", None, T(WINDOW, (2017, 1, 1), (2019, 12, 31))),
    # deadlines
    ("Realisatie half 2018", None, T(DEADLINE, None, (2018, 6, 30))),
    ("Realisatie: half 2018", None, T(DEADLINE, None, (2018, 6, 30))),
    ("half 2018", REALISATION, T(DEADLINE, None, (2018, 6, 30))),
    ("eind 2019", WHEN, T(DEADLINE, None, (2019, 12, 31))),
    ("eind 2019", None, T(DEADLINE, None, (2019, 12, 31))),
    ("2018 gereed", WHEN, T(DEADLINE, None, (2018, 12, 31))),
    ("tot september 2018", WHEN, T(DEADLINE, None, (2018, 9, 30))),
    ("tot medio 2019", WHEN, T(DEADLINE, None, (2019, 6, 30))),
    ("medio 2017", WHEN, T(DEADLINE, None, (2017, 6, 30))),
    ("medio 2017", None, T(DEADLINE, None, (2017, 6, 30))),
    ("8 november 2017", WHEN, T(DEADLINE, None, (2017, 11, 8))),  # a single moment in a Wanneer column
    ("20-11-2017", REALISATION, T(DEADLINE, None, (2017, 11, 20))),
    ("Realisatie 20-11-2017", None, T(DEADLINE, None, (2017, 11, 20))),
    ("voor 1 januari 2018", None, T(DEADLINE, None, (2017, 12, 31))),
    ("uiterlijk 1e kwartaal 2018", WHEN, T(DEADLINE, None, (2018, 3, 31))),
    # ongoing
    ("doorlopend", WHEN, T(ONGOING, None, None)),
    ("Doorlopend.", None, T(ONGOING, None, None)),
    ("Herhaaldelijk", WHEN, T(ONGOING, None, None)),
    ("herhaaldelijk", None, T(ONGOING, None, None)),
    ("Herhaaldelijk, met als doel in blijven spelen op signalen, leemtes en hiaten in de ondersteuning "
     "van pleeggezinnen.", REALISATION, T(ONGOING, None, None)),
    ("een doorlopende campagne", None, T(ONGOING, None, None)),
    ("Realisatie: een doorlopende campagne om pleegzorg op de kaart te zetten in de gemeente, om positieve "
     "verhalen te delen en mensen te motiveren om pleegouder te worden.", None, T(ONGOING, None, None)),
    ("structureel", None, T(ONGOING, None, None)),
    ("vanaf 2018", None, T(ONGOING, (2018, 1, 1), None)),
    ("vanaf september 2017", WHEN, T(ONGOING, (2017, 9, 1), None)),
    # conditional: the period stays, the condition is flagged in the source's words
    ("1e kwartaal 2018 (tenzij er gekozen wordt voor een landelijke website)", WHEN,
     T(CONDITIONAL, (2018, 1, 1), (2018, 3, 31), "tenzij er gekozen wordt voor een landelijke website")),
    ("Realisatie: 1e kwartaal 2018 (tenzij er gekozen wordt voor een landelijke website)", None,
     T(CONDITIONAL, (2018, 1, 1), (2018, 3, 31), "tenzij er gekozen wordt voor een landelijke website")),
    ("tot september 2018, mits het budget er is", None,
     T(CONDITIONAL, None, (2018, 9, 30), "mits het budget er is")),
    ("2018 als de raad instemt", None, T(CONDITIONAL, (2018, 1, 1), (2018, 12, 31), "als de raad instemt")),
    ("half 2018 (afhankelijk van de keuze voor de website)", REALISATION,
     T(CONDITIONAL, None, (2018, 6, 30), "afhankelijk van de keuze voor de website")),
    # abbreviated months with a full stop
    ("okt. 2018", None, T(WINDOW, (2018, 10, 1), (2018, 10, 31))),
    ("febr. 2019", None, T(WINDOW, (2019, 2, 1), (2019, 2, 28))),
    ("sept. 2018", WHEN, T(WINDOW, (2018, 9, 1), (2018, 9, 30))),
    ("jan.-mrt. 2018", WHEN, T(WINDOW, (2018, 1, 1), (2018, 3, 31))),
    ("jan. - mrt. 2018", None, T(WINDOW, (2018, 1, 1), (2018, 3, 31))),
    ("tot okt. 2018", WHEN, T(DEADLINE, None, (2018, 10, 31))),
    ("3 dec. 2017", None, T(WINDOW, (2017, 12, 3), (2017, 12, 3))),
    ("3 dec.2017", None, T(WINDOW, (2017, 12, 3), (2017, 12, 3))),
]

# Not understood, whatever the column: flagged for an editor, never guessed.
NO_TIMING = [
    "Lange termijn", "Middellange /Lange termijn", "Moment van realisatie is afhankelijk van de keuze voor de website.",
    "doorlopend tot 2019", "herhaaldelijk in 2018", "doorlopend (tenzij het budget op is)",
    "vanaf 2017/2018", "tenzij er gekozen wordt voor een landelijke website", "(tenzij x)",
    "okt.. 2018", "oktob. 2018", "1e kwartaal 2018 (tenzij " + "x" * 400 + ")", "realisatie", "Realisatie:",
    "2018 (misschien)", "binnenkort", "doorlopend" + "e" * 500,
]

# "medio" has one meaning wherever it appears: the middle of the year, 30 June.
MEDIO = [
    ("medio 2019", WHEN), ("medio 2019", None), ("tot medio 2019", None), ("uiterlijk medio 2019", WHEN),
    ("voor medio 2019", None), ("Realisatie medio 2019", None), ("medio 2019 (tenzij x)", None),
    ("half 2019", REALISATION), ("halverwege 2019", None), ("midden 2019", None),
]


@pytest.mark.parametrize("text, expected", PARSED + VARIANTS)
def test_parses(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", NOT_PARSED)
def test_not_understood_gives_none(text):
    assert parse_period(text) is None


@pytest.mark.parametrize("value", NOT_STRINGS, ids=repr)
def test_non_strings_give_none(value):
    assert parse_period(value) is None


def test_period_is_frozen():
    period = parse_period("2017")
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.end = date(2018, 1, 1)


def test_long_text_is_rejected_quickly():
    text = "a-" * 100_000 + " 2018"
    started = time.perf_counter()
    assert parse_period(text) is None
    assert time.perf_counter() - started < 2.0


def _generated_phrases():
    """Many phrases built from the grammar, good and bad."""
    prefixes = ["", "in ", "tot ", "t/m ", "voor ", "uiterlijk ", "gereed ", "vanaf "]
    bodies = ["{y}", "medio {y}", "begin {y}", "eind {y}", "juni {y}", "31 maart {y}",
              "29-02-{y}", "3e kwartaal {y}", "q2 {y}", "2e helft {y}", "najaar {y}",
              "winter {y}/{z}", "{y}-{z}", "{z}-{y}", "eind {y}/begin {z}",
              "maart - mei {y}", "1-31 januari {y}", "10-05-{y} tot 09-05-{z}"]
    years = [1899, 1900, 1999, 2000, 2017, 2020, 2099, 2100]
    for prefix, body, year in itertools.product(prefixes, bodies, years):
        yield prefix + body.format(y=year, z=year + 1)


def _random_phrases(count=3000):
    tokens = ["2017", "2018", "1899", "2101", "medio", "eind", "begin", "tot", "en", "met",
              "voor", "vanaf", "van", "uiterlijk", "gereed", "zomer", "winter", "-", "/",
              "1e", "5e", "kwartaal", "helft", "q4", "31", "29-02-2019", "november", "de",
              "rond", "\u2013", ".", "\U0001f389", "t/m", "02"]
    rng = random.Random(20171120)
    for _ in range(count):
        yield " ".join(rng.choice(tokens) for _ in range(rng.randint(1, 6)))


def _check_sound(text):
    period = parse_period(text)
    if period is None:
        return False
    assert isinstance(period, Period)
    assert isinstance(period.end, date)
    assert 1900 <= period.end.year <= 2100
    if period.start is not None:
        assert isinstance(period.start, date)
        assert 1900 <= period.start.year <= 2100
        assert period.start <= period.end, text
    return True


def test_every_parsed_period_is_in_order_and_in_range():
    phrases = [text for text, _ in PARSED + VARIANTS] + list(_generated_phrases())
    parsed = sum(_check_sound(text) for text in phrases)
    # Guard against a vacuous pass: most of the grammar must parse.
    assert parsed > len(phrases) // 2


def test_random_token_soup_never_raises_and_stays_sound():
    parsed = sum(_check_sound(text) for text in _random_phrases())
    assert parsed > 0


@pytest.mark.parametrize("text, column, expected", TIMINGS)
def test_timing_has_a_kind(text, column, expected):
    assert parse_timing(text, column) == expected


@pytest.mark.parametrize("text, column, expected", TIMINGS)
def test_parse_period_is_the_bounded_period_of_the_timing_in_free_text(text, column, expected):
    timing = parse_timing(text)
    assert parse_period(text) == (timing.period if timing else None)
    if expected.kind == ONGOING:
        assert parse_period(text) is None


@pytest.mark.parametrize("text", NO_TIMING)
@pytest.mark.parametrize("column", [None, WHEN, REALISATION])
def test_not_understood_timing_gives_none(text, column):
    assert parse_timing(text, column) is None


@pytest.mark.parametrize("text", NOT_PARSED)
def test_not_understood_periods_have_no_bounded_timing_either(text):
    timing = parse_timing(text)
    assert timing is None or timing.end is None


@pytest.mark.parametrize("value", NOT_STRINGS, ids=repr)
def test_non_strings_give_no_timing(value):
    assert parse_timing(value, WHEN) is None


def test_unknown_column_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_timing("2018", "wanneeer")


@pytest.mark.parametrize("text, column", MEDIO)
def test_medio_means_30_june_everywhere(text, column):
    timing = parse_timing(text, column)
    assert timing.end == date(2019, 6, 30) and timing.start is None
    assert timing.kind in (DEADLINE, CONDITIONAL)
    assert parse_timing("medio - eind 2019").start == date(2019, 6, 30)


def test_a_deadline_is_never_a_span_and_a_window_always_is():
    for text, column, _expected in TIMINGS:
        timing = parse_timing(text, column)
        if timing.kind == DEADLINE:
            assert timing.start is None and timing.end is not None, text
        if timing.kind == WINDOW:
            assert timing.start is not None and timing.start <= timing.end, text


def test_condition_keeps_the_source_spelling_and_only_conditions_are_conditional():
    timing = parse_timing("1e kwartaal 2018 (Tenzij er gekozen wordt voor een Landelijke website)", WHEN)
    assert timing.condition == "Tenzij er gekozen wordt voor een Landelijke website"
    assert all(parse_timing(text, column).condition == "" for text, column, expected in TIMINGS
               if expected.kind != CONDITIONAL)


def test_random_token_soup_never_raises_for_timing():
    kinds = {parse_timing(text, WHEN).kind for text in _random_phrases() if parse_timing(text, WHEN)}
    assert kinds <= {WINDOW, DEADLINE, ONGOING, CONDITIONAL} and DEADLINE in kinds and WINDOW in kinds
