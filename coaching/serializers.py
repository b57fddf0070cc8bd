"""API shapes for coach profiles, self-assessments, evidence, feedback and growth. Shape
only: ranges, periods and who may rate whom are the services' rules."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from coaching.competencies import COMPETENCY_CHOICES
from coaching.models import CoachKind, CoachProfile, Evidence, EvidenceKind, SelfAssessment
from netwerk.ratings import RatingInput
from schools.serializers import PersonSerializer


class LevelSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField()
    name = serializers.CharField()
    descriptor = serializers.CharField()


class CompetencySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    levels = LevelSerializer(many=True)


class SchoolRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CoachProfileSerializer(serializers.ModelSerializer[CoachProfile]):
    person = PersonSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=CoachKind.choices)
    schools = serializers.SerializerMethodField()

    class Meta:
        model = CoachProfile
        fields = ["id", "person", "kind", "introduction", "schools"]

    def get_schools(self, profile: CoachProfile) -> list[dict[str, Any]]:
        from coaching.access import coached_schools

        return [{"id": s.pk, "name": s.name} for s in coached_schools(profile)]


class CompetencyRatingSerializer(serializers.Serializer[Any]):
    competency = serializers.ChoiceField(choices=COMPETENCY_CHOICES)
    level = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RatingsInputSerializer(serializers.Serializer[Any]):
    """A period and a list of competency ratings (levels 1 to 4)."""

    period = serializers.CharField(help_text="A half school year: 2025-2026-1 or 2025-2026-2.")
    ratings = CompetencyRatingSerializer(many=True)

    def as_ratings(self) -> dict[str, RatingInput]:
        return {
            row["competency"]: {"level": row["level"], "note": row["note"]}
            for row in self.validated_data["ratings"]
        }


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)

    class Meta:
        model = Evidence
        fields = ["id", "kind", "session", "case", "meeting", "url", "description"]


class EvidenceInputSerializer(EvidenceSerializer):
    period = serializers.CharField(write_only=True)

    class Meta(EvidenceSerializer.Meta):
        fields = ["period", *EvidenceSerializer.Meta.fields]


class SelfAssessmentSerializer(serializers.ModelSerializer[SelfAssessment]):
    ratings = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = SelfAssessment
        fields = ["id", "period", "ratings", "evidence", "updated_at"]

    def get_ratings(self, assessment: SelfAssessment) -> list[dict[str, Any]]:
        return [
            {"competency": r.competency, "level": r.level, "note": r.note}
            for r in assessment.ratings.all()
        ]


class FeedbackReceiptSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.CharField()
    datateam = serializers.IntegerField(source="datateam_id")


class GrowthRowSerializer(serializers.Serializer[Any]):
    competency = serializers.CharField()
    period = serializers.CharField()
    self_level = serializers.FloatField(allow_null=True)
    team_mean = serializers.FloatField(allow_null=True)
    team_n = serializers.IntegerField()


class MeasureSignalsSerializer(serializers.Serializer[Any]):
    measure = serializers.CharField()
    signals = serializers.ListField(child=serializers.CharField())


class MethodPartSerializer(serializers.Serializer[Any]):
    step = serializers.IntegerField()
    need = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the API field "label"
    done = serializers.BooleanField()
    reason = serializers.CharField()


class CockpitRowSerializer(serializers.Serializer[Any]):
    """One cycle in the coach's cockpit (the shape of `coaching.cockpit.CycleRow`)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    actions_url = serializers.CharField()
    school = SchoolRefSerializer()
    datateam = serializers.CharField()
    template = serializers.CharField()
    template_name = serializers.CharField()
    step = serializers.IntegerField()
    step_title = serializers.CharField()
    days_in_step = serializers.IntegerField()
    last_activity = serializers.DateField()
    overdue_actions = serializers.IntegerField()
    open_hypotheses = serializers.IntegerField()
    signals = MeasureSignalsSerializer(many=True)
    warnings = MethodPartSerializer(many=True)
    closed = serializers.BooleanField()
    stalled = serializers.BooleanField()
    skipped = serializers.BooleanField()


class CockpitSerializer(serializers.Serializer[Any]):
    cycles = CockpitRowSerializer(many=True)
