"""The member pages in headless Chromium: no accessibility violations, charts readable without script, and a
reader reaches a member from the meeting page by clicking the name."""

import json

import pytest

from minutes.models import Meeting
from tests import records

from .test_public_pages import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(db):
    wealdshire = records.build_wealdshire_meeting()
    special = Meeting.objects.create(
        panel=wealdshire.panel, date="2026-02-03", special_name="Draft Plan and Precept Proposal", status="approved"
    )
    records.build_questions_example(special)
    special.refresh_from_db()
    people = records.build_wealdshire_members(wealdshire, special)
    return wealdshire, people


@pytest.mark.parametrize("which", ["person", "people", "people-filtered", "register", "meeting-with-attendance"])
def test_axe_finds_no_violations(live_server, page, archive, axe_source, output_dir, which):
    wealdshire, people = archive
    url = {
        "person": people["Imogen Reyes"].get_absolute_url(),
        "people": "/people/",
        "people-filtered": "/people/?panel=nonsense",
        "register": f"/panels/{wealdshire.panel.slug}/attendance/?year=2026",
        "meeting-with-attendance": wealdshire.get_absolute_url(),
    }[which]
    page.goto(live_server.url + url)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = axe_violations(page, axe_source)
    (output_dir / f"axe-{which}.json").write_text(json.dumps(violations, indent=1))
    assert violations == []


def test_reader_clicks_a_name_on_the_meeting_page(live_server, page, archive):
    wealdshire, people = archive
    page.goto(live_server.url + wealdshire.get_absolute_url())
    page.get_by_role("link", name="Cllr Imogen Reyes").first.click()
    page.wait_for_url(f"**{people['Imogen Reyes'].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Cllr Imogen Reyes"
    chart = page.get_by_role("img", name="Attendance of Cllr Imogen Reyes by year")
    assert chart.is_visible()
    assert page.locator("#attendance-table tbody tr").count() == 1
