"""Case-study pages: the cycle step by step, review and sharing, the network's library and
the published snapshot. Each view: access helper → form (shape) → service → response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies import access as case_access
from casestudies import services
from casestudies.analysis import AnalysisTable
from casestudies.charts import bar_chart_svg
from casestudies.cycles import TEMPLATES, Part
from casestudies.library import LibraryFilters, search_library
from casestudies.models import (
    ActionStatus,
    CaseStudy,
    DatasetStatus,
    Evaluation,
    Goal,
    SharingStatus,
)
from casestudies.services import reads
from discussions import services as room_services
from frontend import case_forms as cf
from frontend import forms as page_forms
from frontend.views import person_of
from netwerk import access as network_access
from netwerk.markdown import render_markdown
from netwerk.models import LearningNetwork
from schools import access as school_access

STATISTIC_LABELS = {
    "count": gettext_lazy("Number of pupils"),
    "mean": gettext_lazy("Mean"),
    "percentage": gettext_lazy("Percentage"),
}

Handler = Callable[[HttpRequest, CaseStudy, int], HttpResponse | Form]


@login_required
def start_case(request: HttpRequest, datateam_pk: int) -> HttpResponse:
    team = school_access.datateam_for_member(request.user, datateam_pk)
    in_team = team.memberships.filter(person=person_of(request)).exists()
    if not (in_team or school_access.can_manage_datateams(request.user, team.school)):
        raise Http404
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
        handler = HANDLERS.get(action)
        if handler is None:
            raise Http404
        outcome = handler(request, case, number)
        if isinstance(outcome, HttpResponse):
            return outcome
        bound[action] = outcome
    return render(request, "cases/detail.html", _case_context(request, case, number, bound))


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
    datasets = school.datasets.filter(status__in=[DatasetStatus.READY, DatasetStatus.ACCEPTED])
    forms = {
        "narrative": cf.NarrativeForm(initial={"narrative": row.narrative}),
        "goal": cf.GoalForm(initial=_initial(goal)),
        "hypothesis": cf.HypothesisForm(prefix="hyp"),
        "data_source": cf.DataSourceForm(prefix="src", datasets=datasets),
        "analysis": cf.AnalysisForm(prefix="ana", sources=_analysable(case)),
        "quality": cf.QualityCheckForm(initial=_initial(getattr(case, "quality_check", None))),
        "action": cf.ActionForm(prefix="act"),
        "evaluation": cf.EvaluationForm(initial=_initial(evaluation)),
        "publish": cf.PublishForm(networks=_school_networks(case)),
    } | bound
    rows = {r.number: r for r in case.steps.all()}
    return {
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
        "actions": case.actions.prefetch_related("adoptions__proposal"),
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


def _analysable(case: CaseStudy) -> Any:
    return case.data_sources.filter(dataset__isnull=False).select_related("dataset")


def _analyses(case: CaseStudy) -> list[dict[str, Any]]:
    shown = []
    for analysis in case.analyses.all():
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
                ),
            }
        )
    return shown


def _columns(case: CaseStudy) -> list[tuple[Any, list[str]]]:
    return [(source, services.dataset_columns(source.dataset)) for source in _analysable(case)]


def _initial(instance: Any) -> dict[str, Any]:
    if instance is None:
        return {}
    return {f.name: getattr(instance, f.name) for f in instance._meta.fields}


def _school_networks(case: CaseStudy) -> Any:
    return LearningNetwork.objects.filter(
        memberships__school=case.datateam.school, memberships__left_on__isnull=True
    ).distinct()


def _back(request: HttpRequest, case: CaseStudy, number: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(f"{reverse('case-detail', args=[case.pk])}?stap={number}")


def _form_handler(
    form_class: type[Form],
    service: Callable[[CaseStudy, int, dict[str, Any], HttpRequest], object],
    message: str | Promise,
    prefix: str | None = None,
    *,
    then_current_step: bool = False,
) -> Handler:
    def handle(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse | Form:
        kwargs: dict[str, Any] = {"prefix": prefix} if prefix else {}
        if form_class is cf.DataSourceForm:
            kwargs["datasets"] = case.datateam.school.datasets.all()
        if form_class is cf.JudgeHypothesisForm:
            kwargs["case"] = case
        if form_class is cf.AnalysisForm:
            kwargs["sources"] = _analysable(case)
        if form_class is cf.PublishForm:
            kwargs["networks"] = _school_networks(case)
        form = form_class(request.POST, **kwargs)
        if page_forms.submit(form, lambda d: service(case, number, d, request)):
            # Completing a step moves the page on to where the team now is.
            shown = case.current_step if then_current_step else number
            return _back(request, case, shown, str(message))
        return form

    return handle


def _button_handler(
    service: Callable[[CaseStudy, int, HttpRequest], object], message: str | Promise
) -> Handler:
    def handle(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse:
        if page_forms.run_service(request, lambda: service(case, number, request)):
            messages.success(request, str(message))
        return HttpResponseRedirect(f"{reverse('case-detail', args=[case.pk])}?stap={number}")

    return handle


def _hypothesis(case: CaseStudy, request: HttpRequest) -> Any:
    return school_access.get_or_404(case.hypotheses.all(), request.POST.get("id"))


def _action(case: CaseStudy, request: HttpRequest) -> Any:
    return school_access.get_or_404(case.actions.all(), request.POST.get("id"))


def _publication(case: CaseStudy, request: HttpRequest) -> Any:
    return school_access.get_or_404(case.publications.all(), request.POST.get("id"))


def _start_next(case: CaseStudy, request: HttpRequest) -> HttpResponse:
    new = services.start_new_cycle(case=case, person=person_of(request))
    messages.success(request, _("A new cycle has started with the goal carried forward."))
    return redirect("case-detail", pk=new.pk)


HANDLERS: dict[str, Handler] = {
    "narrative": _form_handler(
        cf.NarrativeForm,
        lambda c, n, d, r: services.save_step(case=c, number=n, narrative=d["narrative"]),
        gettext_lazy("The step has been saved."),
    ),
    "step_status": _form_handler(
        cf.StepStatusForm,
        lambda c, n, d, r: services.save_step(case=c, number=n, status=d["status"]),
        gettext_lazy("The step status has been saved."),
        then_current_step=True,
    ),
    "revisit": _button_handler(
        lambda c, n, r: services.return_to_step(case=c, number=n),
        gettext_lazy("The team is back at this step."),
    ),
    "goal": _form_handler(
        cf.GoalForm,
        lambda c, n, d, r: services.set_goal(case=c, **d),
        gettext_lazy("The goal is SMART."),
    ),
    "hypothesis": _form_handler(
        cf.HypothesisForm,
        lambda c, n, d, r: services.add_hypothesis(case=c, **d),
        gettext_lazy("The hypothesis has been added."),
        prefix="hyp",
    ),
    "judge": _form_handler(
        cf.JudgeHypothesisForm,
        lambda c, n, d, r: services.judge_hypothesis(hypothesis=_hypothesis(c, r), **d),
        gettext_lazy("The hypothesis has been judged."),
    ),
    "data_source": _form_handler(
        cf.DataSourceForm,
        lambda c, n, d, r: services.add_data_source(case=c, **d),
        gettext_lazy("The data source has been added."),
        prefix="src",
    ),
    "analysis": _form_handler(
        cf.AnalysisForm,
        lambda c, n, d, r: services.add_analysis(case=c, **d),
        gettext_lazy("The analysis has been added."),
        prefix="ana",
    ),
    "quality": _form_handler(
        cf.QualityCheckForm,
        lambda c, n, d, r: services.set_quality_check(case=c, **d),
        gettext_lazy("The data-quality check has been saved."),
    ),
    "action": _form_handler(
        cf.ActionForm,
        lambda c, n, d, r: services.add_action(case=c, **d),
        gettext_lazy("The action has been added."),
        prefix="act",
    ),
    "action_status": _form_handler(
        cf.ActionStatusForm,
        lambda c, n, d, r: services.set_action_status(action=_action(c, r), **d),
        gettext_lazy("The action has been updated."),
    ),
    "evaluation": _form_handler(
        cf.EvaluationForm,
        lambda c, n, d, r: services.record_evaluation(case=c, **d),
        gettext_lazy("The evaluation has been saved."),
    ),
    "next_cycle": lambda r, c, n: _start_next(c, r),
    "submit": _button_handler(
        lambda c, n, r: services.submit_for_review(case=c, person=person_of(r)),
        gettext_lazy("Submitted for review."),
    ),
    "scrub": _button_handler(
        lambda c, n, r: services.replace_personal_data(case=c),
        gettext_lazy("Personal data has been replaced by placeholders."),
    ),
    "approve": _button_handler(
        lambda c, n, r: services.approve_case(case=c, person=person_of(r)),
        gettext_lazy("The case study has been approved for sharing."),
    ),
    "publish": _form_handler(
        cf.PublishForm,
        lambda c, n, d, r: services.publish_case(case=c, person=person_of(r), **d),
        gettext_lazy("The case study has been published."),
    ),
    "withdraw": _button_handler(
        lambda c, n, r: services.withdraw_publication(
            publication=_publication(c, r), person=person_of(r)
        ),
        gettext_lazy("The publication has been withdrawn."),
    ),
}


@login_required
def library(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = network_access.network_for_member(request.user, network_pk)
    form = cf.LibraryFilterForm(request.GET or None)
    filters = LibraryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = LibraryFilters(
            query=data["q"],
            theme=data["theme"],
            sector=data["sector"],
            template=data["template"],
            min_step=data["step"],
            goal_reached={"yes": True, "no": False}.get(data["reached"]),
            order=data["order"] or "relevance",
        )
    visible = case_access.publications_visible_to(request.user).filter(networks=network)
    results = search_library(visible, filters)
    return render(
        request,
        "cases/library.html",
        {"network": network, "form": form, "results": results, "templates": TEMPLATES},
    )


@login_required
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = case_access.publication_for_member(request.user, pk)
    cycle = TEMPLATES[publication.template]
    steps = [(cycle.step(entry["number"]), entry) for entry in publication.snapshot["steps"]]
    return render(
        request,
        "cases/publication.html",
        {
            "publication": publication,
            "snapshot": publication.snapshot,
            "steps": steps,
            "cycle": cycle,
        },
    )


@login_required
def discuss_publication(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (or join) the room where the publication's networks discuss the case."""
    if request.method != "POST":
        raise Http404
    publication = case_access.publication_for_member(request.user, pk)
    network = (
        network_access.networks_for(request.user)
        .filter(publications=publication)
        .order_by("name")
        .first()
    )
    if network is None:
        raise Http404
    room = room_services.open_case_room(
        case=publication.case, network=network, person=person_of(request)
    )
    return redirect("room-detail", pk=room.pk)
