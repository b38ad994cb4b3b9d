"""The parliamentary annex and its yearly cycle: download, correct in Excel, import back.

One concept per module:
- `layout`: the contract of every sheet (names, titles, columns with key, header, width and
  number format), used by the writer and the reader alike;
- `data`: what the annex shows for a reference date, collected in a constant number of queries;
- `workbook`: the .xlsx file (XlsxWriter, through core.workbooks);
- `xlsx_rows` and `importing`: reading a workbook back and applying it, all or nothing;
- `uploads` and `admin_views`: the admin's upload, preview and confirmation.
"""

from . import layout
from .data import AnnexData, collect
from .workbook import annex_filename, answer_question, build_workbook, sheet_names

__all__ = ["AnnexData", "annex_filename", "answer_question", "build_workbook", "collect", "layout", "sheet_names"]
