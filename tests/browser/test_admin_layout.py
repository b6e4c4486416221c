"""No admin page a clerk works in scrolls sideways at 1280 px (the attendance table ran to x = 2,220 px)."""

import pytest
from django.urls import reverse

from minutes.models import Attendance
from panels.models import Person
from tests import records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, live_server, django_user_model):
    django_user_model.objects.create_user("clerk", password="pw", is_staff=True, is_superuser=True)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return page


def test_no_admin_page_scrolls_sideways_at_1280(live_server, signed_in, output_dir):
    page = signed_in
    seed = records.build_seed()
    meeting = records.build_wealdshire_meeting()
    person = Person.objects.create(honorific="Cllr", name="Imogen Reyes-Fotheringham")
    Attendance.objects.create(
        meeting=meeting, person=person, role="Vice-Chair", council="Ashbury Borough Council and Wealdshire County"
    )
    urls = {
        "meeting": reverse("admin:minutes_meeting_change", args=[meeting.pk]),
        "item": reverse("admin:minutes_agendaitem_change", args=[seed.pk]),
        "item editor": reverse("admin:minutes_agendaitem_write", args=[seed.pk]),
        "meeting editor": reverse("admin:minutes_meeting_write", args=[meeting.pk]),
        "import": reverse("admin:minutes_meeting_import", args=[meeting.pk]),
        "meetings": reverse("admin:minutes_meeting_changelist"),
        "items": reverse("admin:minutes_agendaitem_changelist"),
    }
    widths = {}
    for name, url in urls.items():
        page.goto(live_server.url + url)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=output_dir / f"admin-{name.replace(' ', '-')}-1280.png", full_page=name != "meeting")
    assert {name: width for name, width in widths.items() if width > 1280} == {}
    # A question on the item's page took 929 px with ten-row text areas; short boxes bring it well under.
    page.goto(live_server.url + urls["item"])
    assert page.locator("#questions-0").evaluate("el => el.getBoundingClientRect().height") < 800


def test_import_preview_is_styled_under_the_csp(live_server, signed_in, output_dir):
    """The preview's lists carry one marker (the label as written) and 'Your text' keeps its lines apart."""
    page = signed_in
    meeting = records.build_wealdshire_meeting()
    meeting.status = meeting.Status.DRAFT
    meeting.save()
    page.goto(live_server.url + reverse("admin:minutes_meeting_import", args=[meeting.pk]))
    page.locator("textarea[name=text]").fill(records.SEED_PATH.read_text(encoding="utf-8"))
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    first = page.locator(".import-preview ol.points > li").first
    assert first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    assert first.locator(".label").inner_text() == "1."
    line = page.locator(".import-source .line").first
    assert line.evaluate("el => getComputedStyle(el).display") == "block"
    page.screenshot(path=output_dir / "admin-import-preview-1280.png", full_page=True)
