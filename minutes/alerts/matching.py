"""The fan-out: which subscriptions a publication concerns, written as pending alerts in a fixed number of queries
however many subscriptions there are (on PostgreSQL; SQLite, the demo's database, asks each saved search in turn).

Only subscriptions confirmed before the text became public are told (a subscriber is not told of what was already
public when they signed up), and the unique constraints on Alert keep any one thing from being told twice."""

from django.db import connection
from django.db.models import Q

from minutes import search as fulltext
from minutes import visibility
from minutes.models import Attendance, Declaration, Question, Resolution
from panels.models import Person

from .models import Alert, Subscription

# Each saved search's query is parsed once (LATERAL) and matched against the vectors of the meeting's public items;
# before the minutes are published only the agenda's part of a vector (weights A and B) is public text.
SEARCH_MATCHES = """
SELECT s.id, i.id
FROM alerts_subscription s
CROSS JOIN LATERAL (SELECT websearch_to_tsquery('english', s.query) AS q) parsed
JOIN minutes_agendaitem i ON i.id = ANY(%(items)s)
WHERE s.kind = 'search' AND s.confirmed_at <= %(since)s
  AND (s.panel_id IS NULL OR s.panel_id = ANY(%(panels)s))
  AND (s.query = '' OR (CASE WHEN %(minutes)s THEN i.search_vector
                            ELSE ts_filter(i.search_vector, '{a,b}'::"char"[]) END) @@ parsed.q)
"""


def fan_out(meeting_id, event, since):
    """Write the pending alerts that publishing `meeting_id`'s agenda or minutes (`event`) sets off; returns how many
    were written (or were there already). `since` is when the text became public."""
    meeting = visibility.public_meetings().select_related("panel").filter(pk=meeting_id).first()
    if meeting is None or (event == Alert.Event.MINUTES and not meeting.minutes_public):
        return 0
    confirmed = Subscription.objects.filter(confirmed_at__lte=since)
    panels = [pk for pk in (meeting.panel_id, meeting.panel.parent_id) if pk]
    flag = "on_agenda" if event == Alert.Event.AGENDA else "on_minutes"
    alerts = [
        Alert(subscription_id=pk, meeting_id=meeting.pk, event=event)
        for pk in confirmed.filter(kind=Subscription.Kind.PANEL, panel_id__in=panels, **{flag: True}).values_list(
            "pk", flat=True
        )
    ]
    if event == Alert.Event.MINUTES:
        people = named_people(meeting)
        alerts += [
            Alert(subscription_id=pk, meeting_id=meeting.pk, event=Alert.Event.NAMED)
            for pk in confirmed.filter(kind=Subscription.Kind.MEMBER, person_id__in=people).values_list("pk", flat=True)
        ]
    items = list(visibility.public_items().filter(meeting=meeting).values_list("pk", flat=True))
    alerts += [
        Alert(subscription_id=sub, meeting_id=meeting.pk, item_id=item, event=Alert.Event.SEARCH)
        for sub, item in search_matches(meeting, items, panels, since, confirmed)
    ]
    created = Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=2000)
    return len(created)


def search_matches(meeting, items, panels, since, confirmed):
    """[(subscription pk, item pk)] of the saved searches that the meeting's public items match."""
    if not items:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            params = {"items": items, "panels": panels, "since": since, "minutes": meeting.minutes_public}
            cursor.execute(SEARCH_MATCHES, params)
            return cursor.fetchall()
    pairs = []
    public = visibility.public_items().filter(pk__in=items)
    searches = confirmed.filter(kind=Subscription.Kind.SEARCH).filter(Q(panel__isnull=True) | Q(panel_id__in=panels))
    for subscription in searches:
        if not subscription.query:
            pairs += [(subscription.pk, item) for item in items]
            continue
        matched, _ = fulltext.match(public, subscription.query)
        pairs += [(subscription.pk, item) for item in matched.values_list("pk", flat=True)]
    return pairs


def named_people(meeting):
    """Pks of the people the published minutes name: questions asked (not in exempt items), attendance, declarations
    and recorded votes."""
    public_items = visibility.public_items().filter(meeting=meeting, is_exempt=False)
    people = set(
        Question.objects.filter(item__in=public_items, asked_by__isnull=False).values_list("asked_by_id", flat=True)
    )
    people.update(
        Attendance.objects.filter(meeting=meeting, item__isnull=True, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    people.update(
        Declaration.people.through.objects.filter(declaration__meeting=meeting).values_list("person_id", flat=True)
    )
    names = {
        name
        for detail in Resolution.objects.filter(item__in=public_items).values_list("vote_detail", flat=True)
        for key in ("for", "against", "abstain")
        for name in (detail or {}).get(key, [])
        if isinstance(name, str)
    }
    if names:
        people.update(Person.objects.filter(name__in=names).values_list("pk", flat=True))
    return people
