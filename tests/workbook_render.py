"""A workbook as LibreOffice prints it: a PDF, PNG pages in artifacts/ and the words on every page.

    rendering = render(xlsx_bytes, "annex")
    rendering.pages[0].width, rendering.pages[0].words[0].text, rendering.images

`render` converts with Debian's LibreOffice Calc (`soffice --headless --convert-to pdf`, installed
by `make office`), then uses poppler: `pdftoppm` writes artifacts/<name>-<page>.png for
a person to look at, `pdftotext -bbox-layout` gives every word with its box. Boxes are in PDF
points with the origin at the top left of the page (y grows downwards).

Each call gets its own LibreOffice profile (-env:UserInstallation), so parallel pytest-xdist
workers never share one (a shared profile makes a second soffice hand its work to the first or
fail). Two workers asked for the same workbook under the same name in one test run convert it once:
the PDF is kept as artifacts/<name>.pdf with the workbook's digest beside it, under a lock. The
digest leaves out the document properties (docProps/core.xml), whose creation time differs.

LibreOffice runs with LC_ALL=C.UTF-8, so numbers and dates are shown the same on every machine
(en-US: "97.6%", dates as their format codes say). Fonts are what fontconfig offers: on Debian
without recommended packages that is DejaVu Sans in place of Calibri, wider than Calibri, so a
layout that fits here fits in Excel too.
"""

import fcntl
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import uuid
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
SOFFICE = "/usr/bin/soffice"
CONVERT_TIMEOUT = 180  # seconds; a conversion takes about 3 s
RESOLUTION = 80  # dots per inch of the PNG pages
XHTML = "{http://www.w3.org/1999/xhtml}"
# One id per test run (pytest-xdist gives all its workers the same), else one per process.
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


@dataclass(frozen=True, eq=False)  # each word is itself: two equal texts at one spot are two words
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other, across=0.0, down=0.0):
        """Whether the boxes overlap by more than `across` points across and `down` points down."""
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > across
            and min(self.y1, other.y1) - max(self.y0, other.y0) > down
        )


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float  # points
    height: float
    words: tuple  # Words in pdftotext's order


@dataclass(frozen=True)
class Rendering:
    pdf: Path
    pages: list
    images: list  # Paths of the PNG pages, in page order


def render(xlsx_bytes, name):
    """The workbook `xlsx_bytes` printed by LibreOffice, its files named after `name` in artifacts/.

    Raises subprocess.CalledProcessError or TimeoutExpired when a tool fails or hangs, and
    AssertionError when LibreOffice writes no PDF (it says little about why; see its stderr).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    key = f"{RUN} {_digest(xlsx_bytes)}"
    stamp = ARTIFACTS / f"{name}.key"
    with open(ARTIFACTS / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (pdf.exists() and stamp.exists() and stamp.read_text() == key):
            stamp.unlink(missing_ok=True)
            _convert(xlsx_bytes, pdf)
            _draw(pdf, name)
            stamp.write_text(key)
        images = sorted(ARTIFACTS.glob(f"{name}-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
        pages = _words(pdf)
    return Rendering(pdf, pages, images)


def _digest(xlsx_bytes):
    """A digest of the workbook's parts, without the document properties."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as archive:
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            if info.filename != "docProps/core.xml":
                digest.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    return digest.hexdigest()


def _convert(xlsx_bytes, pdf):
    with tempfile.TemporaryDirectory(prefix="workbook-render-") as folder:
        folder = Path(folder)
        source = folder / "workbook.xlsx"
        source.write_bytes(xlsx_bytes)
        environment = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "HOME": str(folder)}
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{folder / 'profile'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=CONVERT_TIMEOUT,
            env=environment,
            check=True,
        )
        output = folder / "workbook.pdf"
        assert output.exists(), f"LibreOffice wrote no PDF: {result.stdout} {result.stderr}"
        shutil.move(output, pdf)


def _draw(pdf, name):
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(RESOLUTION), str(pdf), str(ARTIFACTS / name)],
        capture_output=True,
        timeout=CONVERT_TIMEOUT,
        check=True,
    )


def _words(pdf):
    """[Page] with their words, from `pdftotext -bbox-layout` (XHTML: page > flow > block > line > word)."""
    result = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, timeout=CONVERT_TIMEOUT, check=True
    )
    root = ElementTree.fromstring(result.stdout)
    pages = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        words = tuple(
            Word(word.text or "", *(float(word.get(side)) for side in ("xMin", "yMin", "xMax", "yMax")))
            for word in page.iter(f"{XHTML}word")
        )
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), words))
    return pages
