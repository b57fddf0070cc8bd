"""Network API: the signed-in person, the school directory and learning networks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from netwerk import access, services
from netwerk.models import LearningNetwork, NetworkMembership
from netwerk.profile import profile_of
from netwerk.serializers import (
    MeSerializer,
    NetworkMembershipSerializer,
    NetworkSerializer,
    PersonRefSerializer,
)
from schools import access as school_access
from schools import services as school_services
from schools.models import User
from schools.serializers import SchoolSerializer, SchoolUpdateSerializer


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    assert isinstance(request.user, User)
    return Response(MeSerializer(instance=profile_of(request.user)).data)  # type: ignore[arg-type]


class SchoolViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """The schools a person may know of: their own, coached ones and network partners."""

    serializer_class = SchoolSerializer
    filterset_fields = ["country", "sector", "region"]
    search_fields = ["name", "region", "code"]
    ordering_fields = ["name", "region"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return access.schools_visible_to(self.request.user)

    def get_object(self) -> Any:
        return access.school_for_viewer(self.request.user, self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.can_register_schools(request.user):
            raise NotFound
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        school = school_services.create_school(**serializer.validated_data)
        return Response(self.get_serializer(school).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SchoolUpdateSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school = school_access.school_for_leader(request.user, kwargs["pk"])
        serializer = SchoolUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        school = school_services.update_school(school=school, **serializer.validated_data)
        return Response(self.get_serializer(school).data)


class NetworkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Learning networks the person takes part in; coordinators manage them."""

    serializer_class = NetworkSerializer
    search_fields = ["name", "description"]
    ordering_fields = ["name", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[LearningNetwork]:
        active = Q(memberships__left_on__isnull=True)
        return (
            access.networks_for(self.request.user)
            .annotate(member_count=Count("memberships", filter=active, distinct=True))
            .prefetch_related("coordinators", "coaches")
        )

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "create":
            return [permissions.IsAdminUser()]
        return super().get_permissions()

    def get_object(self) -> LearningNetwork:
        access.network_for_member(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        network = services.create_network(
            name=serializer.validated_data["name"],
            description=serializer.validated_data.get("description", ""),
            coordinators=[request.user] if isinstance(request.user, User) else [],
        )
        return Response(self._representation(network), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        network = access.network_for_coordinator(request.user, kwargs["pk"])
        serializer = self.get_serializer(network, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_network(network=network, **serializer.validated_data)
        return Response(self._representation(network))

    @extend_schema(methods=["get"], responses=NetworkMembershipSerializer(many=True), request=None)
    @extend_schema(
        methods=["post"],
        request=NetworkMembershipSerializer,
        responses=NetworkMembershipSerializer,
    )
    @action(detail=True, methods=["get", "post"], serializer_class=NetworkMembershipSerializer)
    def memberships(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.method == "GET":
            network = access.network_for_member(request.user, kwargs["pk"])
            rows = network.memberships.select_related("school")
            if request.query_params.get("active") in {"1", "true"}:
                rows = rows.active()
            page = self.paginate_queryset(rows)
            data = NetworkMembershipSerializer(page, many=True).data
            return self.get_paginated_response(data)
        network = access.network_for_coordinator(request.user, kwargs["pk"])
        serializer = NetworkMembershipSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.join_network(network=network, **serializer.validated_data)
        return Response(
            NetworkMembershipSerializer(membership).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PersonRefSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="coaches", serializer_class=PersonRefSerializer)
    def add_coach(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        network = access.network_for_coordinator(request.user, kwargs["pk"])
        person = self._person(request)
        services.add_network_coach(network=network, person=person)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PersonRefSerializer, responses={204: None})
    @action(
        detail=True,
        methods=["post"],
        url_path="coordinators",
        serializer_class=PersonRefSerializer,
    )
    def add_coordinator(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        network = access.network_for_coordinator(request.user, kwargs["pk"])
        services.add_coordinator(network=network, person=self._person(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _person(self, request: Request) -> User:
        serializer = PersonRefSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person: User = serializer.validated_data["person"]
        return person

    def _representation(self, network: LearningNetwork) -> Any:
        return self.get_serializer(self.get_queryset().get(pk=network.pk)).data


class NetworkMembershipViewSet(viewsets.GenericViewSet[NetworkMembership]):
    serializer_class = NetworkMembershipSerializer

    def get_queryset(self) -> QuerySet[NetworkMembership]:
        return NetworkMembership.objects.filter(
            network__in=access.networks_coordinated_by(self.request.user)
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = access.membership_for_coordinator(request.user, kwargs["pk"])
        membership = services.leave_network(membership=membership)
        return Response(NetworkMembershipSerializer(membership).data)
