from __future__ import annotations

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from casestudies.api import DatasetViewSet
from casestudies.case_api import CaseStudyViewSet, PublicationViewSet
from coaching.api import CoachProfileViewSet, competencies
from leadership.api import ReflectionViewSet, building_blocks
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

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("me/", me, name="api-me"),
    path("competencies/", competencies, name="api-competencies"),
    path("leadership-blocks/", building_blocks, name="api-leadership-blocks"),
    *router.urls,
]
