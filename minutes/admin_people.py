"""Choosing a person on a meeting's or item's admin page: the autocomplete asks for the meeting too, and the people
who sat on the meeting's panel on its date come first (PersonAdmin below, registered over panels.admin.PersonAdmin,
reads `?meeting=`: panels imports nothing from minutes)."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db.models import Exists, OuterRef, Q

from panels import admin as panels_admin
from panels.models import Membership, Person

from .models import AgendaItem, Meeting


class MeetingScoped:
    meeting_id = None

    def get_url(self):
        url = super().get_url()
        return f"{url}?meeting={self.meeting_id}" if self.meeting_id else url


class MeetingAutocompleteSelect(MeetingScoped, AutocompleteSelect):
    pass


class MeetingAutocompleteSelectMultiple(MeetingScoped, AutocompleteSelectMultiple):
    pass


def page_meeting_id(request):
    """The meeting whose (or whose item's) admin page the request is for, or None."""
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    if not object_id or not str(object_id).isdigit():
        return None
    if match.url_name.startswith("minutes_agendaitem"):
        # The item's admin page loaded the item before building its forms (remember_page_item): no second read.
        loaded = getattr(request, "minutes_page_items", {})
        if str(object_id) in loaded:
            return loaded[str(object_id)]
        return AgendaItem.objects.filter(pk=object_id).values_list("meeting_id", flat=True).first()
    return int(object_id)


def remember_page_item(request, object_id, item):
    """Note the meeting of the item an admin page loaded, for page_meeting_id() to read."""
    if item is not None:
        request.minutes_page_items = {**getattr(request, "minutes_page_items", {}), str(object_id): item.meeting_id}


class PanelMembersFirstMixin:
    """For inlines with person autocompletes: the widget carries the page's meeting."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Person and db_field.name in self.get_autocomplete_fields(request):
            widget = MeetingAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            widget.meeting_id = page_meeting_id(request)
            kwargs["widget"] = widget
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Person and db_field.name in self.get_autocomplete_fields(request):
            widget = MeetingAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
            widget.meeting_id = page_meeting_id(request)
            kwargs["widget"] = widget
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def members_first(request, queryset):
    """`queryset` of people with the members of `?meeting=`'s panel on the meeting's date first."""
    meeting_id = request.GET.get("meeting", "")
    meeting = Meeting.objects.filter(pk=meeting_id).values("panel_id", "date").first() if meeting_id.isdigit() else None
    if meeting is None:
        return queryset
    sitting = Membership.objects.filter(person=OuterRef("pk"), panel_id=meeting["panel_id"]).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=meeting["date"]),
        Q(end_date__isnull=True) | Q(end_date__gte=meeting["date"]),
    )
    return queryset.annotate(sat_on_panel=Exists(sitting)).order_by("-sat_on_panel", "name", "pk")


class PersonAdmin(panels_admin.PersonAdmin):
    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            queryset = members_first(request, queryset)
        return queryset, may_have_duplicates


admin.site.unregister(Person)
admin.site.register(Person, PersonAdmin)
