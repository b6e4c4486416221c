"""A reader's path through the archive in headless Chromium, and an accessibility check of every page kind."""

import json

import pytest

from minutes.models import Meeting
from tests import records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(db):
    seed = records.build_seed()
    wealdshire = records.build_wealdshire_meeting()
    return seed, wealdshire


def axe_violations(page, axe_source):
    # The site's CSP forbids added <script> tags, so axe is evaluated through the DevTools protocol instead.
    page.evaluate(axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_reader_opens_meeting_and_item_from_home_by_clicking(live_server, page, archive, output_dir):
    seed, _ = archive
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=seed.meeting.title_line).first.click()
    page.wait_for_url(f"**{seed.meeting.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == seed.meeting.title_line
    page.get_by_role("link", name="Victim Satisfaction Update").click()
    page.wait_for_url(f"**{seed.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Victim Satisfaction Update"
    bullets = page.locator("ul.points > li")
    assert bullets.count() == 4
    assert bullets.nth(2).inner_text().startswith("·")
    assert page.locator(".resolution strong").first.inner_text() == "RESOLVED"
    page.screenshot(path=output_dir / "item-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=output_dir / "item-375.png", full_page=True)
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_skip_link_is_first_and_moves_focus(live_server, page, archive):
    seed, _ = archive
    page.goto(live_server.url + seed.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "which", ["home", "panel", "meeting", "item", "panels", "not-found", "items", "search", "bad-filter"]
)
def test_axe_finds_no_violations(live_server, page, archive, axe_source, output_dir, which):
    seed, wealdshire = archive
    url = {
        "home": "/",
        "panels": "/panels/",
        "panel": wealdshire.panel.get_absolute_url(),
        "meeting": wealdshire.get_absolute_url(),
        "item": seed.get_absolute_url(),
        "not-found": "/items/999999/",
        "items": "/items/?kind=report",
        "search": "/search/?q=young+vulnerable",
        "bad-filter": "/items/?date_from=yesterday&kind=nonsense",
    }[which]
    page.goto(live_server.url + url)
    if which in ("home", "items", "search"):
        # Nothing on the page overflows sideways on the narrowest phone (WCAG reflow).
        page.set_viewport_size({"width": 320, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = axe_violations(page, axe_source)
    (output_dir / f"axe-{which}.json").write_text(json.dumps(violations, indent=1))
    assert violations == []


def test_draft_meeting_is_not_reachable_in_the_browser(live_server, page, archive):
    seed, _ = archive
    draft = Meeting.objects.create(panel=seed.meeting.panel, date="2026-12-01", status=Meeting.Status.DRAFT)
    response = page.goto(live_server.url + draft.get_absolute_url())
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
