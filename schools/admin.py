from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from schools import services
from schools.access import can_see_private_data
from schools.admin_base import ReadOnlyInline, SchoolPrivateAdmin, apply_to_each
from schools.models import (
    CoachAssignment,
    Datateam,
    DatateamMembership,
    School,
    SchoolMembership,
    User,
)

ROLES_HINT = _("A school leader adds and removes roles on the school's page.")
TEAMS_HINT = _("A school leader, internal or assigned coach changes datateams on their page.")


@admin.register(User)
class PersonAdmin(UserAdmin[User]):
    search_fields = ["username", "first_name", "last_name", "email"]
    list_filter = ["is_staff", "is_superuser", "is_active", "school_memberships__role"]
    readonly_fields = ["erased_at"]


class SchoolMembershipInline(ReadOnlyInline[SchoolMembership]):
    model = SchoolMembership
    fields = ["person", "role", "created_at"]


class CoachAssignmentInline(ReadOnlyInline[CoachAssignment]):
    model = CoachAssignment
    fields = ["coach", "started_on", "ended_on"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    """A school's profile changes through the schools services; its people (school-private)
    show only to staff who may see the school's private data."""

    list_display = ["name", "code", "country", "sector", "region"]
    list_filter = ["country", "sector"]
    search_fields = ["name", "code", "region"]

    def get_readonly_fields(self, request: HttpRequest, obj: School | None = None) -> list[str]:
        # The code and country name the school; create_school checks them once. The
        # retention of raw uploads is no part of the schools services.
        retention = ["raw_upload_retention_days"]
        return retention if obj is None else ["country", "code", *retention]

    def get_inlines(self, request: HttpRequest, obj: School | None) -> list[Any]:
        if obj is not None and (
            request.user.is_superuser or can_see_private_data(request.user, obj)
        ):
            return [SchoolMembershipInline, CoachAssignmentInline]
        return []

    def save_model(
        self, request: HttpRequest, obj: School, form: ModelForm[School], change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            services.update_school(
                school=obj, name=data["name"], sector=data["sector"], region=data["region"]
            )
        else:
            created = services.create_school(
                name=data["name"],
                country=data["country"],
                sector=data["sector"],
                code=data["code"],
                region=data["region"],
            )
            obj.pk = created.pk

    def has_delete_permission(self, request: HttpRequest, obj: School | None = None) -> bool:
        # Deleting a school would take its audit log and history with it.
        return False


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(SchoolPrivateAdmin[SchoolMembership]):
    change_hint = ROLES_HINT
    list_display = ["person", "school", "role", "created_at"]
    list_filter = ["role", "school__country"]
    search_fields = ["person__username", "person__first_name", "person__last_name", "school__name"]
    list_select_related = ["person", "school"]
    actions = ["remove_roles"]

    @admin.action(description=_("Remove the selected roles"), permissions=["act"])
    def remove_roles(self, request: HttpRequest, queryset: QuerySet[SchoolMembership]) -> None:
        apply_to_each(
            self, request, queryset, lambda row: services.remove_school_role(membership=row)
        )


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(SchoolPrivateAdmin[CoachAssignment]):
    change_hint = ROLES_HINT
    list_display = ["coach", "school", "started_on", "ended_on"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["coach__username", "coach__first_name", "coach__last_name", "school__name"]
    list_select_related = ["coach", "school"]
    actions = ["end_assignments"]

    @admin.action(description=_("End the selected assignments today"), permissions=["act"])
    def end_assignments(self, request: HttpRequest, queryset: QuerySet[CoachAssignment]) -> None:
        apply_to_each(
            self, request, queryset, lambda row: services.end_coach_assignment(assignment=row)
        )


class DatateamMembershipInline(ReadOnlyInline[DatateamMembership]):
    model = DatateamMembership
    fields = ["person", "role"]


@admin.register(Datateam)
class DatateamAdmin(SchoolPrivateAdmin[Datateam]):
    change_hint = TEAMS_HINT
    list_display = ["name", "school", "created_at"]
    list_filter = ["school__sector"]
    search_fields = ["name", "school__name"]
    list_select_related = ["school"]
    inlines = [DatateamMembershipInline]


@admin.register(DatateamMembership)
class DatateamMembershipAdmin(SchoolPrivateAdmin[DatateamMembership]):
    change_hint = TEAMS_HINT
    school_path = "datateam__school"
    list_display = ["person", "datateam", "role"]
    list_filter = ["role"]
    search_fields = ["person__username", "person__last_name", "datateam__name"]
    list_select_related = ["person", "datateam"]
