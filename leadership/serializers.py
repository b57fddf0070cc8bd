"""API shapes for leadership reflection. Shape only: the services hold the rules."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from leadership.blocks import BLOCK_CHOICES, ESSENTIAL_CHOICES
from netwerk.ratings import RatingInput


class BuildingBlockSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    questions = serializers.ListField(child=serializers.CharField())


class BlockRatingSerializer(serializers.Serializer[Any]):
    block = serializers.ChoiceField(choices=BLOCK_CHOICES)
    level = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BlockRatingsInputSerializer(serializers.Serializer[Any]):
    """All five building blocks, each a level from 1 to 4."""

    ratings = BlockRatingSerializer(many=True)

    def as_ratings(self) -> dict[str, RatingInput]:
        return {
            row["block"]: {"level": row["level"], "note": row["note"]}
            for row in self.validated_data["ratings"]
        }


class ComparisonSerializer(serializers.Serializer[Any]):
    block = serializers.CharField(source="block.code")
    leaders = serializers.FloatField(allow_null=True)
    leaders_n = serializers.IntegerField()
    team = serializers.FloatField(allow_null=True)
    team_n = serializers.IntegerField()
    difference = serializers.FloatField(allow_null=True)
    leader_notes = serializers.ListField(child=serializers.CharField())
    team_notes = serializers.ListField(child=serializers.CharField())


class EssentialStateSerializer(serializers.Serializer[Any]):
    essential = serializers.ChoiceField(choices=ESSENTIAL_CHOICES)
    in_place = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)


class SchoolFactsSerializer(serializers.Serializer[Any]):
    """What the platform holds about the school's data work in the period."""

    leaders = serializers.IntegerField()
    leaders_in_datateam = serializers.IntegerField()
    sessions_attended = serializers.IntegerField()
    people_at_sessions = serializers.IntegerField()
    cases_published = serializers.IntegerField()
    cycles_evaluated = serializers.IntegerField()
    internal_coaches = serializers.IntegerField()
    coaches_assigned = serializers.IntegerField()


class ReflectionSerializer(serializers.Serializer[Any]):
    """A school's reflection in one period. `comparison` stays null until a leader opens
    the period for discussion; before that only the number of raters per group shows."""

    period = serializers.CharField()
    is_open = serializers.BooleanField()
    opened_at = serializers.DateTimeField(allow_null=True)
    respondents = serializers.DictField(child=serializers.IntegerField())
    my_group = serializers.CharField(allow_null=True)
    my_ratings = BlockRatingSerializer(many=True)
    comparison = ComparisonSerializer(many=True, allow_null=True)
    discussion_notes = serializers.CharField()
    next_steps = serializers.CharField()
    essentials = EssentialStateSerializer(many=True)
    facts = SchoolFactsSerializer()


class DiscussionSerializer(serializers.Serializer[Any]):
    discussion_notes = serializers.CharField(allow_blank=True, default="")
    next_steps = serializers.CharField(allow_blank=True, default="")


class EssentialsInputSerializer(serializers.Serializer[Any]):
    in_place = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    notes = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class TrendSerializer(serializers.Serializer[Any]):
    block = serializers.CharField()
    period = serializers.CharField()
    leaders_mean = serializers.FloatField(allow_null=True)
    leaders_n = serializers.IntegerField()
    team_mean = serializers.FloatField(allow_null=True)
    team_n = serializers.IntegerField()
