from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from schools.models import (
    CoachAssignment,
    Datateam,
    DatateamMembership,
    School,
    SchoolMembership,
    User,
)


class SchoolMembershipInline(admin.TabularInline[SchoolMembership, School]):
    model = SchoolMembership
    extra = 0
    autocomplete_fields = ["person"]


class CoachAssignmentInline(admin.TabularInline[CoachAssignment, School]):
    model = CoachAssignment
    extra = 0
    autocomplete_fields = ["coach"]


@admin.register(User)
class PersonAdmin(UserAdmin[User]):
    search_fields = ["username", "first_name", "last_name", "email"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ["name", "code", "country", "sector", "region"]
    list_filter = ["country", "sector"]
    search_fields = ["name", "code", "region"]
    inlines = [SchoolMembershipInline, CoachAssignmentInline]


class DatateamMembershipInline(admin.TabularInline[DatateamMembership, Datateam]):
    model = DatateamMembership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Datateam)
class DatateamAdmin(admin.ModelAdmin[Datateam]):
    list_display = ["name", "school"]
    search_fields = ["name", "school__name"]
    inlines = [DatateamMembershipInline]
