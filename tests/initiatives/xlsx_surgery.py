"""Editing the XML inside a real .xlsx, to make the malformed files no spreadsheet program writes.

Works on workbooks written by openpyxl (inline strings, no <dimension>) and by XlsxWriter (shared
strings, a <dimension>) alike: sheets are found by title through the workbook's relationships.
"""

import io
import posixpath
import re
import zipfile

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def sheet_part(content, title):
    """The zip member holding the sheet called `title`."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{{{PACKAGE}}}Relationship")}
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        if sheet.get("name") == title:
            target = targets[sheet.get(f"{{{RELATIONSHIPS}}}id")]
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    raise KeyError(title)


def edit_part(content, member, edit):
    """The workbook with zip member `member` replaced by edit(its text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return buffer.getvalue()


def edit_sheet(content, title, edit):
    return edit_part(content, sheet_part(content, title), edit)


def sheet_xml(content, title):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(sheet_part(content, title)).decode("utf-8")


def set_dimension(ref):
    """An edit giving the sheet `<dimension ref=ref>`, or none at all when ref is None."""

    def edit(xml):
        xml = re.sub(r"<dimension\b[^>]*/>", "", xml)
        if ref is None:
            return xml
        element = f'<dimension ref="{ref}"/>'
        if "</sheetPr>" in xml:
            return xml.replace("</sheetPr>", "</sheetPr>" + element, 1)
        if re.search(r"<sheetPr\b[^>]*/>", xml):
            return re.sub(r"(<sheetPr\b[^>]*/>)", r"\1" + element, xml, count=1)
        return re.sub(r"(<worksheet\b[^>]*>)", r"\1" + element, xml, count=1)

    return edit


def _cell_pattern(reference):
    return re.compile(rf'<c r="{re.escape(reference)}"(?:\s[^>]*?)?(?:/>|>.*?</c>)', re.DOTALL)


def cell_attribute(xml, reference, name):
    """The attribute `name` of the cell at `reference` in the sheet XML, or None."""
    match = _cell_pattern(reference).search(xml)
    found = re.search(rf'\s{name}="([^"]*)"', match.group(0).split(">", 1)[0]) if match else None
    return found.group(1) if found else None


def put_cell(reference, fragment):
    """An edit replacing the cell at `reference` by the XML `fragment`, or adding it to its row; an
    empty fragment removes the cell."""

    def edit(xml):
        pattern = _cell_pattern(reference)
        if pattern.search(xml):
            return pattern.sub(lambda match: fragment, xml, count=1)
        row = re.match(r"[A-Z]+([0-9]+)", reference).group(1)
        row_pattern = re.compile(rf'(<row r="{row}"(?:\s[^>]*)?>.*?)(</row>)', re.DOTALL)
        assert row_pattern.search(xml), f"row {row} not in the sheet"
        return row_pattern.sub(lambda match: match.group(1) + fragment + match.group(2), xml, count=1)

    return edit


def edit_row_tag(row, new_tag):
    """An edit replacing the opening tag of row `row` by `new_tag` (e.g. '<row r="abc">')."""

    def edit(xml):
        pattern = re.compile(rf'<row r="{row}"(?:\s[^>]*)?>')
        assert pattern.search(xml), f"row {row} not in the sheet"
        return pattern.sub(lambda match: new_tag, xml, count=1)

    return edit
