"""Who was at a meeting, as the Kent record prints it: `PRESENT:` (the chair marked, substitutes saying for whom,
councils in brackets), `ALSO PRESENT:`, `IN ATTENDANCE:`, then `APOLOGIES:`. The meeting page, the plain text and
the printed minutes all take their lines from here, so the three never disagree."""

from dataclasses import dataclass

from minutes.models import Attendance

GROUPS = [
    ("PRESENT", (Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE)),
    ("ALSO PRESENT", (Attendance.Kind.ALSO_PRESENT,)),
    ("IN ATTENDANCE", (Attendance.Kind.IN_ATTENDANCE,)),
    ("APOLOGIES", (Attendance.Kind.APOLOGIES,)),
]


@dataclass
class Attendee:
    row: Attendance

    @property
    def name(self):
        return self.row.display_name

    @property
    def person(self):
        return self.row.person

    @property
    def role(self):
        return self.row.role

    @property
    def substitute_for(self):
        return self.row.substitute_for

    @property
    def council(self):
        return self.row.council

    @property
    def text(self):
        """'Cllr A Birch (Chair) (Ashbury Borough Council)'; 'Cllr C Dale (Substitute for Cllr O Price) (…)'."""
        parts = [self.name]
        if self.role:
            parts.append(f"({self.role})")
        if self.substitute_for is not None:
            parts.append(f"(Substitute for {self.substitute_for.display_name})")
        if self.council:
            parts.append(f"({self.council})")
        return " ".join(parts)


def attendance_lines(rows):
    """[(label, [Attendee])] of a meeting's whole-meeting attendance `rows` (prefetched with person and
    substitute_for), in the printed order; empty groups are left out."""
    rows = sorted((r for r in rows if r.item_id is None), key=lambda r: r.position)
    lines = []
    for label, kinds in GROUPS:
        attendees = [Attendee(r) for kind in kinds for r in rows if r.kind == kind]
        if attendees:
            lines.append((label, attendees))
    return lines


def attendance_text(rows):
    """The lines as plain text: 'PRESENT: Cllr A Birch (Chair) (Ashbury Borough Council), …'."""
    return [f"{label}: {', '.join(a.text for a in attendees)}" for label, attendees in attendance_lines(rows)]
