"""API shapes for network sessions. Shape only: the rules live in meetings.services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionAction,
    NetworkSession,
    PresentedCase,
    SessionFeedback,
)
from netwerk.markdown import render_markdown
from schools.models import School, User
from schools.serializers import PersonField, PersonSerializer


class NetworkSessionSerializer(serializers.ModelSerializer[NetworkSession]):
    network_name = serializers.CharField(source="network.name", read_only=True)
    host_school_name = serializers.CharField(
        source="host_school.name", read_only=True, allow_null=True, default=None
    )
    facilitators = PersonSerializer(many=True, read_only=True)
    minutes_html = serializers.SerializerMethodField()
    is_past = serializers.SerializerMethodField()
    room = serializers.SerializerMethodField()

    class Meta:
        model = NetworkSession
        fields = [
            "id",
            "network",
            "network_name",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "host_school",
            "host_school_name",
            "facilitators",
            "status",
            "is_past",
            "minutes",
            "minutes_html",
            "room",
            "created_at",
        ]
        read_only_fields = fields

    def get_minutes_html(self, session: NetworkSession) -> str:
        return render_markdown(session.minutes)

    def get_is_past(self, session: NetworkSession) -> bool:
        return session.ends_at <= timezone.now()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_room(self, session: NetworkSession) -> int | None:
        """The id of the session's live room, once someone has opened it."""
        room = session.rooms.first()
        return None if room is None else room.pk


class SessionWriteSerializer(serializers.Serializer[NetworkSession]):
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    online_url = serializers.URLField(required=False, allow_blank=True)
    host_school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(), required=False, allow_null=True
    )
    facilitators = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False
    )
    status = serializers.ChoiceField(choices=NetworkSession.Status.choices, required=False)


class SessionCreateSerializer(SessionWriteSerializer):
    network = serializers.IntegerField()


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    # Checked by the service ("no such cycle"); a plain string keeps one enum per choice set.
    cycle_template = serializers.CharField(max_length=20, required=False, allow_blank=True)
    cycle_step_title = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "title",
            "description",
            "duration_minutes",
            "cycle_template",
            "cycle_step",
            "cycle_step_title",
        ]
        read_only_fields = ["id", "position"]

    def get_cycle_step_title(self, item: AgendaItem) -> str:
        return "" if item.step is None else str(item.step.title)


class MoveSerializer(serializers.Serializer[Any]):
    up = serializers.BooleanField()


class PresentedCaseSerializer(serializers.ModelSerializer[PresentedCase]):
    publication = serializers.IntegerField(source="publication_id")
    title = serializers.CharField(source="publication.title", read_only=True)
    school = serializers.CharField(source="publication.school_display", read_only=True)
    agenda_item = serializers.IntegerField(source="agenda_item_id", required=False, allow_null=True)

    class Meta:
        model = PresentedCase
        fields = ["id", "publication", "title", "school", "agenda_item", "note", "added_at"]
        read_only_fields = ["id", "added_at"]


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    person = PersonField()
    name = serializers.CharField(source="person.display_name", read_only=True)
    school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(), required=False, allow_null=True
    )
    school_name = serializers.CharField(
        source="school.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Attendance
        fields = ["id", "person", "name", "school", "school_name", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]
        validators: list[object] = []


class MinutesSerializer(serializers.Serializer[Any]):
    minutes = serializers.CharField(allow_blank=True, max_length=50_000, trim_whitespace=False)


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    taken_up_by = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "text", "follow_up", "due_date", "taken_up_by", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_taken_up_by(self, decision: Decision) -> list[str]:
        """The schools that took the follow-up into their action plan."""
        return [link.school.name for link in decision.actions.select_related("school")]


class TakeUpSerializer(serializers.Serializer[Any]):
    """`case` (a running case study of the person's school) or `new_cycle` (the title of
    a cycle to start); the service asks for the choice."""

    case = serializers.IntegerField(required=False)
    new_cycle = serializers.CharField(max_length=200, required=False)
    owner = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class DecisionActionSerializer(serializers.ModelSerializer[DecisionAction]):
    school_name = serializers.CharField(source="school.name", read_only=True)
    case = serializers.IntegerField(source="action.case_id", read_only=True)

    class Meta:
        model = DecisionAction
        fields = ["id", "decision", "school", "school_name", "action", "case", "created_at"]
        read_only_fields = fields


class FeedbackSerializer(serializers.ModelSerializer[SessionFeedback]):
    # Ranges are the service's to check, so an API client reads the same message.
    usefulness = serializers.IntegerField()
    motivation = serializers.IntegerField()

    class Meta:
        model = SessionFeedback
        fields = ["id", "usefulness", "motivation", "comment", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list[object] = []


class RatingCountSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField()
    usefulness = serializers.IntegerField()
    motivation = serializers.IntegerField()


class FeedbackSummarySerializer(serializers.Serializer[Any]):
    responses = serializers.IntegerField()
    attendees = serializers.IntegerField()
    usefulness_mean = serializers.FloatField(allow_null=True)
    motivation_mean = serializers.FloatField(allow_null=True)
    distribution = RatingCountSerializer(many=True)
    comments = serializers.ListField(child=serializers.CharField())
