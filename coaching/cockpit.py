"""The coach's cockpit: every cycle of every school a coach coaches, with what needs her
attention — how long the team has stood at its step, when it last showed life, overdue
actions, open hypotheses, run-chart signals and parts of the method it moved on without.

Read in a fixed number of queries, however many schools and cycles (benchmarks/cockpit_bench.py)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypedDict

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casestudies.cycles import Part
from casestudies.models import (
    Action,
    ActionStatus,
    CaseStep,
    CaseStudy,
    Measure,
    StepSkip,
    TeamMeeting,
)
from casestudies.services import guidance, runs
from coaching.access import schools_coached_by
from schools.access import AnyUser, get_or_404
from schools.models import School

# A cycle with no sign of life for this long has stalled.
STALLED_AFTER = datetime.timedelta(weeks=6)

SORT_KEYS = {
    "school": lambda row: (row["school"]["name"].lower(), row["title"].lower()),
    "title": lambda row: row["title"].lower(),
    "step": lambda row: (row["template"], row["step"]),
    "days": lambda row: row["days_in_step"],
    "activity": lambda row: row["last_activity"],
    "overdue": lambda row: row["overdue_actions"],
    "hypotheses": lambda row: row["open_hypotheses"],
    "signals": lambda row: len(row["signals"]),
    "warnings": lambda row: len(row["warnings"]),
}
DEFAULT_SORT = "activity"


class SchoolRef(TypedDict):
    id: int
    name: str


class MeasureSignals(TypedDict):
    measure: str
    signals: list[str]


class CycleRow(TypedDict):
    id: int
    title: str
    url: str
    actions_url: str
    school: SchoolRef
    datateam: str
    template: str
    template_name: str
    step: int
    step_title: str
    days_in_step: int
    last_activity: str
    overdue_actions: int
    open_hypotheses: int
    signals: list[MeasureSignals]
    warnings: list[guidance.PartDone]
    closed: bool
    stalled: bool
    skipped: bool


def coached_school(user: AnyUser, pk: object) -> School:
    """One school the person coaches now; any other (one no longer coached too) is 404."""
    return get_or_404(schools_coached_by(user), pk)


def overview(
    user: AnyUser,
    *,
    school: School | None = None,
    sort: str = DEFAULT_SORT,
    today: datetime.date | None = None,
) -> list[CycleRow]:
    """The rows of the cockpit; `sort` is a key of SORT_KEYS, "-" in front for descending."""
    day = today or timezone.localdate()
    schools = [school.pk] if school else list(schools_coached_by(user).values_list("pk", flat=True))
    cases = list(_cases(schools, day))
    ids = [case.pk for case in cases]
    statuses = _step_statuses(ids)
    reasons = _skip_reasons(ids)
    signals = _signals(ids)
    rows = [_row(case, day, statuses, reasons, signals) for case in cases]
    return sort_rows(rows, sort)


def sort_rows(rows: list[CycleRow], sort: str) -> list[CycleRow]:
    key = sort.removeprefix("-")
    order = SORT_KEYS.get(key, SORT_KEYS[DEFAULT_SORT])
    return sorted(rows, key=order, reverse=sort.startswith("-") and key in SORT_KEYS)


def _cases(school_ids: list[int], today: datetime.date) -> QuerySet[CaseStudy]:
    overdue = (
        Action.objects.filter(case=OuterRef("pk"), due_date__lt=today)
        .exclude(status=ActionStatus.DONE)
        .values("case")
    )
    return guidance.with_facts(
        CaseStudy.objects.filter(datateam__school_id__in=school_ids).select_related(
            "datateam__school"
        )
    ).annotate(
        overdue_actions=Coalesce(
            Subquery(overdue.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        ),
        last_meeting=Subquery(
            TeamMeeting.objects.filter(case=OuterRef("pk"))
            .values("case")
            .annotate(last=Max("held_on"))
            .values("last")
        ),
        last_step_change=Subquery(
            CaseStep.objects.filter(case=OuterRef("pk"))
            .values("case")
            .annotate(last=Max("updated_at"))
            .values("last")
        ),
    )


def _step_statuses(ids: list[int]) -> dict[int, dict[int, str]]:
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    for case_id, number, status in CaseStep.objects.filter(case_id__in=ids).values_list(
        "case_id", "number", "status"
    ):
        statuses[case_id][number] = status
    return statuses


def _skip_reasons(ids: list[int]) -> dict[int, dict[tuple[int, str], str]]:
    reasons: dict[int, dict[tuple[int, str], str]] = defaultdict(dict)
    for skip in StepSkip.objects.filter(case_id__in=ids).order_by("pk"):
        reasons[skip.case_id][(skip.step, skip.need)] = skip.reason
    return reasons


def _signals(ids: list[int]) -> dict[int, list[MeasureSignals]]:
    found: dict[int, list[MeasureSignals]] = defaultdict(list)
    measures = list(Measure.objects.filter(case_id__in=ids))
    charts = runs.run_charts_of(measures) if measures else {}
    for measure in measures:
        if charts[measure.pk].signals:
            found[measure.case_id].append(
                {"measure": measure.name, "signals": list(charts[measure.pk].signals)}
            )
    return found


def _last_activity(case: Any) -> datetime.date:
    moments: Iterable[datetime.date | None] = (
        timezone.localtime(case.updated_at).date(),
        case.last_meeting,
        timezone.localtime(case.last_step_change).date() if case.last_step_change else None,
    )
    return max(moment for moment in moments if moment is not None)


def _row(
    case: Any,
    today: datetime.date,
    statuses: dict[int, dict[int, str]],
    reasons: dict[int, dict[tuple[int, str], str]],
    signals: dict[int, list[MeasureSignals]],
) -> CycleRow:
    facts = guidance.facts_of(case)
    parts = guidance.parts_done(case.cycle, facts, statuses[case.pk], reasons[case.pk])
    last = _last_activity(case)
    school = case.datateam.school
    return {
        "id": case.pk,
        "title": case.title,
        "url": reverse("case-detail", args=[case.pk]),
        "actions_url": reverse("case-detail", args=[case.pk])
        + f"?stap={case.cycle.step_for_part(Part.ACTION_PLAN).number}#h-actions",
        "school": {"id": school.pk, "name": school.name},
        "datateam": case.datateam.name,
        "template": case.template,
        "template_name": str(case.cycle.name),
        "step": case.current_step,
        "step_title": str(case.cycle.step(case.current_step).title),
        "days_in_step": (today - timezone.localtime(case.step_since).date()).days,
        "last_activity": last.isoformat(),
        "overdue_actions": case.overdue_actions,
        "open_hypotheses": facts.open_hypotheses,
        "signals": signals[case.pk],
        "warnings": guidance.method_warnings(parts),
        "closed": facts.evaluated,
        "stalled": not facts.evaluated and today - last > STALLED_AFTER,
        "skipped": bool(reasons[case.pk]),
    }
