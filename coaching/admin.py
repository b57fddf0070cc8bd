"""Coach profiles, self-assessments and team feedback change on the coach pages, through
coaching.services. Team feedback names a datateam of a school: school-private, and who gave
it stays with superusers."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coaching.models import (
    CoachProfile,
    Evidence,
    FeedbackRating,
    SelfAssessment,
    SelfRating,
    TeamFeedback,
)
from schools.admin_base import SchoolPrivateAdmin, ServiceOnlyAdmin

COACH_HINT = _("Coaches keep their profile and self-assessments on their coach page.")
FEEDBACK_HINT = _("Datateam members give feedback on their coach's page.")


@admin.register(CoachProfile)
class CoachProfileAdmin(ServiceOnlyAdmin[CoachProfile]):
    change_hint = COACH_HINT
    list_display = ["person", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["person__username", "person__first_name", "person__last_name"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ServiceOnlyAdmin[SelfAssessment]):
    change_hint = COACH_HINT
    list_display = ["profile", "period", "updated_at"]
    list_filter = ["period"]
    search_fields = ["profile__person__username", "profile__person__last_name"]


@admin.register(SelfRating)
class SelfRatingAdmin(ServiceOnlyAdmin[SelfRating]):
    change_hint = COACH_HINT
    list_display = ["assessment", "competency", "level"]
    list_filter = ["competency", "level"]
    search_fields = ["assessment__profile__person__username", "note"]


@admin.register(Evidence)
class EvidenceAdmin(ServiceOnlyAdmin[Evidence]):
    change_hint = COACH_HINT
    list_display = ["__str__", "assessment", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["description", "assessment__profile__person__username"]
    exclude = ["case"]  # a case's working copy is school-private


@admin.register(TeamFeedback)
class TeamFeedbackAdmin(SchoolPrivateAdmin[TeamFeedback]):
    change_hint = FEEDBACK_HINT
    school_path = "datateam__school"
    list_display = ["profile", "datateam", "period", "created_at"]
    list_filter = ["period"]
    search_fields = ["profile__person__username", "datateam__name"]

    def get_exclude(self, request: HttpRequest, obj: TeamFeedback | None = None) -> list[str]:
        return [] if request.user.is_superuser else ["giver"]


@admin.register(FeedbackRating)
class FeedbackRatingAdmin(SchoolPrivateAdmin[FeedbackRating]):
    change_hint = FEEDBACK_HINT
    school_path = "feedback__datateam__school"
    list_display = ["feedback", "competency", "level"]
    list_filter = ["competency", "level"]
    search_fields = ["feedback__profile__person__username", "note"]
