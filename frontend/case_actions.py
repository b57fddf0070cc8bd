"""The actions on a case-study page. Every form and button on the page posts to the case's
own URL with an `action`; one function here handles each: form (shape) → service → back to
the step with a message, or the bound form with its errors to show again."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from casestudies import services
from casestudies.models import Action, CaseStudy, Hypothesis, Measure, Publication
from frontend import case_forms as cf
from frontend import forms as page_forms
from frontend.measure_forms import MeasureForm
from frontend.views import person_of
from netwerk.access import networks_of_school
from netwerk.models import LearningNetwork
from schools import access as school_access

# A redirect, or the bound form when it (or the service) found errors.
Outcome = HttpResponse | Form
CaseAction = Callable[[HttpRequest, CaseStudy, int], Outcome]


def analysable_sources(case: CaseStudy) -> Any:
    return case.data_sources.filter(dataset__isnull=False).select_related("dataset")


def analysis_form(case: CaseStudy, data: Any = None) -> cf.AnalysisForm:
    """The analysis form with the columns of every dataset the case's sources use."""
    sources = analysable_sources(case)
    columns: list[str] = []
    for source in sources:
        columns += [c for c in services.dataset_columns(source.dataset) if c not in columns]
    return cf.AnalysisForm(data, prefix="ana", sources=sources, columns=columns)


def school_networks(case: CaseStudy) -> QuerySet[LearningNetwork]:
    """The networks the case may be published to (publish_case holds the same rule)."""
    return networks_of_school(case.datateam.school_id)


def save_narrative(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.NarrativeForm(request.POST)
    saved = page_forms.submit(
        form, lambda data: services.save_step(case=case, number=number, narrative=data["narrative"])
    )
    return _back(request, case, number, _("The step has been saved.")) if saved else form


def set_step_status(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.StepStatusForm(request.POST)
    if not page_forms.submit(
        form,
        lambda data: services.save_step(
            case=case,
            number=number,
            status=data["status"],
            skip_reason=data["skip_reason"],
            person=person_of(request),
        ),
    ):
        return form
    # Completing a step moves the page on to where the team now is.
    return _back(request, case, case.current_step, _("The step status has been saved."))


def revisit_step(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse:
    run = partial(services.return_to_step, case=case, number=number)
    return _pressed(request, case, number, run, _("The team is back at this step."))


def set_goal(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.GoalForm(request.POST)
    saved = page_forms.submit(form, lambda data: services.set_goal(case=case, **data))
    return _back(request, case, number, _("The goal is SMART.")) if saved else form


def add_hypothesis(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.HypothesisForm(request.POST, prefix="hyp")
    saved = page_forms.submit(form, lambda data: services.add_hypothesis(case=case, **data))
    return _back(request, case, number, _("The hypothesis has been added.")) if saved else form


def judge_hypothesis(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.JudgeHypothesisForm(request.POST, case=case)
    saved = page_forms.submit(
        form,
        lambda data: services.judge_hypothesis(hypothesis=_hypothesis(request, case), **data),
    )
    return _back(request, case, number, _("The hypothesis has been judged.")) if saved else form


def conclude_hypothesis(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.ConclusionForm(request.POST)
    saved = page_forms.submit(
        form,
        lambda data: services.conclude_hypothesis(hypothesis=_hypothesis(request, case), **data),
    )
    return _back(request, case, number, _("The conclusion has been saved.")) if saved else form


def add_data_source(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    datasets = case.datateam.school.datasets.all()
    form = cf.DataSourceForm(request.POST, prefix="src", datasets=datasets)
    saved = page_forms.submit(form, lambda data: services.add_data_source(case=case, **data))
    return _back(request, case, number, _("The data source has been added.")) if saved else form


def add_analysis(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = analysis_form(case, request.POST)
    saved = page_forms.submit(form, lambda data: services.add_analysis(case=case, **data))
    return _back(request, case, number, _("The analysis has been added.")) if saved else form


def set_quality_check(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.QualityCheckForm(request.POST)
    saved = page_forms.submit(form, lambda data: services.set_quality_check(case=case, **data))
    message = _("The data-quality check has been saved.")
    return _back(request, case, number, message) if saved else form


def add_action(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.ActionForm(request.POST, prefix="act", case=case)
    saved = page_forms.submit(form, lambda data: services.add_action(case=case, **data))
    return _back(request, case, number, _("The action has been added.")) if saved else form


def log_meeting(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.TeamMeetingForm(request.POST, prefix="mtg", case=case)
    saved = page_forms.submit(
        form,
        lambda data: services.log_team_meeting(
            case=case,
            person=person_of(request),
            held_on=data["held_on"],
            step=data["step"],
            decisions=data["decisions"],
            attendees=list(data["attendees"]),
            next_meeting=data["next_meeting"],
        ),
    )
    if not saved:
        return form
    messages.success(request, _("The meeting has been logged."))
    return redirect(reverse("case-detail", args=[case.pk]) + f"?stap={number}#h-meetings")


def add_measure(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = MeasureForm(request.POST, prefix="msr")
    added: list[Measure] = []
    if page_forms.submit(form, lambda data: added.append(services.add_measure(case=case, **data))):
        messages.success(request, _("The measure has been added."))
        return redirect("measure-detail", pk=added[0].pk)
    return form


def set_action_status(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.ActionStatusForm(request.POST)
    saved = page_forms.submit(
        form, lambda data: services.set_action_status(action=_action(request, case), **data)
    )
    return _back(request, case, number, _("The action has been updated.")) if saved else form


def link_action(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    action = _action(request, case)
    form = cf.ActionLinkForm(request.POST, case=case, auto_id=f"act{action.pk}_%s")
    saved = page_forms.submit(form, lambda data: services.link_action(action=action, **data))
    return _back(request, case, number, _("The action has been updated.")) if saved else form


def record_evaluation(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.EvaluationForm(request.POST)
    saved = page_forms.submit(form, lambda data: services.record_evaluation(case=case, **data))
    return _back(request, case, number, _("The evaluation has been saved.")) if saved else form


def start_next_cycle(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse:
    new = services.start_new_cycle(case=case, person=person_of(request))
    messages.success(request, _("A new cycle has started with the goal carried forward."))
    return redirect("case-detail", pk=new.pk)


def submit_for_review(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse:
    run = partial(services.submit_for_review, case=case, person=person_of(request))
    return _pressed(request, case, number, run, _("Submitted for review."))


def replace_personal_data(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse:
    run = partial(services.replace_personal_data, case=case)
    message = _("Personal data has been replaced by placeholders.")
    return _pressed(request, case, number, run, message)


def approve_case(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse:
    run = partial(services.approve_case, case=case, person=person_of(request))
    return _pressed(request, case, number, run, _("The case study has been approved for sharing."))


def publish_case(request: HttpRequest, case: CaseStudy, number: int) -> Outcome:
    form = cf.PublishForm(request.POST, networks=school_networks(case))
    saved = page_forms.submit(
        form, lambda data: services.publish_case(case=case, person=person_of(request), **data)
    )
    return _back(request, case, number, _("The case study has been published.")) if saved else form


def withdraw_publication(request: HttpRequest, case: CaseStudy, number: int) -> HttpResponse:
    publication = _publication(request, case)
    run = partial(services.withdraw_publication, publication=publication, person=person_of(request))
    return _pressed(request, case, number, run, _("The publication has been withdrawn."))


# The `action` a form or button on the case page posts, and the function that handles it.
ACTIONS: dict[str, CaseAction] = {
    "narrative": save_narrative,
    "step_status": set_step_status,
    "revisit": revisit_step,
    "goal": set_goal,
    "hypothesis": add_hypothesis,
    "judge": judge_hypothesis,
    "conclude": conclude_hypothesis,
    "data_source": add_data_source,
    "analysis": add_analysis,
    "quality": set_quality_check,
    "action": add_action,
    "action_status": set_action_status,
    "action_link": link_action,
    "meeting": log_meeting,
    "measure": add_measure,
    "evaluation": record_evaluation,
    "next_cycle": start_next_cycle,
    "submit": submit_for_review,
    "scrub": replace_personal_data,
    "approve": approve_case,
    "publish": publish_case,
    "withdraw": withdraw_publication,
}


def _to_step(case: CaseStudy, number: int) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse('case-detail', args=[case.pk])}?stap={number}")


def _back(request: HttpRequest, case: CaseStudy, number: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return _to_step(case, number)


def _pressed(
    request: HttpRequest, case: CaseStudy, number: int, run: Callable[[], object], message: str
) -> HttpResponse:
    """A button without a form: the service's refusal becomes an error message."""
    if page_forms.run_service(request, run):
        messages.success(request, message)
    return _to_step(case, number)


def _hypothesis(request: HttpRequest, case: CaseStudy) -> Hypothesis:
    return school_access.get_or_404(case.hypotheses.all(), request.POST.get("id"))


def _action(request: HttpRequest, case: CaseStudy) -> Action:
    return school_access.get_or_404(case.actions.all(), request.POST.get("id"))


def _publication(request: HttpRequest, case: CaseStudy) -> Publication:
    return school_access.get_or_404(case.publications.all(), request.POST.get("id"))
