"""Room API for decisions, topics and moderation. Each endpoint: access helper →
serializer (shape) → service → response, with the services the websocket calls."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from discussions import access, broadcast, services
from discussions.api import RoomAPIView, person_of, valid
from discussions.decision_models import Poll, PollKind
from discussions.models import Message, MessageReport
from discussions.poll_payloads import poll_payload


class OptionSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(  # type: ignore[assignment]  # a field named as Field.label
        required=False, allow_blank=True, max_length=400
    )
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)


class PollCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PollKind.choices)
    title = serializers.CharField(max_length=400)
    details = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    closes_at = serializers.DateTimeField()
    options = OptionSerializer(many=True, required=False)
    dots = serializers.IntegerField(required=False, allow_null=True)
    anonymous = serializers.BooleanField(default=False)
    hide_results = serializers.BooleanField(default=False)
    location = serializers.CharField(required=False, allow_blank=True, max_length=400)
    online_url = serializers.CharField(required=False, allow_blank=True, max_length=400)


class VoteSerializer(serializers.Serializer[Any]):
    choices = serializers.JSONField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CloseSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField(allow_blank=True, max_length=4000)
    chosen_option = serializers.IntegerField(required=False, allow_null=True)


class TopicSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField(allow_blank=True, max_length=200, trim_whitespace=False)
    on = serializers.BooleanField(default=True)


class TopicMoveSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField(allow_blank=True, max_length=200, trim_whitespace=False)
    message_ids = serializers.ListField(child=serializers.IntegerField(), max_length=1000)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, max_length=4000)


# --- Polls ---------------------------------------------------------------------------------


class PollList(RoomAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="rooms_polls_list")
    def get(self, request: Request, room_id: int) -> Response:
        polls = Poll.objects.filter(room=self.room()).select_related(
            "author", "closed_by", "room", "planned_session"
        )
        viewer = person_of(request).pk
        return Response({"results": [poll_payload(p, viewer_id=viewer) for p in polls]})

    @extend_schema(request=PollCreateSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int) -> Response:
        data = valid(PollCreateSerializer, request.data)
        options = [services.NewOption(**option) for option in data.pop("options", [])]
        person = person_of(request)
        poll = services.create_poll(room=self.room(), author=person, options=options, **data)
        return Response(poll_payload(poll, viewer_id=person.pk), status=status.HTTP_201_CREATED)


class PollDetail(RoomAPIView):
    def poll(self) -> Poll:
        return access.poll_for_member(self.request.user, self.room(), self.kwargs["pk"])

    def target(self) -> object:
        return self.poll()

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="rooms_polls_retrieve")
    def get(self, request: Request, room_id: int, pk: int) -> Response:
        return Response(poll_payload(self.poll(), viewer_id=person_of(request).pk))


class PollVote(PollDetail):
    http_method_names = ["post", "options"]

    @extend_schema(request=VoteSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        """Vote; voting again replaces the vote."""
        data = valid(VoteSerializer, request.data)
        person = person_of(request)
        poll = services.vote(poll=self.poll(), person=person, **data)
        return Response(poll_payload(poll, viewer_id=person.pk))


class PollClose(PollDetail):
    http_method_names = ["post", "options"]

    @extend_schema(request=CloseSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        """Close with the outcome (and a time poll's winning option)."""
        data = valid(CloseSerializer, request.data)
        person = person_of(request)
        poll = services.close_poll(poll=self.poll(), person=person, **data)
        return Response(poll_payload(poll, viewer_id=person.pk))


# --- Topics --------------------------------------------------------------------------------


class TopicList(RoomAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="rooms_topics_list")
    def get(self, request: Request, room_id: int) -> Response:
        topics = services.topics_of(room=self.room(), person=person_of(request))
        return Response({"results": [topic.__dict__ for topic in topics]})


class TopicResolve(RoomAPIView):
    @extend_schema(request=TopicSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int) -> Response:
        """`on`: resolve (true) or reopen (false) the topic."""
        data = valid(TopicSerializer, request.data)
        state = services.resolve_topic(
            room=self.room(), person=person_of(request), topic=data["topic"], resolved=data["on"]
        )
        return Response({"name": state.name, "resolved": state.resolved_at is not None})


class TopicMute(RoomAPIView):
    @extend_schema(request=TopicSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int) -> Response:
        """`on`: mute (true) or unmute (false) the topic, for oneself."""
        data = valid(TopicSerializer, request.data)
        muted = services.mute_topic(
            room=self.room(), person=person_of(request), topic=data["topic"], muted=data["on"]
        )
        return Response({"name": services.clean_topic(data["topic"]), "muted": muted})


class TopicMove(RoomAPIView):
    def target(self) -> object:
        return access.room_for_coordinator(self.request.user, self.kwargs["room_id"])

    @extend_schema(request=TopicMoveSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int) -> Response:
        """A coordinator moves messages to a topic."""
        data = valid(TopicMoveSerializer, request.data)
        moved = services.move_messages(
            room=self.room(),
            person=person_of(request),
            message_ids=data["message_ids"],
            topic=data["topic"],
        )
        return Response({"topic": moved[0].topic, "moved": [m.pk for m in moved]})


# --- Moderation ----------------------------------------------------------------------------


class MessageReportView(RoomAPIView):
    def target(self) -> object:
        return self.message()

    def message(self) -> Message:
        return access.message_for_member(self.request.user, self.room(), self.kwargs["pk"])

    @extend_schema(request=ReasonSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        data = valid(ReasonSerializer, request.data)
        report = services.report_message(
            message=self.message(), reporter=person_of(request), reason=data["reason"]
        )
        return Response({"id": report.pk, "message": report.message_id}, status=201)


class MessageHide(MessageReportView):
    def target(self) -> object:
        access.room_for_coordinator(self.request.user, self.kwargs["room_id"])
        return self.message()

    @extend_schema(request=ReasonSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, room_id: int, pk: int) -> Response:
        """A coordinator hides the message: a tombstone stays, the reason is audited."""
        data = valid(ReasonSerializer, request.data)
        message = services.hide_message(
            message=self.message(), moderator=person_of(request), reason=data["reason"]
        )
        return Response(broadcast.message_payload(message))


class MemberRemove(RoomAPIView):
    def target(self) -> object:
        return access.person_in_room(self.request.user, self.room(), self.kwargs["person_id"])

    @extend_schema(request=ReasonSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, room_id: int, person_id: int) -> Response:
        sent = request.data if isinstance(request.data, dict) else {}
        data = valid(ReasonSerializer, {"reason": sent.get("reason", "")})
        removal = services.remove_member(
            room=self.room(),
            person=access.person_in_room(request.user, self.room(), person_id),
            moderator=person_of(request),
            reason=data["reason"],
        )
        return Response({"room": removal.room_id, "person": removal.person_id}, status=201)


class Moderation(RoomAPIView):
    """For the room's coordinators: reports (open ones first) and hidden messages."""

    def target(self) -> object:
        return access.room_for_coordinator(self.request.user, self.kwargs["room_id"])

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, room_id: int) -> Response:
        room = self.room()
        reports = (
            MessageReport.objects.filter(message__room=room)
            .select_related("message__author", "reporter")
            .order_by("handled_at", "-created_at")[:200]
        )
        hidden = (
            Message.objects.filter(room=room, hidden_at__isnull=False)
            .select_related("author", "hidden_by")
            .order_by("-hidden_at")[:200]
        )
        return Response(
            {
                "reports": [report_payload(r) for r in reports],
                "hidden": [hidden_payload(m) for m in hidden],
            }
        )


def quoted(message: Message) -> dict[str, Any]:
    """The message as its coordinators judge it: its own text, hidden or not."""
    return {
        "id": message.pk,
        "seq": message.seq,
        "author": broadcast.person(message.author),
        "excerpt": broadcast.excerpt(message.body_html),
        "hidden": message.hidden_at is not None,
    }


def report_payload(report: MessageReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "message": quoted(report.message),
        "reporter": broadcast.person(report.reporter),
        "reason": report.reason,
        "created_at": report.created_at.isoformat(),
        "handled": report.handled_at is not None,
    }


def hidden_payload(message: Message) -> dict[str, Any]:
    assert message.hidden_at is not None
    hidden_by = broadcast.person(message.hidden_by) if message.hidden_by else None
    return {**quoted(message), "hidden_at": message.hidden_at.isoformat(), "hidden_by": hidden_by}
