"""A member's Atom feed: each meeting whose published minutes name them, newest change first, saying how."""

from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from panels.models import Person

from .record import person_record

FEED_SIZE = 30


@dataclass
class Mention:
    meeting: object
    lines: list = field(default_factory=list)


def mentions(person):
    record = person_record(person)
    found = {}

    def note(meeting, line):
        found.setdefault(meeting.pk, Mention(meeting)).lines.append(line)

    for entry in record.expected:
        line = entry.outcome_label
        if entry.substitute is not None:
            line = f"Substituted by {entry.substitute.display_name}"
        note(entry.meeting, line)
    for row in record.substituting:
        note(row.meeting, f"Substituted for {row.substitute_for.display_name}")
    for declaration in record.declarations:
        note(declaration.meeting, f"Declared an interest: {declaration.interest}")
    for question in record.questions:
        note(question.item.meeting, f"Asked a question on {question.item}")
    for resolution, how in record.votes:
        note(resolution.item.meeting, f"Voted {how.lower()}: {resolution.wording}")
    for resolution, how in record.motions:
        note(resolution.item.meeting, f"{how}: {resolution.wording}")
    ordered = sorted(found.values(), key=lambda m: (m.meeting.changed_at, m.meeting.pk), reverse=True)
    return ordered[:FEED_SIZE]


class PersonFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, person):
        return f"{person.display_name}: published minutes naming them"

    def link(self, person):
        return person.get_absolute_url()

    def subtitle(self, person):
        return f"Meetings whose published minutes record {person.display_name}: attendance, declarations, questions and votes."

    def items(self, person):
        return mentions(person)

    def item_title(self, mention):
        return mention.meeting.title_line

    def item_description(self, mention):
        return "; ".join(mention.lines)

    def item_link(self, mention):
        return mention.meeting.get_absolute_url()

    def item_guid(self, mention):
        return f"{mention.meeting.get_absolute_url()}#people"

    def item_updateddate(self, mention):
        return mention.meeting.changed_at

    item_pubdate = item_updateddate
