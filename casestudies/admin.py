"""Case studies and datasets are school-private: staff see those of schools where they have
a role or an active coach assignment, superusers all; every change page shown is in the
school's audit log. Only superusers see where a dataset's files are. Publications are
frozen snapshots. Everything changes through casestudies.services, in the pages or API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from casestudies import services
from casestudies.models import (
    Action,
    Analysis,
    CaseStep,
    CaseStudy,
    Dataset,
    DataSource,
    Evaluation,
    Goal,
    Hypothesis,
    Measure,
    MeasurePoint,
    Publication,
    QualityCheck,
    StepSkip,
    TeamMeeting,
)
from casestudies.services.reads import view_in_admin
from schools.admin_base import SchoolPrivateAdmin, ServiceOnlyAdmin, apply_to_each

CASE_HINT = _("The case's datateam changes it on the case page; a leader approves and publishes.")
DATASET_HINT = _("The school's people upload, anonymise, accept or discard it on its page.")
CASE_PATH = "case__datateam__school"


class AuditedAdmin(SchoolPrivateAdmin[Any]):
    """A change page of a case or dataset is a read of school-private data."""

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        shown = self.get_object(request, object_id)
        if shown is not None and request.method == "GET":
            view_in_admin(person=request.user, obj=shown)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(CaseStudy)
class CaseStudyAdmin(AuditedAdmin):
    change_hint = CASE_HINT
    school_path = "datateam__school"
    list_display = ["title", "datateam", "template", "theme", "sharing_status", "current_step"]
    list_filter = ["sharing_status", "template", "theme", "sector"]
    search_fields = ["title", "datateam__name", "datateam__school__name"]
    list_select_related = ["datateam__school"]
    date_hierarchy = "created_at"


@admin.register(Dataset)
class DatasetAdmin(AuditedAdmin):
    change_hint = DATASET_HINT
    list_display = ["title", "school", "status", "row_count", "created_at", "accepted_at"]
    list_filter = ["status", ("raw_deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "original_name", "school__name"]
    list_select_related = ["school"]
    actions = ["discard"]

    def get_exclude(self, request: HttpRequest, obj: Dataset | None = None) -> list[str]:
        # A file's address is the way to the pupils' data: superusers only.
        return [] if request.user.is_superuser else ["raw_file", "anonymised_file"]

    @admin.action(description=_("Discard the selected datasets"), permissions=["act"])
    def discard(self, request: HttpRequest, queryset: QuerySet[Dataset]) -> None:
        apply_to_each(self, request, queryset, lambda row: services.discard_dataset(dataset=row))


class CasePartAdmin(SchoolPrivateAdmin[Any]):
    change_hint = CASE_HINT
    school_path = CASE_PATH
    list_select_related = ["case"]


@admin.register(CaseStep)
class CaseStepAdmin(CasePartAdmin):
    list_display = ["case", "number", "status", "visits", "updated_at"]
    list_filter = ["status", "number"]
    search_fields = ["case__title", "narrative"]


@admin.register(Goal)
class GoalAdmin(CasePartAdmin):
    list_display = ["case", "indicator", "baseline_value", "target_value", "deadline"]
    list_filter = ["deadline"]
    search_fields = ["case__title", "description", "indicator"]


@admin.register(DataSource)
class DataSourceAdmin(CasePartAdmin):
    list_display = ["case", "kind", "dataset"]
    list_filter = ["kind"]
    search_fields = ["case__title", "description"]


@admin.register(Analysis)
class AnalysisAdmin(CasePartAdmin):
    list_display = ["title", "case", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["title", "case__title", "conclusion"]


@admin.register(Hypothesis)
class HypothesisAdmin(CasePartAdmin):
    list_display = ["case", "status", "statement"]
    list_filter = ["status"]
    search_fields = ["case__title", "statement", "conclusion"]


@admin.register(QualityCheck)
class QualityCheckAdmin(CasePartAdmin):
    list_display = ["case", "completeness", "reliability", "validity"]
    list_filter = ["completeness", "reliability", "validity"]
    search_fields = ["case__title", "notes"]


@admin.register(Action)
class ActionAdmin(CasePartAdmin):
    list_display = ["description", "case", "owner_name", "due_date", "status"]
    list_filter = ["status", "due_date"]
    search_fields = ["description", "owner", "owner_person__last_name", "case__title"]
    list_select_related = ["owner_person", "case"]


@admin.register(StepSkip)
class StepSkipAdmin(CasePartAdmin):
    list_display = ["case", "step", "need", "reason", "skipped_at"]
    list_filter = ["need", "step"]
    search_fields = ["case__title", "reason"]


@admin.register(TeamMeeting)
class TeamMeetingAdmin(CasePartAdmin):
    list_display = ["case", "held_on", "step", "next_meeting"]
    list_filter = ["held_on", "step"]
    search_fields = ["case__title", "decisions"]


@admin.register(Evaluation)
class EvaluationAdmin(CasePartAdmin):
    list_display = ["case", "measured_value", "measured_on", "goal_reached"]
    list_filter = ["goal_reached"]
    search_fields = ["case__title", "reflection"]


@admin.register(Measure)
class MeasureAdmin(CasePartAdmin):
    list_display = ["name", "case", "kind", "direction", "unit"]
    list_filter = ["kind", "direction"]
    search_fields = ["name", "case__title"]


@admin.register(MeasurePoint)
class MeasurePointAdmin(CasePartAdmin):
    school_path = f"measure__{CASE_PATH}"
    list_display = ["measure", "date", "value", "n"]
    list_filter = ["date"]
    search_fields = ["measure__name", "measure__case__title", "note"]
    list_select_related = ["measure__case"]


@admin.register(Publication)
class PublicationAdmin(ServiceOnlyAdmin[Publication]):
    change_hint = _("A publication is a frozen snapshot: a leader of its school withdraws it.")
    list_display = ["title", "version", "school_label", "theme", "sector", "published_at"]
    list_filter = ["theme", "sector", "template", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "school_label", "search_text"]
    filter_horizontal = ["networks"]
    exclude = ["case"]  # the working copy is school-private; the snapshot is what was shared
