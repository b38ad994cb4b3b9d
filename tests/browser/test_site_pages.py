"""The site's own pages in a real browser: at 375 px (axe-core, nothing wider than the screen, screenshot),
the municipality search without JavaScript, breadcrumbs and the footer."""

import pytest

from .conftest import assert_no_axe_violations, save_screenshot
from .test_public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser

NARROW = {"width": 375, "height": 800}
# The pages this part of the site added or changed, from the list of every public page (test_public_pages).
SITE_PAGE_NAMES = {
    "home",
    "over",
    "toegankelijkheid",
    "privacy",
    "colofon",
    "contact",
    "zoeken-keuzelijst",
    "zoeken-geen-resultaat",
    "gemeente-hasselt-via-kortessem",
}
SITE_PAGES = [(name, path) for name, path in PUBLIC_PAGES if name in SITE_PAGE_NAMES]


@pytest.fixture
def no_script_page(browser, site):
    """A page with JavaScript switched off, as some readers browse."""
    context = browser.new_context(locale="nl-BE", java_script_enabled=False, viewport=NARROW)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize(("name", "path"), SITE_PAGES, ids=[name for name, _ in SITE_PAGES])
def test_page_at_375_pixels_is_accessible_and_fits(page, site, name, path):
    page.set_viewport_size(NARROW)
    response = page.goto(site.url + path)
    assert response.status == 200
    if name == "home":
        # The home page's province table is another change's (tables at 375 px); the search must fit.
        box = page.locator(".municipality-search").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], box
    else:
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
    save_screenshot(page, f"{name}-375")
    assert_no_axe_violations(page, f"{path} at 375 px")


def test_search_without_javascript_from_home_to_hasselt(no_script_page, site):
    page = no_script_page
    page.goto(site.url + "/")
    page.get_by_label("Naam of code van de gemeente").fill("Kortessem")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    assert page.url == site.url + "/gemeenten/71072/?via=73040"
    assert page.locator("h1").inner_text().strip() == "Hasselt"
    note = page.get_by_role("note").filter(has_text="U zocht Kortessem").inner_text()
    assert "Kortessem is op 1 januari 2025 opgegaan in Hasselt" in note
    assert page.get_by_role("link", name="Kortessem", exact=True).count() >= 1  # its history: formed from
    save_screenshot(page, "zoeken-kortessem-zonder-javascript")


def test_search_with_accents_and_a_choice_list_without_javascript(no_script_page, site):
    page = no_script_page
    page.goto(site.url + "/zoeken/?gemeente=" + "Rhode-Saint-Gen%C3%A8se")
    assert page.locator("h1").inner_text().strip().startswith("Sint-Genesius-Rode")
    page.goto(site.url + "/zoeken/?gemeente=Bergen")
    with page.expect_navigation():
        page.get_by_role("link", name="Bergen (L.)").click()
    assert page.locator("h1").inner_text().strip() == "Bergen (L.)"


def test_breadcrumbs_and_footer_links(page, site):
    page.goto(site.url + "/over/")
    crumbs = page.get_by_role("navigation", name="Kruimelpad")
    assert crumbs.get_by_role("link").all_inner_texts() == ["Start", "Over"]
    assert crumbs.locator("[aria-current=page]").inner_text() == "Over"
    footer = page.get_by_role("navigation", name="Over deze site")
    assert footer.get_by_role("link").all_inner_texts() == ["Over", "Toegankelijkheid", "Privacy", "Colofon", "Contact"]
    assert page.locator("footer .last-updated time").count() == 1
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(site.url + icon).status == 200
