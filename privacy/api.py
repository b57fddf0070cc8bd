"""The audit log for a school's leaders, and a person's own data, over the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from privacy.models import AuditEvent
from privacy.services import export_person
from schools import access as school_access
from schools.models import User


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.CharField(source="actor.display_name", default=None, read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "object_type", "object_id", "object_label", "via"]


class AuditEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[AuditEvent]):
    """Who viewed or downloaded the school's private data and who published its cases;
    for that school's leaders only."""

    serializer_class = AuditEventSerializer
    filterset_fields = ["action"]

    def get_queryset(self) -> QuerySet[AuditEvent]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return AuditEvent.objects.none()
        school = school_access.school_for_leader(self.request.user, self.kwargs["school_pk"])
        return AuditEvent.objects.filter(school=school).select_related("actor")


@extend_schema(
    responses={200: OpenApiResponse(description="Everything Netwerk holds about you, as JSON")}
)
@api_view(["GET"])
def my_data(request: Request, *args: Any, **kwargs: Any) -> Response:
    assert isinstance(request.user, User)
    return Response(export_person(request.user))
