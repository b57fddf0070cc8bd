"""API shapes for notifications and preferences. Shape only: rules live in the services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from notifications.models import Kind, Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    headline = serializers.CharField(read_only=True)
    actor = serializers.SerializerMethodField()
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "headline",
            "title",
            "summary",
            "url",
            "actor",
            "happens_at",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_actor(self, notification: Notification) -> str | None:
        return notification.actor.display_name if notification.actor is not None else None


class MarkedSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField(help_text="How many notifications were marked read.")


class KindChoiceSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Kind.choices)
    description = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField()
    digest = serializers.BooleanField()


class PreferencesSerializer(serializers.Serializer[Any]):
    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES], required=False
    )
    kinds = KindChoiceSerializer(many=True, required=False)
