"""Each member page has an Atom feed of the published minutes naming them; a draft never shows in it."""

import feedparser
import pytest

from minutes.models import Attendance, Declaration, Meeting
from panels.models import Membership, Person
from tests import records

pytestmark = pytest.mark.django_db


def test_feed_lists_meetings_naming_the_member_and_how(client):
    meeting = records.build_wealdshire_meeting()
    person = Person.objects.create(honorific="Cllr", name="Owen Price")
    Membership.objects.create(panel=meeting.panel, person=person)
    dale = Person.objects.create(honorific="Cllr", name="Dale")
    Attendance.objects.create(meeting=meeting, person=person, kind="apologies")
    Attendance.objects.create(meeting=meeting, person=dale, kind="substitute", substitute_for=person)
    draft = Meeting.objects.create(panel=meeting.panel, date="2026-06-01", status=Meeting.Status.DRAFT)
    Declaration.objects.create(meeting=draft, interest="Zqdraftx").people.add(person)
    Attendance.objects.create(meeting=draft, person=person, kind="present")

    html = client.get(person.get_absolute_url()).content.decode()
    assert (
        f'type="application/atom+xml" title="Cllr Owen Price: published minutes naming them (Atom)" href="/people/{person.slug}/feed.atom"'
        in html
    )
    response = client.get(f"/people/{person.slug}/feed.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Cllr Owen Price: published minutes naming them"
    assert [e.link.split("testserver")[-1] for e in feed.entries] == [meeting.get_absolute_url()]
    assert feed.entries[0].summary == "Substituted by Cllr Dale"
    assert "Zqdraftx" not in response.content.decode()
    # Dale's feed says for whom he stood in.
    dale_feed = feedparser.parse(client.get(f"/people/{dale.slug}/feed.atom").content)
    assert dale_feed.entries[0].summary == "Substituted for Cllr Owen Price"
