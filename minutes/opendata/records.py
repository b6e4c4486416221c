"""Per-record JSON (`/meetings/<pk>.json`, `/items/<pk>.json`): the OParl object of the meeting or item, plus the
minutes as structured data (points, questions with their responses, resolutions with their votes, in order, with the
labels and depths as written), attendance and declarations. Read through the same access helpers as the pages, so a
draft is a stranger's 404 and staff see a preview; minutes appear only once published, an exempt item's as its
summary."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from minutes.output.rendering import walk
from minutes.visibility import get_item, get_meeting, is_previewer

from . import oparl
from .http import conditional


def block_data(ctx, block):
    obj = block.obj
    base = {"label": block.label, "depth": block.depth}
    if block.kind == "summary":
        return {"type": "summary", "text": "\n\n".join(block.extra["paras"])}
    if block.kind == "question":
        return base | {
            "type": "question",
            "id": obj.pk,
            "heading": obj.heading,
            "text": obj.text,
            "askedBy": ctx.url("person", obj.asked_by_id) if obj.asked_by_id else None,
            "askedByText": obj.asked_by_text,
            "response": [{"label": p.label, "text": p.text} for p in block.extra["response"]],
        }
    if block.kind == "resolution":
        return base | {
            "type": "resolution",
            "id": obj.pk,
            "leadIn": obj.lead_in,
            "text": obj.text,
            "clauses": [{"label": p.label, "text": p.text} for p in block.extra["clauses"]],
            "votes": {"for": obj.votes_for, "against": obj.votes_against, "abstentions": obj.abstentions},
            "outcome": obj.outcome,
            "voteDetail": obj.vote_detail,
        }
    return base | {"type": block.kind, "id": obj.pk, "text": obj.text}


def item_minutes(ctx, item, show_minutes):
    return [block_data(ctx, block) for block in walk(item, public=True)] if show_minutes else []


def attendance_data(ctx, meeting):
    return [
        {
            "kind": line.kind,
            "name": line.display_name,
            "person": ctx.url("person", line.person_id) if line.person_id else None,
            "role": line.role,
            "council": line.council,
            "substituteFor": ctx.url("person", line.substitute_for_id) if line.substitute_for_id else None,
        }
        for line in meeting.attendance.all()
        if line.item_id is None
    ]


def json_response(request, data, last_modified):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    if is_previewer(request):
        response["Cache-Control"] = "private, no-store"
    return conditional(request, response, last_modified)


@require_safe
def meeting_json(request, pk):
    meeting = get_meeting(request, pk, lambda qs: qs.for_meeting_page())
    ctx = oparl.Context(request)
    show_minutes = meeting.minutes_public or is_previewer(request)
    data = oparl.meeting_object(ctx, meeting)
    data["minutes"] = [
        {"agendaItem": ctx.url("agendaItem", item.pk), "blocks": item_minutes(ctx, item, show_minutes)}
        for item in meeting.ordered_items
    ]
    data["attendance"] = attendance_data(ctx, meeting) if show_minutes else []
    data["declarations"] = (
        [
            {
                "people": [ctx.url("person", p.pk) for p in declaration.people.all()],
                "peopleText": declaration.people_text,
                "interest": declaration.interest,
                "agendaItem": ctx.url("agendaItem", declaration.item_id) if declaration.item_id else None,
                "disclosablePecuniary": declaration.is_disclosable_pecuniary,
                "leftMeeting": declaration.left_meeting,
            }
            for declaration in meeting.declarations.all()
        ]
        if show_minutes
        else []
    )
    return json_response(request, data, meeting.changed_at)


@require_safe
def item_json(request, pk):
    item = get_item(request, pk)
    meeting = item.meeting
    ctx = oparl.Context(request)
    show_minutes = meeting.minutes_public or is_previewer(request)
    data = oparl.agenda_item_object(ctx, item, meeting)
    data["minutes"] = item_minutes(ctx, item, show_minutes)
    return json_response(request, data, meeting.changed_at)
