"""Network sessions are planned, recorded and evaluated on their pages, through
meetings.services: read-only here. A calendar feed's secret is never shown; the action
replaces it."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meetings import services
from meetings.models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Decision,
    DecisionAction,
    NetworkSession,
    PresentedCase,
    SessionFeedback,
)
from schools.admin_base import ServiceOnlyAdmin, apply_to_each

SESSION_HINT = _("Coordinators and the network's coaches change sessions on the session's page.")


@admin.register(NetworkSession)
class NetworkSessionAdmin(ServiceOnlyAdmin[NetworkSession]):
    change_hint = SESSION_HINT
    list_display = ["title", "network", "starts_at", "status", "host_school"]
    list_filter = ["status", "network"]
    search_fields = ["title", "location", "network__name"]
    list_select_related = ["network", "host_school"]
    date_hierarchy = "starts_at"


@admin.register(Attendance)
class AttendanceAdmin(ServiceOnlyAdmin[Attendance]):
    change_hint = SESSION_HINT
    list_display = ["session", "person", "school", "recorded_at"]
    list_filter = ["session__network"]
    search_fields = ["session__title", "person__username", "person__last_name"]
    list_select_related = ["session", "person", "school"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceOnlyAdmin[AgendaItem]):
    change_hint = SESSION_HINT
    list_display = ["title", "session", "position", "duration_minutes", "cycle_template"]
    list_filter = ["cycle_template"]
    search_fields = ["title", "description", "session__title"]
    list_select_related = ["session"]


@admin.register(PresentedCase)
class PresentedCaseAdmin(ServiceOnlyAdmin[PresentedCase]):
    change_hint = SESSION_HINT
    list_display = ["publication", "session", "added_at"]
    list_filter = ["session__network"]
    search_fields = ["publication__title", "session__title", "note"]


@admin.register(Decision)
class DecisionAdmin(ServiceOnlyAdmin[Decision]):
    change_hint = SESSION_HINT
    list_display = ["__str__", "session", "due_date", "created_at"]
    list_filter = ["session__network"]
    search_fields = ["text", "follow_up", "session__title"]


@admin.register(DecisionAction)
class DecisionActionAdmin(ServiceOnlyAdmin[DecisionAction]):
    change_hint = _("A school takes a decision into its action plan on the session's page.")
    list_display = ["decision", "school", "taken_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["decision__text", "school__name"]
    exclude = ["action"]  # an action of a school's private action plan


@admin.register(SessionFeedback)
class SessionFeedbackAdmin(ServiceOnlyAdmin[SessionFeedback]):
    change_hint = _("Participants give feedback on the session's page, once each.")
    list_display = ["session", "usefulness", "motivation", "created_at"]
    list_filter = ["usefulness", "motivation", "session__network"]
    search_fields = ["session__title", "comment"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ServiceOnlyAdmin[CalendarFeed]):
    change_hint = _("Each person makes a new link on the sessions page; or use the action here.")
    list_display = ["person", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["person__username", "person__first_name", "person__last_name"]
    exclude = ["token"]
    actions = ["renew"]

    @admin.action(description=_("Replace the secret of the selected feeds"), permissions=["act"])
    def renew(self, request: HttpRequest, queryset: QuerySet[CalendarFeed]) -> None:
        rows = queryset.select_related("person")
        apply_to_each(
            self, request, rows, lambda row: services.renew_calendar_feed(person=row.person)
        )
