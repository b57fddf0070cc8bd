"""Data coach pages: the coaches a person may see, a coach's profile with growth over
time, the coach's self-assessment and the teams' feedback. Each view: access helper →
form (shape) → service → response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casestudies.models import CaseStudy
from coaching import access as coach_access
from coaching import services
from coaching.competencies import COMPETENCIES, LEVEL_NAMES
from coaching.models import (
    CoachKind,
    CoachProfile,
    Evidence,
    FeedbackRating,
    SelfAssessment,
    TeamFeedback,
)
from coaching.reports import competency_growth, growth_chart
from coaching.trends import latest_levels
from frontend import growth_forms as gf
from frontend.forms import submit
from frontend.trends import trend_grid
from frontend.views import person_of
from meetings.models import NetworkSession
from schools.access import get_or_404
from schools.models import User
from schools.services import today

RUBRIC = [gf.RatedItem(c.code, c.name, c.levels) for c in COMPETENCIES]


@login_required
def coach_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    own = coach_access.own_profile(person)
    form = gf.CoachProfileForm(request.POST or None, initial={"kind": _default_kind(person)})
    created: list[CoachProfile] = []
    if request.method == "POST" and submit(
        form, lambda d: created.append(services.create_coach_profile(person=person, **d))
    ):
        messages.success(request, _("Your data coach profile has been created."))
        return redirect("coach-detail", pk=created[0].pk)
    context = {
        "own": own,
        "profiles": coach_access.profiles_visible_to(person).exclude(person=person),
        "feedback_to": coach_access.profiles_for_feedback(person),
        "can_start": own is None and _default_kind(person) is not None,
        "form": form,
    }
    return render(request, "coaching/list.html", context)


def _default_kind(person: User) -> str | None:
    kinds = coach_access.coach_kinds(person)
    return next((kind for kind in CoachKind.values if kind in kinds), None)


@login_required
def coach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = coach_access.profile_for_viewer(request.user, pk)
    is_owner = profile.person_id == request.user.pk
    intro = gf.IntroductionForm(
        request.POST or None, initial={"introduction": profile.introduction}
    )
    if request.method == "POST":
        profile = coach_access.profile_for_owner(request.user, pk)
        if submit(intro, lambda d: services.update_coach_profile(profile=profile, **d)):
            messages.success(request, _("Your introduction has been saved."))
            return redirect("coach-detail", pk=profile.pk)
    table = competency_growth(profile)
    context = {
        "profile": profile,
        "is_owner": is_owner,
        "intro_form": intro,
        "schools": coach_access.coached_schools(profile),
        "chart": growth_chart(table) if not table.empty else "",
        "growth": trend_grid(table, {c.code: c.name for c in COMPETENCIES}, "self", "team"),
        "rubric": _rubric(table),
        "assessments": profile.self_assessments.order_by("-period").prefetch_related(
            "evidence__session", "evidence__case", "ratings"
        ),
        "feedback_notes": _feedback_notes(profile),
    }
    return render(request, "coaching/detail.html", context)


def _rubric(table: Any) -> list[dict[str, Any]]:
    """Each competency's four levels, marking the latest self-assessed one."""
    own, teams = latest_levels(table, "self"), latest_levels(table, "team")
    return [
        {
            "competency": c,
            "current": own.get(c.code),
            "team": teams.get(c.code),
            "levels": [(n, LEVEL_NAMES[n], c.descriptor(n)) for n in LEVEL_NAMES],
        }
        for c in COMPETENCIES
    ]


def _feedback_notes(profile: CoachProfile) -> Any:
    """The teams' notes without names: feedback is about the coach, not the giver."""
    return (
        FeedbackRating.objects.filter(feedback__profile=profile)
        .exclude(note="")
        .select_related("feedback")
        .order_by("-feedback__period", "competency")[:20]
    )


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    profile = coach_access.profile_for_owner(request.user, pk)
    period = request.GET.get("periode") or gf.current_period(today()).code
    existing = profile.self_assessments.filter(period=period).first()
    form = gf.RatingsForm(
        request.POST or None,
        items=RUBRIC,
        today=today(),
        optional=True,
        initial={"period": period, **_initial(existing)},
    )
    if request.method == "POST" and request.POST.get("action") == "evidence":
        return _add_evidence(request, profile)
    if request.method == "POST" and request.POST.get("action") == "remove_evidence":
        evidence = get_or_404(
            Evidence.objects.filter(assessment__profile=profile), request.POST.get("id")
        )
        services.remove_evidence(evidence=evidence)
        messages.success(request, _("The evidence has been removed."))
        return redirect(f"{request.path}?periode={period}")
    if request.method == "POST" and submit(
        form,
        lambda d: services.save_self_assessment(
            profile=profile, period=d["period"], ratings=form.ratings()
        ),
    ):
        messages.success(request, _("Your self-assessment has been saved."))
        return redirect(f"{request.path}?periode={form.cleaned_data['period']}")
    context = {
        "profile": profile,
        "form": form,
        "period": period,
        "assessment": existing,
        "evidence_form": _evidence_form(profile, None),
    }
    return render(request, "coaching/self_assessment.html", context)


def _initial(assessment: SelfAssessment | None) -> dict[str, str]:
    if assessment is None:
        return {}
    return gf.initial_ratings({r.competency: (r.level, r.note) for r in assessment.ratings.all()})


def _evidence_form(profile: CoachProfile, data: Any) -> gf.EvidenceForm:
    return gf.EvidenceForm(
        data,
        sessions=NetworkSession.objects.filter(facilitators=profile.person),
        cases=CaseStudy.objects.filter(
            datateam__school__in=coach_access.coached_schools(profile)
        ).select_related("datateam__school"),
        meetings=coach_access.meetings_for_evidence(profile),
    )


def _add_evidence(request: HttpRequest, profile: CoachProfile) -> HttpResponse:
    assessment = get_or_404(profile.self_assessments.all(), request.POST.get("assessment"))
    form = _evidence_form(profile, request.POST)
    if submit(form, lambda d: services.add_evidence(assessment=assessment, **d)):
        messages.success(request, _("The evidence has been added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(f"{request.path}?periode={assessment.period}")


@login_required
def give_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    profile = coach_access.profile_for_feedback(request.user, pk)
    person = person_of(request)
    form = gf.RatingsForm(
        request.POST or None,
        items=RUBRIC,
        today=today(),
        optional=True,
        initial={"period": gf.current_period(today()).code},
    )
    if request.method == "POST" and submit(
        form,
        lambda d: services.give_feedback(
            profile=profile, giver=person, period=d["period"], ratings=form.ratings()
        ),
    ):
        messages.success(request, _("Thank you: your feedback has been sent to the coach."))
        return redirect("coach-feedback", pk=profile.pk)
    context = {
        "profile": profile,
        "form": form,
        "given": TeamFeedback.objects.filter(profile=profile, giver=person).order_by("-period"),
        "teams": coach_access.coached_memberships(profile, person),
    }
    return render(request, "coaching/feedback.html", context)
