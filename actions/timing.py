"""Read the Dutch timing text of foster-care action plans: its kind and its period.

``parse_timing(text, column=None)`` returns a ``Timing(kind, start, end, condition)`` or None
when the text is not understood. ``parse_period(text)`` returns just the bounded
``Period(start, end)`` (both inclusive), or None when there is none. Neither guesses nor
raises: unknown words, impossible dates ("31-02-2018"), reversed ranges ("2017-2016") and years
outside 1900-2100 all give None, as does anything that is not a non-empty str.

Kinds (WINDOW, DEADLINE, ONGOING, CONDITIONAL):

  kind         what the source means                 examples
  -----------  ------------------------------------  ------------------------------------------
  window       it happens during this span            2017/2018, 1e kwartaal 2018, 2017,
                                                      september 2018, 1-8 november 2017
  deadline     it is done by this day (start None)    tot september 2018, 2018 gereed,
                                                      uiterlijk 1e kwartaal 2018, eind 2019,
                                                      (Realisatie) half 2018, medio 2017; and a
                                                      single day in a Wanneer/Realisatie column
  ongoing      it goes on; no end (start only after   doorlopend, een doorlopende campagne ...,
               "vanaf")                               herhaaldelijk, structureel, vanaf 2018
  conditional  a window or deadline that holds only   1e kwartaal 2018 (tenzij er gekozen wordt
               under a condition; keeps the period,   voor een landelijke website)
               ``condition`` is the source's words

``column`` says where the text was printed: None for free text, ``WHEN`` for a plan's
"Wanneer" column, ``REALISATION`` for a "Realisatie" column (a text starting "Realisatie:" is
read as if printed there). It only matters for a single day: in a column a single day is the
day the result is due (deadline), in free text it is an event on that day (window).

Periods (Y is a year; examples use 2017/2018):

  phrase                                  start        end
  --------------------------------------  -----------  -------------------
  2017, in 2017                           1 Jan 2017   31 Dec 2017
  januari 2018, jan 2018, jan. 2018       1 Jan 2018   31 Jan 2018
  8 november 2017, 20-11-2017 (d-m-Y,     that day     that day
    also d/m/Y and d.m.Y)
  1-8 november 2017                       1 Nov 2017   8 Nov 2017
  begin Y                                 1 Jan Y      31 Mar Y  (first quarter)
  medio / half / midden / halverwege Y    None         30 Jun Y  (deadline: mid-year)
  eind / einde Y                          None         31 Dec Y  (deadline: year end)
  1e / eerste kwartaal Y, Q1 Y (.. Q4)    1 Jan Y      31 Mar Y
  1e / eerste helft Y                     1 Jan Y      30 Jun Y
  2e / tweede helft Y                     1 Jul Y      31 Dec Y
  voorjaar / lente Y                      1 Mar Y      31 May Y  (meteorological
  zomer Y, (rond/in) de zomer van Y       1 Jun Y      31 Aug Y   seasons; "rond"
  najaar / herfst Y                       1 Sep Y      30 Nov Y   widens nothing)
  winter Y/Y+1                            1 Dec Y      28/29 Feb Y+1
  A/B, A-B, A tot (en met) B, A t/m B     start of A   end of B  (B not before A)
    2017/2018, 2017-2019                  1 Jan 2017   31 Dec 2018 / 2019
    september - december 2017             1 Sep 2017   31 Dec 2017 (A takes B's year)
    jan.-mrt. 2018                        1 Jan 2018   31 Mar 2018
    medio - eind 2018                     30 Jun 2018  31 Dec 2018
    eind 2018/begin 2019                  31 Dec 2018  31 Mar 2019
  van / vanaf A tot (en met) B            as "A tot B"
  tot X, tot en met X, t/m X,             None         end of X  (a deadline)
    uiterlijk X, gereed X, X gereed
    tot september 2018, 2018 gereed       None         30 Sep 2018, 31 Dec 2018
  voor X                                  None         day before X starts
    voor 1 januari 2018                   None         31 Dec 2017
  tot / uiterlijk / voor medio Y          None         30 Jun Y
  tot / uiterlijk / voor eind Y           None         31 Dec Y
  vanaf X                                 start of X   None      (ongoing)
  X above is one phrase, never a range: "tot eind 2018/begin 2019" gives None.
  --> None: "winter Y" (which winter?), "tot/uiterlijk/voor begin Y" (31 Dec Y-1 or
      somewhere in Q1?), "Lange termijn", "afhankelijk van ..." without a period.

Decisions:

  | word / case          | one meaning everywhere                                          |
  |----------------------|-----------------------------------------------------------------|
  | medio, half, midden, | the middle of the year: 30 June, the last day of its first      |
  | halverwege Y         | half. Alone it is a moment, so a deadline ("uiterlijk 30/06");   |
  |                      | as a limit ("tot medio") the same day; in a range ("medio -     |
  |                      | eind 2018") the range starts on it.                              |
  | eind, einde Y        | 31 December, likewise: alone a deadline, the same as a limit,   |
  |                      | the start of a range ("eind 2018/begin 2019").                   |
  | begin Y              | the first quarter (a window): as a day it is ambiguous (1 Jan?   |
  |                      | 31 Mar?), so as a limit ("tot begin 2019") it gives None.        |
  | tot                  | inclusive: "20-11-2017 tot 31-12-2018" plainly includes 31 Dec,  |
  |                      | so "tot september 2018" includes September. "voor" is strictly   |
  |                      | before, except before medio/eind, which name a day already.      |
  | single day           | deadline in a Wanneer/Realisatie column, window in free text.    |
  | ongoing words        | "doorlopend(e)", "herhaaldelijk", "structureel", "continu", with |
  |                      | an optional explanation after them; an explanation holding a     |
  |                      | digit is not understood (it may hold a date we would drop).      |
  | conditions           | "(tenzij/mits/indien/als/wanneer/behalve/afhankelijk van/onder   |
  |                      | voorbehoud ...)" in brackets or after a comma; the rest must be  |
  |                      | a window or deadline, else the whole text is not understood.     |
  | seasons              | meteorological: whole months, the same every year.               |

Input is lower-cased, accents are dropped ("vóór"), whitespace runs collapse, en/em dashes
become "-", a full stop after an abbreviated month is dropped ("okt.", "febr.", "sept."), and
surrounding .,;:!? are stripped. Period phrases longer than 100 characters after that give None;
an ongoing phrase or a condition may run to 300.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_LENGTH = 100
MAX_EXPLAINED_LENGTH = 300

WINDOW, DEADLINE, ONGOING, CONDITIONAL = "window", "deadline", "ongoing", "conditional"
KINDS = (WINDOW, DEADLINE, ONGOING, CONDITIONAL)
WHEN, REALISATION = "wanneer", "realisatie"
COLUMNS = (WHEN, REALISATION)

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "febr": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
ABBREVIATED_MONTHS = [name for name in MONTHS if len(name) <= 4 and name != "mei"]
ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}
SEASONS = {"voorjaar": (3, 5), "lente": (3, 5), "zomer": (6, 8),
           "najaar": (9, 11), "herfst": (9, 11)}
# The day a vague moment of year Y names; "begin" names no day but the first quarter.
MOMENTS = {"medio": (6, 30), "half": (6, 30), "midden": (6, 30), "halverwege": (6, 30),
           "eind": (12, 31), "einde": (12, 31)}
VAGUE = {**{word: None for word in MOMENTS}, "begin": (1, 3)}
ONGOING_WORDS = ["doorlopende", "doorlopend", "herhaaldelijk", "structureel", "continu"]
CONDITION_WORDS = ["tenzij", "mits", "indien", "als", "wanneer", "behalve", "afhankelijk van",
                   "onder voorbehoud"]


@dataclass(frozen=True)
class Period:
    """Inclusive span of days; ``start`` is None when open ("tot ...")."""

    start: date | None
    end: date


@dataclass(frozen=True)
class Timing:
    """What a timing text means: its kind (see KINDS), its days, and a condition in the source's words.

    A deadline has no start; an ongoing timing has no end (and a start only after "vanaf").
    """

    kind: str
    start: date | None
    end: date | None
    condition: str = ""

    @property
    def period(self):
        """The bounded Period, or None for an ongoing timing."""
        return Period(self.start, self.end) if self.end else None


def _alternatives(words):
    return "(" + "|".join(sorted(words, key=len, reverse=True)) + ")"


_YEAR = r"(\d{4})"
_MONTH = _alternatives(MONTHS)
_ORDINAL = r"(\d(?:e|de|ste)|eerste|tweede|derde|vierde)"
_VAGUE = _alternatives(VAGUE) + rf"(?: van)? {_YEAR}"
_ARTICLE = r"(?:rond )?(?:de |het )?"
_RANGE_SEPARATORS = r"-|/| tot en met | t/m | tot "
_UNTIL_SEPARATORS = r" tot en met | t/m | tot "
_NO_MATCH = object()
# What a simple phrase names: a span of time, one explicit day, or a vague moment (medio, eind).
SPAN, DAY, MOMENT = "span", "day", "moment"


def _date(year, month, day):
    """A date from str/int parts, or None if impossible or out of range."""
    try:
        result = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return result if MIN_YEAR <= result.year <= MAX_YEAR else None


def _span(start, end):
    return Period(start, end) if start and end and start <= end else None


def _months(year, first, last, last_year=None):
    """From the first day of month `first` to the last day of month `last`."""
    end_year = int(year if last_year is None else last_year)
    last_day = calendar.monthrange(end_year, last)[1]
    return _span(_date(year, first, 1), _date(end_year, last, last_day))


def _ordinal(text):
    return ORDINALS.get(text) or int(text[0])


def _numeric_date(day, _separator, month, year):
    return _span(_date(year, month, day), _date(year, month, day))


def _day(day, month, year):
    return _numeric_date(day, None, MONTHS[month], year)


def _day_range(first, last, month, year):
    return _span(_date(year, MONTHS[month], first), _date(year, MONTHS[month], last))


def _quarter(ordinal, year):
    number = _ordinal(ordinal)
    return _months(year, 3 * number - 2, 3 * number) if 1 <= number <= 4 else None


def _half(ordinal, year):
    number = _ordinal(ordinal)
    return _months(year, 6 * number - 5, 6 * number) if number in (1, 2) else None


def _winter(year, next_year):
    if next_year is None or int(next_year) != int(year) + 1:
        return None
    return _months(year, 12, 2, next_year)


def _vague(word, year):
    if word in MOMENTS:
        day = _date(year, *MOMENTS[word])
        return _span(day, day)
    return _months(year, *VAGUE[word])


# One phrase that is a window of its own: (regex, what it names, handler(*groups)).
_SIMPLE = [
    (rf"(\d{{1,2}})([-/.])(\d{{1,2}})\2{_YEAR}", DAY, _numeric_date),
    (rf"(\d{{1,2}}) {_MONTH} {_YEAR}", DAY, _day),
    (rf"(\d{{1,2}})-(\d{{1,2}}) {_MONTH} {_YEAR}", SPAN, _day_range),
    (rf"{_MONTH} {_YEAR}", SPAN, lambda month, year: _months(year, MONTHS[month], MONTHS[month])),
    (_YEAR, SPAN, lambda year: _months(year, 1, 12)),
    (_VAGUE, MOMENT, _vague),
    (rf"{_ORDINAL} kwartaal(?: van)? {_YEAR}", SPAN, _quarter),
    (rf"q(\d) {_YEAR}", SPAN, _quarter),
    (rf"{_ORDINAL} helft(?: van)? {_YEAR}", SPAN, _half),
    (rf"{_ARTICLE}{_alternatives(SEASONS)}(?: van)? {_YEAR}", SPAN,
     lambda name, year: _months(year, *SEASONS[name])),
    (rf"{_ARTICLE}winter(?: van)? {_YEAR}(?:[-/]{_YEAR})?", SPAN, _winter),
]
_SIMPLE = [(re.compile(pattern, re.ASCII), names, handler) for pattern, names, handler in _SIMPLE]
_BEGIN = re.compile(rf"begin(?: van)? {_YEAR}", re.ASCII)


def _simple(text):
    """(Period or None, what it names) for a simple phrase, or (_NO_MATCH, None)."""
    text = text.removeprefix("in ")
    for pattern, names, handler in _SIMPLE:
        match = pattern.fullmatch(text)
        if match:
            result = handler(*match.groups())
            if names == MOMENT and result is not None and match[1] == "begin":
                names = SPAN
            return result, names
    return _NO_MATCH, None


def _window(text):
    result, _names = _simple(text)
    return None if result is _NO_MATCH else result


def _deadline(text, inclusive=True):
    """Open start, ending at (inclusive) or just before (voor) phrase `text`."""
    if _BEGIN.fullmatch(text):
        return None  # "tot begin 2019": 31 Dec 2018 or somewhere in Q1? Not guessed.
    result, names = _simple(text)
    if result is _NO_MATCH or result is None:
        return None
    end = result.end if inclusive or names == MOMENT else result.start - timedelta(days=1)
    return Period(None, end) if end.year >= MIN_YEAR else None


def _borrow_year(first, last):
    """'september' + 'december 2017' -> 'september 2017'."""
    year = re.fullmatch(r".+ (\d{4})", last, re.ASCII)
    if year and not re.search(r"\d{4}", first, re.ASCII):
        return f"{first} {year[1]}"
    return first


def _range(text, separators=_RANGE_SEPARATORS):
    """'A<sep>B' from the start of A to the end of B, if B is not before A.
    Simple phrases are strict enough that at most one split can succeed."""
    for separator in re.finditer(separators, text):
        last = text[separator.end():]
        first = _window(_borrow_year(text[:separator.start()], last))
        second = _window(last)
        if first and second and first.start <= second.start and first.end <= second.end:
            return Period(first.start, second.end)
    return None


def _from(text):
    """'vanaf A tot B' is a window; 'vanaf A' alone goes on from the start of A."""
    ranged = _range(text, _UNTIL_SEPARATORS)
    if ranged:
        return Timing(WINDOW, ranged.start, ranged.end)
    start = _window(text)
    return Timing(ONGOING, start.start, None) if start else None


def _as_deadline(period):
    return Timing(DEADLINE, None, period.end) if period else None


# Words around a phrase: explicit ranges, deadlines, "vanaf".
_MODIFIER_RULES = [
    (r"(?:van|vanaf) (.+)", _from),
    (r"(?:tot en met|t/m|tot|uiterlijk|gereed)(?: in| op)? (.+)", lambda text: _as_deadline(_deadline(text))),
    (r"(.+) gereed", lambda text: _as_deadline(_deadline(text))),
    (r"voor (.+)", lambda text: _as_deadline(_deadline(text, inclusive=False))),
]
_MODIFIERS = [(re.compile(pattern, re.ASCII), handler) for pattern, handler in _MODIFIER_RULES]
_ONGOING = re.compile(rf"(?:een )?{_alternatives(ONGOING_WORDS)}(?:[ ,;:](.*))?", re.ASCII | re.DOTALL)
_CONDITION = _alternatives([word.replace(" ", r"\s+") for word in CONDITION_WORDS])
_CONDITIONS = [
    re.compile(rf"(.+?)\s*\(\s*({_CONDITION}\b[^()]*?)\s*\)[.;!]?", re.IGNORECASE),
    re.compile(rf"(.+?)\s*[,;]\s*({_CONDITION}\b.*?)[.;!]?", re.IGNORECASE),
    re.compile(rf"(.*?\d{{4}})\s+({_CONDITION}\b.*?)[.;!]?", re.IGNORECASE),
]
_REALISATION = re.compile(r"realisatie(?::| -)? ?(.*)", re.ASCII | re.DOTALL)


def _normalize(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(rf"\b{_alternatives(ABBREVIATED_MONTHS)}\.", r"\1 ", text)
    text = " ".join(text.split())
    text = re.sub(r" ?([-/]) ?", r"\1", text)
    return text.strip(".,;:!? ")


def _plain(text, column):
    """The Timing of a normalised text without a condition, or None."""
    realisation = _REALISATION.fullmatch(text)
    if realisation:
        text, column = realisation[1].strip(".,;:!? "), REALISATION
    if not text:
        return None
    ongoing = _ONGOING.fullmatch(text)
    if ongoing:
        explanation = ongoing[2] or ""
        if re.search(r"\d", explanation) or len(text) > MAX_EXPLAINED_LENGTH:
            return None
        return Timing(ONGOING, None, None)
    if len(text) > MAX_LENGTH:
        return None
    result, names = _simple(text)
    if result is not _NO_MATCH:
        if result is None:
            return None
        if names == MOMENT or (names == DAY and column):
            return _as_deadline(result)
        return Timing(WINDOW, result.start, result.end)
    for pattern, handler in _MODIFIERS:
        match = pattern.fullmatch(text)
        if match:
            return handler(*match.groups())
    ranged = _range(text)
    return Timing(WINDOW, ranged.start, ranged.end) if ranged else None


def parse_timing(text, column=None):
    """The Timing that Dutch timing `text` describes, or None when not understood (see module doc).

    `column` is None, WHEN or REALISATION; anything else raises ValueError (a programming error).
    """
    if column is not None and column not in COLUMNS:
        raise ValueError(f"unknown column {column!r}; expected one of {COLUMNS}")
    if not isinstance(text, str):
        return None
    plain = " ".join(text.split())
    if not plain or len(plain) > MAX_LENGTH + MAX_EXPLAINED_LENGTH:
        return None
    for pattern in _CONDITIONS:
        match = pattern.fullmatch(plain)
        if match:
            condition = match[2].strip()
            base = _plain(_normalize(match[1]), column)
            if base is None or base.kind not in (WINDOW, DEADLINE) or len(condition) > MAX_EXPLAINED_LENGTH:
                return None
            return Timing(CONDITIONAL, base.start, base.end, condition)
    return _plain(_normalize(plain), column)


def parse_period(text: str) -> Period | None:
    """The bounded Period that Dutch timing `text` describes (in free text), or None."""
    timing = parse_timing(text)
    return timing.period if timing else None
