"""Case-study pages: starting a case, and the cycle step by step with review and sharing.
Each view: access helper → form (shape) → service → response; the page's forms and buttons
are handled in `case_actions`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies import access as case_access
from casestudies import services
from casestudies.analysis import AnalysisTable
from casestudies.charts import bar_chart_svg
from casestudies.cycles import Part
from casestudies.models import (
    ANONYMISED_STATUSES,
    ActionStatus,
    Analysis,
    CaseStudy,
    Evaluation,
    Goal,
    SharingStatus,
)
from casestudies.scatter_svg import scatter_chart_svg
from casestudies.services import guidance, reads
from frontend import case_forms as cf
from frontend import forms as page_forms
from frontend.case_actions import ACTIONS, analysable_sources, analysis_form, school_networks
from frontend.measure_forms import MeasureForm
from frontend.views import person_of
from netwerk.markdown import render_markdown
from schools.services import today

STATISTIC_LABELS = {
    "count": gettext_lazy("Number of pupils"),
    "mean": gettext_lazy("Mean"),
    "percentage": gettext_lazy("Percentage"),
}


@login_required
def start_case(request: HttpRequest, datateam_pk: int) -> HttpResponse:
    team = case_access.datateam_for_case_starter(request.user, datateam_pk)
    form = cf.StartCaseForm(request.POST or None)
    created: list[CaseStudy] = []
    if request.method == "POST" and page_forms.submit(
        form,
        lambda d: created.append(
            services.start_case_study(datateam=team, person=person_of(request), **d)
        ),
    ):
        return redirect("case-detail", pk=created[0].pk)
    return render(request, "cases/start.html", {"team": team, "form": form})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        case = case_access.case_for_editor(request.user, pk)
    else:
        case = reads.view_case(person=request.user, pk=pk, via="page")
    number = _step_number(request, case)
    bound: dict[str, Form] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = ACTIONS.get(action)
        if handler is None:
            raise Http404
        outcome = handler(request, case, number)
        if isinstance(outcome, HttpResponse):
            return outcome
        bound[action] = outcome
    return render(request, "cases/detail.html", _case_context(request, case, number, bound))


def _actions(request: HttpRequest, case: CaseStudy, refused: Form | None) -> list[Any]:
    """The action plan, each action with its own form to change what it answers, measures
    and when it started (the refused one as it was posted, with its errors)."""
    actions = list(
        case.actions.prefetch_related("adoptions__proposal").select_related("hypothesis", "measure")
    )
    for action in actions:
        fresh = cf.ActionLinkForm(
            case=case,
            auto_id=f"act{action.pk}_%s",
            initial={
                "hypothesis": action.hypothesis_id,
                "measure": action.measure_id,
                "start_date": action.start_date,
            },
        )
        posted = refused is not None and request.POST.get("id") == str(action.pk)
        action.link_form = refused if posted else fresh  # type: ignore[attr-defined]
    return actions


def _step_number(request: HttpRequest, case: CaseStudy) -> int:
    try:
        number = int(request.GET.get("stap", case.current_step))
        case.cycle.step(number)
    except (ValueError, KeyError):
        return case.current_step
    return number


def _case_context(
    request: HttpRequest, case: CaseStudy, number: int, bound: dict[str, Form]
) -> dict[str, Any]:
    step = case.cycle.step(number)
    row = case.steps.get(number=number)
    goal = Goal.objects.filter(case=case).first()
    evaluation = Evaluation.objects.filter(case=case).first()
    school = case.datateam.school
    datasets = school.datasets.filter(status__in=ANONYMISED_STATUSES)
    forms = {
        "narrative": cf.NarrativeForm(initial={"narrative": row.narrative}),
        "goal": cf.GoalForm(initial=_initial(goal)),
        "hypothesis": cf.HypothesisForm(prefix="hyp"),
        "data_source": cf.DataSourceForm(prefix="src", datasets=datasets),
        "analysis": analysis_form(case),
        "quality": cf.QualityCheckForm(initial=_initial(getattr(case, "quality_check", None))),
        "action": cf.ActionForm(prefix="act", case=case),
        "meeting": cf.TeamMeetingForm(
            prefix="mtg", case=case, initial={"step": case.current_step, "held_on": today()}
        ),
        "measure": MeasureForm(prefix="msr"),
        "evaluation": cf.EvaluationForm(initial=_initial(evaluation)),
        "publish": cf.PublishForm(networks=school_networks(case)),
    } | bound
    rows = {r.number: r for r in case.steps.all()}
    unmet = guidance.unmet_needs(case.cycle, number, guidance.read_facts(case))
    return {
        "unmet": unmet,
        "skip_question": guidance.skip_question(unmet) if unmet else "",
        "meetings": case.meetings.prefetch_related("attendees"),
        "parts_done": _parts_done(case, rows),
        "case": case,
        "cycle": case.cycle,
        "timeline": [(s, rows[s.number]) for s in case.cycle.steps],
        "step": step,
        "row": row,
        "narrative_html": render_markdown(row.narrative),
        "parts": set(step.parts),
        "Part": Part,
        "goal": goal,
        "evaluation": evaluation,
        "forms": forms,
        "is_leader": case_access.can_lead(request.user, case),
        "gate": services.check_publication_gate(case)
        if case.sharing_status != SharingStatus.DRAFT
        else None,
        "publications": case.publications.filter(withdrawn_at__isnull=True),
        # An action adopted from a network room links back to its proposal.
        "actions": _actions(request, case, bound.get("action_link")),
        "measures": case.measures.all(),
        # One form per hypothesis, each with its own element ids for its labels.
        "hypotheses": [
            (
                hypothesis,
                cf.JudgeHypothesisForm(
                    case=case,
                    auto_id=f"hyp{hypothesis.pk}_%s",
                    initial={
                        "status": hypothesis.status,
                        "evidence": hypothesis.evidence,
                        "data_sources": list(hypothesis.data_sources.all()),
                        "analyses": list(hypothesis.analyses.all()),
                    },
                ),
            )
            for hypothesis in case.hypotheses.all()
        ],
        "action_status_choices": ActionStatus.choices,
        "analyses": _analyses(case) if Part.ANALYSES in step.parts else [],
        "columns": _columns(case) if Part.ANALYSES in step.parts else [],
    }


def _parts_done(case: CaseStudy, rows: dict[int, Any]) -> list[guidance.PartDone]:
    reasons = {(skip.step, skip.need): skip.reason for skip in case.skips.all()}
    statuses = {number: row.status for number, row in rows.items()}
    return guidance.parts_done(case.cycle, guidance.read_facts(case), statuses, reasons)


def _analyses(case: CaseStudy) -> list[dict[str, Any]]:
    shown = []
    for analysis in case.analyses.all():
        if analysis.spec.get("kind"):
            shown.append(_statistic(analysis))
            continue
        table = AnalysisTable.from_dict(analysis.table)
        shown.append(
            {
                "analysis": analysis,
                "table": table,
                "chart": bar_chart_svg(
                    table,
                    title=analysis.title,
                    value_label=str(STATISTIC_LABELS.get(table.statistic, "")),
                    total_label=_("Total"),
                    small_label=_("n < {n}: unreliable"),
                    decimal=get_format("DECIMAL_SEPARATOR"),
                ),
            }
        )
    return shown


def _statistic(analysis: Analysis) -> dict[str, Any]:
    """A comparison, before/after, crosstab or correlation; a correlation with its scatter."""
    result = analysis.table
    chart = ""
    if result.get("kind") == "correlation":
        r = formats.number_format(result["r"], 2)
        chart = scatter_chart_svg(
            result["points"],
            title=analysis.title,
            x_label=result["x"],
            y_label=result["y"],
            summary=f"r = {r}, n = {result['n']}",
            decimal=get_format("DECIMAL_SEPARATOR"),
        )
    return {
        "analysis": analysis,
        "result": result,
        "partner": analysis.spec.get("partner_result"),
        "chart": chart,
    }


def _columns(case: CaseStudy) -> list[tuple[Any, list[str]]]:
    sources = analysable_sources(case)
    return [(source, services.dataset_columns(source.dataset)) for source in sources]


def _initial(instance: Any) -> dict[str, Any]:
    if instance is None:
        return {}
    return {f.name: getattr(instance, f.name) for f in instance._meta.fields}
