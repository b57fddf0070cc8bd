"""API shapes for measures, their points and run charts. Shape only: rules live in the
services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from casestudies.measurecsv import parse_number
from casestudies.models import Direction, Measure, MeasureKind, MeasurePoint


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)

    class Meta:
        model = Measure
        fields = ["id", "case", "name", "unit", "kind", "direction", "baseline_until"]
        read_only_fields = ["id", "case"]


class NumberField(serializers.FloatField):
    """A number, also written with a decimal comma ("6,5")."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, str):
            number = parse_number(data)
            if number is None:
                self.fail("invalid")
            data = number
        return super().to_internal_value(data)


class PointSerializer(serializers.ModelSerializer[MeasurePoint]):
    value = NumberField()
    n = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    class Meta:
        model = MeasurePoint
        fields = ["id", "date", "value", "n", "note"]
        read_only_fields = ["id"]
        # The service replaces the point of a date that already has one.
        validators: list[Any] = []


class PointImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, allow_blank=False, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("file" in attrs) == ("text" in attrs):
            raise serializers.ValidationError(_("Send either a CSV file or its text."))
        return attrs


class DatasetPointsSerializer(serializers.Serializer[Any]):
    dataset = serializers.IntegerField()
    column = serializers.CharField(max_length=200)
    aggregation = serializers.ChoiceField(choices=["mean", "percentage", "count"])
    period_column = serializers.CharField(max_length=200)
    equals = serializers.CharField(required=False, allow_blank=True, default="")


class PointRowSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(allow_null=True)


class RunChartSerializer(serializers.Serializer[Any]):
    points = PointRowSerializer(many=True)
    median = serializers.FloatField(allow_null=True)
    useful = serializers.IntegerField()
    longest_run = serializers.IntegerField()
    longest_run_max = serializers.IntegerField(allow_null=True)
    crossings = serializers.IntegerField()
    crossings_min = serializers.IntegerField(allow_null=True)
    signals = serializers.ListField(child=serializers.ChoiceField(["shift", "few_crossings"]))
