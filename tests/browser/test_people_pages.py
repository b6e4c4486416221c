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


def test_clerk_fills_the_register_from_the_keyboard(live_server, page, archive, django_user_model):
    from django.conf import settings
    from django.test import Client

    from minutes.models import Attendance

    wealdshire, people = archive
    Attendance.objects.filter(meeting=wealdshire).delete()
    Meeting.objects.filter(pk=wealdshire.pk).update(status=Meeting.Status.DRAFT_MINUTES)
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(clerk)
    host = live_server.url.split("//")[1].split(":")[0]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "domain": host, "path": "/"}]
    )  # fmt: skip
    page.goto(f"{live_server.url}/admin/minutes/meeting/{wealdshire.pk}/register/")
    first = page.locator("input[type=radio][value=present]").first
    first.focus()
    page.keyboard.press("ArrowRight")  # the chair: present → apologies
    page.keyboard.press("Tab")  # the substitute's name box
    page.keyboard.press("Tab")  # the next member's answers
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # → absent
    page.get_by_role("button", name="Save attendance").press("Enter")
    page.wait_for_url(f"**/admin/minutes/meeting/{wealdshire.pk}/change/")
    kinds = dict(
        Attendance.objects.filter(meeting=wealdshire, person__isnull=False).values_list("person__name", "kind")
    )
    assert kinds["Margaret Oduya"] == "apologies"
    assert "Samuel Okafor" not in kinds  # absent: no line
    assert kinds["Imogen Reyes"] == "present"
