"""The writers the annex is compared with, for benchmarks/annex.py.

- `workbook_cells(content)`: every cell of a workbook, read back by type; the same cells for:
- `floor(tables)`: bare XlsxWriter in memory (as core.workbooks uses it), text, numbers and dates
  by type, a date format and nothing else: no styles, merges, row heights, widths, print set-up,
  autofilter or checks; `floor(tables, styled=True)` adds a format to every cell and a height to
  every row, to show what styling costs XlsxWriter itself;
- `with_pandas(tables)`: pandas.DataFrame.to_excel with the XlsxWriter engine.
- For the issue's reference (one initiatives sheet with formats): `our_sheet` (annex sheet c through
  core.workbooks), `pandas_sheet`, `constant_memory_sheet` (XlsxWriter's constant-memory mode) and
  `openpyxl_sheet` (openpyxl's write-only mode, with the same formats or, as its floor, without).

These and core/workbooks.py are the only code that writes workbooks.
"""

import datetime
import io

import openpyxl  # noqa: E402
import synthetic  # noqa: F401  (sets Django up first)
import xlsxwriter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils import translation  # noqa: E402

from core.workbooks import Workbook  # noqa: E402
from initiatives import annex  # noqa: E402
from initiatives.annex import layout  # noqa: E402
from initiatives.annex import workbook as annex_workbook  # noqa: E402

DATE_FORMAT = "dd/mm/yyyy"
PANDAS_DATES = {"date_format": DATE_FORMAT, "datetime_format": DATE_FORMAT}
SHEET = "c) Initiatieven"


def workbook_cells(content):
    """{sheet name: [row: [value]]}: every cell of the workbook `content` as openpyxl reads it back
    (text, numbers, dates as dates; None for an empty or merged-away cell), each row as wide as the
    sheet's widest (pandas wants even rows)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    tables = {}
    for sheet in book.worksheets:
        rows = []
        for values in sheet.iter_rows(values_only=True):
            row = [_day(value) for value in values]
            while row and row[-1] is None:
                row.pop()
            rows.append(row)
        width = max(map(len, rows), default=0)
        tables[sheet.title] = [row + [None] * (width - len(row)) for row in rows]
    book.close()
    return tables


def _day(value):
    """The annex writes dates, which openpyxl reads back as datetimes at midnight."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    return value


def floor(tables, styled=False):
    """The cells of `tables` with bare XlsxWriter in memory; returns the .xlsx bytes.

    `styled`: every cell with a format like the annex's (text at the top, wrapped when longer than
    20 characters; dates and numbers left and at the top) and every row with a height: what styling
    costs XlsxWriter itself, an upper bound, with no Python layer in between."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = workbook.add_format({"num_format": DATE_FORMAT, "align": "left", "valign": "top"} if styled else
                                      {"num_format": DATE_FORMAT})
    number, wrap, top = (workbook.add_format(properties) for properties in (
        {"align": "left", "valign": "top"}, {"text_wrap": True, "valign": "top"}, {"valign": "top"}))
    for name, rows in tables.items():
        sheet = workbook.add_worksheet(name)
        for row_number, row in enumerate(rows):
            if styled:
                sheet.set_row(row_number, 30)
            for column, value in enumerate(row):
                if isinstance(value, str):
                    if styled:
                        sheet.write_string(row_number, column, value, wrap if len(value) > 20 else top)
                    else:
                        sheet.write_string(row_number, column, value)
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(row_number, column, value, date_format)
                elif value is not None:
                    sheet.write_number(row_number, column, value, number if styled else None)
    workbook.close()
    return buffer.getvalue()


def with_pandas(tables):
    """The cells of `tables` through pandas.DataFrame.to_excel (XlsxWriter engine, no header or index of its own)."""
    import pandas

    buffer = io.BytesIO()
    with pandas.ExcelWriter(buffer, engine="xlsxwriter", **PANDAS_DATES) as writer:
        for name, rows in tables.items():
            pandas.DataFrame(rows).to_excel(writer, sheet_name=name, index=False, header=False)
    return buffer.getvalue()


# The reference: one initiatives sheet with formats ----------------------------------------


def reference_rows(data, count):
    """`count` initiative rows (annex.data.InitiativeRow) cycled from `data`, keys unique."""
    source = data.initiatives
    return [source[n % len(source)]._replace(key=n + 1) for n in range(count)]


def reference_cells(rows):
    """The values annex sheet c holds for `rows`, as plain lists (dates as dates, unknowns as "onbekend")."""
    with translation.override(settings.LANGUAGE_CODE):
        unknown, ongoing = str(layout.UNKNOWN), str(layout.ONGOING)
        words = {value: word for word, value in layout.structural_words().items()}
    return [[i.province, i.name, i.code, i.title, i.description or unknown, i.category, i.start_date or unknown,
             i.end_date or (ongoing if i.is_structural else unknown), i.timing_text or unknown,
             words[i.is_structural], i.key] for i in rows]


def headers_and_widths():
    with translation.override(settings.LANGUAGE_CODE):
        return layout.INITIATIVES.headers(), layout.INITIATIVES.widths


def our_sheet(rows, day, generated_at):
    """Annex sheet c alone, as the annex writes it: core.workbooks, title block, styles, row heights,
    autofilter, print set-up."""
    data = annex.AnnexData(day=day, generated_at=generated_at, counts=[], registered=[], candidates=[],
                           initiatives=rows)
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook("benchmark", created=generated_at)
        annex_workbook.initiatives_sheet(workbook, data)
        return workbook.close()


def pandas_sheet(cells):
    """pandas.DataFrame.to_excel (XlsxWriter engine): its own bold header, dates in DATE_FORMAT."""
    import pandas

    headers, _widths = headers_and_widths()
    buffer = io.BytesIO()
    with pandas.ExcelWriter(buffer, engine="xlsxwriter", **PANDAS_DATES) as writer:
        pandas.DataFrame(cells, columns=headers).to_excel(writer, sheet_name=SHEET, index=False)
    return buffer.getvalue()


def constant_memory_sheet(cells, path):
    """XlsxWriter's constant-memory mode with the annex's formats (header, wrapped text at the top,
    dates, key). The mode needs a file: XlsxWriter's in_memory option switches it off."""
    headers, widths = headers_and_widths()
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDE6F0", "text_wrap": True, "valign": "top", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    day = workbook.add_format({"num_format": DATE_FORMAT, "align": "left", "valign": "top"})
    key = workbook.add_format({"num_format": "0", "align": "left", "valign": "top"})
    sheet = workbook.add_worksheet(SHEET)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    for column, text in enumerate(headers):
        sheet.write_string(0, column, text, header)
    last = len(headers) - 1
    for row_number, row in enumerate(cells, start=1):
        for column, value in enumerate(row):
            if column == last:
                sheet.write_number(row_number, column, value, key)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row_number, column, value, day)
            else:
                sheet.write_string(row_number, column, value, wrap if len(value) > 20 else top)
    workbook.close()
    with open(path, "rb") as written:
        return written.read()


def openpyxl_sheet(cells, formats=True):
    """openpyxl's write-only mode with the same formats (shared style objects, as its docs advise);
    without `formats` its floor: the values alone (dates get openpyxl's default date format)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    headers, widths = headers_and_widths()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    if not formats:
        sheet.append(headers)
        for row in cells:
            sheet.append(row)
        return _saved(book)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold, thin = Font(bold=True), Side(style="thin")
    fill, border = PatternFill("solid", fgColor="DDE6F0"), Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    left_top = Alignment(horizontal="left", vertical="top")
    heading = []
    for text in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.fill, cell.border, cell.alignment = bold, fill, border, wrap
        heading.append(cell)
    sheet.append(heading)
    last = len(headers) - 1
    for row in cells:
        written = []
        for column, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value)
            if column == last:
                cell.number_format, cell.alignment = "0", left_top
            elif isinstance(value, datetime.date):
                cell.number_format, cell.alignment = DATE_FORMAT, left_top
            else:
                cell.alignment = wrap if len(value) > 20 else top
            written.append(cell)
        sheet.append(written)
    return _saved(book)


def _saved(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
