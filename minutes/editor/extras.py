"""What the layout text cannot say, edited in the side panel beside the text and saved with it: a question's asker
linked to a person, and a resolution's named votes. The fields are named by the row's key, so they follow their
paragraph through an edit; a paragraph removed from the text takes its fields with it."""

from django.db.models import Q

from panels.models import Person

from ..models import Question, Resolution

VOTE_SIDES = [("for", "For"), ("against", "Against"), ("abstain", "Abstained")]


def asker_field(question):
    return f"asked_by-{question.pk}"


def vote_field(resolution, side):
    return f"votes-{resolution.pk}-{side}"


def names(value):
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def panel(item, data=None):
    """The side panel's rows, showing what was posted when the page is shown again after a refused save."""
    meeting = item.meeting
    questions = list(item.questions.select_related("asked_by", "introduced_by").order_by("position"))
    resolutions = list(item.resolutions.order_by("position"))
    members = Q(
        memberships__panel_id=meeting.panel_id,
    ) & (Q(memberships__start_date__isnull=True) | Q(memberships__start_date__lte=meeting.date))
    members &= Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=meeting.date)
    linked = [q.asked_by_id for q in questions if q.asked_by_id]
    people = list(Person.objects.filter(members | Q(pk__in=linked)).distinct().order_by("name"))
    rows = []
    for question in questions:
        name = asker_field(question)
        chosen = data.get(name, "") if data is not None and name in data else str(question.asked_by_id or "")
        rows.append({"question": question, "field": name, "chosen": chosen})
    votes = []
    for resolution in resolutions:
        detail = resolution.vote_detail or {}
        sides = []
        for side, label in VOTE_SIDES:
            name = vote_field(resolution, side)
            value = data.get(name, "") if data is not None and name in data else ", ".join(detail.get(side, []))
            sides.append({"field": name, "label": label, "value": value})
        votes.append({"resolution": resolution, "sides": sides})
    return {"extra_questions": rows, "extra_resolutions": votes, "people": people}


def take(result, data):
    """Give the surviving rows of `result` (a merge.Plan) the panel's values; returns problems in words."""
    problems = []
    askers = {}
    for row in result.rows:
        if row.pk is None:
            continue
        if isinstance(row, Question) and asker_field(row) in data:
            value = data[asker_field(row)].strip()
            if value and not value.isdigit():
                problems.append(f"“{row.text[:60]}”: choose the asker from the list.")
                continue
            askers[row] = int(value) if value else None
        elif isinstance(row, Resolution):
            detail = dict(row.vote_detail or {})
            for side, _ in VOTE_SIDES:
                if vote_field(row, side) not in data:
                    continue
                new = names(data[vote_field(row, side)])
                if new:
                    detail[side] = new
                else:
                    detail.pop(side, None)
            if detail != (row.vote_detail or {}):
                row.vote_detail = detail
                changed(result, row)
    known = set(Person.objects.filter(pk__in=[pk for pk in askers.values() if pk]).values_list("pk", flat=True))
    for row, person in askers.items():
        if person is not None and person not in known:
            problems.append(f"“{row.text[:60]}”: the asker chosen no longer exists.")
        elif person != row.asked_by_id:
            row.asked_by_id = person
            changed(result, row)
    return problems


def changed(result, row):
    if row not in result.changed:
        result.changed.append(row)
    if row in result.moved:
        result.moved.remove(row)
