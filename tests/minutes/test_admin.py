"""The clerks' admin: every model's pages load and save for staff and are refused to strangers."""

import pytest
from django.contrib import admin
from django.urls import reverse

from minutes.models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from panels.models import Membership, Person
from tests.forms import form_data

pytestmark = pytest.mark.django_db

MODELS = [m for m in admin.site._registry if m._meta.app_label in {"minutes", "panels"}]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


# Edited only on their item's or meeting's page (locking, reasons and positions are checked there).
READ_ONLY = {MinutePoint, Question, Resolution, Document, Attendance, Declaration}
EDITABLE = [m for m in MODELS if m not in READ_ONLY]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_load_for_staff(staff_client, seed_item, people, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    assert staff_client.get(admin_url(model, "changelist"), {"q": "victim"}).status_code == 200
    assert staff_client.get(admin_url(model, "add")).status_code == (403 if model in READ_ONLY else 200)
    obj = model.objects.first()
    assert staff_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", sorted(READ_ONLY, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_content_is_not_edited_outside_its_page(staff_client, seed_item, people, model):
    obj = model.objects.first()
    html = staff_client.get(admin_url(model, "change", obj.pk)).content.decode()
    assert 'name="_save"' not in html
    assert staff_client.post(admin_url(model, "change", obj.pk), {"text": "overwritten"}).status_code == 403
    assert staff_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_refuses_anonymous_and_non_staff(client, django_user_model, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    django_user_model.objects.create_user("resident", password="pw")
    client.login(username="resident", password="pw")
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def people(wealdshire):
    chair = Person.objects.create(honorific="Cllr", name="A Birch")
    Membership.objects.create(panel=wealdshire.panel, person=chair, role="chair", council="Ashbury Borough Council")
    Attendance.objects.create(meeting=wealdshire, person=chair, role="Chair")
    declaration = Declaration.objects.create(meeting=wealdshire, interest="Farm owner", people_text="Cllr A Birch")
    declaration.people.add(chair)
    # Fields the meeting page does not show must survive its saves.
    Meeting.objects.filter(pk=wealdshire.pk).update(
        approved_by_resolution=wealdshire.items.get(number="62").resolutions.get(), approved_at_meeting=wealdshire
    )
    return chair


def snapshot(obj):
    moving = {"updated_at", "changed_at", "version", "search_vector"}
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in moving}


@pytest.mark.parametrize("model", EDITABLE, ids=lambda m: m.__name__)
def test_change_form_saves_unchanged(staff_client, seed_item, people, model):
    obj = model.objects.order_by("pk").last()
    url = admin_url(model, "change", obj.pk)
    data = form_data(staff_client.get(url).content.decode())
    data["_save"] = "Save"
    counts = {m: m.objects.count() for m in MODELS}
    before = snapshot(obj)
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # Saving an unchanged page adds nothing (the pre-filled blank inline rows stay blank) and changes no field,
    # not even those the page does not show.
    assert {m: m.objects.count() for m in MODELS} == counts
    assert snapshot(model.objects.get(pk=obj.pk)) == before


def test_item_admin_offers_the_next_point_number(staff_client, seed_item):
    html = staff_client.get(admin_url(AgendaItem, "change", seed_item.pk)).content.decode()
    data = form_data(html)
    extra = int(data["points-TOTAL_FORMS"]) - 1
    assert data[f"points-{extra}-position"] == "11"
    assert data[f"points-{extra}-label"] == "6."


def test_adding_a_point_through_the_item_admin(staff_client, seed_item):
    url = admin_url(AgendaItem, "change", seed_item.pk)
    data = form_data(staff_client.get(url).content.decode())
    extra = int(data["points-TOTAL_FORMS"]) - 1
    data[f"points-{extra}-text"] = "The Chair thanked the Commissioner."
    data["_continue"] = "Save"
    assert staff_client.post(url, data).status_code == 302
    point = MinutePoint.objects.get(item=seed_item, position=11)
    assert (point.label, point.text) == ("6.", "The Chair thanked the Commissioner.")
    assert "The Chair thanked" in AgendaItem.objects.get(pk=seed_item.pk).search_document


def test_validation_error_points_at_the_field_and_keeps_the_text(staff_client, seed_item):
    url = admin_url(AgendaItem, "change", seed_item.pk)
    data = form_data(staff_client.get(url).content.decode())
    data["is_exempt"] = "on"
    data["exempt_summary"] = ""
    typed = "A long paragraph the clerk typed and must not lose."
    extra = int(data["points-TOTAL_FORMS"]) - 1
    data[f"points-{extra}-text"] = typed
    response = staff_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "An exempt item needs the public summary" in html
    assert typed in html
    assert not MinutePoint.objects.filter(text=typed).exists()


def test_meeting_admin_suggests_next_item_number(staff_client, wealdshire):
    later = Meeting.objects.create(panel=wealdshire.panel, date="2026-06-10")
    data = form_data(staff_client.get(admin_url(Meeting, "change", later.pk)).content.decode())
    assert data["items-0-number"] == "63"
    assert data["items-0-position"] == "1"


def test_view_on_site_only_for_public_records(staff_client, seed_item):
    html = staff_client.get(admin_url(Meeting, "change", seed_item.meeting.pk)).content.decode()
    assert "View on site" in html
    draft = Meeting.objects.create(panel=seed_item.meeting.panel, date="2026-09-09")
    assert "View on site" not in staff_client.get(admin_url(Meeting, "change", draft.pk)).content.decode()
