"""API shapes for datasets, case studies and publications. Shape only: rules live in services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from casestudies.anonymisation import Role
from casestudies.cycles import TEMPLATE_CHOICES
from casestudies.models import (
    Action,
    CaseStep,
    CaseStudy,
    Dataset,
    DataSource,
    Evaluation,
    Goal,
    Hypothesis,
    Publication,
    TeamMeeting,
    Theme,
)
from casestudies.models.cases import MAX_SKIP_REASON_CHARS
from casestudies.services import datasets
from casestudies.services.dataset_checks import FindingRow, finding_rows
from netwerk.models import LearningNetwork
from schools.models import School, Sector, User


class DatasetSerializer(serializers.ModelSerializer[Dataset]):
    stage = serializers.CharField(source="stage_display", read_only=True)
    has_raw_file = serializers.BooleanField(read_only=True)
    error = serializers.CharField(source="error_message", read_only=True)
    findings = serializers.SerializerMethodField(
        help_text="Personal data still in the anonymised file, per column and kind; "
        "null until it has been scanned. Any finding blocks acceptance."
    )

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
            "findings",
            "has_raw_file",
            "accepted_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_findings(self, dataset: Dataset) -> list[FindingRow] | None:
        if dataset.output_findings is None:
            return None
        return finding_rows(dataset.output_findings)


class DatasetUploadSerializer(serializers.Serializer[Dataset]):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.all())
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, required=False, default="")


class RolesSerializer(serializers.Serializer[Dataset]):
    roles = serializers.DictField(child=serializers.ChoiceField(choices=[r.value for r in Role]))
    k = serializers.IntegerField(
        min_value=datasets.MIN_K, max_value=datasets.MAX_K, default=datasets.DEFAULT_K
    )
    max_suppression = serializers.FloatField(
        min_value=0, max_value=datasets.MAX_SUPPRESSION, default=datasets.DEFAULT_SUPPRESSION
    )


class StepSerializer(serializers.ModelSerializer[CaseStep]):
    # Completing a step without what the method asks for takes a short reason.
    skip_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=MAX_SKIP_REASON_CHARS
    )

    class Meta:
        model = CaseStep
        fields = ["number", "narrative", "status", "visits", "skip_reason"]
        read_only_fields = ["number", "visits"]


class GoalSerializer(serializers.ModelSerializer[Goal]):
    class Meta:
        model = Goal
        exclude = ["id", "case"]


class HypothesisSerializer(serializers.ModelSerializer[Hypothesis]):
    class Meta:
        model = Hypothesis
        fields = ["id", "statement", "status", "evidence", "conclusion"]
        read_only_fields = ["conclusion"]


class DataSourceSerializer(serializers.ModelSerializer[DataSource]):
    class Meta:
        model = DataSource
        fields = ["id", "kind", "description", "dataset"]


class ActionSerializer(serializers.ModelSerializer[Action]):
    owner_name = serializers.CharField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "description",
            "owner_person",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "hypothesis",
            "measure",
            "start_date",
        ]


class TeamMeetingSerializer(serializers.ModelSerializer[TeamMeeting]):
    attendees = serializers.PrimaryKeyRelatedField(many=True, queryset=User.objects.all())

    class Meta:
        model = TeamMeeting
        fields = ["id", "held_on", "step", "attendees", "decisions", "next_meeting", "created_at"]
        read_only_fields = ["created_at"]


class EvaluationSerializer(serializers.ModelSerializer[Evaluation]):
    class Meta:
        model = Evaluation
        fields = [
            "measured_value",
            "measured_on",
            "goal_reached",
            "reflection",
            "measure",
            "baseline_median",
        ]
        read_only_fields = ["goal_reached", "measure", "baseline_median"]
        # Without a value, the evaluation reads the case's first measure.
        extra_kwargs = {
            "measured_value": {"required": False},
            "measured_on": {"required": False},
        }


class CaseStudySerializer(serializers.ModelSerializer[CaseStudy]):
    steps = StepSerializer(many=True, read_only=True)
    goal = GoalSerializer(read_only=True)
    hypotheses = HypothesisSerializer(many=True, read_only=True)
    data_sources = DataSourceSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    evaluation = EvaluationSerializer(read_only=True)

    class Meta:
        model = CaseStudy
        fields = [
            "id",
            "datateam",
            "template",
            "title",
            "theme",
            "sector",
            "year_levels",
            "current_step",
            "sharing_status",
            "steps",
            "goal",
            "hypotheses",
            "data_sources",
            "actions",
            "evaluation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["sector", "current_step", "sharing_status"]


class PublishSerializer(serializers.Serializer[Publication]):
    networks = serializers.PrimaryKeyRelatedField(queryset=LearningNetwork.objects.all(), many=True)
    name_school = serializers.BooleanField(default=False)


class PublicationSummarySerializer(serializers.ModelSerializer[Publication]):
    """A library result: the publication without its snapshot, which the publication's
    own endpoint (GET /api/publications/<id>/) and publishing return."""

    school_display = serializers.CharField(read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "version",
            "title",
            "school_display",
            "theme",
            "sector",
            "template",
            "furthest_step",
            "goal_reached",
            "networks",
            "published_at",
        ]
        read_only_fields = fields


class PublicationSerializer(PublicationSummarySerializer):
    """A publication with its snapshot."""

    class Meta(PublicationSummarySerializer.Meta):
        fields = [*PublicationSummarySerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class GateSerializer(serializers.Serializer[object]):
    passed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    findings = serializers.ListField(child=serializers.DictField())


class LibraryQuerySerializer(serializers.Serializer[Any]):
    """The library's filters (GET /api/publications/): a bad value is a 400 naming it."""

    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    network = serializers.IntegerField(required=False, min_value=1)
    theme = serializers.ChoiceField(
        choices=Theme.choices, required=False, default="", allow_blank=True
    )
    sector = serializers.ChoiceField(
        choices=Sector.choices, required=False, default="", allow_blank=True
    )
    template = serializers.ChoiceField(
        choices=TEMPLATE_CHOICES, required=False, default="", allow_blank=True
    )
    order = serializers.ChoiceField(
        choices=["relevance", "date"], required=False, default="relevance"
    )
