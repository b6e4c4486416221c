"""The filters of /items/ (and of /search/, which combines them with the query). Every choice is validated in Python
against a fixed list, so no unchecked input reaches the database."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from panels.models import Panel, Person

from .models import AgendaItem, Attendance, Declaration, Document, Meeting, Question, Resolution

YES_NO = [("yes", "Yes"), ("no", "No")]
SORTS = [("newest", "Newest first"), ("oldest", "Oldest first")]
INVOLVEMENTS = [
    ("questions", "Asked a question"),
    ("declarations", "Declared an interest"),
    ("attendance", "Attended the meeting"),
]


def validate_person(slug):
    # A member's address, as their page links it: the people are too many for a drop-down list.
    if not Person.objects.filter(slug=slug).exists():
        raise ValidationError(f"No member has the address “{slug[:120]}”; follow the link on the member's page.")


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemFilter(django_filters.FilterSet):
    panel = django_filters.ChoiceFilter(
        label="Panel", field_name="meeting__panel__slug", empty_label="Any panel", choices=[]
    )
    date_from = django_filters.DateFilter(
        label="Meeting date from", field_name="meeting__date", lookup_expr="gte", widget=date_input()
    )
    date_to = django_filters.DateFilter(
        label="Meeting date to", field_name="meeting__date", lookup_expr="lte", widget=date_input()
    )
    kind = django_filters.ChoiceFilter(label="Kind of item", choices=AgendaItem.Kind.choices, empty_label="Any kind")
    has_resolutions = django_filters.ChoiceFilter(
        label="Has resolutions", choices=YES_NO, empty_label="Either", method="filter_has_resolutions"
    )
    has_documents = django_filters.ChoiceFilter(
        label="Has documents", choices=YES_NO, empty_label="Either", method="filter_has_documents"
    )
    title = django_filters.CharFilter(label="Words in the title", method="filter_title", max_length=200)
    person = django_filters.CharFilter(
        label="Member (address from /people/)",
        method="filter_person",
        max_length=120,
        validators=[validate_person],
    )
    involvement = django_filters.ChoiceFilter(
        label="The member", choices=INVOLVEMENTS, empty_label="Named in any way", method="filter_nothing"
    )
    sort = django_filters.ChoiceFilter(label="Sort", choices=SORTS, empty_label=None, method="filter_sort")

    # The order the active-filter list and the form follow.
    FIELDS = (
        "panel",
        "date_from",
        "date_to",
        "kind",
        "has_resolutions",
        "has_documents",
        "title",
        "person",
        "involvement",
    )

    class Meta:
        model = AgendaItem
        fields = []

    default_sort = "newest"

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and not data.get("sort"):
            # An absent sort is the default, not an error.
            data = data.copy()
            data["sort"] = self.default_sort
        super().__init__(data, queryset, **kwargs)
        # The field puts its empty_label ("Any panel") first itself.
        self.form.fields["panel"].choices = list(Panel.objects.values_list("slug", "name"))

    def filter_has_resolutions(self, queryset, name, value):
        # Only published, non-exempt minutes count: an exempt item's or an unpublished meeting's resolutions are
        # not the public's to know about.
        published = Q(is_exempt=False, meeting__status__in=Meeting.MINUTES_STATES) & Q(
            Exists(Resolution.objects.filter(item=OuterRef("pk")))
        )
        return queryset.filter(published) if value == "yes" else queryset.exclude(published)

    def filter_has_documents(self, queryset, name, value):
        # An exempt item's papers are not public: they do not count.
        documents = Exists(Document.objects.filter(item=OuterRef("pk"), item__is_exempt=False))
        return queryset.filter(documents) if value == "yes" else queryset.exclude(documents)

    def filter_title(self, queryset, name, value):
        for word in value.split()[:20]:
            queryset = queryset.filter(title__icontains=word)
        return queryset

    def filter_person(self, queryset, name, value):
        """Items whose published minutes name the member: a question asked (not in an exempt item, whose minutes are
        private), a declaration, or attendance at the meeting. Only published minutes count, as on the member page."""
        person = Person.objects.get(slug=value)
        published = Q(meeting__status__in=Meeting.MINUTES_STATES)
        ways = {
            "questions": Q(is_exempt=False) & Q(Exists(Question.objects.filter(item=OuterRef("pk"), asked_by=person))),
            "declarations": Q(Exists(Declaration.objects.filter(item=OuterRef("pk"), people=person))),
            "attendance": Q(
                Exists(
                    Attendance.objects.filter(
                        meeting=OuterRef("meeting"),
                        item__isnull=True,
                        person=person,
                        kind__in=[Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE],
                    )
                )
            ),
        }
        involvement = self.form.cleaned_data.get("involvement")
        if involvement in ways:
            return queryset.filter(published & ways[involvement])
        return queryset.filter(published & (ways["questions"] | ways["declarations"] | ways["attendance"]))

    def filter_nothing(self, queryset, name, value):
        # Read by filter_person; alone it narrows nothing.
        return queryset

    def filter_sort(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("meeting__date", "meeting__start_time", "position", "pk")
        return queryset.order_by("-meeting__date", "-meeting__start_time", "position", "pk")

    def active(self):
        """[(label, shown value, name)] of the filters in force (valid and not empty)."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            return []
        active = []
        for name in self.FIELDS:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            if name == "person":
                shown = Person.objects.filter(slug=value).first() or value
            elif hasattr(field, "choices"):
                shown = dict(field.choices).get(value, value)
            elif hasattr(value, "strftime"):
                shown = value.strftime("%-d %B %Y")
            else:
                shown = value
            active.append((field.label, shown, name))
        return active


class SearchFilter(ItemFilter):
    """The /items/ filters beside a search; relevance is the default order where the database ranks."""

    def __init__(self, data=None, queryset=None, *, ranked=False, **kwargs):
        self.default_sort = "relevance" if ranked else "newest"
        super().__init__(data, queryset, **kwargs)
        choices = [("relevance", "Best match"), *SORTS] if ranked else SORTS
        self.form.fields["sort"].choices = choices

    def filter_sort(self, queryset, name, value):
        # The search orders its own matches (by rank or date); see minutes.search.paginate.
        return queryset
