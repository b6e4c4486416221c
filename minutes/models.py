import math
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from panels.models import Panel, Person

from . import uploads

# Derived or bookkeeping columns that are not part of the record a correction is about.
HISTORY_EXCLUDED = ["updated_at", "changed_at", "search_document", "search_vector"]


def stamp_fields(prefix, verb):
    """The who and when of one workflow transition."""
    return (
        models.DateTimeField(null=True, blank=True, editable=False, help_text=f"When the {verb}."),
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            null=True,
            blank=True,
            editable=False,
            on_delete=models.SET_NULL,
            related_name="+",
            help_text=f"Who {prefix}.",
        ),
    )


class RedactableHistory(models.Model):
    """On every history row of the record: whether its change was recorded as a redaction. The public corrections list
    then says only that text was removed, when and why; the words stay in the history, shown to staff holding
    minutes.view_redacted_text (minutes/record/corrections.py)."""

    is_redaction = models.BooleanField(default=False)

    class Meta:
        abstract = True


# Columns derived from the record (or bookkeeping): changing them through update() changes no page.
DERIVED_FIELDS = {"search_document", "search_vector", "changed_at", "updated_at", "version"}


def pages_changed(using, meetings):
    """Have the stored pages of meetings whose stamp a bulk update moved rendered again when the change commits."""
    from .record.signals import note_change

    note_change(using, rerender=meetings)


class StampingQuerySet(models.QuerySet):
    """update() bypasses save() and its signals, so on a record's rows it moves the change stamp of the meetings
    concerned itself: a cached page is never stale, however its record was changed."""

    meeting_field = "meeting_id"

    def update(self, **kwargs):
        if set(kwargs) <= DERIVED_FIELDS:
            return super().update(**kwargs)
        meetings = set(self.values_list(self.meeting_field, flat=True))
        moved_to = kwargs.get("meeting_id", kwargs.get("meeting"))  # rows moved to another meeting change it too
        if moved_to is not None and self.meeting_field == "meeting_id":
            meetings.add(getattr(moved_to, "pk", moved_to))
        rows = super().update(**kwargs)
        Meeting.objects.filter(pk__in=meetings).update(changed_at=timezone.now())
        pages_changed(self.db, meetings)
        return rows


class ItemContentQuerySet(StampingQuerySet):
    meeting_field = "item__meeting_id"


class MeetingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # As Meeting.save() does: any change to the meeting's row moves its stamp (see StampingQuerySet), and its
        # stored pages are rendered again. A caller that sets the stamp itself looks after what follows from it.
        if set(kwargs) <= DERIVED_FIELDS or "changed_at" in kwargs:
            return super().update(**kwargs)
        kwargs["changed_at"] = timezone.now()
        meetings = set(self.values_list("pk", flat=True))
        rows = super().update(**kwargs)
        pages_changed(self.db, meetings)
        return rows

    def public(self):
        """The one rule for what the public may see: every public route starts here."""
        return self.filter(status__in=Meeting.PUBLIC_STATES)

    def with_public_minutes(self):
        return self.public().filter(status__in=Meeting.MINUTES_STATES)

    def withdrawn_notices(self):
        """Meetings whose approved minutes were withdrawn and not published again: their addresses answer 410 Gone
        with the withdrawal's date and reason, and nothing else of them."""
        return self.exclude(status__in=Meeting.PUBLIC_STATES).filter(withdrawn_from=Meeting.Status.APPROVED)

    def for_listing(self):
        return self.select_related("panel", "panel__parent")

    def for_meeting_page(self, items=None):
        """Everything the meeting page shows, in a fixed number of queries whatever the meeting's size."""
        items = items if items is not None else AgendaItem.objects.all()
        return self.select_related("panel", "panel__parent", "approved_at_meeting").prefetch_related(
            Prefetch("items", queryset=items.with_content().order_by("position"), to_attr="ordered_items"),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person", "substitute_for").order_by("kind", "position"),
            ),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.select_related("item").prefetch_related("people").order_by("position"),
            ),
            Prefetch("documents", queryset=Document.objects.filter(item__isnull=True).order_by("position")),
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (clerks only)"
        AGENDA = "agenda", "Agenda published"
        DRAFT_MINUTES = "draft_minutes", "Draft minutes published"
        APPROVED = "approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    PUBLIC_STATES = (Status.AGENDA, Status.DRAFT_MINUTES, Status.APPROVED, Status.CANCELLED, Status.POSTPONED)
    MINUTES_STATES = (Status.DRAFT_MINUTES, Status.APPROVED)

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    special_name = models.CharField(
        max_length=300, blank=True, help_text="A special meeting's name, printed before the panel's name."
    )
    venue = models.TextField(blank=True, help_text="Full address, a room name, 'Online', or blank.")
    venue_directions_url = models.URLField(blank=True)
    contact = models.TextField(blank=True, help_text="As published, e.g. 'Anna Taylor 03000 416478'.")
    note = models.TextField(blank=True, help_text="An optional note, e.g. a remote-meeting notice.")
    media_url = models.URLField(blank=True, help_text="Webcast or recording.")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    no_declarations = models.BooleanField(
        default=False, help_text="The minutes record that no declarations of interest were made."
    )
    approved_at_meeting = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes_of",
        help_text="The meeting at which these minutes were approved.",
    )
    approved_by_resolution = models.ForeignKey(
        "Resolution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approves_minutes_of",
        help_text="The resolution (at the later meeting) that approved these minutes.",
    )
    # Who moved the meeting through each state, and when (set by minutes.record.workflow, never typed).
    agenda_published_at, agenda_published_by = stamp_fields("published the agenda", "agenda was published")
    minutes_published_at, minutes_published_by = stamp_fields("published the draft minutes", "minutes were published")
    approved_at, approved_by = stamp_fields("recorded the minutes as approved", "minutes were recorded as approved")
    status_changed_at, status_changed_by = stamp_fields("last changed the status", "status last changed")
    # A public meeting returned to draft (minutes.record.workflow's "withdraw"): who, when, why, and what it was. Withdrawn
    # approved minutes leave a notice at their address (410 Gone) saying so.
    withdrawn_at, withdrawn_by = stamp_fields("withdrew the meeting", "meeting was withdrawn")
    withdrawal_reason = models.TextField(blank=True, editable=False, help_text="Why it was withdrawn (published).")
    withdrawn_from = models.CharField(max_length=20, choices=Status, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Moves on whenever the meeting or anything in it changes: the key of every cached rendering of it.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    # Optimistic locking: the admin refuses a save made from a form opened before the last save.
    version = models.PositiveIntegerField(default=0, editable=False)
    # The record's id in the ModernGov system it came from: old mg*.aspx links and web-service ids keep working.
    moderngov_id = models.PositiveIntegerField(
        null=True, blank=True, unique=True, verbose_name="ModernGov id", help_text="Its id in the old ModernGov site."
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, bases=[RedactableHistory])

    class Meta:
        ordering = ["-date", "-start_time"]
        permissions = [
            ("publish_meeting", "Can publish a meeting's agenda and draft minutes, cancel or postpone it"),
            ("approve_minutes", "Can record a meeting's minutes as approved"),
            ("view_redacted_text", "Can see the words a redaction removed from approved minutes"),
        ]
        indexes = [
            # Panel pages list a panel's meetings newest first; the home page lists recent and upcoming ones.
            models.Index(fields=["panel", "-date"], name="meeting_panel_date"),
            models.Index(fields=["status", "date"], name="meeting_status_date"),
            # The home page's recent meetings and every newest-first list read this backwards and stop early.
            models.Index(fields=["-date", "-start_time"], name="meeting_date_time"),
        ]

    def __str__(self):
        return self.title_line

    def get_absolute_url(self):
        return reverse("meeting", args=[self.pk])

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATES

    @property
    def minutes_public(self):
        return self.status in self.MINUTES_STATES

    @property
    def status_heading(self):
        if self.status == self.Status.APPROVED:
            return "Agenda and minutes"
        if self.status == self.Status.DRAFT_MINUTES:
            return "Agenda and draft minutes"
        return "Agenda"

    @property
    def title_line(self):
        from .output.rendering import meeting_title_line

        return meeting_title_line(self)

    def next_item_position(self):
        return (self.items.aggregate(m=Max("position"))["m"] or 0) + 1

    def next_item_number(self):
        """Item numbers run on from meeting to meeting within a panel."""
        last = (
            AgendaItem.objects.filter(meeting__panel_id=self.panel_id)
            .exclude(number="")
            .order_by("-meeting__date", "-position")
            .values_list("number", flat=True)
            .first()
        )
        try:
            return str(int(str(last).rstrip(".")) + 1)
        except (TypeError, ValueError):
            return ""

    def save(self, *args, **kwargs):
        self.changed_at = timezone.now()
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at", "version"}
        super().save(*args, **kwargs)

    def touch(self):
        Meeting.objects.filter(pk=self.pk).update(changed_at=timezone.now())
        pages_changed(router.db_for_write(Meeting), [self.pk])


class AgendaItemQuerySet(StampingQuerySet):
    def public(self):
        """Agenda items the public may see: those of public meetings. Exempt items stay, showing their summary."""
        return self.filter(meeting__status__in=Meeting.PUBLIC_STATES)

    def with_content(self):
        """Items with their points, questions, resolutions and documents, each prefetched into a plain list
        (`AgendaItem.content()` and `document_list()` read them), and without the search columns no page shows."""
        return self.defer("search_document", "search_vector").prefetch_related(
            Prefetch("points", queryset=MinutePoint.objects.order_by("position"), to_attr="prefetched_points"),
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position"),
                to_attr="prefetched_questions",
            ),
            Prefetch("resolutions", queryset=Resolution.objects.order_by("position"), to_attr="prefetched_resolutions"),
            Prefetch("documents", queryset=Document.objects.order_by("position"), to_attr="prefetched_documents"),
        )

    def for_item_page(self):
        return self.select_related("meeting", "meeting__panel", "meeting__panel__parent").with_content()

    def for_item_pdf(self):
        """The item and what its PDF's name and cache key need; its content is read only if the PDF is rendered."""
        return self.select_related("meeting", "meeting__panel", "meeting__panel__parent").defer(
            "search_document", "search_vector"
        )


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        APOLOGIES = "apologies", "Apologies and substitutes"
        DECLARATIONS = "declarations", "Declarations of interest"
        MINUTES_APPROVAL = "minutes_approval", "Minutes approval"
        ELECTION = "election", "Election"
        REPORT = "report", "Report"
        QUESTIONS = "questions", "Questions"
        UPDATE = "update", "Update"
        EXCLUSION = "exclusion", "Exclusion of press and public"
        MEMBERSHIP = "membership", "Membership"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(blank=True, help_text="Display order on the agenda.")
    number = models.CharField(
        max_length=20, blank=True, help_text="The minute number as published ('19'); runs on across meetings."
    )
    agenda_code = models.CharField(max_length=20, blank=True, help_text="The agenda's code, e.g. 'A5'.")
    title = models.CharField(max_length=500, blank=True, help_text="As published, suffixes included.")
    description = models.TextField(
        blank=True, help_text="The agenda's description; paragraphs separated by a blank line."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.REPORT)
    is_exempt = models.BooleanField(default=False, help_text="Taken in private: the public sees only the summary.")
    exempt_summary = models.TextField(blank=True, help_text="The public minute of an exempt item.")
    show_documents_label = models.BooleanField(
        default=True, help_text="The published page shows 'Additional documents:'."
    )
    show_minutes_label = models.BooleanField(default=True, help_text="The published page shows 'Minutes:'.")
    # Plain text of everything the public may read of the item; PostgreSQL indexes it as search_vector.
    search_document = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking, as on Meeting.
    version = models.PositiveIntegerField(default=0, editable=False)
    # The record's id in the ModernGov system it came from: old mg*.aspx links and web-service ids keep working.
    moderngov_id = models.PositiveIntegerField(
        null=True, blank=True, unique=True, verbose_name="ModernGov id", help_text="Its id in the old ModernGov site."
    )
    moderngov_issue_id = models.PositiveIntegerField(
        null=True,
        blank=True,
        db_index=True,  # old mgIssueHistoryHome.aspx?IId= links find the item by it
        verbose_name="ModernGov issue id",
        help_text="The ModernGov issue the item carried (one issue may run over items at several meetings).",
    )

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, bases=[RedactableHistory])

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            # One agenda position per item: the order of the meeting page.
            models.UniqueConstraint(fields=["meeting", "position"], name="item_unique_position"),
            # An exempt item must carry the summary the public reads in its place.
            models.CheckConstraint(
                condition=Q(is_exempt=False) | ~Q(exempt_summary=""), name="item_exempt_has_summary"
            ),
        ]
        indexes = [
            # /items/ filters by kind and sorts by meeting date.
            models.Index(fields=["kind"], name="item_kind"),
            # /search/ matches the full-text query against search_vector (PostgreSQL only; see postgres.py).
            GinIndex(fields=["search_vector"], name="item_search_vector_gin"),
        ]

    def __str__(self):
        label = f"{self.number}. " if self.number else ""
        return f"{label}{self.title or self.description[:60] or '(untitled item)'}"

    def get_absolute_url(self):
        return reverse("item", args=[self.pk])

    def clean(self):
        if self.is_exempt and not self.exempt_summary.strip():
            raise ValidationError({"exempt_summary": "An exempt item needs the public summary of what was decided."})

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = self.meeting.next_item_position()
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def next_content_position(self):
        highest = [
            self.points.aggregate(m=Max("position"))["m"],
            self.questions.aggregate(m=Max("position"))["m"],
            self.resolutions.aggregate(m=Max("position"))["m"],
        ]
        return max([h for h in highest if h is not None], default=0) + 1

    def content(self):
        """The item's points, questions and resolutions in one order (the rows `with_content()` prefetched, when it
        did; else read now)."""
        if hasattr(self, "prefetched_points"):
            blocks = [*self.prefetched_points, *self.prefetched_questions, *self.prefetched_resolutions]
        else:
            blocks = [*self.points.all(), *self.questions.all(), *self.resolutions.all()]
        return sorted(blocks, key=lambda block: block.position)

    def document_list(self):
        """The item's documents in order (prefetched by `with_content()` when it was used)."""
        if hasattr(self, "prefetched_documents"):
            return list(self.prefetched_documents)
        return list(self.documents.order_by("position"))


class ItemContent(models.Model):
    """What points, questions and resolutions share: one position sequence per item, a depth and a label."""

    position = models.PositiveIntegerField(
        blank=True, help_text="Order within the item, shared by its points, questions and resolutions."
    )
    depth = models.PositiveSmallIntegerField(default=0, help_text="0 for a top-level point, 1–3 when nested.")
    label = models.CharField(
        max_length=20, blank=True, help_text="As written: '1.', '(1)', 'a)', '(i)', '·', '-', or blank."
    )

    objects = ItemContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        if self.item_id and self.position is not None:
            clashes = [
                model._meta.verbose_name
                for model in (MinutePoint, Question, Resolution)
                if model.objects.filter(item_id=self.item_id, position=self.position)
                .exclude(pk=self.pk if isinstance(self, model) else None)
                .exists()
            ]
            if clashes:
                raise ValidationError({"position": f"Position {self.position} is already taken by a {clashes[0]}."})

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = self.item.next_content_position()
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"{self._meta.model_name.replace('minutepoint', 'point')}-{self.pk}"


def depth_constraint(name):
    return models.CheckConstraint(condition=Q(depth__lte=3), name=name)


class MinutePoint(ItemContent):
    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        HEADING = "heading", "Sub-heading"
        NOTE = "note", "Post-meeting note"
        ATTENDANCE = "attendance", "Attendance line"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PARAGRAPH)
    text = models.TextField()

    history = HistoricalRecords(bases=[RedactableHistory])

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            # Points are read in order: one position per item.
            models.UniqueConstraint(fields=["item", "position"], name="point_unique_position"),
            depth_constraint("point_depth_at_most_3"),
        ]

    def __str__(self):
        return f"{self.label} {self.text[:80]}".strip()

    def get_absolute_url(self):
        return f"{self.item.get_absolute_url()}#{self.anchor}"


class Question(ItemContent):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="questions")
    introduced_by = models.ForeignKey(
        MinutePoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        help_text="The point that introduces the question (e.g. 'Key issues raised … included the following:').",
    )
    heading = models.CharField(max_length=100, blank=True, help_text="As written, e.g. 'Question 1:'.")
    text = models.TextField(help_text="The question; paragraphs separated by a blank line.")
    asked_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    asked_by_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="Attribution as written, e.g. 'Cllr Imogen Reyes – Ashbury Borough Council'.",
    )
    response = models.TextField(
        blank=True, help_text="The response; paragraphs separated by a blank line, each may start with its label."
    )
    response_inline = models.BooleanField(
        default=False, help_text="The response continues the question's paragraph (the '·' bullet form)."
    )

    history = HistoricalRecords(bases=[RedactableHistory])

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="question_unique_position"),
            depth_constraint("question_depth_at_most_3"),
        ]

    def __str__(self):
        return f"{self.heading or self.label} {self.text[:80]}".strip()


class Resolution(ItemContent):
    class Outcome(models.TextChoices):
        NONE = "", "(no vote recorded)"
        CARRIED = "carried", "Carried"
        LOST = "lost", "Lost"
        UNANIMOUS = "unanimous", "Unanimous"
        WITHOUT_VOTE = "without_vote", "Agreed without a vote"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    lead_in = models.CharField(
        max_length=100,
        blank=True,
        help_text="As written and printed in bold: 'RESOLVED', 'RESOLVED:', 'UNANIMOUSLY RESOLVED'; blank for prose.",
    )
    text = models.TextField(
        help_text="The rest of the wording exactly as entered, e.g. 'that the Panel note the report.'"
    )
    clauses = models.TextField(blank=True, help_text="Lettered clauses, one paragraph each with its label: '(a) …'.")
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    abstentions = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    vote_detail = models.JSONField(
        default=dict,
        blank=True,
        help_text='Recorded votes and elections: {"for": [names], "against": [...], "abstain": [...], '
        '"candidates": {"name": count}}.',
    )

    history = HistoricalRecords(bases=[RedactableHistory])

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="resolution_unique_position"),
            depth_constraint("resolution_depth_at_most_3"),
        ]

    def __str__(self):
        return self.wording[:100]

    @property
    def wording(self):
        return f"{self.lead_in} {self.text}".strip()

    def clean(self):
        super().clean()
        detail = self.vote_detail or {}
        if not isinstance(detail, dict):
            raise ValidationError({"vote_detail": 'Must be an object, e.g. {"for": ["Cllr A"]}.'})
        # moved_by / seconded_by: the member who moved or seconded the motion, as written (member pages list them).
        unknown = set(detail) - {"for", "against", "abstain", "candidates", "moved_by", "seconded_by"}
        if unknown:
            raise ValidationError(
                {
                    "vote_detail": f"Unknown keys: {', '.join(sorted(unknown))} (known: for, against, abstain, "
                    "candidates, moved_by, seconded_by)."
                }
            )
        for key in ("moved_by", "seconded_by"):
            if key in detail and not isinstance(detail[key], str):
                raise ValidationError({"vote_detail": f"'{key}' must be one name."})
        for key in ("for", "against", "abstain"):
            if key in detail and not (
                isinstance(detail[key], list) and all(isinstance(name, str) for name in detail[key])
            ):
                raise ValidationError({"vote_detail": f"'{key}' must be a list of names."})
        candidates = detail.get("candidates", {})
        if not isinstance(candidates, dict) or not all(isinstance(v, int) and v >= 0 for v in candidates.values()):
            raise ValidationError({"vote_detail": "'candidates' must map each name to a whole number of votes."})


def document_upload_to(instance, filename):
    # Kept here because migration 0001 names it; the rule lives in uploads.py.
    return uploads.document_upload_to(instance, filename)


class Document(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        APPENDIX = "appendix", "Appendix"
        AGENDA = "agenda", "Agenda"
        MINUTES = "minutes", "Minutes"
        PRINTED_MINUTES = "printed_minutes", "Printed minutes"
        SUPPLEMENT = "supplement", "Supplement"
        OTHER = "other", "Other"

    objects = StampingQuerySet.as_manager()

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="documents",
        blank=True,
        help_text="Filled in from the item when left blank.",
    )
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text="Blank for a document of the whole meeting (agenda pack, printed minutes).",
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.REPORT)
    is_additional = models.BooleanField(
        default=True, help_text="Listed under 'Additional documents:' rather than beside the item's title."
    )
    file = models.FileField(
        upload_to=document_upload_to,
        blank=True,
        max_length=200,
        validators=[uploads.validate_document_file],
        help_text="PDF, Word, Excel, OpenDocument, PNG or JPEG; checked by content, not name.",
    )
    file_format = models.CharField(max_length=10, blank=True, help_text="Shown before the size, e.g. 'PDF'.")
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    # The record's id in the ModernGov system it came from: old mg*.aspx links and web-service ids keep working.
    moderngov_id = models.PositiveIntegerField(
        null=True, blank=True, unique=True, verbose_name="ModernGov id", help_text="Its id in the old ModernGov site."
    )

    # Papers that are the minutes themselves: public only once the minutes are.
    MINUTES_KINDS = (Kind.MINUTES, Kind.PRINTED_MINUTES)

    class Meta:
        ordering = ["meeting", "item", "position"]
        indexes = [models.Index(fields=["item", "position"], name="document_item_position")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The download route (minutes.documents.download): public only while the meeting is; blank without a file."""
        if not self.file:
            return ""
        return reverse("document", args=[self.pk, PurePosixPath(self.file.name).name])

    def save(self, *args, **kwargs):
        if self.item_id:
            # An item's papers are always under the item's meeting (and its visibility).
            self.meeting_id = self.item.meeting_id
        if self.file:
            if self.size_bytes is None or getattr(self.file, "_committed", True) is False:
                self.size_bytes = self.file.size
            if not self.file_format or getattr(self.file, "_committed", True) is False:
                # A new file brings its own format: a DOCX replacing a PDF is labelled DOCX.
                self.file_format = PurePosixPath(self.file.name).suffix.lstrip(".").upper()
        super().save(*args, **kwargs)

    def clean(self):
        if self.item_id and self.meeting_id and self.item.meeting_id != self.meeting_id:
            raise ValidationError({"item": "The item belongs to another meeting."})

    def is_public_for(self, meeting):
        """Whether the public may have this paper of `meeting` (whose visibility the caller has checked): never an
        exempt item's papers, and minutes only once they are published. An item's own minutes file is allowed before
        its meeting's minutes, as on the published record ("Minutes of the meeting held on …" papers)."""
        if self.item is not None and self.item.is_exempt:
            return False
        return self.item_id is not None or meeting.minutes_public or self.kind not in self.MINUTES_KINDS

    @property
    def size_label(self):
        """'PDF 235 KB', as the published pages show it."""
        if self.size_bytes is None:
            return self.file_format
        kb = max(1, math.floor(self.size_bytes / 1024 + 0.5))
        size = f"{kb} KB" if kb < 1024 else f"{kb / 1024:.1f} MB"
        return f"{self.file_format} {size}".strip()


class Attendance(models.Model):
    class Kind(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Substitute"
        ALSO_PRESENT = "also_present", "Also present"
        IN_ATTENDANCE = "in_attendance", "In attendance"

    objects = StampingQuerySet.as_manager()

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attendance",
        help_text="Only for attendance at one item (e.g. an officer in attendance for this item).",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PRESENT)
    position = models.PositiveIntegerField(default=0)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance")
    name = models.CharField(max_length=200, blank=True, help_text="As written, when it differs or there is no person.")
    role = models.CharField(max_length=100, blank=True, help_text="E.g. 'Chair', 'Commissioner', 'Panel Clerk'.")
    council = models.CharField(max_length=200, blank=True)
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="substituted_by"
    )

    class Meta:
        ordering = ["meeting", "kind", "position"]
        verbose_name_plural = "attendance"
        constraints = [
            # Every attendance line names somebody.
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="attendance_names_someone"),
            # A substitute stands in for a member; nobody else does.
            models.CheckConstraint(
                condition=Q(kind="substitute") | Q(substitute_for__isnull=True),
                name="attendance_only_substitutes_stand_in",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_kind_display()})"

    @property
    def display_name(self):
        return self.name or (self.person.display_name if self.person else "")

    def clean(self):
        if not self.person_id and not self.name.strip():
            raise ValidationError({"name": "Choose a person or write the name as the minutes give it."})
        if self.substitute_for_id and self.kind != self.Kind.SUBSTITUTE:
            raise ValidationError({"substitute_for": "Only a substitute stands in for a member."})
        check_same_meeting(self)


class Declaration(models.Model):
    objects = StampingQuerySet.as_manager()

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
        help_text="The item the interest concerns.",
    )
    position = models.PositiveIntegerField(default=0)
    people = models.ManyToManyField(Person, blank=True, related_name="declarations")
    people_text = models.CharField(
        max_length=300, blank=True, help_text="The declarers as written, e.g. 'Cllrs Horton and Todd'."
    )
    interest = models.TextField(help_text="The interest as declared.")
    is_disclosable_pecuniary = models.BooleanField(default=False, help_text="A Disclosable Pecuniary Interest.")
    left_meeting = models.BooleanField(default=False, help_text="The member(s) left the meeting for the item.")

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self):
        return f"{self.people_text or 'Declaration'}: {self.interest[:60]}"

    def clean(self):
        check_same_meeting(self)


def check_same_meeting(record):
    """An attendance line or declaration may name an item only of its own meeting (the page prints the item)."""
    if record.item_id and record.meeting_id and record.item.meeting_id != record.meeting_id:
        raise ValidationError({"item": "Choose an item of this meeting."})


class RenderedMeeting(models.Model):
    """A public meeting page's own parts, rendered when the record changed (render on write: minutes/output/pages.py).
    Derived data: rebuilt by `manage.py store_pages`, left out of backups."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, primary_key=True, related_name="rendered")
    # The meeting's changed_at these parts were rendered from: under any other stamp they are stale and never served.
    stamp = models.DateTimeField()
    # The code that rendered them (pages.RENDERING): parts rendered by other templates or code are never served.
    version = models.CharField(max_length=16, default="")
    title = models.TextField()  # the page's <title>, before the site's name
    trail = models.JSONField()  # the breadcrumbs: [[label, address or null], …]
    head = models.TextField()
    tail = models.TextField()

    def __str__(self):
        return f"Stored page of meeting {self.meeting_id}"


class RenderedItem(models.Model):
    """An item's parts of the public pages, rendered when the record changed (minutes/output/pages.py)."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, primary_key=True, related_name="rendered")
    stamp = models.DateTimeField()  # the item's meeting's changed_at, as on RenderedMeeting
    version = models.CharField(max_length=16, default="")  # as on RenderedMeeting
    title = models.TextField()  # of the item page, as on RenderedMeeting
    trail = models.JSONField()
    meeting_section = models.TextField()
    page = models.TextField()

    def __str__(self):
        return f"Stored parts of item {self.item_id}"
