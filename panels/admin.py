from django.contrib import admin

from .models import Membership, Panel, Person, Representation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["person"]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "host_authority", "parent", "is_synthetic"]
    list_filter = ["host_authority", "is_synthetic"]
    search_fields = ["name", "short_name", "host_authority"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


class PersonMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["panel"]


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "party", "is_synthetic"]
    list_filter = ["honorific", "party", "is_synthetic"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RepresentationInline, PersonMembershipInline]
    # minutes.admin_people registers a subclass whose autocomplete puts a meeting's panel members first.


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "panel", "role", "council", "start_date", "end_date"]
    list_filter = ["role", "panel"]
    search_fields = ["person__name", "council", "panel__name"]
    autocomplete_fields = ["person", "panel"]
    list_select_related = ["person", "panel"]
