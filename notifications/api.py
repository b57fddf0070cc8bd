"""Notification API: a person's own notifications and what they choose to receive."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import access, services, todo
from notifications.models import Kind, Notification
from notifications.serializers import (
    MarkedSerializer,
    NotificationSerializer,
    PreferencesSerializer,
)
from notifications.todo import TodoItem
from schools.models import User


def person_of(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notification]
):
    """Your notifications, newest first; `?unread=true` for the unread ones only."""

    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["created_at"]

    def get_queryset(self) -> QuerySet[Notification]:
        notifications = access.notifications_for(self.request.user)
        if self.request.query_params.get("unread", "").lower() in {"1", "true", "yes"}:
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    def get_object(self) -> Notification:
        return access.notification_for_recipient(self.request.user, self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", bool, description="Only notifications not yet read.")
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        notification = services.mark_read(notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"marked": services.mark_all_read(person=person_of(request))})


class NotificationPreferences(APIView):
    """Per kind: in the app and/or in the daily e-mail digest; and the e-mail language.
    PUT and PATCH change only the kinds they name."""

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request: Request) -> Response:
        return Response(shape(*services.preferences_of(person_of(request))))

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def put(self, request: Request) -> Response:
        serializer = PreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kinds = {
            item["kind"]: services.Choice(in_app=item["in_app"], digest=item["digest"])
            for item in data.get("kinds", [])
        }
        saved = services.set_preferences(
            person=person_of(request), language=data.get("language"), kinds=kinds
        )
        return Response(shape(*saved))

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def patch(self, request: Request) -> Response:
        return self.put(request)


def shape(language: str, choices: dict[str, services.Choice]) -> dict[str, Any]:
    return {
        "language": language,
        "kinds": [
            {
                "kind": kind,
                "description": str(Kind(kind).label),
                "in_app": choice.in_app,
                "digest": choice.digest,
            }
            for kind, choice in choices.items()
        ],
    }


class TodoItemSerializer(serializers.Serializer[TodoItem]):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    school = serializers.CharField(allow_null=True)
    details = serializers.ListField(child=serializers.CharField())


class Todo(APIView):
    """What waits for you: approvals, datasets, your actions, open hypotheses, sessions
    with their agenda, unread mentions and replies, proposals awaiting your school."""

    @extend_schema(responses=TodoItemSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response({"items": todo.todo_for(person_of(request))})
