"""Leadership reflection pages: a school's overview with trends, and one period with the
ratings, the comparison once opened, the discussion and the essentials. Each view:
access helper → form (shape) → service → response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from frontend import growth_forms as gf
from frontend.forms import run_service, submit
from frontend.trends import trend_grid
from frontend.views import person_of
from leadership import access, services
from leadership.blocks import BUILDING_BLOCKS, ESSENTIALS
from leadership.evidence import school_facts
from leadership.models import RaterGroup, Reflection
from leadership.reports import comparison, leadership_trends, own_ratings, respondents, trend_chart
from netwerk.markdown import render_markdown
from netwerk.periods import Period, parse_past_period, recent_periods
from schools.models import School
from schools.services import today

BLOCKS = [gf.RatedItem(b.code, b.name, questions=b.questions) for b in BUILDING_BLOCKS]
PERIODS_LISTED = 6


@login_required
def overview(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = access.school_for_reflection(request.user, school_pk)
    reflections = {
        r.period: r for r in school.leadership_reflections.prefetch_related("essentials")
    }
    periods = [
        {
            "period": p,
            "reflection": reflections.get(p.code),
            "essentials": _essentials(reflections.get(p.code)),
        }
        for p in reversed(recent_periods(today(), PERIODS_LISTED))
    ]
    table = leadership_trends(school)
    context = {
        "school": school,
        "blocks": BUILDING_BLOCKS,
        "essentials": ESSENTIALS,
        "periods": periods,
        "group": access.rater_group(request.user, school),
        "chart": trend_chart(table) if not table.empty else "",
        "trends": trend_grid(
            table, {b.code: b.name for b in BUILDING_BLOCKS}, RaterGroup.LEADERS, RaterGroup.TEAM
        ),
    }
    return render(request, "leadership/overview.html", context)


def _essentials(reflection: Reflection | None) -> dict[str, bool]:
    if reflection is None:
        return {}
    return {check.essential: check.in_place for check in reflection.essentials.all()}


@login_required
def period_detail(request: HttpRequest, school_pk: int, period: str) -> HttpResponse:
    school = access.school_for_reflection(request.user, school_pk)
    the_period = _period_or_404(period)
    person = person_of(request)
    reflection = Reflection.objects.filter(school=school, period=the_period.code).first()
    group = access.rater_group(person, school)
    leader = access.is_leader(person, school)
    mine = own_ratings(reflection, person)
    bound = _forms(reflection, mine)
    if request.method == "POST":
        response = _act(request, school, the_period, reflection, bound)
        if response is not None:
            return response
    is_open = reflection is not None and reflection.is_open
    context = {
        "school": school,
        "period": the_period,
        "reflection": reflection,
        "group": group,
        "group_label": RaterGroup(group).label if group else "",
        "is_leader": leader,
        "is_open": is_open,
        "has_rated": bool(mine),
        "respondents": respondents(reflection),
        "comparison": comparison(reflection) if reflection is not None and is_open else [],
        "notes_html": render_markdown(reflection.discussion_notes) if reflection else "",
        "steps_html": render_markdown(reflection.next_steps) if reflection else "",
        "essentials": [
            {"essential": e, "in_place": _essentials(reflection).get(e.code, False)}
            for e in ESSENTIALS
        ],
        "forms": bound,
        "blocks": BUILDING_BLOCKS,
        "facts": school_facts(school, the_period),
    }
    return render(request, "leadership/period.html", context)


def _forms(reflection: Reflection | None, mine: dict[str, Any]) -> dict[str, Any]:
    """The page's three forms, filled with what is saved so far."""
    saved = {b: (r.level, r.note) for b, r in mine.items()}
    discussion = (
        {"notes": reflection.discussion_notes, "next_steps": reflection.next_steps}
        if reflection
        else None
    )
    in_place = [code for code, done in _essentials(reflection).items() if done]
    return {
        "rate": gf.RatingsForm(
            items=BLOCKS,
            today=today(),
            optional=False,
            with_period=False,
            initial=gf.initial_ratings(saved),
        ),
        "discuss": gf.DiscussionForm(initial=discussion),
        "essentials": gf.EssentialsForm(initial={"in_place": in_place}),
    }


def _period_or_404(code: str) -> Period:
    try:
        return parse_past_period(code, today=today())
    except ValidationError as invalid:
        raise Http404 from invalid


def _act(
    request: HttpRequest,
    school: School,
    period: Period,
    reflection: Reflection | None,
    bound: dict[str, Any],
) -> HttpResponse | None:
    person = person_of(request)
    action = request.POST.get("action", "")
    if action == "rate":
        if access.rater_group(person, school) is None:
            raise Http404
        rating = gf.RatingsForm(
            request.POST, items=BLOCKS, today=today(), optional=False, with_period=False
        )
        bound["rate"] = rating
        if submit(
            rating,
            lambda d: services.rate_building_blocks(
                school=school, person=person, period=period.code, ratings=rating.ratings()
            ),
        ):
            return _done(request, _("Your ratings have been saved."))
        return None
    if not access.is_leader(person, school) or reflection is None:
        raise Http404
    if action == "open":
        if run_service(
            request, lambda: services.open_for_discussion(reflection=reflection, person=person)
        ):
            return _done(request, _("The period is open for discussion."))
        return HttpResponseRedirect(request.path)
    if action == "discuss":
        discussion = gf.DiscussionForm(request.POST)
        bound["discuss"] = discussion
        if submit(
            discussion,
            lambda d: services.record_discussion(
                reflection=reflection, person=person, notes=d["notes"], next_steps=d["next_steps"]
            ),
        ):
            return _done(request, _("The discussion has been recorded."))
        return None
    if action == "essentials":
        checklist = gf.EssentialsForm(request.POST)
        bound["essentials"] = checklist
        if submit(
            checklist,
            lambda d: services.check_essentials(
                reflection=reflection, person=person, in_place=d["in_place"]
            ),
        ):
            return _done(request, _("The checklist has been saved."))
        return None
    raise Http404


def _done(request: HttpRequest, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return HttpResponseRedirect(request.path)
