"""API shapes for datasets. Shape only: the rules live in casestudies.services."""

from __future__ import annotations

from rest_framework import serializers

from casestudies.anonymisation import Role
from casestudies.models import Dataset
from schools.models import School


class DatasetSerializer(serializers.ModelSerializer[Dataset]):
    stage = serializers.CharField(source="stage_display", read_only=True)
    has_raw_file = serializers.BooleanField(read_only=True)

    class Meta:
        model = Dataset
        fields = [
            "id",
            "school",
            "title",
            "original_name",
            "status",
            "progress",
            "stage",
            "error",
            "row_count",
            "columns",
            "roles",
            "k",
            "max_suppression",
            "report",
            "has_raw_file",
            "accepted_at",
            "created_at",
        ]
        read_only_fields = fields


class DatasetUploadSerializer(serializers.Serializer[Dataset]):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, required=False, default="")


class RolesSerializer(serializers.Serializer[Dataset]):
    roles = serializers.DictField(child=serializers.ChoiceField(choices=[r.value for r in Role]))
    k = serializers.IntegerField(min_value=2, max_value=100, default=5)
    max_suppression = serializers.FloatField(min_value=0, max_value=0.2, default=0.05)
