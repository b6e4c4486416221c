"""A meeting's published minutes as an Akoma Ntoso 3.0 `debate` (OASIS LegalDocML): each agenda item a
`debateSection`, its points paragraphs, its questions `question`/`answer` pairs inside `questions`, its resolutions
`resolutions`, the attendance a `rollCall`, and everyone named a `TLCPerson`. The content comes from the same ordered
walk as the pages (`rendering.walk`), so an exempt item gives only its public summary; the XML is a template
(templates/opendata/minutes.akn.xml), which escapes every value."""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from minutes.models import Attendance
from minutes.output.rendering import walk
from minutes.visibility import get_meeting, require_minutes

from .http import conditional

COUNTRY = "gb"


@dataclass
class Reference:
    eid: str
    href: str
    show_as: str


@dataclass
class People:
    """The TLCPerson references of one document, each made once."""

    refs: dict = field(default_factory=dict)

    def person(self, person):
        return self.add(f"person_{person.pk}", f"/ontology/person/{person.slug}", person.display_name)

    def named(self, key, name):
        return self.add(f"named_{key}", f"/ontology/person/{slugify(name) or key}", name)

    def add(self, eid, href, show_as):
        self.refs.setdefault(eid, Reference(eid, href, show_as))
        return f"#{eid}"


def section(block, people):
    """One block of an item's minutes as the template draws it."""
    obj = block.obj
    if block.kind == "question":
        if obj.asked_by_id:
            asker = people.person(obj.asked_by)
        elif obj.asked_by_text:
            asker = people.named(f"question_{obj.pk}", obj.asked_by_text.strip("() "))
        else:
            asker = people.add("questioner", "/ontology/role/questioner", "Questioner")
        return {
            "kind": "question",
            "eid": f"qs_{obj.pk}",
            "heading": obj.heading,
            "label": block.label,
            "by": asker,
            "attribution": obj.asked_by_text,
            "question": block.extra["paras"],
            "answer": [f"{p.label} {p.text}".strip() for p in block.extra["response"]],
            "respondent": people.add("respondent", "/ontology/role/respondent", "Respondent"),
        }
    if block.kind == "resolution":
        return {
            "kind": "resolution",
            "eid": f"res_{obj.pk}",
            "label": block.label,
            "lead_in": obj.lead_in,
            "paras": block.extra["paras"],
            "clauses": [f"{p.label} {p.text}".strip() for p in block.extra["clauses"]],
        }
    return {
        "kind": "heading" if block.kind == "heading" else "point",
        "label": block.label,
        "paras": block.extra.get("paras", []),
    }


def document_context(meeting, items):
    people = People()
    roll = []
    for line in meeting.attendance.all():
        if line.item_id is None:
            ref = people.person(line.person) if line.person_id else people.named(f"attendee_{line.pk}", line.name)
            roll.append((line, ref))
    groups = [
        (label, [(line, ref) for line, ref in roll if line.kind == kind]) for kind, label in Attendance.Kind.choices
    ]
    sections = [
        {"item": item, "eid": f"item_{item.pk}", "blocks": [section(b, people) for b in walk(item, public=True)]}
        for item in items
    ]
    work = f"/akn/{COUNTRY}/debate/{meeting.date.isoformat()}/{meeting.panel.slug}/meeting-{meeting.pk}"
    return {
        "meeting": meeting,
        "work": work,
        "expression": f"{work}/eng@{(meeting.minutes_published_at or meeting.changed_at).date().isoformat()}",
        "published": (meeting.minutes_published_at or meeting.changed_at).date(),
        "generated": timezone.localdate(),
        "panel_ref": f"panel_{meeting.panel.pk}",
        "roll_call": [(label, rows) for label, rows in groups if rows],
        "sections": sections,
        "people": list(people.refs.values()),
    }


def render_minutes(request, meeting):
    return render(
        request,
        "opendata/minutes.akn.xml",
        document_context(meeting, meeting.ordered_items),
        content_type="application/akn+xml; charset=utf-8",
    )


@require_safe
def meeting_minutes(request, pk):
    """`/meetings/<pk>/minutes.akn.xml`: once the minutes are published (staff may check a preview)."""
    meeting = get_meeting(request, pk, lambda qs: qs.for_meeting_page())
    require_minutes(request, meeting)
    return conditional(request, render_minutes(request, meeting), meeting.changed_at)
