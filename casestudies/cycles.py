"""The two forms of the data-use cycle, as data: ordered steps, guidance and the
structured parts each step holds. Texts are our own words, translated like every string."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Part(models.TextChoices):
    GOAL = "goal", _("SMART goal")
    HYPOTHESES = "hypotheses", _("Hypotheses")
    DATA_SOURCES = "data_sources", _("Data sources")
    QUALITY_CHECK = "quality_check", _("Data-quality check")
    ANALYSES = "analyses", _("Analyses")
    ACTION_PLAN = "action_plan", _("Action plan")
    EVALUATION = "evaluation", _("Evaluation")


class Need(models.TextChoices):
    """What the method asks for before the team moves on from a step. Whether a case has it
    is read in `casestudies.services.guidance`; which step asks for it is declared below."""

    VERDICTS = "verdicts", _("a verdict on every hypothesis")
    QUALITY_CHECK = "quality_check", _("a data-quality check")
    CONCLUSIONS = "conclusions", _("a conclusion for every hypothesis")
    EVALUATION = "evaluation", _("an evaluation")


NEED_CHOICES = Need.choices


@dataclass(frozen=True)
class Step:
    number: int
    title: Promise
    guidance: Promise
    parts: tuple[str, ...] = ()
    # Asked for before the step is done; moving on without it takes a reason.
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class CycleTemplate:
    code: str
    name: Promise
    steps: tuple[Step, ...]
    # Where a rejected hypothesis sends the team back to (None: no hypotheses step).
    hypotheses_step: int | None = None

    def step(self, number: int) -> Step:
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(number)

    def step_for_part(self, part: str) -> Step:
        return next(step for step in self.steps if part in step.parts)


FIVE_STEPS = CycleTemplate(
    code="five_steps",
    name=_("Five process steps"),
    steps=(
        Step(
            1,
            _("Formulate a clear, concrete goal"),
            _(
                "Start with the goal, not with the data. Make it SMART: how many pupils now, "
                "in which year and department, and what exactly counts as better, by when?"
            ),
            (Part.GOAL,),
        ),
        Step(
            2,
            _("Collect data"),
            _(
                "Which data show whether the goal is reached and, if not, why not? Often a "
                "combination, and often data the school already has."
            ),
            (Part.DATA_SOURCES,),
        ),
        Step(
            3,
            _("Analyse, interpret, conclude"),
            _("Give the data meaning: why is the goal not (yet) reached? Note n for every figure."),
            (Part.ANALYSES,),
        ),
        Step(
            4,
            _("Develop an action plan"),
            _(
                "Build on the data, the literature and what teachers and leaders know. Who does "
                "what, by when?"
            ),
            (Part.ACTION_PLAN,),
        ),
        Step(
            5,
            _("Evaluate process and outcomes"),
            _(
                "Was the goal of step 1 reached? Measure again if needed, and reflect on the "
                "process."
            ),
            (Part.EVALUATION,),
            (Need.EVALUATION,),
        ),
    ),
)

DATATEAM_EIGHT_STEPS = CycleTemplate(
    code="datateam_8",
    name=_("Datateam method, eight steps"),
    hypotheses_step=2,
    steps=(
        Step(
            1,
            _("Problem definition"),
            _("Describe the problem in your own school and make the goal measurable."),
            (Part.GOAL,),
        ),
        Step(
            2,
            _("Hypotheses"),
            _("What could explain the problem? Write hypotheses the data can confirm or reject."),
            (Part.HYPOTHESES,),
        ),
        Step(
            3,
            _("Data collection"),
            _("Decide which data test each hypothesis, and collect them."),
            (Part.DATA_SOURCES,),
        ),
        Step(
            4,
            _("Data-quality check"),
            _("Are the data complete, reliable and valid enough to draw conclusions?"),
            (Part.QUALITY_CHECK,),
            (Need.QUALITY_CHECK,),
        ),
        Step(
            5,
            _("Data analysis"),
            _("Make the tables and charts that test the hypotheses. Show n for every group."),
            (Part.ANALYSES,),
            (Need.VERDICTS,),
        ),
        Step(
            6,
            _("Interpretation and conclusions"),
            _(
                "Confirm or reject each hypothesis. A rejected hypothesis sends the team back to "
                "step 2."
            ),
            (),
            (Need.CONCLUSIONS,),
        ),
        Step(
            7,
            _("Implementing improvement measures"),
            _("Turn the conclusions into actions with an owner and a due date."),
            (Part.ACTION_PLAN,),
        ),
        Step(
            8,
            _("Evaluation"),
            _("Did the measures work? Compare the new measurement with the goal."),
            (Part.EVALUATION,),
            (Need.EVALUATION,),
        ),
    ),
)

TEMPLATES = {template.code: template for template in (FIVE_STEPS, DATATEAM_EIGHT_STEPS)}
TEMPLATE_CHOICES = [(code, template.name) for code, template in TEMPLATES.items()]
