"""A meeting's life: draft → agenda → draft minutes → approved, or cancelled / postponed on the way; and withdrawn,
back to draft, when something was published by mistake.

Cancelling or postponing a meeting makes it public (its title, venue, items and papers). A meeting that was never
published stays unpublished unless the publisher chooses to announce it (`announce=True`); the confirmation page says
what will become public. Withdrawing needs a reason, which is recorded and, for approved minutes, published at their
old address (410 Gone).

Each move is a named transition, allowed only from its source states and only to a user holding its permission;
`apply()` checks both, under a row lock, and records who moved the meeting and when. The admin's actions and its
change form both go through here, so there is no other way to change a meeting's status from the admin.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Meeting

Status = Meeting.Status
PUBLISH = "minutes.publish_meeting"
APPROVE = "minutes.approve_minutes"


class TransitionError(ValidationError):
    """The meeting is not in a state the transition starts from (or the approval's details do not fit)."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the admin action's wording
    sources: tuple
    target: str
    permission: str
    stamp: str  # which *_at / *_by pair records it

    def allowed_from(self, status):
        return status in self.sources


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("publish_agenda", "Publish the agenda", (Status.DRAFT,), Status.AGENDA, PUBLISH, "agenda_published"),
        Transition(
            "publish_minutes",
            "Publish the draft minutes",
            (Status.AGENDA,),
            Status.DRAFT_MINUTES,
            PUBLISH,
            "minutes_published",
        ),
        Transition(
            "approve_minutes",
            "Record the minutes as approved",
            (Status.DRAFT_MINUTES,),
            Status.APPROVED,
            APPROVE,
            "approved",
        ),
        Transition(
            "cancel_meeting",
            "Cancel the meeting",
            (Status.DRAFT, Status.AGENDA, Status.POSTPONED),
            Status.CANCELLED,
            PUBLISH,
            "status_changed",
        ),
        Transition(
            "postpone_meeting",
            "Postpone the meeting",
            (Status.DRAFT, Status.AGENDA),
            Status.POSTPONED,
            PUBLISH,
            "status_changed",
        ),
        Transition(
            "withdraw",
            "Withdraw (return to draft)",
            Meeting.PUBLIC_STATES,
            Status.DRAFT,
            PUBLISH,
            "withdrawn",
        ),
    )
}
# Moves that make public a meeting that may never have been: from a draft they need announce=True.
ANNOUNCING = ("cancel_meeting", "postpone_meeting")
ANNOUNCE_NEEDED = (
    "was never published: cancelling or postponing it would publish its title, date, venue, agenda items and papers "
    "(on the home page, the item list, search, the calendar and the papers' addresses). Choose to announce it, or "
    "leave it as a draft."
)
REASON_NEEDED = "Give the reason for withdrawing it: it is recorded, and published with approved minutes' notice."


def transition_between(source, target):
    """The transition that moves a meeting from `source` to `target`, or None."""
    return next((t for t in TRANSITIONS.values() if t.target == target and t.allowed_from(source)), None)


def check(meeting, transition, user):
    if not user.has_perm(transition.permission):
        raise PermissionDenied(f"You do not have permission to {transition.label.lower()}.")
    if not transition.allowed_from(meeting.status):
        raise TransitionError(
            f"{meeting}: cannot {transition.label.lower()} while it is “{meeting.get_status_display()}”.",
            code="invalid_transition",
        )


def stamp(meeting, transition, user, now=None):
    """Record who made the move and when (also used when a publisher creates a meeting already in a state)."""
    now = now or timezone.now()
    meeting.status = transition.target if transition else meeting.status
    name = transition.stamp if transition else "status_changed"
    setattr(meeting, f"{name}_at", now)
    setattr(meeting, f"{name}_by", user if user and user.is_authenticated else None)
    if name != "status_changed":
        meeting.status_changed_at, meeting.status_changed_by = now, getattr(meeting, f"{name}_by")
    if transition and meeting.pk:
        # Called inside the transaction that saves the move: printed minutes and alerts follow once it commits.
        from ..tasks import on_transition

        on_transition(meeting.pk, transition.name)


def check_approval(meeting, approved_at_meeting=None, approved_by_resolution=None):
    if approved_by_resolution is not None:
        approving = approved_by_resolution.item.meeting
        if approving.pk == meeting.pk:
            raise TransitionError("Minutes are approved by a resolution of a later meeting, not their own.")
        if approved_at_meeting is not None and approved_at_meeting.pk != approving.pk:
            raise TransitionError("The resolution belongs to another meeting than the one named.")
        approved_at_meeting = approving
    if approved_at_meeting is not None:
        if approved_at_meeting.pk == meeting.pk:
            raise TransitionError("Minutes cannot be approved at their own meeting.")
        if approved_at_meeting.date < meeting.date:
            raise TransitionError("Minutes are approved at a later meeting.")
    return approved_at_meeting


def apply(meeting, name, user, *, approved_at_meeting=None, approved_by_resolution=None, reason="", announce=False):
    """Move `meeting` by the transition called `name` on behalf of `user`; returns the saved meeting.

    Raises PermissionDenied when the user lacks the transition's permission and TransitionError when the meeting is
    not in a source state, when a never-published meeting would be cancelled or postponed without `announce`, or
    when a withdrawal has no reason; in any case nothing is saved.
    """
    transition = TRANSITIONS[name]
    with transaction.atomic():
        # The lock makes the state check and the save one step: two publishers cannot both move the same meeting.
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        check(locked, transition, user)
        if name in ANNOUNCING and locked.status == Status.DRAFT and not announce:
            raise TransitionError(f"{locked} {ANNOUNCE_NEEDED}", code="announce")
        if name == "withdraw":
            if not (reason or "").strip():
                raise TransitionError(f"{locked}: {REASON_NEEDED}", code="reason")
            locked.withdrawn_from = locked.status
            locked.withdrawal_reason = reason.strip()
        if transition.target == Status.APPROVED:
            approved_at_meeting = check_approval(locked, approved_at_meeting, approved_by_resolution)
            if approved_at_meeting is not None:
                locked.approved_at_meeting = approved_at_meeting
            if approved_by_resolution is not None:
                locked.approved_by_resolution = approved_by_resolution
        stamp(locked, transition, user)
        locked._change_reason = reason or transition.label
        locked.save()
    return locked
