"""Every public page kind in headless Chromium at 1280, 375 and 320 px: nothing scrolls sideways (WCAG reflow), and
each screenshot is kept under the test's temporary folder for CI to collect. Plus what only a browser shows: the
skip link's target is not painted, the search Filters toggle has the focus ring, the open Filters panel fits a phone."""

import pytest

from minutes.models import Meeting
from tests import records
from tests.browser.test_public_pages import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375, 320)
# One unbroken word, as long as the search box takes: the page echoes it.
LONG_WORD = "a" * 190
WEALDSHIRE = "wealdshire-police-and-crime-panel"


@pytest.fixture
def archive(db):
    return records.build_all()


def url_of(kind, archive):
    seed, wealdshire, special = archive
    return {
        "home": "/",
        "panels": "/panels/",
        "panel": wealdshire.panel.get_absolute_url(),
        "meeting": wealdshire.get_absolute_url(),
        "meeting-draft-minutes": special.get_absolute_url(),
        "item": seed.get_absolute_url(),
        "items": "/items/?kind=report",
        "bad-filter": "/items/?date_from=yesterday&kind=nonsense",
        "search": "/search/?q=commissioner",
        "search-long-query": f"/search/?q={LONG_WORD}",
        "search-filters-open": f"/search/?q=crime&panel={WEALDSHIRE}",
        "not-found": "/items/999999/",
    }[kind]


def document_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "panels",
        "panel",
        "meeting",
        "meeting-draft-minutes",
        "item",
        "items",
        "bad-filter",
        "search",
        "search-long-query",
        "search-filters-open",
        "not-found",
    ],
)
def test_no_page_kind_scrolls_sideways(live_server, browser, archive, tmp_path, kind):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    try:
        response = page.goto(live_server.url + url_of(kind, archive))
        assert response.status == {"not-found": 404, "bad-filter": 400}.get(kind, 200)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            shot = tmp_path / f"{kind}-{width}.png"
            page.screenshot(path=shot, full_page=True)
            assert shot.stat().st_size > 0
            assert document_width(page) <= width, f"{kind} is {document_width(page)} px wide at {width} px"
    finally:
        context.close()


def test_the_open_filters_panel_fits_the_narrowest_phone(live_server, browser, archive, tmp_path):
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + url_of("search-filters-open", archive))
        assert page.locator("details.filters").evaluate("d => d.open")
        panel = page.locator("#id_panel").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 320
        panel_width = page.locator("#id_panel").evaluate("e => e.getBoundingClientRect().width")
        # The choice list is as wide as the column, not as its longest panel name.
        assert panel_width <= 320 - 2 * 16
        page.screenshot(path=tmp_path / "filters-320.png", full_page=True)
    finally:
        context.close()


def test_the_filters_toggle_shows_the_focus_ring(live_server, page, archive):
    page.goto(live_server.url + "/search/?q=crime")
    page.locator("#id_q").click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    style = page.locator("details.filters > summary").evaluate(
        "s => { const c = getComputedStyle(s); return [c.outlineStyle, c.outlineWidth, c.backgroundColor]; }"
    )
    assert style == ["solid", "3px", "rgb(255, 221, 0)"]
    page.keyboard.press("Enter")
    assert page.locator("details.filters").evaluate("d => d.open")


def test_the_skip_link_moves_focus_without_painting_main(live_server, page, archive):
    seed, _, _ = archive
    page.goto(live_server.url + seed.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    painted = page.evaluate(
        "() => { const c = getComputedStyle(document.getElementById('main'));"
        " return [c.backgroundColor, c.outlineStyle, c.boxShadow]; }"
    )
    assert painted == ["rgba(0, 0, 0, 0)", "none", "none"]
    # The next Tab starts inside the main region.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_draft_minutes_are_announced_above_the_minutes_and_bullets_are_not_faint(
    live_server, page, archive, axe_source
):
    _, _, special = archive
    assert special.status == Meeting.Status.DRAFT_MINUTES
    page.goto(live_server.url + special.get_absolute_url())
    notice = page.locator(".draft-notice")
    assert notice.inner_text().startswith("Draft minutes: not yet approved.")
    assert notice.bounding_box()["y"] < page.get_by_text("Minutes:").first.bounding_box()["y"]
    bullet = page.locator("ul.points > li > .label").first
    assert bullet.inner_text() == "·"
    weight, size = bullet.evaluate("b => [getComputedStyle(b).fontWeight, parseFloat(getComputedStyle(b).fontSize)]")
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert int(weight) >= 700 and size > body_size
    assert axe_violations(page, axe_source) == []
