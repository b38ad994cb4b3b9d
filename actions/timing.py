"""Parse the Dutch timing text of foster-care action plans into a Period.

``parse_period(text)`` returns ``Period(start, end)`` (both inclusive) or None
when the text is not understood or is not a bounded period. It never guesses
and never raises: unknown words, impossible dates ("31-02-2018"), reversed
ranges ("2017-2016") and years outside 1900-2100 all give None, as does
anything that is not a non-empty str.

Meaning of each phrase (Y is a year; examples use 2017/2018):

  phrase                                  start        end
  --------------------------------------  -----------  -------------------
  2017, in 2017                           1 Jan 2017   31 Dec 2017
  januari 2018, jan 2018                  1 Jan 2018   31 Jan 2018
  8 november 2017, 20-11-2017 (d-m-Y,     that day     that day
    also d/m/Y and d.m.Y)
  1-8 november 2017                       1 Nov 2017   8 Nov 2017
  begin Y                                 1 Jan Y      31 Mar Y  (first quarter)
  medio / half / midden / halverwege Y    1 Jun Y      31 Jul Y  (around mid-year)
  eind / einde Y                          1 Oct Y      31 Dec Y  (last quarter)
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
    eind 2018/begin 2019                  1 Oct 2018   31 Mar 2019
  van / vanaf A tot (en met) B            as "A tot B"
  tot X, tot en met X, t/m X,             None         end of X  (a deadline)
    uiterlijk X, gereed X, X gereed
    tot september 2018, 2018 gereed       None         30 Sep 2018, 31 Dec 2018
  voor X                                  None         day before X starts
    voor 1 januari 2018                   None         31 Dec 2017
  tot / uiterlijk / voor medio Y          None         30 Jun Y
  tot / uiterlijk / voor eind Y           None         31 Dec Y
  X above is one phrase, never a range: "tot eind 2018/begin 2019" gives None.
  --> None: "vanaf X" (no end), "doorlopend", "structureel", "winter Y" (which
      winter?), "tot/uiterlijk/voor begin Y" (31 Dec Y-1 or somewhere in Q1?)

Decisions:
- ``end`` stays required. "vanaf 2018" has no end, like "doorlopend", so it
  gives None; callers keep the raw text for display.
- "tot" is inclusive: "20-11-2017 tot 31-12-2018" plainly includes 31 Dec, so
  "tot september 2018" includes September too (one meaning for one word).
  Strictly-before is spelled "voor".
- "medio" names the middle of the year. Alone it is an approximate moment,
  hence the window June-July around it; as a limit ("tot medio 2019") the
  middle itself is meant, so the end is 30 Jun, the last day of the first half.
  "eind Y" as a limit is likewise the year end, 31 Dec (also after "voor").
- "eind Y" alone starts 1 Oct (mirror of "begin" = Q1), so that
  "eind 2018/begin 2019" has a start; a deadline is written "uiterlijk eind".
- Seasons are meteorological: whole months, the same every year.
Input is lower-cased, accents are dropped ("vóór"), whitespace runs collapse,
en/em dashes become "-", and surrounding .,;:!? are stripped. Texts longer
than 100 characters after that give None.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_LENGTH = 100

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}
SEASONS = {"voorjaar": (3, 5), "lente": (3, 5), "zomer": (6, 8),
           "najaar": (9, 11), "herfst": (9, 11)}
# Vague parts of a year: (first month, last month) of the window.
VAGUE = {"begin": (1, 3), "medio": (6, 7), "half": (6, 7), "midden": (6, 7),
         "halverwege": (6, 7), "eind": (10, 12), "einde": (10, 12)}
# The day a vague part means when used as a limit; "begin" is ambiguous there.
VAGUE_LIMITS = {"medio": (6, 30), "half": (6, 30), "midden": (6, 30),
                "halverwege": (6, 30), "eind": (12, 31), "einde": (12, 31)}


@dataclass(frozen=True)
class Period:
    """Inclusive span of days; ``start`` is None when open ("tot ...")."""

    start: date | None
    end: date


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


def _deadline(text, inclusive=True):
    """Open start, ending at (inclusive) or just before (voor) phrase `text`."""
    vague = re.fullmatch(_VAGUE, text, re.ASCII)
    if vague:
        limit = VAGUE_LIMITS.get(vague[1])
        end = _date(vague[2], *limit) if limit else None
    else:
        window = _window(text)
        if window is None:
            return None
        end = window.end if inclusive else window.start - timedelta(days=1)
    return Period(None, end) if end and end.year >= MIN_YEAR else None


# One phrase that is a window of its own: regex -> handler(*groups).
_SIMPLE = [
    (rf"(\d{{1,2}})([-/.])(\d{{1,2}})\2{_YEAR}", _numeric_date),
    (rf"(\d{{1,2}}) {_MONTH} {_YEAR}", _day),
    (rf"(\d{{1,2}})-(\d{{1,2}}) {_MONTH} {_YEAR}", _day_range),
    (rf"{_MONTH} {_YEAR}", lambda month, year: _months(year, MONTHS[month], MONTHS[month])),
    (_YEAR, lambda year: _months(year, 1, 12)),
    (_VAGUE, lambda word, year: _months(year, *VAGUE[word])),
    (rf"{_ORDINAL} kwartaal(?: van)? {_YEAR}", _quarter),
    (rf"q(\d) {_YEAR}", _quarter),
    (rf"{_ORDINAL} helft(?: van)? {_YEAR}", _half),
    (rf"{_ARTICLE}{_alternatives(SEASONS)}(?: van)? {_YEAR}",
     lambda name, year: _months(year, *SEASONS[name])),
    (rf"{_ARTICLE}winter(?: van)? {_YEAR}(?:[-/]{_YEAR})?", _winter),
]
# Words around a phrase: deadlines and explicit "van(af) A tot B" ranges.
_MODIFIERS = [
    (r"(?:van|vanaf) (.+)", lambda text: _range(text, _UNTIL_SEPARATORS)),
    (r"(?:tot en met|t/m|tot|uiterlijk|gereed)(?: in| op)? (.+)", _deadline),
    (r"(.+) gereed", _deadline),
    (r"voor (.+)", lambda text: _deadline(text, inclusive=False)),
]
_SIMPLE = [(re.compile(pattern, re.ASCII), handler) for pattern, handler in _SIMPLE]
_MODIFIERS = [(re.compile(pattern, re.ASCII), handler) for pattern, handler in _MODIFIERS]


def _apply(rules, text):
    """Result of the first rule whose regex matches all of `text`."""
    for pattern, handler in rules:
        match = pattern.fullmatch(text)
        if match:
            return handler(*match.groups())
    return _NO_MATCH


def _window(text):
    result = _apply(_SIMPLE, text.removeprefix("in "))
    return None if result is _NO_MATCH else result


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


def _normalize(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r" ?([-/]) ?", r"\1", " ".join(text.split()))
    return text.strip(".,;:!? ")


def parse_period(text: str) -> Period | None:
    """The Period that Dutch timing `text` describes, or None (see module doc)."""
    if not isinstance(text, str):
        return None
    text = _normalize(text)
    if not text or len(text) > MAX_LENGTH:
        return None
    result = _apply(_SIMPLE, text.removeprefix("in "))
    if result is _NO_MATCH:
        result = _apply(_MODIFIERS, text)
    return _range(text) if result is _NO_MATCH else result
