"""API shapes for learning networks, memberships and the signed-in person."""

from __future__ import annotations

from rest_framework import serializers

from netwerk.models import LearningNetwork, NetworkMembership
from schools.models import School, User
from schools.serializers import PersonField, PersonSerializer


class NetworkSerializer(serializers.ModelSerializer[LearningNetwork]):
    coordinators = PersonSerializer(many=True, read_only=True)
    coaches = PersonSerializer(many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = LearningNetwork
        fields = ["id", "name", "description", "coordinators", "coaches", "member_count"]
        validators: list[object] = []
        extra_kwargs: dict[str, dict[str, object]] = {"name": {"validators": []}}


class NetworkMembershipSerializer(serializers.ModelSerializer[NetworkMembership]):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    school_name = serializers.CharField(source="school.name", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = NetworkMembership
        fields = ["id", "network", "school", "school_name", "joined_on", "left_on", "is_active"]
        read_only_fields = ["network", "left_on"]
        validators: list[object] = []
        extra_kwargs = {"joined_on": {"required": False}}


class PersonRefSerializer(serializers.Serializer[User]):
    person = PersonField()


class SchoolRoleSerializer(serializers.Serializer[object]):
    school = serializers.IntegerField()
    school_name = serializers.CharField()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer[User]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    email = serializers.EmailField()
    school_roles = SchoolRoleSerializer(many=True)
    coached_schools = serializers.ListField(child=serializers.IntegerField())
    networks = serializers.ListField(child=serializers.IntegerField())
    coordinated_networks = serializers.ListField(child=serializers.IntegerField())
