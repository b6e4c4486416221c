"""The item editor (/admin/minutes/agendaitem/<pk>/write/): the text in, a preview, and a save that changes only what
the text changed, keeps what it cannot say, refuses stale saves and leaves approved minutes to publishers."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from minutes.editor.merge import item_minutes_text
from minutes.models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from minutes.output.rendering import item_text
from minutes.record import workflow
from minutes.record.corrections import corrections_for_item
from panels.models import Person
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db


def write_url(item):
    return reverse("admin:minutes_agendaitem_write", args=[item.pk])


def opened(client, item):
    """The editor's form as the page gives it."""
    response = client.get(write_url(item))
    assert response.status_code == 200
    return form_data(response.content.decode())


def save(client, item, data, **changes):
    return client.post(write_url(item), {**data, **changes, "_save": "Save"})


def rows(item):
    return [
        (type(row).__name__, row.pk, row.position, row.depth, row.label, row.text)
        for row in AgendaItem.objects.get(pk=item.pk).content()
    ]


def history_count():
    return sum(model.history.count() for model in (MinutePoint, Question, Resolution, AgendaItem))


@pytest.fixture
def draft_seed(db):
    return records.build_seed(status=Meeting.Status.DRAFT)


def test_the_text_is_what_minutes_txt_prints_under_minutes(staff_client, seed_item):
    data = opened(staff_client, seed_item)
    public = staff_client.get(reverse("item-txt", args=[seed_item.pk])).content.decode()
    body = public.split("Minutes:\n\n", 1)[1].split("\n\nSupporting documents:", 1)[0]
    assert data["text"].rstrip("\n") == body
    assert data["version"] == str(seed_item.version)
    page = staff_client.get(write_url(seed_item)).content.decode()
    assert "Saving now changes nothing." in page
    assert '<ul class="points">' in page and "RESOLVED</strong>" in page  # the public page's own markup


def test_the_item_page_links_to_the_editor(staff_client, seed_item):
    page = staff_client.get(reverse("admin:minutes_agendaitem_change", args=[seed_item.pk])).content.decode()
    assert write_url(seed_item) in page


def test_unchanged_save_changes_nothing(staff_client, draft_seed):
    stamp = Meeting.objects.get(pk=draft_seed.meeting_id).changed_at
    before, version, history = rows(draft_seed), draft_seed.version, history_count()
    response = save(staff_client, draft_seed, opened(staff_client, draft_seed))
    assert response.status_code == 302
    draft_seed.refresh_from_db()
    meeting = Meeting.objects.get(pk=draft_seed.meeting_id)
    assert rows(draft_seed) == before and history_count() == history
    assert meeting.changed_at == stamp and draft_seed.version == version


def test_a_paragraph_inserted_between_2_and_3_renumbers_in_one_save(staff_client, draft_seed):
    data = opened(staff_client, draft_seed)
    third = data["text"].index("3.    ")
    data["text"] = (
        data["text"][:third] + "3.    A new paragraph typed between two and three.\n\n" + data["text"][third:]
    )
    points_before = {p.pk: p.text for p in draft_seed.points.all()}
    assert save(staff_client, draft_seed, data).status_code == 302
    points = list(MinutePoint.objects.filter(item=draft_seed).order_by("position"))
    assert [p.label for p in points] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert points[2].text == "A new paragraph typed between two and three."
    # The old points kept their rows (and their history): only their labels and positions moved on.
    assert {p.pk: p.text for p in points if p.pk in points_before} == points_before
    assert all(q.introduced_by_id == points[5].pk for q in Question.objects.filter(item=draft_seed))
    assert len(Question.objects.filter(item=draft_seed)) == 4
    text = item_text(AgendaItem.objects.for_item_page().get(pk=draft_seed.pk), public=False)
    assert "6.    Members asked a range of questions" in text


def test_a_new_bullet_and_a_deleted_paragraph(staff_client, draft_seed):
    data = opened(staff_client, draft_seed)
    paragraphs = data["text"].split("\n\n")
    del paragraphs[1]  # point 2
    paragraphs.insert(-1, "·    One more question. The Commissioner answered it.")
    assert save(staff_client, draft_seed, {**data, "text": "\n\n".join(paragraphs)}).status_code == 302
    assert [p.label for p in draft_seed.points.order_by("position")] == ["1.", "2.", "3.", "4."]
    last = Question.objects.filter(item=draft_seed).order_by("position").last()
    assert (last.label, last.depth, last.text, last.response) == (
        "·",
        1,
        "One more question.",
        "The Commissioner answered it.",
    )


def test_extras_survive_an_edit_elsewhere(staff_client, draft_seed):
    person = Person.objects.create(name="Imogen Reyes", slug="imogen-reyes")
    question = Question.objects.filter(item=draft_seed).order_by("position").first()
    question.asked_by = person
    question.save()
    resolution = Resolution.objects.get(item=draft_seed)
    resolution.vote_detail = {"for": ["Cllr A", "Cllr B"], "against": ["Cllr C"]}
    resolution.votes_for, resolution.votes_against = 2, 1
    resolution.save()
    data = opened(staff_client, draft_seed)
    assert "Imogen Reyes" in staff_client.get(write_url(draft_seed)).content.decode()  # the side panel
    # Point 1 edited, the question and the resolution reworded slightly.
    text = data["text"].replace("He added that", "He also said that", 1)
    text = text.replace("rates. The Commissioner noted", "rates? The Commissioner noted", 1)
    text = text.replace("note the report.", "note the report with thanks.")
    assert save(staff_client, draft_seed, data, text=text).status_code == 302
    question.refresh_from_db()
    resolution.refresh_from_db()
    assert question.asked_by == person and question.text.endswith("rates?")
    assert resolution.text.endswith("with thanks.")
    assert resolution.vote_detail == {"for": ["Cllr A", "Cllr B"], "against": ["Cllr C"]}
    assert (resolution.votes_for, resolution.votes_against) == (2, 1)
    assert question.introduced_by.label == "5."


def test_a_stale_save_is_refused_with_the_text_kept_and_the_other_change_shown(client, draft_seed):
    first, second = user_in("Clerk", "ann"), user_in("Clerk", "bob")
    client.force_login(first)
    mine = opened(client, draft_seed)
    client.force_login(second)
    theirs = opened(client, draft_seed)
    assert save(client, draft_seed, theirs, text=theirs["text"].replace("improvement", "rise", 1)).status_code == 302
    client.force_login(first)
    typed = mine["text"].replace("note the report.", "note the report and thank the Commissioner.")
    refused = save(client, draft_seed, mine, text=typed)
    page = refused.content.decode()
    assert refused.status_code == 200 and "Someone else saved this item after you opened it" in page
    assert form_data(page)["text"] == typed
    assert "What the other clerk changed" in page and "rise in victim satisfaction" in page
    assert not Resolution.objects.filter(item=draft_seed, text__contains="thank").exists()
    # Having seen their change, the clerk saves again (the form now carries their version).
    again = form_data(page)
    again["text"] = again["text"].replace("improvement", "rise", 1)
    assert save(client, draft_seed, again).status_code == 302
    assert Resolution.objects.filter(item=draft_seed, text__contains="thank").exists()
    assert MinutePoint.objects.filter(item=draft_seed, text__contains="rise in victim").exists()


def approved(item):
    publisher = user_in("Publisher", "pub", first_name="Pat", last_name="Lee")
    Meeting.objects.filter(pk=item.meeting_id).update(status=Meeting.Status.DRAFT_MINUTES)
    workflow.apply(Meeting.objects.get(pk=item.meeting_id), "approve_minutes", publisher)
    hour = datetime.timedelta(hours=1)
    for model in (Meeting, AgendaItem, MinutePoint, Question, Resolution):
        model.history.update(history_date=F("history_date") - hour)
    Meeting.objects.filter(pk=item.meeting_id).update(approved_at=F("approved_at") - hour)
    return publisher


def test_a_clerk_sees_approved_minutes_read_only_and_cannot_save(client, draft_seed):
    approved(draft_seed)
    client.force_login(user_in("Clerk", "jo"))
    page = client.get(write_url(draft_seed)).content.decode()
    assert "Only a Publisher or an Administrator may correct them" in page
    assert 'name="_save"' not in page and "readonly" in page
    data = form_data(page)
    before = rows(draft_seed)
    response = save(client, draft_seed, data, text=data["text"].replace("Commissioner", "Chair", 1), change_reason="x")
    assert response.status_code == 403 and rows(draft_seed) == before


def test_a_publisher_corrects_approved_minutes_with_a_reason(client, draft_seed):
    publisher = approved(draft_seed)
    client.force_login(publisher)
    data = opened(client, draft_seed)
    text = (
        data["text"]
        .replace("The Commissioner began", "The Chair began", 1)
        .replace("cited the Witness Care Unit", "named the Witness Care Unit", 1)
    )
    before = rows(draft_seed)
    refused = save(client, draft_seed, data, text=text)
    assert refused.status_code == 200 and "give the reason for the correction" in refused.content.decode()
    assert rows(draft_seed) == before
    assert save(client, draft_seed, data, text=text, change_reason="Wrong speakers named.").status_code == 302
    points = MinutePoint.objects.filter(item=draft_seed).order_by("position")
    assert points[0].text.startswith("The Chair began") and "named the Witness Care Unit" in points[1].text
    # One history entry per changed paragraph, each with the reason; the unchanged ones have none.
    changed = [p.history.first() for p in points[:2]]
    assert [h.history_change_reason for h in changed] == ["Wrong speakers named."] * 2
    assert all(p.history.count() == 1 for p in points[2:])
    item = AgendaItem.objects.select_related("meeting").get(pk=draft_seed.pk)
    (correction,) = corrections_for_item(item)
    assert correction.reason == "Wrong speakers named." and correction.who == "P.L."
    assert "point 1: text: “Commissioner” changed to “Chair”" in correction.description
    assert "point 2: text: “cited” changed to “named”" in correction.description


def test_preview_endpoint_shows_warnings_and_writes_nothing(staff_client, draft_seed):
    before, history = rows(draft_seed), history_count()
    url = reverse("admin:minutes_agendaitem_write_preview", args=[draft_seed.pk])
    response = staff_client.post(url, {"text": "1.    First point.\n\n2.\n\nMinutes:\n\nRESOLVED that it be noted."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 3: a label with no text" in page
    assert "Line 5: the layout label &#x27;Minutes:&#x27; inside the minutes" in page
    assert "removes" in page and "RESOLVED</strong> that it be noted." in page
    assert rows(draft_seed) == before and history_count() == history
    assert staff_client.get(url).status_code == 405


def test_preview_button_works_without_script(staff_client, draft_seed):
    data = opened(staff_client, draft_seed)
    response = staff_client.post(write_url(draft_seed), {**data, "text": "1.    Only this.", "_preview": "Preview"})
    page = response.content.decode()
    assert response.status_code == 200 and "Only this." in page and "removes 10 paragraphs" in page
    assert draft_seed.points.count() == 5


def test_strangers_and_bad_input(client, draft_seed):
    assert client.get(write_url(draft_seed)).status_code == 302  # to the login page
    client.force_login(user_in("none", "nobody"))
    assert client.get(write_url(draft_seed)).status_code == 403
    client.force_login(user_in("Clerk", "jo"))
    assert client.get(reverse("admin:minutes_agendaitem_write", args=[999999])).status_code == 404
    response = client.post(write_url(draft_seed), {"text": "1. x", "version": "not a number", "_save": "Save"})
    assert response.status_code == 200 and draft_seed.points.count() == 5
    assert "1. x" in response.content.decode()


def test_item_minutes_text_of_an_empty_item():
    item = records.build_seed(status=Meeting.Status.DRAFT)
    empty = AgendaItem.objects.create(meeting=item.meeting, title="Any other business")
    assert item_minutes_text(empty) == ""


def test_the_side_panel_links_an_asker_and_records_named_votes_with_the_text(staff_client, draft_seed):
    member = Person.objects.create(name="Imogen Reyes", slug="imogen-reyes")
    draft_seed.meeting.panel.memberships.create(person=member)
    question = Question.objects.filter(item=draft_seed).order_by("position").first()
    resolution = Resolution.objects.get(item=draft_seed)
    data = opened(staff_client, draft_seed)
    assert data[f"asked_by-{question.pk}"] == "" and f'<option value="{member.pk}">' in (
        staff_client.get(write_url(draft_seed)).content.decode()
    )
    typed = data["text"].replace("note the report.", "note the report and thank him.")
    changes = {f"asked_by-{question.pk}": str(member.pk), f"votes-{resolution.pk}-for": "Cllr A, Cllr B"}
    assert save(staff_client, draft_seed, data, text=typed, **changes).status_code == 302
    question.refresh_from_db()
    resolution.refresh_from_db()
    assert question.asked_by == member and resolution.vote_detail == {"for": ["Cllr A", "Cllr B"]}
    assert resolution.text.endswith("thank him.")
    # Opened again, the panel shows them, and an unchanged save keeps them.
    data = opened(staff_client, draft_seed)
    assert data[f"votes-{resolution.pk}-for"] == "Cllr A, Cllr B" and data[f"asked_by-{question.pk}"] == str(member.pk)
    history = history_count()
    assert save(staff_client, draft_seed, data).status_code == 302 and history_count() == history


def test_a_bad_asker_is_a_form_error_with_the_text_kept(staff_client, draft_seed):
    question = Question.objects.filter(item=draft_seed).order_by("position").first()
    data = opened(staff_client, draft_seed)
    typed = data["text"] + "\n\nA paragraph typed before the mistake."
    for bad in ("nonsense", "999999"):
        response = save(staff_client, draft_seed, data, text=typed, **{f"asked_by-{question.pk}": bad})
        page = response.content.decode()
        assert response.status_code == 200 and "asker" in page
        assert form_data(page)["text"] == typed
    assert not MinutePoint.objects.filter(item=draft_seed, text__contains="before the mistake").exists()
