"""After an import, a municipality's admin history tells the whole story in a real browser: the
import's change set with the file's SHA-256, and each child row's fields, old → new."""

import hashlib
import secrets

import openpyxl
import pytest

from .conftest import assert_no_axe_violations, save_screenshot
from .test_annex_cycle import download, find

pytestmark = pytest.mark.browser

INITIATIVES = "c) Initiatieven"
BRUGGE = "31005"


@pytest.fixture
def brugge_initiative(site):
    """A published initiative of Brugge, with a title of this run's own."""
    title = f"Infoavond {secrets.token_hex(3)}"
    site.manage(
        "shell",
        "-c",
        (
            "from initiatives.models import Category, Initiative\n"
            "from municipalities.models import Municipality\n"
            f"Initiative.objects.create(municipality=Municipality.objects.get(code={BRUGGE!r}), title={title!r},"
            " description='Eén keer per jaar', category=Category.objects.get(slug='waardering'),"
            " start_date='2023-02-01', is_published=True, source='browsertest')\n"
        ),
    )
    return title


def test_the_history_of_a_municipality_after_an_import_shows_old_and_new_values(
    page, site, brugge_initiative, tmp_path
):
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(site.username)
    page.get_by_label("Wachtwoord").fill(site.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()

    book = openpyxl.load_workbook(download(page, site, tmp_path, "bijlage.xlsx"))
    find(book[INITIATIVES], BRUGGE, "Beschrijving", brugge_initiative).value = "Twee keer per jaar"
    edited = tmp_path / "brugge.xlsx"
    book.save(edited)
    digest = hashlib.sha256(edited.read_bytes()).hexdigest()

    page.goto(site.url + "/admin/initiatives/initiative/import/")
    page.set_input_files("#id_file", str(edited))
    page.fill("#id_source", "Brief van Brugge, 3/11/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Bestand controleren").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Import bevestigen").click()
    assert "geïmporteerd" in page.locator(".messagelist").inner_text()

    page.goto(site.url + f"/admin/municipalities/municipality/?q={BRUGGE}")
    with page.expect_navigation():
        page.get_by_role("link", name="Brugge", exact=True).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Geschiedenis").click()
    history = page.locator("#change-history")
    newest = history.locator("tbody tr").first.inner_text().replace("\xa0", " ")  # the arrow keeps to its values
    save_screenshot(page, "geschiedenis-na-import")
    assert f"Initiatief: Brugge: {brugge_initiative}" in newest
    assert "Beschrijving: Eén keer per jaar → Twee keer per jaar" in newest
    assert "Import: Brief van Brugge, 3/11/2026" in newest and f"SHA-256 {digest}" in newest
    assert f"Titel: — → {brugge_initiative}" in history.inner_text().replace("\xa0", " ")  # the row as it was added
    assert_no_axe_violations(page, "the history of a municipality")
