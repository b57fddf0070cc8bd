"""School-private API: a school's roles, its coaches and its datateams.

Each endpoint follows one script: access helper → serializer (shape) → service → response.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from schools import access, services
from schools.models import CoachAssignment, Datateam, DatateamMembership, SchoolMembership
from schools.serializers import (
    CoachAssignmentSerializer,
    DatateamMemberSerializer,
    DatateamSerializer,
    SchoolMembershipSerializer,
)


class SchoolMembershipViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Roles held at a school. Visible to the school and its coaches; managed by its leaders."""

    serializer_class = SchoolMembershipSerializer
    filterset_fields = ["role"]

    def get_queryset(self) -> QuerySet[SchoolMembership]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return SchoolMembership.objects.none()
        school = access.school_for_member(self.request.user, self.kwargs["school_pk"])
        return school.memberships.select_related("person")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school = access.school_for_leader(request.user, kwargs["school_pk"])
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.add_school_role(school=school, **serializer.validated_data)
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school = access.school_for_leader(request.user, kwargs["school_pk"])
        membership = access.get_or_404(school.memberships.all(), kwargs["pk"])
        services.remove_school_role(membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CoachAssignmentViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Any]
):
    """External data coaches of a school. Assigned and ended by its leaders."""

    serializer_class = CoachAssignmentSerializer

    def get_queryset(self) -> QuerySet[CoachAssignment]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return CoachAssignment.objects.none()
        school = access.school_for_member(self.request.user, self.kwargs["school_pk"])
        return school.coach_assignments.select_related("coach")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school = access.school_for_leader(request.user, kwargs["school_pk"])
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = services.assign_coach(school=school, **serializer.validated_data)
        return Response(self.get_serializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school = access.school_for_leader(request.user, kwargs["school_pk"])
        assignment = access.get_or_404(school.coach_assignments.all(), kwargs["pk"])
        assignment = services.end_coach_assignment(assignment=assignment)
        return Response(self.get_serializer(assignment).data)


class DatateamViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Datateams of the schools the person belongs to or coaches."""

    serializer_class = DatateamSerializer
    filterset_fields = ["school"]
    search_fields = ["name", "problem"]
    ordering_fields = ["name", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Datateam]:
        return access.datateams_visible_to(self.request.user).prefetch_related(
            "memberships__person"
        )

    def get_object(self) -> Datateam:
        return access.datateam_for_member(self.request.user, self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        school = access.get_or_404(
            access.schools_with_team_management(request.user), data["school"].pk
        )
        team = services.create_datateam(
            school=school, name=data["name"], problem=data.get("problem", "")
        )
        return Response(self.get_serializer(team).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        team = access.datateam_for_manager(request.user, kwargs["pk"])
        serializer = self.get_serializer(team, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        team = services.update_datateam(
            datateam=team, name=data.get("name"), problem=data.get("problem")
        )
        return Response(self.get_serializer(team).data)

    @extend_schema(request=DatateamMemberSerializer, responses=DatateamMemberSerializer)
    @action(detail=True, methods=["post"], serializer_class=DatateamMemberSerializer)
    def members(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        team = access.datateam_for_manager(request.user, kwargs["pk"])
        serializer = DatateamMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.add_datateam_member(datateam=team, **serializer.validated_data)
        return Response(DatateamMemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"members/(?P<member_pk>\d+)",
        serializer_class=DatateamMemberSerializer,
    )
    def remove_member(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        team = access.datateam_for_manager(request.user, kwargs["pk"])
        membership = access.get_or_404(
            DatateamMembership.objects.filter(datateam=team), kwargs["member_pk"]
        )
        services.remove_datateam_member(membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
