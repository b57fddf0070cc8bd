from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework import exceptions, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import ScopedRateThrottle

from capacity.api import (
    ContributionViewSet,
    NetworkDashboardExportView,
    NetworkDashboardView,
    SchoolDashboardExportView,
    SchoolDashboardView,
)
from casestudies.api import DatasetViewSet
from casestudies.case_api import CaseStudyViewSet, PublicationViewSet
from casestudies.measure_api import MeasureViewSet
from coaching.api import CoachProfileViewSet, coaching_overview, competencies
from leadership.api import ReflectionViewSet, building_blocks
from meetings.api import (
    AgendaItemViewSet,
    AttendanceViewSet,
    DecisionViewSet,
    NetworkSessionViewSet,
    PresentedCaseViewSet,
)
from netwerk.api import NetworkMembershipViewSet, NetworkViewSet, SchoolViewSet, me
from privacy.api import AuditEventViewSet, my_data
from schools.api import CoachAssignmentViewSet, DatateamViewSet, SchoolMembershipViewSet
from schools.auth import lockout_message, lockout_seconds


class LoginLockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS

    def __init__(self, *, wait: int) -> None:
        super().__init__(detail=lockout_message())
        self.wait = wait  # DRF's exception handler turns it into Retry-After


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token. Its own, tighter throttle
    scope (API_THROTTLE_TOKEN) and django-axes' lockout guard against password guessing."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # django-axes marks the request it was given (DRF's, not Django's, so its
            # middleware never sees the mark): a lockout is 429, not "wrong password".
            if getattr(request, "axes_locked_out", False):
                raise LoginLockedOut(wait=lockout_seconds(request._request)) from None
            raise


router = DefaultRouter()
router.register("schools", SchoolViewSet, basename="school")
router.register("networks", NetworkViewSet, basename="network")
router.register("network-memberships", NetworkMembershipViewSet, basename="network-membership")
router.register("datateams", DatateamViewSet, basename="datateam")
router.register("datasets", DatasetViewSet, basename="dataset")
router.register("cases", CaseStudyViewSet, basename="case")
router.register("publications", PublicationViewSet, basename="publication")
router.register("measures", MeasureViewSet, basename="measure")
router.register("sessions", NetworkSessionViewSet, basename="session")
for part, viewset in {
    "agenda": AgendaItemViewSet,
    "cases": PresentedCaseViewSet,
    "attendance": AttendanceViewSet,
    "decisions": DecisionViewSet,
}.items():
    router.register(rf"sessions/(?P<session_pk>\d+)/{part}", viewset, basename=f"session-{part}")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register(
    r"schools/(?P<school_pk>\d+)/memberships", SchoolMembershipViewSet, basename="school-membership"
)
router.register(
    r"schools/(?P<school_pk>\d+)/coaches", CoachAssignmentViewSet, basename="school-coach"
)
router.register("coach-profiles", CoachProfileViewSet, basename="coach-profile")
router.register(
    r"schools/(?P<school_pk>\d+)/leadership", ReflectionViewSet, basename="school-leadership"
)
router.register(r"schools/(?P<school_pk>\d+)/audit", AuditEventViewSet, basename="school-audit")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", me, name="api-me"),
    path("competencies/", competencies, name="api-competencies"),
    path("coaching/overview/", coaching_overview, name="api-coaching-overview"),
    path("leadership-blocks/", building_blocks, name="api-leadership-blocks"),
    path("me/data/", my_data, name="api-my-data"),
    path(
        "networks/<int:pk>/dashboard/", NetworkDashboardView.as_view(), name="api-network-dashboard"
    ),
    path(
        "networks/<int:pk>/dashboard/export/",
        NetworkDashboardExportView.as_view(),
        name="api-network-dashboard-export",
    ),
    path("schools/<int:pk>/dashboard/", SchoolDashboardView.as_view(), name="api-school-dashboard"),
    path(
        "schools/<int:pk>/dashboard/export/",
        SchoolDashboardExportView.as_view(),
        name="api-school-dashboard-export",
    ),
    *router.urls,
]
