from __future__ import annotations

from typing import Any

from rest_framework import serializers

from capacity.models import Contribution
from capacity.periods import period_errors
from capacity.rules import Category
from capacity.services import MANUAL_RULES
from netwerk.models import LearningNetwork
from schools.models import School


class ContributionSerializer(serializers.ModelSerializer[Contribution]):
    class Meta:
        model = Contribution
        fields = [
            "id",
            "network",
            "school",
            "counterpart_school",
            "category",
            "rule",
            "occurred_on",
            "description",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ManualContributionSerializer(serializers.Serializer[Any]):
    """Shape only: who may record, and what makes an entry valid, is the service's."""

    network = serializers.PrimaryKeyRelatedField(queryset=LearningNetwork.objects.all())
    rule = serializers.ChoiceField(choices=list(MANUAL_RULES), default="manual")
    category = serializers.ChoiceField(
        choices=[("", "—"), *Category.choices], required=False, default=""
    )
    school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.all(), required=False, allow_null=True, default=None
    )
    occurred_on = serializers.DateField()
    description = serializers.CharField(max_length=300)


class DashboardQuerySerializer(serializers.Serializer[Any]):
    schooljaar = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="first year of a school year"
    )
    van = serializers.DateField(required=False, help_text="start of the period")
    tot = serializers.DateField(required=False, help_text="end of the period")
    sector = serializers.CharField(required=False, default="", allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = period_errors(attrs.get("van"), attrs.get("tot"))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ExportQuerySerializer(DashboardQuerySerializer):
    type = serializers.ChoiceField(choices=["xlsx", "csv"], default="xlsx")
    table = serializers.CharField(required=False, default="", help_text="table key (CSV)")


class DashboardTableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))


class PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    sector = serializers.CharField()


class DashboardSerializer(serializers.Serializer[Any]):
    filters = PeriodSerializer()
    tables = DashboardTableSerializer(many=True)
