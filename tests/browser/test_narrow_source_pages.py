"""The pages that show the sources and the change histories fit a 375-pixel-wide phone screen without
sideways scrolling."""

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/vragen/",
    "/vragen/26-2023-10-05/",
    "/pleegzorgvormen/",
    "/cijfers/",
    "/plannen/actieplan-pleegzorg-2017-2018/wijzigingen/",
    "/gemeenten/73001/",
    "/over/",
    "/toegankelijkheid/",
    "/privacy/",
    "/colofon/",
    "/zoeken/?gemeente=Bergen",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_375_pixels(page, site, path):
    page.set_viewport_size({"width": 375, "height": 800})
    response = page.goto(site.url + path)
    assert response.status == 200
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
