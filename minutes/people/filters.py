"""The filter of /people/: by panel and by council, each validated against the choices that exist."""

import django_filters
from django.db.models import Q

from panels.models import Membership, Panel, Person, Representation


class PersonFilter(django_filters.FilterSet):
    panel = django_filters.ChoiceFilter(label="Panel", empty_label="Any panel", choices=[], method="filter_panel")
    council = django_filters.ChoiceFilter(
        label="Council", empty_label="Any council", choices=[], method="filter_council"
    )

    class Meta:
        model = Person
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.form.fields["panel"].choices = [("", "Any panel"), *Panel.objects.values_list("slug", "name")]
        councils = set(Membership.objects.exclude(council="").values_list("council", flat=True).distinct())
        councils |= set(Representation.objects.values_list("council", flat=True).distinct())
        self.form.fields["council"].choices = [("", "Any council"), *((c, c) for c in sorted(councils))]

    def filter_panel(self, queryset, name, value):
        return queryset.filter(memberships__panel__slug=value).distinct()

    def filter_council(self, queryset, name, value):
        return queryset.filter(Q(memberships__council=value) | Q(representations__council=value)).distinct()
