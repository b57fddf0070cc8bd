from __future__ import annotations

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from capacity.api import (
    ContributionViewSet,
    NetworkDashboardExportView,
    NetworkDashboardView,
    SchoolDashboardExportView,
    SchoolDashboardView,
)
from casestudies.api import DatasetViewSet
from casestudies.case_api import CaseStudyViewSet, PublicationViewSet
from netwerk.api import NetworkMembershipViewSet, NetworkViewSet, SchoolViewSet, me
from schools.api import CoachAssignmentViewSet, DatateamViewSet, SchoolMembershipViewSet

router = DefaultRouter()
router.register("schools", SchoolViewSet, basename="school")
router.register("networks", NetworkViewSet, basename="network")
router.register("network-memberships", NetworkMembershipViewSet, basename="network-membership")
router.register("datateams", DatateamViewSet, basename="datateam")
router.register("datasets", DatasetViewSet, basename="dataset")
router.register("cases", CaseStudyViewSet, basename="case")
router.register("publications", PublicationViewSet, basename="publication")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register(
    r"schools/(?P<school_pk>\d+)/memberships", SchoolMembershipViewSet, basename="school-membership"
)
router.register(
    r"schools/(?P<school_pk>\d+)/coaches", CoachAssignmentViewSet, basename="school-coach"
)

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("me/", me, name="api-me"),
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
