"""Where each row of a workbook landed on LibreOffice's pages (tests/workbook_render.py), and checks on that.

    sheets = read_sheets(xlsx_bytes)                 # what every cell shows, read with openpyxl
    placements = place(render(xlsx_bytes, "x"), sheets)
    assert overlapping_rows(placements) == []

`place` walks the sheets' rows in order over the pages. A page holds its page header (the first
words), its footer (the last line) and, between them, rows: a sheet starts on a new page, and every
further page of a sheet after its header row starts with that row, repeated. Each cell's text is found as a chain
of words: the first one anywhere on the page not yet taken, the next one either just right of the
previous word on the same line or, for wrapped text, at the start of a lower line, where the
cell's first word starts (cells are left-aligned when they wrap). A long word LibreOffice breaks
over lines is found too: words are matched on the text without spaces. A row's longest texts are
matched first, so a short cell does not take a word from a long one beside it.

`place` raises AssertionError, saying where, when a cell's text is not on the page (cut off, or a
line clipped because its row is too low) or when a page holds words no cell accounts for.
"""

import bisect
import datetime
import io
import re
from dataclasses import dataclass, field

import openpyxl

LINE = 0.5  # points: words of one line of one cell share their top
INDENT = 1.5  # points: how far a wrapped line's start may lie from the cell's first word
TOLERANCE = 1.0  # points, across
# Word boxes are the font's full height, up to 12% more than its line spacing: boxes of adjacent
# lines overlap that much. More than this share of a line's height is text on text.
OVERLAP = 0.15
LITERAL = re.compile(r'"([^"]*)"')
DATE_FORMATS = {"dd/mm/yyyy": "%d/%m/%Y", "dd/mm/yyyy hh:mm": "%d/%m/%Y %H:%M", "dd/mm/yyyy hh:mm:ss": "%d/%m/%Y %H:%M:%S"}
INCH = 72.0


@dataclass(frozen=True)
class CellText:
    column: int  # 1-based
    text: str  # what the cell shows
    wrapped: bool


@dataclass(frozen=True)
class SheetText:
    name: str
    rows: list  # [(1-based row number, [CellText])], rows without text left out
    header_row: int | None  # the row printed at the top of every page
    page_header: str  # the page header's text ("" for none), Excel's codes resolved
    page_footer: str  # the footer's text with &P and &N left in
    margins: tuple  # (left, right) in points


@dataclass(frozen=True)
class Row:
    number: int
    cells: list  # [(CellText, [Word])]

    @property
    def words(self):
        return [word for _, words in self.cells for word in words]


@dataclass
class Placement:
    """One page: which sheet, its page header's and footer's words, and its rows' words."""

    page: object  # workbook_render.Page
    sheet: SheetText
    header: list = field(default_factory=list)
    footer: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # [Row], top to bottom
    free: list = field(default_factory=list)  # words not matched yet

    @property
    def row_numbers(self):
        return [row.number for row in self.rows]


def read_sheets(xlsx_bytes):
    """[SheetText] of the workbook, in tab order. ValueError for a number format it cannot show."""
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    sheets = []
    for worksheet in workbook:
        rows = []
        for row in worksheet.iter_rows():
            cells = [CellText(cell.column, shown(cell), bool(cell.alignment.wrap_text))
                     for cell in row if cell.value is not None and key(shown(cell))]
            if cells:
                rows.append((row[0].row, cells))
        titles = worksheet.print_title_rows
        header_row = int(titles.split(":")[0].strip("$")) if titles else None
        margins = worksheet.page_margins
        sheets.append(SheetText(
            worksheet.title, rows, header_row, (worksheet.oddHeader.center.text or "").replace("&&", "&"),
            worksheet.oddFooter.center.text or "", (margins.left * INCH, margins.right * INCH)))
    return sheets


def shown(cell):
    """The text LibreOffice shows for an openpyxl cell (en-US, the formats the app uses)."""
    value, number_format = cell.value, cell.number_format
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        literal = "".join(LITERAL.findall(number_format))
        pattern = LITERAL.sub("", number_format)
        if pattern not in DATE_FORMATS:
            raise ValueError(f"{cell.coordinate}: no text for the date format {number_format!r}")
        return literal + value.strftime(DATE_FORMATS[pattern])
    if number_format == "0.0%":
        return f"{value * 100:.1f}%"
    if number_format == "0" or (number_format == "General" and float(value).is_integer()):
        return str(round(value))
    if number_format == "General":
        return repr(value)
    raise ValueError(f"{cell.coordinate}: no text for the number format {number_format!r}")


def key(text):
    return "".join(text.split())


def place(rendering, sheets):
    """[Placement], one per page; AssertionError when the pages and the sheets do not match."""
    pages = list(rendering.pages)
    total = len(pages)
    placements = []
    for sheet in sheets:
        current = None
        for number, cells in sheet.rows:
            if current is None or not current.free:
                assert len(placements) < total, f"{sheet.name!r} row {number}: no page left for it"
                current = _start_page(pages[len(placements)], sheet, total)
                placements.append(current)
                if sheet.header_row and number > sheet.header_row:  # repeated once it has been printed
                    header = dict(sheet.rows)[sheet.header_row]
                    current.rows.append(_take_row(current, sheet.header_row, header, "repeated "))
            current.rows.append(_take_row(current, number, cells))
        if current is not None:
            assert not current.free, (
                f"page {current.page.number} ({sheet.name!r}): words no cell accounts for: "
                f"{' '.join(word.text for word in current.free)}")
    assert len(placements) == total, f"{total - len(placements)} page(s) more than the sheets fill"
    return placements


def _start_page(page, sheet, total):
    words = sorted(page.words, key=lambda word: (word.y0, word.x0))  # reading order, kept in `free`
    placement = Placement(page, sheet)
    if sheet.page_header:
        rest = key(sheet.page_header)
        while rest and words and rest.startswith(key(words[0].text)):
            rest = rest[len(key(words[0].text)):]
            placement.header.append(words.pop(0))
        assert not rest, f"page {page.number}: the page header does not start with {sheet.page_header!r}"
    if sheet.page_footer and words:
        bottom = max(word.y0 for word in words)
        placement.footer = [word for word in words if word.y0 > bottom - LINE]
        words = [word for word in words if word.y0 <= bottom - LINE]
    placement.free = words
    return placement


def _take_row(placement, number, cells, what=""):
    """The Row with its cells' words on the page, taken from placement.free."""
    taken = {}
    for cell in sorted(cells, key=lambda cell: -len(key(cell.text))):
        chain = _find(key(cell.text), placement.free, cell.wrapped)
        assert chain is not None, (
            f"page {placement.page.number} ({placement.sheet.name!r}), {what}row {number}, column "
            f"{cell.column}: {cell.text!r} is not (completely) on the page")
        for word in chain:
            placement.free.remove(word)
        taken[cell.column] = (cell, chain)
    return Row(number, [taken[column] for column in sorted(taken)])


def _find(text, free, wrapped):
    """The words (from `free`, in reading order) spelling `text` as one cell shows it, or None."""
    tops = [word.y0 for word in free]
    for start in free:
        if text.startswith(key(start.text)):
            chain = _extend([start], text[len(key(start.text)):], free, tops, wrapped)
            if chain is not None:
                return chain
    return None


def _extend(chain, rest, free, tops, wrapped):
    if not rest:
        return chain
    last, first = chain[-1], chain[0]
    options = []
    line = free[bisect.bisect_left(tops, last.y0 - LINE):bisect.bisect_right(tops, last.y0 + LINE)]
    right = [word for word in line if word.x0 > last.x1 - LINE and word not in chain]
    if right:
        options.append(min(right, key=lambda word: word.x0))
    if wrapped:
        below = (word for word in free[bisect.bisect_right(tops, last.y0 + LINE):]
                 if abs(word.x0 - first.x0) < INDENT)
        options.append(next(below, None))
    for word in options:
        if word is not None and rest.startswith(key(word.text)):
            found = _extend(chain + [word], rest[len(key(word.text)):], free, tops, wrapped)
            if found is not None:
                return found
    return None


# Checks: each gives a list of problems, empty when all is well.


def overlapping_rows(placements):
    """Rows whose text reaches into the next row's: every row's words must end above the next row's start."""
    problems = []
    for placement in placements:
        rows = [(row.number, row.words) for row in placement.rows]
        for (number, words), (after, below) in zip(rows, rows[1:], strict=False):  # consecutive pairs
            bottom, top = max(word.y1 for word in words), min(word.y0 for word in below)
            if bottom > top + OVERLAP * min(word.y1 - word.y0 for word in below):
                deepest = max(words, key=lambda word: word.y1)
                problems.append(f"page {placement.page.number} ({placement.sheet.name!r}): row {number} "
                                f"ends at {bottom:.1f} ({deepest.text!r}), below the start of row {after} at {top:.1f}")
    return problems


def misaligned_cells(placements):
    """Cells that do not start on their row's first line: in a tall row each cell is read from the top."""
    problems = []
    for placement in placements:
        for row in placement.rows:
            tops = {cell.column: min(word.y0 for word in words) for cell, words in row.cells}
            first = min(tops.values())
            height = min(word.y1 - word.y0 for word in row.words)
            problems += [f"page {placement.page.number} ({placement.sheet.name!r}): row {row.number}, column "
                         f"{column} starts {top - first:.1f} points below the row's first line"
                         for column, top in tops.items() if top - first > height / 2]
    return problems


def intersecting_words(pages):
    """Pairs of words whose boxes overlap on a page."""
    problems = []
    for page in pages:
        words = sorted(page.words, key=lambda word: word.y0)
        for index, word in enumerate(words):
            for other in words[index + 1:]:
                if other.y0 >= word.y1:
                    break
                if word.intersects(other, TOLERANCE, OVERLAP * min(word.y1 - word.y0, other.y1 - other.y0)):
                    problems.append(f"page {page.number}: {word.text!r} and {other.text!r} overlap")
    return problems


def outside_margins(placements):
    """Words that reach beyond the page's left or right margin."""
    problems = []
    for placement in placements:
        left, right = placement.sheet.margins
        limit = placement.page.width - right
        for word in placement.page.words:
            if word.x0 < left - TOLERANCE or word.x1 > limit + TOLERANCE:
                problems.append(f"page {placement.page.number}: {word.text!r} at {word.x0:.1f}-{word.x1:.1f} "
                                f"is outside {left:.1f}-{limit:.1f}")
    return problems


def footer_texts(placements):
    """Each page's footer as its words read: ["pagina 1 van 7", ...]."""
    return [" ".join(word.text for word in sorted(placement.footer, key=lambda word: word.x0))
            for placement in placements]
