"""API shapes for rooms. Shape only: the rules live in discussions.services. Messages and
proposals go out in the same JSON as the websocket events (discussions.broadcast)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from discussions.models import Room
from discussions.services import MAX_BODY_CHARS, MAX_CLIENT_ID_CHARS, MAX_TITLE_CHARS
from schools.models import User


class RoomSerializer(serializers.ModelSerializer[Room]):
    class Meta:
        model = Room
        fields = [
            "id",
            "network",
            "kind",
            "title",
            "status",
            "network_session",
            "last_seq",
            "created_at",
        ]
        read_only_fields = ["id", "kind", "status", "network_session", "last_seq", "created_at"]


class MemberSerializer(serializers.ModelSerializer[User]):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name", "username"]


class MemberQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=150)


class HistoryQuerySerializer(serializers.Serializer[Any]):
    after_seq = serializers.IntegerField(min_value=0, default=0)
    limit = serializers.IntegerField(min_value=1, max_value=500, default=100)
    topic = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


# Lengths are checked by the services, so an API client gets the same codes (too_large).
class MessageSendSerializer(serializers.Serializer[Any]):
    client_id = serializers.CharField(max_length=MAX_CLIENT_ID_CHARS)
    body = serializers.CharField(trim_whitespace=False, max_length=MAX_BODY_CHARS * 2)
    reply_to = serializers.IntegerField(required=False, allow_null=True)
    topic = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=200
    )


class MessageEditSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(trim_whitespace=False, max_length=MAX_BODY_CHARS * 2)


class MessageConfirmSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(trim_whitespace=False, required=False)


class ReactionSerializer(serializers.Serializer[Any]):
    emoji = serializers.CharField(max_length=16)
    on = serializers.BooleanField(default=True)


class PinSerializer(serializers.Serializer[Any]):
    pinned = serializers.BooleanField(default=True)


class ProposalCreateSerializer(serializers.Serializer[Any]):
    client_id = serializers.CharField(max_length=MAX_CLIENT_ID_CHARS)
    title = serializers.CharField(max_length=MAX_TITLE_CHARS)
    body = serializers.CharField(
        trim_whitespace=False, required=False, default="", allow_blank=True
    )
    from_message = serializers.IntegerField(required=False, allow_null=True)


class ProposalEditSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=MAX_TITLE_CHARS)
    body = serializers.CharField(trim_whitespace=False, allow_blank=True, required=False)


class NewCycleSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    datateam = serializers.IntegerField(required=False)


class AdoptSerializer(serializers.Serializer[Any]):
    """The school, and the cycle the proposal joins: `case` (a running cycle of that
    school) or `new_cycle` (one started from it). The service asks for the choice."""

    school = serializers.IntegerField()
    case = serializers.IntegerField(required=False)
    new_cycle = NewCycleSerializer(required=False)
    start_date = serializers.DateField(required=False, allow_null=True)


class EvaluateSerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()
    outcome = serializers.CharField()  # its length is checked with the message limit


class RoomCreateSerializer(serializers.Serializer[Any]):
    network = serializers.IntegerField()
    title = serializers.CharField(max_length=MAX_TITLE_CHARS)
