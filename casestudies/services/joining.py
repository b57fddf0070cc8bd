"""Work from the network joining a school's cycle: a new cycle started from a partner's
published case (its measures as templates), and the measured outcome of a cycle as
partners may see it: numbers from fewer than SMALL_N pupils stay with the school."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from casestudies import runcharts
from casestudies.models import Action, CaseStudy, Evaluation, Goal, Publication
from casestudies.services import runs
from casestudies.services.cases import start_case_study
from casestudies.services.measures import add_measure
from schools.models import Datateam, User


@dataclass(frozen=True)
class MeasureTemplate:
    """A measure's definition without its points."""

    name: str
    kind: str
    direction: str
    unit: str = ""


def measure_templates(publication: Publication | None) -> list[MeasureTemplate]:
    """The definitions of the measures a published case tracks, read from its snapshot:
    what partners see, never the working copy."""
    if publication is None:
        return []
    measures = publication.snapshot.get("measures") or []
    return [
        MeasureTemplate(m["name"], m["kind"], m["direction"], m.get("unit", "")) for m in measures
    ]


@transaction.atomic
def start_cycle_from_templates(
    *,
    datateam: Datateam,
    person: User,
    title: str,
    theme: str,
    template: str,
    measures: list[MeasureTemplate],
) -> CaseStudy:
    """A new cycle on the datateam, tracking the given measures from the start."""
    case = start_case_study(
        datateam=datateam, person=person, title=title, theme=theme, template=template
    )
    for measure in measures:
        add_measure(
            case=case,
            name=measure.name,
            kind=measure.kind,
            direction=measure.direction,
            unit=measure.unit,
        )
    return case


@dataclass(frozen=True)
class MeasuredOutcome:
    """How a cycle ended, for partners. `effect` is None when the evaluation was typed in
    without a measure; the numbers are None when any point came from fewer than SMALL_N
    pupils (`small`)."""

    measure_name: str
    unit: str
    effect: runcharts.Effect | None
    goal_reached: bool
    baseline: Decimal | None
    value: Decimal | None
    small: bool
    measured_on: datetime.date
    n: int | None = None  # pupils behind the last measurement


def measured_outcome(evaluation: Evaluation, action: Action | None) -> MeasuredOutcome:
    """The evaluation's reading, with the shift read from the points after `action` (the
    adopted one) when it marks the measure, else after the measure's last action."""
    measure = evaluation.measure
    if measure is None:
        goal = Goal.objects.filter(case=evaluation.case_id).first()
        return MeasuredOutcome(
            measure_name=goal.indicator if goal else "",
            unit="",
            effect=None,
            goal_reached=evaluation.goal_reached,
            baseline=goal.baseline_value if goal else None,
            value=evaluation.measured_value,
            small=False,
            measured_on=evaluation.measured_on,
        )
    reading = runs.read_measure(measure, for_partners=True)
    small = any(point.small for point in reading.points)
    marks = runs.marking_actions(measure)
    if action is not None and action.measure_id == measure.pk and action.start_date:
        marks = [action]
    return MeasuredOutcome(
        measure_name=measure.name,
        unit=measure.unit,
        effect=runs.action_effect(reading, marks[-1]) if marks else "too_few",
        goal_reached=evaluation.goal_reached,
        baseline=None if small else evaluation.baseline_median,
        value=None if small else evaluation.measured_value,
        small=small,
        measured_on=evaluation.measured_on,
        n=reading.points[-1].n if reading.points else None,
    )
