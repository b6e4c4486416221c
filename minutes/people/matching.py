"""Attendance read from imported minutes, matched to people.

The source is the header's `PRESENT:` / `ALSO PRESENT:` / `IN ATTENDANCE:` / `APOLOGIES:` lines, as the archive's
text and printed minutes write them ('Cllr C Dale (Substitute for Cllr O Price) (Weald District Council)'). A name is matched to a person by its full name, else by surname among the
panel's members; a name that matches nobody (or more than one person) is saved as written and reported."""

import re
from dataclasses import dataclass

from minutes.models import Attendance
from panels.models import Membership, Person

KINDS = {
    "PRESENT": Attendance.Kind.PRESENT,
    "ALSO PRESENT": Attendance.Kind.ALSO_PRESENT,
    "IN ATTENDANCE": Attendance.Kind.IN_ATTENDANCE,
    "APOLOGIES": Attendance.Kind.APOLOGIES,
}
HONORIFICS = ("Councillor", "Cllrs", "Cllr", "Mrs", "Miss", "Mr", "Ms", "Dr")


@dataclass
class Line:
    kind: str
    written: str
    role: str = ""
    council: str = ""
    substitute_for: str = ""
    line: int = 0


def split_names(text):
    """'A (Chair) (X Council), B' → ['A (Chair) (X Council)', 'B']: commas inside brackets do not split."""
    names, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += char
    names.append(current.strip())
    return [n for n in names if n]


def parse_entry(kind, entry, line):
    """'Cllr C Dale (Substitute for Cllr O Price) (Weald District Council)' → a Line."""
    groups = re.findall(r"\(([^()]*)\)", entry)
    written = re.sub(r"\s*\([^()]*\)", "", entry).strip().rstrip(".")
    parsed = Line(kind=kind, written=written, line=line)
    for group in groups:
        group = group.strip()
        if group.lower().startswith("substitute for "):
            parsed.kind = Attendance.Kind.SUBSTITUTE
            parsed.substitute_for = group[len("substitute for ") :].strip()
        elif "council" in group.lower():
            parsed.council = group
        else:
            parsed.role = group
    return parsed


def lines_from(parsed):
    """Every attendance line the text's header gives. (An 'Apologies and Substitutes' item stays minutes text only:
    the archive prints attendance in the header, and an import must print back as the text it came from.)"""
    lines = []
    header = parsed.header
    for label, text, line in header.attendance if header is not None else []:
        lines += [parse_entry(KINDS[label], entry, line) for entry in split_names(text)]
    # The same person twice ('Cllr C Dale' and 'Cllr Dale' under one heading): the first, fuller, wins.
    unique = []
    for line in lines:
        if not any(kept.kind == line.kind and same_name(kept.written, line.written) for kept in unique):
            unique.append(line)
    return unique


def same_name(a, b):
    """Whether two written names can be one person: the same surname, and no initials that disagree."""
    a, b = bare(a).casefold().split(), bare(b).casefold().split()
    if not a or not b or a[-1] != b[-1]:
        return False
    return all(x[0] == y[0] for x, y in zip(a[:-1], b[:-1], strict=False))


def bare(written):
    name = " ".join(written.split())
    for honorific in HONORIFICS:
        if name.startswith(honorific + " "):
            return name[len(honorific) + 1 :]
    return name


class Matcher:
    def __init__(self, panel):
        self.members = [m.person for m in Membership.objects.filter(panel=panel).select_related("person")]

    def __call__(self, written):
        name = bare(written)
        exact = list(Person.objects.filter(name__iexact=name)[:2])
        if len(exact) == 1:
            return exact[0]
        candidates = {p.pk: p for p in self.members if same_name(p.name, name)}
        return next(iter(candidates.values())) if len(candidates) == 1 else None


def save_attendance(meeting, parsed, report):
    """Create the meeting's attendance lines from the text, once: a meeting that already records attendance keeps
    its own (a clerk's register wins over an old copy), and only a draft meeting is changed."""
    lines = lines_from(parsed)
    if not lines:
        return []
    recorded = list(meeting.attendance.filter(item__isnull=True).select_related("person"))
    if recorded:
        present = {Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE}

        def group(kind):
            return "present" if kind in present else kind

        same = len(lines) == len(recorded) and all(
            any(group(r.kind) == group(line.kind) and same_name(r.display_name, line.written) for r in recorded)
            for line in lines
        )
        if not same:
            report.changes.append("attendance: the text's lines differ from the meeting's; the meeting's are kept.")
        return []
    if meeting.status != meeting.Status.DRAFT:
        report.notes.append("attendance: the meeting is published; the text's attendance lines were not added.")
        return []
    match = Matcher(meeting.panel)
    created = []
    for position, line in enumerate(lines):
        person = match(line.written)
        if person is None:
            report.notes.append(f"attendance: no one matches '{line.written}' (line {line.line}); kept as written.")
        stands_for = match(line.substitute_for) if line.substitute_for else None
        if line.substitute_for and stands_for is None:
            report.notes.append(
                f"attendance: no one matches '{line.substitute_for}' (line {line.line}), for whom "
                f"'{line.written}' substituted; the substitute is kept as present."
            )
        kind = line.kind if (line.kind != Attendance.Kind.SUBSTITUTE or stands_for) else Attendance.Kind.PRESENT
        created.append(
            Attendance(
                meeting=meeting,
                kind=kind,
                position=position,
                person=person,
                name="" if person else line.written,
                role=line.role,
                council=line.council,
                substitute_for=stands_for if kind == Attendance.Kind.SUBSTITUTE else None,
            )
        )
    Attendance.objects.bulk_create(created)
    meeting.touch()
    return created
