"""The annex download and an editor's round trip through the admin, in a real browser."""

import re
import secrets

import openpyxl
import pytest

from .conftest import assert_no_axe_violations, axe_violations, describe_violations, save_screenshot

pytestmark = pytest.mark.browser

DOWNLOAD_BUTTON = re.compile(r"downloaden \(\.xlsx\)")
ANNEX_SHEETS = ["Overzicht", "a) Pleegzorggemeenten", "b) Kandidaten", "c) Initiatieven"]


def test_annex_downloads_a_workbook(page, site, tmp_path):
    page.goto(site.url + "/bijlage/")
    page.fill("#id_datum", "2023-12-31")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=DOWNLOAD_BUTTON).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        assert workbook.sheetnames == ANNEX_SHEETS
        values = {cell for row in workbook["a) Pleegzorggemeenten"].iter_rows(values_only=True) for cell in row}
    finally:
        workbook.close()
    assert "Alken" in values


def test_annex_refuses_a_future_date_in_dutch(page, site):
    page.goto(site.url + "/bijlage/")
    page.fill("#id_datum", "2099-01-01")
    with page.expect_response(lambda response: "/bijlage.xlsx" in response.url) as response_info:
        page.get_by_role("button", name=DOWNLOAD_BUTTON).click()
    assert response_info.value.status == 400
    page.wait_for_load_state()
    assert page.get_by_role("alert").count() == 1, "an error summary announced to screen readers"
    assert page.get_by_text("De datum kan niet in de toekomst liggen.").first.is_visible()
    save_screenshot(page, "bijlage-fout")
    assert_no_axe_violations(page, "/bijlage.xlsx with a future date")


def log_in(page, site):
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(site.username)
    page.get_by_label("Wachtwoord").fill(site.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()
    assert page.url == site.url + "/admin/", f"logged in, not at {page.url}"


def test_admin_login_page_has_no_critical_accessibility_problems(page, site):
    page.goto(site.url + "/admin/login/")
    save_screenshot(page, "admin-login")
    violations = axe_violations(page)
    if violations:
        print(f"axe-core on /admin/login/ (reported, not failing):\n{describe_violations(violations)}")
    critical = [violation for violation in violations if violation["impact"] == "critical"]
    assert not critical, describe_violations(critical)


def test_admin_status_event_appears_on_the_public_page(page, site):
    source = f"Browsertest, mail van de gemeente {secrets.token_hex(3)}"
    log_in(page, site)

    page.goto(site.url + "/admin/municipalities/municipality/")
    page.locator("#searchbar").fill("Herstappe")
    with page.expect_navigation():
        page.locator("#searchbar").press("Enter")
    with page.expect_navigation():
        page.get_by_role("link", name="Herstappe", exact=True).click()

    inline = page.locator("#status_events-group")
    # Django's inlines.js draws "add another" as <a role="button">.
    inline.get_by_role("button", name="Nog een statusgebeurtenis toevoegen").click()
    row = inline.locator("tr.form-row.dynamic-status_events").last
    row.locator("select[name$='-kind']").select_option(label="in gesprek / kandidaat")
    row.locator("input[name$='-date']").fill("01-05-2024")
    row.locator("input[name$='-source']").fill(source)
    with page.expect_navigation():
        page.locator("input[name='_continue']").click()

    success = page.locator(".messagelist .success")
    assert success.count() == 1, page.locator(".errornote, .errorlist").all_inner_texts()
    assert "Herstappe" in success.inner_text()
    save_screenshot(page, "admin-herstappe")

    page.goto(site.url + "/gemeenten/73028/")
    history = page.locator("main ol.timeline").inner_text()
    assert "01/05/2024" in history
    assert "in gesprek / kandidaat" in history
    assert source in history
