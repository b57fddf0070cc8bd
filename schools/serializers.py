"""API shapes for people, schools and datateams. Shape only: rules live in services."""

from __future__ import annotations

from rest_framework import serializers

from schools.models import (
    CoachAssignment,
    Datateam,
    DatateamMembership,
    School,
    SchoolMembership,
    SchoolRole,
    Sector,
    TeamRole,
    User,
)


class PersonSerializer(serializers.ModelSerializer[User]):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class PersonField(serializers.SlugRelatedField[User]):
    """A person referred to by username."""

    def __init__(self) -> None:
        super().__init__(slug_field="username", queryset=User.objects.filter(is_active=True))


class SchoolSerializer(serializers.ModelSerializer[School]):
    class Meta:
        model = School
        fields = ["id", "name", "country", "sector", "code", "region"]
        # Uniqueness is checked by the service, with the model's own messages.
        validators: list[object] = []


class SchoolUpdateSerializer(serializers.Serializer[School]):
    name = serializers.CharField(max_length=200, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    region = serializers.CharField(max_length=100, required=False)


class SchoolMembershipSerializer(serializers.ModelSerializer[SchoolMembership]):
    person = PersonField()
    role = serializers.ChoiceField(choices=SchoolRole.choices)

    class Meta:
        model = SchoolMembership
        fields = ["id", "person", "role"]
        validators: list[object] = []


class CoachAssignmentSerializer(serializers.ModelSerializer[CoachAssignment]):
    coach = PersonField()

    class Meta:
        model = CoachAssignment
        fields = ["id", "coach", "school", "started_on", "ended_on"]
        read_only_fields = ["school", "ended_on"]
        validators: list[object] = []
        extra_kwargs = {"started_on": {"required": False}}


class DatateamMemberSerializer(serializers.ModelSerializer[DatateamMembership]):
    person = PersonField()
    role = serializers.ChoiceField(choices=TeamRole.choices, required=False)

    class Meta:
        model = DatateamMembership
        fields = ["id", "person", "role"]
        validators: list[object] = []


class DatateamSerializer(serializers.ModelSerializer[Datateam]):
    members = DatateamMemberSerializer(source="memberships", many=True, read_only=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Datateam
        fields = ["id", "school", "name", "problem", "members", "warnings"]
        validators: list[object] = []

    def get_warnings(self, datateam: Datateam) -> list[str]:
        from schools.services import composition_warnings

        return composition_warnings(datateam)
