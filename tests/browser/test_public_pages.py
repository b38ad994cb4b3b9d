"""Public pages in a real browser: structure, WCAG 2.1 AA (axe-core), keyboard use, filters."""

import datetime
import re

import pytest

from .conftest import assert_no_axe_violations, save_screenshot

pytestmark = pytest.mark.browser

# (screenshot name, path). One line per public page.
PUBLIC_PAGES = [
    ("home", "/"),
    ("gemeenten", "/gemeenten/"),
    ("gemeente-alken", "/gemeenten/73001/"),
    ("gemeente-pajottegem", "/gemeenten/23106/"),
    ("gemeente-medemblik", "/gemeenten/GM0420/"),
    ("provincie-limburg", "/provincies/BE-VLI/"),
    ("gewest-brussel", "/provincies/BE-BRU/"),
    ("provincie-noord-holland", "/provincies/NL-NH/"),
    ("pleegzorgvormen", "/pleegzorgvormen/"),
    ("bijlage", "/bijlage/"),
    ("vragen", "/vragen/"),
    ("vraag-26", "/vragen/26-2023-10-05/"),
    ("plannen", "/plannen/"),
    ("plan-actieplan-2017-2018", "/plannen/actieplan-pleegzorg-2017-2018/"),
    ("aanbeveling-nvp-1-1", "/plannen/nvp-gemeenteraadsverkiezingen-2026/aanbevelingen/1.1/"),
    ("plan-wijzigingen", "/plannen/actieplan-pleegzorg-2017-2018/wijzigingen/"),
    ("organisatie-nvp", "/organisaties/nvp/"),
    ("kaart", "/kaart/"),
    ("kerncijfers", "/cijfers/"),
    ("initiatieven", "/initiatieven/"),
    ("open-data", "/open-data/"),
    ("over", "/over/"),
    ("toegankelijkheid", "/toegankelijkheid/"),
    ("privacy", "/privacy/"),
    ("colofon", "/colofon/"),
    ("contact", "/contact/"),
    ("zoeken-keuzelijst", "/zoeken/?gemeente=Bergen"),
    ("zoeken-geen-resultaat", "/zoeken/?gemeente=Atlantis"),
    ("gemeente-hasselt-via-kortessem", "/gemeenten/71072/?via=73040"),
]

# The same status pages on a reference day: the day changes what they show (counts, mergers, statuses).
DATED_PAGES = [
    ("home-2023-10-05", "/?datum=2023-10-05"),
    ("gemeenten-2023-10-05", "/gemeenten/?datum=2023-10-05"),
    ("kaart-2023-10-05", "/kaart/?datum=2023-10-05"),
    ("provincie-limburg-2023-10-05", "/provincies/BE-VLI/?datum=2023-10-05"),
    ("plan-2023-10-05", "/plannen/actieplan-pleegzorg-2017-2018/?datum=2023-10-05"),
]
WIDTHS = [375, 1280]

PLAN_PATH = "/plannen/actieplan-pleegzorg-2017-2018/"

# Every <text> of every drawn <svg> whose box (in the svg's viewBox units) sticks out of the viewBox.
SVG_TEXT_OUTSIDE_VIEWBOX_JS = """() => {
  const clipped = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.viewBox.baseVal;
    const toSvg = svg.getScreenCTM();
    if (!box || !box.width || !toSvg) continue;
    for (const text of svg.querySelectorAll('text')) {
      const own = text.getBBox();
      const ctm = text.getScreenCTM();
      if (!ctm || (!own.width && !own.height)) continue;
      const m = toSvg.inverse().multiply(ctm);
      const xs = [own.x, own.x + own.width].flatMap(x => [own.y, own.y + own.height].map(y => m.a * x + m.c * y + m.e));
      const ys = [own.x, own.x + own.width].flatMap(x => [own.y, own.y + own.height].map(y => m.b * x + m.d * y + m.f));
      const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      if (left < box.x - 0.5 || top < box.y - 0.5 || right > box.x + box.width + 0.5 || bottom > box.y + box.height + 0.5) {
        clipped.push(`${text.textContent.trim().slice(0, 60)}: [${left.toFixed(1)}, ${right.toFixed(1)}] x `
                     + `[${top.toFixed(1)}, ${bottom.toFixed(1)}] outside viewBox ${box.x} ${box.y} ${box.width} ${box.height}`);
      }
    }
  }
  return clipped;
}"""

# Each table wider than <main>'s content box, with whether a focusable, named scroll region holds it.
WIDE_TABLES_JS = """() => {
  const main = document.querySelector('main');
  const room = main.clientWidth - parseFloat(getComputedStyle(main).paddingLeft) - parseFloat(getComputedStyle(main).paddingRight);
  return [...document.querySelectorAll('main table')].filter(t => t.scrollWidth > room + 1).map(t => {
    const region = t.closest('.table-scroll');
    const labelled = region && region.getAttribute('aria-labelledby');
    return {
      caption: (t.caption ? t.caption.textContent : '').trim().slice(0, 60),
      inRegion: !!region && region.tabIndex === 0 && region.getAttribute('role') === 'region',
      namedByCaption: !!labelled && !!t.caption && labelled.split(' ').includes(t.caption.id),
    };
  });
}"""
MAX_TAB_STOPS = 60

# Elements a keyboard user must be able to reach, as the DOM sees them (visible, enabled).
FOCUSABLE_IN_MAIN_JS = """() => {
  const all = Array.from(document.querySelectorAll('*'));
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
                 + '[tabindex]:not([tabindex="-1"])';
  return Array.from(document.querySelectorAll('main ' + selector.split(', ').join(', main ')))
    .filter(el => !el.disabled && el.getClientRects().length > 0
                  && getComputedStyle(el).visibility !== 'hidden')
    .map(el => all.indexOf(el));
}"""

# Where the focus is now: the element's position in the DOM and how its focus is drawn.
ACTIVE_ELEMENT_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  return {
    index: Array.from(document.querySelectorAll('*')).indexOf(el),
    inMain: !!el.closest('main'),
    isSkipLink: el.classList.contains('skip-link'),
    outlineStyle: style.outlineStyle,
    boxShadow: style.boxShadow,
    description: el.outerHTML.slice(0, 120),
  };
}"""


def submit_filters(page):
    """Press the form's "Filteren" button and wait for the new page."""
    with page.expect_navigation():
        page.get_by_role("button", name="Filteren").click()


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_public_page_is_accessible(page, site, console_errors, name, path):
    response = page.goto(site.url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("main").count() == 1, "one <main> landmark"
    assert page.locator("h1").count() == 1, "one <h1>"
    assert page.locator("h1").inner_text().strip()
    save_screenshot(page, name)
    assert not console_errors, f"browser console errors on {path}:\n" + "\n".join(console_errors)
    assert_no_axe_violations(page, path)


WIDTH_CASES = [(name, path, width) for name, path in PUBLIC_PAGES + DATED_PAGES for width in WIDTHS]


@pytest.mark.parametrize(("name", "path", "width"), WIDTH_CASES, ids=[f"{n}-{w}" for n, _, w in WIDTH_CASES])
def test_public_page_fits_the_screen_and_its_drawings_their_labels(page, site, name, path, width):
    """At 375 px (a phone) and 1280 px no public page scrolls sideways: a wide table scrolls in its own
    focusable region named by its caption; no label of a chart or the map is cut off by its viewBox."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site.url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    save_screenshot(page, f"{name}-{width}")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
    wide = page.evaluate(WIDE_TABLES_JS)
    loose = [table for table in wide if not (table["inRegion"] and table["namedByCaption"])]
    assert not loose, f"wide tables outside a focusable scroll region named by their caption on {path}: {loose}"
    clipped = page.evaluate(SVG_TEXT_OUTSIDE_VIEWBOX_JS)
    assert not clipped, f"SVG labels cut off on {path} at {width}px:\n" + "\n".join(clipped)
    if width == WIDTHS[0] or (name, path) in DATED_PAGES:
        assert_no_axe_violations(page, f"{path} at {width}px")


def tab_stops(page, limit=MAX_TAB_STOPS):
    """Press Tab from the top of the page; return what got focus, in order, and whether it ended."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_ELEMENT_JS)
        if active is None or (stops and active["index"] == stops[0]["index"]):
            return stops, True  # left the document or wrapped around: every stop was seen
        if stops and active["index"] == stops[-1]["index"]:
            continue  # the day, month and year parts of a date input are one element
        stops.append(active)
    return stops, False


@pytest.mark.parametrize("path", ["/", "/gemeenten/"])
def test_keyboard_reaches_everything_in_main_with_visible_focus(page, site, path):
    page.goto(site.url + path)
    expected = page.evaluate(FOCUSABLE_IN_MAIN_JS)
    assert expected, "the page has links or form fields in <main>"
    stops, complete = tab_stops(page)

    assert stops and stops[0]["isSkipLink"], f"the first Tab stop is the skip link, not {stops[:1]}"
    reached = [stop["index"] for stop in stops if stop["inMain"]]
    if complete:
        assert reached == expected, "Tab reaches every link and field of <main>, in DOM order"
    else:
        assert reached, f"{MAX_TAB_STOPS} Tab presses never reach <main>"
        assert reached == expected[: len(reached)], "Tab order in <main> follows the DOM order"

    invisible = [
        stop["description"] for stop in stops if stop["outlineStyle"] == "none" and stop["boxShadow"] == "none"
    ]
    assert not invisible, "focus must be visible (outline or box-shadow) on:\n" + "\n".join(invisible)


def test_skip_link_moves_focus_to_main(page, site):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    box = skip_link.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    first_in_main = page.evaluate(FOCUSABLE_IN_MAIN_JS)[0]
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ELEMENT_JS)["index"] == first_in_main, "next Tab lands inside <main>"


def caption_count(page):
    """The number the table caption announces ("38 gemeenten actief op …")."""
    caption = page.locator("table caption").first.inner_text()
    match = re.match(r"\s*(\d+)", caption)
    assert match, f"caption starts with a count: {caption!r}"
    return int(match.group(1))


def test_municipality_filters_by_province_and_name(page, site):
    page.goto(site.url + "/gemeenten/")
    everything = caption_count(page)

    # Flemish Limburg: the Dutch province of the same name has another value.
    page.locator("#id_province").select_option("BE-VLI")
    submit_filters(page)
    assert "province=BE-VLI" in page.url
    limburg = caption_count(page)
    assert 0 < limburg < everything
    rows = page.locator("table tbody tr")
    province_links = rows.locator("td a[href*='/provincies/']")
    assert province_links.count() == rows.count() > 0
    assert rows.count() == limburg or page.locator("nav.pagination").count() == 1
    hrefs = set(province_links.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    # The filter form sends its (prefilled) day, and the links keep it.
    assert {href.split("?")[0] for href in hrefs} == {"/provincies/BE-VLI/"}, (
        f"only Limburg municipalities, got {hrefs}"
    )
    codes = rows.locator("td:nth-child(2)").all_inner_texts()
    assert all(code.strip().startswith("7") for code in codes), codes  # REFNIS: Limburg is 7xxxx

    page.get_by_label("Naam of code").fill("Alken")
    submit_filters(page)
    assert caption_count(page) == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Alken", exact=True).click()
    assert page.url.split("?")[0] == site.url + "/gemeenten/73001/"  # with the day the filters sent
    main = page.locator("main").inner_text()
    assert "pleegzorggemeente" in main
    assert "uiterlijk 31/12/2023" in main


def action_rows(page):
    return page.locator("section.line tbody tr[id^='actie-']")


PERIOD = re.compile(r"(?:periode (\d{2}/\d{2}/\d{4}) – |uiterlijk )(\d{2}/\d{2}/\d{4})")  # window or deadline


def parse_day(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def test_plan_filters_change_the_actions_shown(page, site):
    page.goto(site.url + PLAN_PATH)
    total = action_rows(page).count()
    assert total > 1

    statuses = page.locator("#id_status option").evaluate_all(
        "options => options.filter(o => o.value).map(o => [o.value, o.textContent.trim()])"
    )
    assert len(statuses) >= 2
    per_status = {}
    for value, label in statuses:
        page.locator("#id_status").select_option(value)
        submit_filters(page)
        assert f"status={value}" in page.url
        status_cells = action_rows(page).locator("td:last-child").all_inner_texts()
        assert all(cell.startswith(label) for cell in status_cells), (label, status_cells)
        if not status_cells:
            assert page.get_by_text("Geen enkele actie voldoet aan deze filters.").count() > 0
        per_status[label] = len(status_cells)
    assert sum(per_status.values()) == total, f"every action has exactly one status: {per_status} vs {total}"

    page.locator("#id_status").select_option("")
    page.locator("#id_year").fill("2019")
    submit_filters(page)
    rows = action_rows(page)
    in_2019 = rows.count()
    assert 0 < in_2019 < total, f"2019 keeps some of the {total} actions, not {in_2019}"
    for when in rows.locator("td:nth-child(4)").all_inner_texts():
        match = PERIOD.search(when)
        assert match, f"a filtered action has a period: {when!r}"
        start, end = match.groups()
        assert parse_day(end) >= datetime.date(2019, 1, 1), when
        assert start is None or parse_day(start) <= datetime.date(2019, 12, 31), when


def test_plan_timeline_has_titles_and_a_table(page, site):
    page.goto(site.url + PLAN_PATH)
    svg = page.locator("figure.timeline-figure svg")
    assert svg.count() == 1
    assert svg.get_attribute("role") == "img"
    labelled_by = svg.get_attribute("aria-labelledby").split()
    for element_id in labelled_by:
        assert page.locator(f"#{element_id}").count() == 1, f"aria-labelledby target #{element_id} exists"
    titles = svg.locator("g > title").all_text_contents()
    assert len(titles) == action_rows(page).count(), "one <title> per bar, one bar per action in the table"
    assert all(title.strip() for title in titles)
    assert page.locator("section.line table").count() > 0


@pytest.mark.parametrize(
    "path",
    ["/", "/kaart/", "/plannen/actieplan-pleegzorg-2017-2018/", "/plannen/actieplan-pleegzorg-2017-2018/wijzigingen/"],
)
def test_pages_print_on_a4_without_navigation(page, site, path, tmp_path):
    page.goto(site.url + path)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('.site-header nav, form, .skip-link')]"
        ".every(e => getComputedStyle(e).display === 'none')"
    )
    assert hidden
    assert page.evaluate("() => getComputedStyle(document.querySelector('main')).display") != "none"
    pdf = page.pdf(path=str(tmp_path / "print.pdf"), format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 5_000


def test_open_data_downloads_every_dataset_and_the_catalogue_without_javascript(browser, site):
    from pleegzorg.datasets import DATASETS

    context = browser.new_context(locale="nl-BE", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(site.url + "/open-data/")
        catalogue = page.locator('head link[rel="alternate"][type="application/ld+json"]').get_attribute("href")
        assert page.get_by_role("link", name="catalogus.jsonld").get_attribute("href") == catalogue
        data = page.request.get(site.url + catalogue).json()
        assert data["@type"] == "dcat:Catalog" and len(data["dcat:dataset"]) == len(DATASETS)
        hrefs = (
            page.locator("main a")
            .filter(has_text=re.compile(r"^(CSV|JSON)$"))
            .evaluate_all("links => links.map(link => link.getAttribute('href'))")
        )
        assert len(hrefs) == 2 * len(DATASETS)
        for href in hrefs:
            response = page.request.get(site.url + href)
            assert response.status == 200, href
            assert response.headers["content-type"].startswith(
                "text/csv" if href.endswith(".csv") else "application/json"
            )
        with page.expect_download() as download:
            page.locator(f'a[href="{hrefs[-2]}"]').click()
        assert download.value.suggested_filename.endswith(".csv")
    finally:
        context.close()
