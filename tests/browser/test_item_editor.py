"""The item editor in Chromium: a clerk types the seed item with the keyboard alone, and the typing helpers turn
'- ' into a bullet and renumber a point inserted between 2 and 3; the page passes axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from minutes.models import AgendaItem, Meeting, MinutePoint, Question
from minutes.output.rendering import DRAFT_NOTICE
from tests import records
from tests.browser.test_public_pages import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def published(text):
    """Paragraphs with their whitespace normalised; lines holding only a non-breaking space dropped."""
    return [" ".join(p.split()) for p in re.split(r"\n[ \t\u00a0]*\n", text) if p.split()]


@pytest.fixture
def clerk_page(page, live_server, django_user_model):
    django_user_model.objects.create_user("clerk", password="pw", is_staff=True, is_superuser=True)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "pw")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    return page


def open_editor(page, live_server, item):
    page.goto(live_server.url + reverse("admin:minutes_agendaitem_write", args=[item.pk]))
    box = page.locator("textarea[name=text]")
    box.focus()
    return box


def caret(page, at):
    page.locator("textarea[name=text]").evaluate("(box, at) => box.setSelectionRange(at, at)", at)


def save_with_keyboard(page):
    page.keyboard.press("Tab")  # from the text to the Save button, the next control
    assert page.evaluate("document.activeElement.name") == "_save"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Saved:" in page.locator(".messagelist").inner_text()


def test_typing_the_seed_into_an_empty_item(live_server, clerk_page):
    page = clerk_page
    seed = records.SEED_PATH.read_text(encoding="utf-8")
    body = seed.split("Minutes:\n\n", 1)[1].split("\n\nSupporting documents:", 1)[0]
    meeting = Meeting.objects.create(panel=records.kent_panel(), date="2020-07-14")
    item = AgendaItem.objects.create(meeting=meeting, title="Victim Satisfaction Update")
    box = open_editor(page, live_server, item)
    page.keyboard.type(body)
    assert box.input_value() == body
    save_with_keyboard(page)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT_MINUTES)
    page.context.clear_cookies()  # the public's copy
    public = page.request.get(live_server.url + reverse("item-txt", args=[item.pk])).text()
    # Draft minutes: the seed as published, with the notice the text files put under the heading.
    expected = published(seed)
    assert published(public) == [*expected[:2], DRAFT_NOTICE, *expected[2:]]
    questions = Question.objects.filter(item=item).order_by("position")
    assert [(q.depth, q.label, q.response_inline) for q in questions] == [(1, "·", True)] * 4
    assert {q.introduced_by.label for q in questions} == {"5."}


def test_bullet_shortcut_and_renumbering_in_one_save(live_server, clerk_page, axe_source):
    page = clerk_page
    item = records.build_seed(status=Meeting.Status.DRAFT)
    box = open_editor(page, live_server, item)
    assert axe_violations(page, axe_source) == []
    # The caret at the end of point 2 (lines wrap, so arrow keys would land by screen line, not paragraph).
    end_of_2 = box.input_value().index("\n\n3.")
    caret(page, end_of_2)
    page.keyboard.press("Control+Alt+N")
    page.keyboard.type("A point typed between two and three.")
    text = box.input_value()
    labels = re.findall(r"^(\d+)\.", text, re.MULTILINE)
    assert labels == ["1", "2", "3", "4", "5", "6"]  # renumbered as typed
    # At the end of the last bullet: a new paragraph starting '- ' becomes a bullet.
    last_bullet_end = text.index("\n\nRESOLVED")
    page.evaluate(
        f"document.querySelector('textarea[name=text]').setSelectionRange({last_bullet_end}, {last_bullet_end})"
    )
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("- Whether the survey would be repeated. The Commissioner said it would.")
    assert "\n\n·         Whether the survey would be repeated." in box.input_value()
    # Alt+Up moves the new bullet above the one before it.
    page.keyboard.press("Alt+ArrowUp")
    moved = box.input_value()
    assert moved.index("Whether the survey") < moved.index("Whether PCSO community newsletters")
    # The live preview caught up with the typing, without a page load.
    expect(page.locator("#editor-preview")).to_contain_text("A point typed between two and three.")
    expect(page.locator("#editor-preview")).to_contain_text("Whether the survey would be repeated.")
    save_with_keyboard(page)
    points = list(MinutePoint.objects.filter(item=item).order_by("position"))
    assert [p.label for p in points] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert points[2].text == "A point typed between two and three."
    questions = list(Question.objects.filter(item=item).order_by("position"))
    assert len(questions) == 5 and questions[3].text == "Whether the survey would be repeated."
    assert questions[3].label == "·" and questions[3].introduced_by_id == points[5].pk


def test_editor_page_has_no_sideways_scroll_and_works_without_script(live_server, browser, django_user_model):
    item = records.build_seed(status=Meeting.Status.DRAFT)
    django_user_model.objects.create_user("clerk", password="pw", is_staff=True, is_superuser=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(live_server.url + reverse("admin:minutes_agendaitem_write", args=[item.pk]))
    assert page.locator(".editor-toolbar").is_hidden()
    page.locator("textarea[name=text]").fill("1.    Only this point.")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    assert "Only this point." in page.locator("#editor-preview").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert MinutePoint.objects.filter(item=item).count() == 5
    context.close()


def test_meeting_editor_passes_axe(live_server, clerk_page, axe_source):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    clerk_page.goto(live_server.url + reverse("admin:minutes_meeting_write", args=[meeting.pk]))
    assert clerk_page.locator("textarea[name=text]").input_value().startswith("Agenda\n\n")
    assert axe_violations(clerk_page, axe_source) == []
