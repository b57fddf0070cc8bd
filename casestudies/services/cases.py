"""A datateam's cycle: start a case study, work through its steps and structured parts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.access import in_datateam
from casestudies.cycles import TEMPLATES, Part
from casestudies.events import CycleEvaluated, CycleStepReached
from casestudies.models import (
    Action,
    Analysis,
    CaseStep,
    CaseStudy,
    DataSource,
    Direction,
    Evaluation,
    Goal,
    Hypothesis,
    HypothesisStatus,
    Measure,
    SharingStatus,
    StepSkip,
    StepStatus,
)
from casestudies.models.cases import MAX_NARRATIVE_CHARS, MAX_SKIP_REASON_CHARS
from casestudies.services import guidance, runs
from netwerk.events import emit
from schools.models import Datateam, User
from schools.services import save_validated

MIN_GOAL_DESCRIPTION = 15


@transaction.atomic
def start_case_study(
    *,
    datateam: Datateam,
    person: User | None,
    title: str,
    theme: str,
    template: str,
    year_levels: str = "",
) -> CaseStudy:
    if template not in TEMPLATES:
        raise ValidationError({"template": _("Choose one of the two cycles.")})
    case = save_validated(
        CaseStudy(
            datateam=datateam,
            template=template,
            title=title.strip(),
            theme=theme,
            sector=datateam.school.sector,
            year_levels=year_levels.strip(),
            created_by=person,
            step_since=timezone.now(),
        )
    )
    CaseStep.objects.bulk_create(
        CaseStep(
            case=case,
            number=step.number,
            status=StepStatus.IN_PROGRESS if step.number == 1 else StepStatus.NOT_STARTED,
            visits=1 if step.number == 1 else 0,
        )
        for step in case.cycle.steps
    )
    return case


@transaction.atomic
def update_case_study(
    *,
    case: CaseStudy,
    title: str | None = None,
    theme: str | None = None,
    year_levels: str | None = None,
) -> CaseStudy:
    for field, value in {"title": title, "theme": theme, "year_levels": year_levels}.items():
        if value is not None:
            setattr(case, field, value.strip())
    _back_to_draft(case)
    return save_validated(case)


@transaction.atomic
def save_step(
    *,
    case: CaseStudy,
    number: int,
    narrative: str | None = None,
    status: str | None = None,
    skip_reason: str = "",
    person: User | None = None,
) -> CaseStep:
    """Save a step's text or status. Completing a step that lacks what the method asks
    for (`Step.needs`) takes a short reason, recorded for the coach and the publication."""
    step = case.steps.select_for_update().get(number=number)
    if narrative is not None:
        if len(narrative) > MAX_NARRATIVE_CHARS:
            raise ValidationError(
                {
                    "narrative": _("A step's text can be at most %(n)d characters.")
                    % {"n": MAX_NARRATIVE_CHARS}
                }
            )
        step.narrative = narrative
    if status is not None:
        if status == StepStatus.DONE and step.status != StepStatus.DONE:
            _check_step_can_be_completed(case, number)
            _record_skips(case, number, skip_reason, person)
        step.status = status
        if status == StepStatus.IN_PROGRESS and step.visits == 0:
            step.visits = 1
    step.save()
    moving_on = status == StepStatus.DONE and case.current_step == number
    if moving_on:
        _advance(case, number)
    _back_to_draft(case)
    case.save(
        update_fields=["current_step", "step_since", "sharing_status", "approved_by", "updated_at"]
    )
    if moving_on and case.current_step != number:
        emit(CycleStepReached(case=case, step=case.current_step))
    return step


@transaction.atomic
def return_to_step(*, case: CaseStudy, number: int) -> CaseStep:
    """Revisit an earlier step: the cycle is a loop, not a form to fill in once."""
    step = case.steps.select_for_update().get(number=number)
    step.status = StepStatus.IN_PROGRESS
    step.visits += 1
    step.save(update_fields=["status", "visits", "updated_at"])
    case.current_step, case.step_since = number, timezone.now()
    _back_to_draft(case)
    case.save(
        update_fields=["current_step", "step_since", "sharing_status", "approved_by", "updated_at"]
    )
    emit(CycleStepReached(case=case, step=number))
    return step


@transaction.atomic
def set_goal(
    *,
    case: CaseStudy,
    description: str,
    indicator: str = "",
    population_year: str = "",
    population_department: str = "",
    population_level: str = "",
    baseline_value: Decimal | None = None,
    baseline_date: datetime.date | None = None,
    target_value: Decimal | None = None,
    deadline: datetime.date | None = None,
) -> Goal:
    goal = Goal.objects.filter(case=case).first() or Goal(case=case)
    goal.description = description.strip()
    goal.indicator = indicator.strip()
    goal.population_year = population_year.strip()
    goal.population_department = population_department.strip()
    goal.population_level = population_level.strip()
    goal.baseline_value, goal.baseline_date = baseline_value, baseline_date
    goal.target_value, goal.deadline = target_value, deadline
    errors = goal_problems(goal)
    if errors:
        raise ValidationError(errors)
    _back_to_draft(case)
    case.save(update_fields=["sharing_status", "approved_by", "updated_at"])
    return save_validated(goal)


def goal_problems(goal: Goal) -> dict[str, list[str]]:
    """What keeps a goal from being SMART, per field; empty when it is."""
    errors: dict[str, list[str]] = {}
    if len(goal.description) < MIN_GOAL_DESCRIPTION:
        errors["description"] = [
            _("Describe the goal concretely: who, what, how much and by when.")
        ]
    missing = {
        "indicator": (not goal.indicator, _("a measurable indicator")),
        "target_value": (goal.target_value is None, _("a target value")),
        "deadline": (goal.deadline is None, _("a deadline")),
    }
    for field, (is_missing, what) in missing.items():
        if is_missing:
            errors[field] = [_("A SMART goal needs %(what)s.") % {"what": what}]
    if goal.deadline is not None and goal.deadline < timezone.localdate():
        errors["deadline"] = [_("The deadline has already passed.")]
    if (
        goal.target_value is not None
        and goal.baseline_value is not None
        and goal.target_value == goal.baseline_value
    ):
        errors["target_value"] = [_("The target must differ from the baseline.")]
    return errors


@transaction.atomic
def add_hypothesis(*, case: CaseStudy, statement: str) -> Hypothesis:
    if case.cycle.hypotheses_step is None:
        raise ValidationError(_("This cycle has no hypotheses step."))
    return save_validated(Hypothesis(case=case, statement=statement.strip()))


@transaction.atomic
def judge_hypothesis(
    *,
    hypothesis: Hypothesis,
    status: str,
    evidence: str = "",
    data_sources: list[DataSource] | None = None,
    analyses: list[Analysis] | None = None,
) -> Hypothesis:
    """Confirm or reject a hypothesis with its evidence; a rejection sends the team back
    to the hypotheses step."""
    if status not in HypothesisStatus.values:
        raise ValidationError({"status": _("Choose open, confirmed or rejected.")})
    if status != HypothesisStatus.OPEN and not evidence.strip():
        raise ValidationError({"evidence": _("Say which evidence confirms or rejects it.")})
    hypothesis.status, hypothesis.evidence = status, evidence.strip()
    save_validated(hypothesis)
    if data_sources is not None:
        hypothesis.data_sources.set(_own(hypothesis.case, data_sources))
    if analyses is not None:
        hypothesis.analyses.set(_own(hypothesis.case, analyses))
    case = hypothesis.case
    if status == HypothesisStatus.REJECTED and case.cycle.hypotheses_step is not None:
        return_to_step(case=case, number=case.cycle.hypotheses_step)
    return hypothesis


@transaction.atomic
def add_action(
    *,
    case: CaseStudy,
    description: str,
    due_date: datetime.date,
    owner_person: User | None = None,
    owner: str = "",
    hypothesis: Hypothesis | None = None,
    measure: Measure | None = None,
    start_date: datetime.date | None = None,
) -> Action:
    """An action answers a hypothesis (or cause) and should move a measure; its start
    date marks that measure's run chart. Its owner is a person of the datateam, or, named
    in free text, someone outside the platform."""
    _own(case, [item for item in (hypothesis, measure) if item is not None])
    _check_owner(case, owner_person, owner)
    return save_validated(
        Action(
            case=case,
            description=description.strip(),
            owner_person=owner_person,
            owner="" if owner_person else owner.strip(),
            due_date=due_date,
            hypothesis=hypothesis,
            measure=measure,
            start_date=start_date,
        )
    )


@transaction.atomic
def conclude_hypothesis(*, hypothesis: Hypothesis, conclusion: str) -> Hypothesis:
    """Step 6 (interpretation): the team's conclusion about one hypothesis."""
    hypothesis.conclusion = conclusion.strip()
    return save_validated(hypothesis, update_fields=["conclusion"])


@transaction.atomic
def link_action(
    *,
    action: Action,
    hypothesis: Hypothesis | None,
    measure: Measure | None,
    start_date: datetime.date | None,
) -> Action:
    """Change what an action answers, the measure it should move and when it started, as
    the team learns; the start date marks the measure's run chart."""
    _own(action.case, [item for item in (hypothesis, measure) if item is not None])
    action.hypothesis, action.measure, action.start_date = hypothesis, measure, start_date
    return save_validated(action, update_fields=["hypothesis", "measure", "start_date"])


@transaction.atomic
def set_action_status(*, action: Action, status: str) -> Action:
    action.status = status
    return save_validated(action, update_fields=["status"])


@transaction.atomic
def record_evaluation(
    *,
    case: CaseStudy,
    measured_value: Decimal | None = None,
    measured_on: datetime.date | None = None,
    reflection: str = "",
) -> Evaluation:
    """Was the goal reached? Read from the case's first measure (the median after the last
    action, against the baseline and the target) or, without one, from a typed value."""
    goal = Goal.objects.filter(case=case).first()
    if goal is None or goal.target_value is None:
        raise ValidationError(_("Set a SMART goal before evaluating it."))
    evaluation = Evaluation.objects.filter(case=case).first() or Evaluation(case=case)
    measure = case.measures.first()
    if measured_value is None and measure is not None:
        _read_measure(evaluation, measure)
        aims_lower = measure.direction == Direction.DOWN
    elif measured_value is not None and measured_on is not None:
        evaluation.measured_value, evaluation.measured_on = measured_value, measured_on
        evaluation.measure, evaluation.baseline_median = None, None
        aims_lower = goal.aims_lower
    else:
        raise ValidationError(_("Enter the measured value and the date it was measured."))
    value, target = evaluation.measured_value, goal.target_value
    evaluation.goal_reached = value <= target if aims_lower else value >= target
    evaluation.reflection = reflection
    evaluation = save_validated(evaluation)
    emit(CycleEvaluated(evaluation=evaluation))
    return evaluation


def _read_measure(evaluation: Evaluation, measure: Measure) -> None:
    effect = runs.after_last_action(runs.read_measure(measure))
    if effect is None:
        raise ValidationError(
            _(
                "The evaluation reads the measure “%(name)s”: it needs points before and "
                "after an action with a start date aimed at it."
            )
            % {"name": measure.name}
        )
    evaluation.measure = measure
    evaluation.measured_value = Decimal(str(round(effect.median_after, 2)))
    evaluation.measured_on = effect.measured_on
    evaluation.baseline_median = Decimal(str(round(effect.baseline, 3)))


@transaction.atomic
def start_new_cycle(*, case: CaseStudy, person: User | None) -> CaseStudy:
    """A new cycle on the same problem: the goal carries forward, and the last measurement
    becomes the new baseline."""
    new = start_case_study(
        datateam=case.datateam,
        person=person,
        title=_("%(title)s (next cycle)") % {"title": case.title},
        theme=case.theme,
        template=case.template,
        year_levels=case.year_levels,
    )
    new.previous_cycle = case
    new.save(update_fields=["previous_cycle"])
    goal = Goal.objects.filter(case=case).first()
    evaluation = Evaluation.objects.filter(case=case).first()
    if goal is not None:
        Goal.objects.create(
            case=new,
            description=goal.description,
            indicator=goal.indicator,
            population_year=goal.population_year,
            population_department=goal.population_department,
            population_level=goal.population_level,
            baseline_value=evaluation.measured_value if evaluation else goal.baseline_value,
            baseline_date=evaluation.measured_on if evaluation else goal.baseline_date,
            target_value=goal.target_value,
        )
    return new


def _own(case: CaseStudy, items: list[Any]) -> list[Any]:
    """Evidence must come from the same case study."""
    if any(item.case_id != case.pk for item in items):
        raise ValidationError({"evidence": _("Link evidence from this case study only.")})
    return items


def _check_owner(case: CaseStudy, person: User | None, name: str) -> None:
    if person is None and not name.strip():
        raise ValidationError(
            {"owner_person": _("Choose who owns the action, or name someone outside the platform.")}
        )
    if person is not None and not in_datateam(case, person):
        raise ValidationError({"owner_person": _("Choose a person of this datateam.")})


def _check_step_can_be_completed(case: CaseStudy, number: int) -> None:
    parts = case.cycle.step(number).parts
    if Part.GOAL in parts:
        goal = Goal.objects.filter(case=case).first()
        if goal is None or goal_problems(goal):
            raise ValidationError(
                {"status": _("This step cannot be completed without a SMART goal.")}
            )


def _record_skips(case: CaseStudy, number: int, reason: str, person: User | None) -> None:
    missing = guidance.unmet_needs(case.cycle, number, guidance.read_facts(case))
    if not missing:
        return
    reason = reason.strip()
    if not reason:
        raise ValidationError({"skip_reason": guidance.skip_question(missing)})
    if len(reason) > MAX_SKIP_REASON_CHARS:
        raise ValidationError(
            {
                "skip_reason": _("Keep the reason short: at most %(n)d characters.")
                % {"n": MAX_SKIP_REASON_CHARS}
            }
        )
    StepSkip.objects.bulk_create(
        StepSkip(case=case, step=number, need=need, reason=reason, skipped_by=person)
        for need in missing
    )


def _advance(case: CaseStudy, number: int) -> None:
    following = [step.number for step in case.cycle.steps if step.number > number]
    if not following:
        return
    case.current_step, case.step_since = following[0], timezone.now()
    CaseStep.objects.filter(case=case, number=following[0], status=StepStatus.NOT_STARTED).update(
        status=StepStatus.IN_PROGRESS, visits=1
    )


def _back_to_draft(case: CaseStudy) -> None:
    """A change to an approved working copy needs a new review before it is shared again."""
    if case.sharing_status != SharingStatus.DRAFT:
        case.sharing_status = SharingStatus.DRAFT
        case.approved_by = None
