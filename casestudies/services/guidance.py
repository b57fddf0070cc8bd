"""Method guidance: whether a cycle has what each step asks for (`Step.needs` in
`casestudies.cycles` says which step asks for what; this module says when a case has it).

The facts are read as annotations on a queryset of cases, so one query answers for one
case (a step being completed) or for every cycle a coach follows (the cockpit)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from casestudies.cycles import CycleTemplate, Need
from casestudies.models import (
    CaseStudy,
    Evaluation,
    HypothesisStatus,
    QualityCheck,
    QualityRating,
    StepStatus,
)


@dataclass(frozen=True)
class CaseFacts:
    hypotheses: int
    open_hypotheses: int
    unconcluded: int
    quality_checked: bool
    evaluated: bool


NEED_MET: dict[str, Callable[[CaseFacts], bool]] = {
    Need.VERDICTS: lambda f: f.hypotheses > 0 and f.open_hypotheses == 0,
    Need.QUALITY_CHECK: lambda f: f.quality_checked,
    Need.CONCLUSIONS: lambda f: f.hypotheses > 0 and f.unconcluded == 0,
    Need.EVALUATION: lambda f: f.evaluated,
}


class PartDone(TypedDict):
    step: int
    need: str
    label: str
    done: bool
    reason: str


def with_facts(cases: QuerySet[CaseStudy]) -> QuerySet[CaseStudy]:
    """Annotate each case with what CaseFacts reads (subqueries: no row multiplication)."""
    unchecked = QualityRating.NOT_CHECKED
    checked = QualityCheck.objects.filter(case=OuterRef("pk")).exclude(
        Q(completeness=unchecked) | Q(reliability=unchecked) | Q(validity=unchecked)
    )
    return cases.annotate(
        fact_hypotheses=Count("hypotheses", distinct=True),
        fact_open=Count(
            "hypotheses", filter=Q(hypotheses__status=HypothesisStatus.OPEN), distinct=True
        ),
        fact_unconcluded=Count("hypotheses", filter=Q(hypotheses__conclusion=""), distinct=True),
        fact_checked=Exists(checked),
        fact_evaluated=Exists(Evaluation.objects.filter(case=OuterRef("pk"))),
    )


def facts_of(case: Any) -> CaseFacts:
    """The facts of a case annotated by with_facts."""
    return CaseFacts(
        hypotheses=case.fact_hypotheses,
        open_hypotheses=case.fact_open,
        unconcluded=case.fact_unconcluded,
        quality_checked=case.fact_checked,
        evaluated=case.fact_evaluated,
    )


def read_facts(case: CaseStudy) -> CaseFacts:
    return facts_of(with_facts(CaseStudy.objects.filter(pk=case.pk)).get())


def unmet_needs(cycle: CycleTemplate, number: int, facts: CaseFacts) -> list[str]:
    """What step `number` asks for that the case does not have."""
    return [need for need in cycle.step(number).needs if not NEED_MET[need](facts)]


def skip_question(needs: Iterable[str]) -> str:
    """The question a reason-less skip is refused with."""
    what = ", ".join(str(Need(need).label) for need in needs)
    return _(
        "This step asks for %(what)s. Why does the team move on without it? Give a short reason."
    ) % {"what": what}


def parts_done(
    cycle: CycleTemplate,
    facts: CaseFacts,
    step_statuses: dict[int, str],
    reasons: dict[tuple[int, str], str],
) -> list[PartDone]:
    """Every part the method asks for in the steps the team has completed: done or not,
    and the reason given when the team moved on without it."""
    rows: list[PartDone] = []
    for step in cycle.steps:
        if step_statuses.get(step.number) != StepStatus.DONE:
            continue
        for need in step.needs:
            rows.append(
                {
                    "step": step.number,
                    "need": need,
                    "label": str(Need(need).label),
                    "done": NEED_MET[need](facts),
                    "reason": reasons.get((step.number, need), ""),
                }
            )
    return rows


def method_warnings(parts: list[PartDone]) -> list[PartDone]:
    """The completed steps' parts still missing: what the coach is shown."""
    return [part for part in parts if not part["done"]]
