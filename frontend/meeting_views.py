"""Network-session pages: the sessions of a network, one session (agenda, cases, live room,
attendance, minutes, decisions, feedback) and the planning form. Each view: access helper →
form (shape) → service → response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.access import cases_visible_to, publications_shared_with, publications_visible_to
from discussions import services as room_services
from frontend import calendar_views
from frontend import forms as page_forms
from frontend import meeting_forms as mf
from frontend.pdf import pdf_filename, pdf_response
from frontend.views import person_of
from meetings import access, services
from meetings.models import Decision, NetworkSession
from meetings.summary import feedback_summary
from netwerk.access import member_schools, network_for_member, people_of_network
from netwerk.markdown import render_markdown
from netwerk.models import LearningNetwork
from schools.access import get_or_404
from schools.models import User


@login_required
def session_list(request: HttpRequest, network_pk: int | None = None) -> HttpResponse:
    person = person_of(request)
    sessions = access.sessions_for(person)
    network = None if network_pk is None else network_for_member(person, network_pk)
    planned = access.networks_planned_by(person)
    if network is not None:
        sessions, planned = sessions.filter(network=network), planned.filter(pk=network.pk)
    now = timezone.now()
    context = {
        "network": network,
        "upcoming": sessions.filter(ends_at__gt=now).order_by("starts_at"),
        "past": sessions.filter(ends_at__lte=now).order_by("-starts_at"),
        "planned_networks": planned,
        "feed_url": calendar_views.feed_url(request),
    }
    return render(request, "meetings/list.html", context)


@login_required
def session_create(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = access.network_for_planner(request.user, network_pk)
    form = _session_form(request, network)
    created: list[NetworkSession] = []
    if request.method == "POST" and page_forms.submit(
        form,
        lambda d: created.append(
            services.plan_session(
                network=network, created_by=person_of(request), **form.session_details()
            )
        ),
    ):
        messages.success(request, _("The session has been planned."))
        return redirect("session-detail", pk=created[0].pk)
    return render(request, "meetings/form.html", {"network": network, "form": form})


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_planner(request.user, pk)
    form = _session_form(request, session.network, initial=mf.SessionForm.initial_for(session))
    if request.method == "POST" and page_forms.submit(
        form,
        lambda d: services.update_session(
            session=session,
            changes=services.SessionChanges(**form.session_details()),  # type: ignore[typeddict-item]
        ),
    ):
        messages.success(request, _("The session has been saved."))
        return redirect("session-detail", pk=session.pk)
    context = {"network": session.network, "form": form, "session": session}
    return render(request, "meetings/form.html", context)


def _session_form(
    request: HttpRequest, network: LearningNetwork, initial: dict[str, Any] | None = None
) -> mf.SessionForm:
    return mf.SessionForm(
        request.POST or None,
        initial=initial,
        schools=member_schools(network),
        people=people_of_network(network.pk),
    )


@login_required
def session_room(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (or join) the session's live room."""
    if request.method != "POST":
        raise Http404
    session = access.session_for_member(request.user, pk)
    try:
        room = room_services.open_session_room(session=session, person=person_of(request))
    except room_services.RoomError as error:
        messages.error(request, error.detail)
        return redirect("session-detail", pk=session.pk)
    return redirect("room-detail", pk=room.pk)


# --- One session -------------------------------------------------------------------------


Handler = Callable[[HttpRequest, NetworkSession], HttpResponse | Form]


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_for_member(request.user, pk)
    person = person_of(request)
    planner = access.can_plan(person, session.network)
    bound: dict[str, Form] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = PLANNER_HANDLERS.get(action) if planner else None
        handler = handler or MEMBER_HANDLERS.get(action)
        if handler is None:
            raise Http404
        outcome = handler(request, session)
        if isinstance(outcome, HttpResponse):
            return outcome
        # A take-up form is shown again under its own decision, with its errors.
        key = f"take_up:{request.POST.get('id')}" if action == "take_up" else action
        bound[key] = outcome
    context = _detail_context(person, session, planner, bound)
    return render(request, "meetings/detail.html", context)


@login_required
def session_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's record (agenda, cases, attendance, minutes, decisions) as a PDF: the
    page as a member sees it, without the forms and the feedback."""
    session = access.session_for_member(request.user, pk)
    context = _detail_context(person_of(request), session, False, {})
    context |= {"feedback_form": None, "own_feedback": None}
    filename = pdf_filename(f"{session.title} {session.starts_at:%Y-%m-%d}")
    return pdf_response(request, "meetings/detail.html", context, filename=filename)


def _detail_context(
    person: User, session: NetworkSession, planner: bool, bound: dict[str, Form]
) -> dict[str, Any]:
    started = session.starts_at <= timezone.now()
    live = session.status != NetworkSession.Status.CANCELLED
    agenda = list(session.agenda_items.all())
    own_feedback = session.feedback.filter(person=person).first()
    context: dict[str, Any] = {
        "session": session,
        "is_planner": planner,
        "started": started,
        "live": live,
        "agenda": agenda,
        "agenda_minutes": sum(item.duration_minutes for item in agenda),
        "session_minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
        "presented": _presented(person, session),
        "room": session.rooms.first(),
        "attendances": session.attendances.select_related("person", "school"),
        "minutes_html": render_markdown(session.minutes),
        "decisions": _decisions(person, session, bound),
        "own_feedback": own_feedback,
        # A refused form is shown again with its errors (also "already given").
        "feedback_form": bound.get("feedback")
        or (mf.FeedbackForm() if started and live and own_feedback is None else None),
    }
    if planner:
        context |= _planner_forms(session, bound) | {"summary": feedback_summary(session)}
    return context


def _presented(person: User, session: NetworkSession) -> list[dict[str, Any]]:
    """Each presented case with a link to the version its reader may open now (the newest
    shared one), or none if it is no longer shared."""
    rows = session.presented_cases.select_related("publication", "agenda_item")
    visible = dict(
        publications_visible_to(person)
        .filter(case__in=[row.publication.case_id for row in rows])
        .values_list("case_id", "pk")
    )
    return [{"row": row, "link": visible.get(row.publication.case_id)} for row in rows]


def _decisions(person: User, session: NetworkSession, bound: dict[str, Form]) -> list[Any]:
    cases = access.cases_for_action_plan(person, session.network)
    own_cases = set(cases_visible_to(person).values_list("pk", flat=True))
    shown = []
    for decision in session.decisions.prefetch_related("actions__school", "actions__action"):
        taken = {link.school_id for link in decision.actions.all()}
        open_cases = cases.exclude(datateam__school__in=taken)
        form = None
        if open_cases.exists():
            form = bound.get(f"take_up:{decision.pk}") or mf.TakeUpForm(
                cases=open_cases, auto_id=f"d{decision.pk}_%s"
            )
        shown.append(
            {
                "decision": decision,
                "links": [
                    (link, link.action.case_id in own_cases) for link in decision.actions.all()
                ],
                "form": form,
            }
        )
    return shown


def _planner_forms(session: NetworkSession, bound: dict[str, Form]) -> dict[str, Any]:
    network = LearningNetwork.objects.filter(pk=session.network_id)
    presented = session.presented_cases.values("publication__case")
    publications = publications_shared_with(network).exclude(case__in=presented)
    forms: dict[str, Form] = {
        "agenda": mf.AgendaItemForm(prefix="agenda"),
        "present": mf.PresentCaseForm(
            prefix="case", publications=publications, items=session.agenda_items.all()
        ),
        "attendance": mf.AttendanceForm(
            people=people_of_network(session.network_id),
            initial={"present": [a.person for a in session.attendances.all()]},
        ),
        "minutes": mf.MinutesForm(initial={"minutes": session.minutes}),
        "decision": mf.DecisionForm(prefix="decision"),
    }
    return {"forms": forms | {k: v for k, v in bound.items() if k in forms}}


def _back(request: HttpRequest, session: NetworkSession, message: str | Promise) -> HttpResponse:
    messages.success(request, str(message))
    return HttpResponseRedirect(
        reverse("session-detail", args=[session.pk]) + "#" + _anchor(request)
    )


def _anchor(request: HttpRequest) -> str:
    return {"agenda": "agenda", "present": "cases", "attendance": "attendance"}.get(
        request.POST.get("action", ""), "top"
    )


def _form_handler(
    build: Callable[[HttpRequest, NetworkSession], Form],
    service: Callable[[HttpRequest, NetworkSession, Form], object],
    message: Promise,
) -> Handler:
    def handle(request: HttpRequest, session: NetworkSession) -> HttpResponse | Form:
        form = build(request, session)
        if page_forms.submit(form, lambda d: service(request, session, form)):
            return _back(request, session, message)
        return form

    return handle


def _button_handler(
    service: Callable[[HttpRequest, NetworkSession], object], message: Promise
) -> Handler:
    def handle(request: HttpRequest, session: NetworkSession) -> HttpResponse:
        if page_forms.run_service(request, lambda: service(request, session)):
            return _back(request, session, message)
        return HttpResponseRedirect(reverse("session-detail", args=[session.pk]))

    return handle


def _item(request: HttpRequest, session: NetworkSession) -> Any:
    return get_or_404(session.agenda_items.all(), request.POST.get("id"))


def _decision(request: HttpRequest, session: NetworkSession) -> Decision:
    return get_or_404(session.decisions.all(), request.POST.get("id"))


def _take_up(request: HttpRequest, session: NetworkSession) -> HttpResponse | Form:
    decision = access.decision_for_member(request.user, session, request.POST.get("id"))
    cases = access.cases_for_action_plan(person_of(request), session.network)
    form = mf.TakeUpForm(request.POST, cases=cases, auto_id=f"d{decision.pk}_%s")
    if page_forms.submit(
        form,
        lambda d: services.take_up_decision(decision=decision, person=person_of(request), **d),
    ):
        return _back(request, session, gettext_lazy("The action is in your action plan."))
    return form


def _set_status(status: str) -> Callable[[HttpRequest, NetworkSession], object]:
    return lambda r, s: services.update_session(
        session=s, changes=services.SessionChanges(status=status)
    )


PLANNER_HANDLERS: dict[str, Handler] = {
    "agenda": _form_handler(
        lambda r, s: mf.AgendaItemForm(r.POST, prefix="agenda"),
        lambda r, s, f: services.add_agenda_item(session=s, **f.item_details()),  # type: ignore[attr-defined]
        gettext_lazy("The agenda item has been added."),
    ),
    "agenda_remove": _button_handler(
        lambda r, s: services.remove_agenda_item(item=_item(r, s)),
        gettext_lazy("The agenda item has been removed."),
    ),
    "agenda_up": _button_handler(
        lambda r, s: services.move_agenda_item(item=_item(r, s), up=True),
        gettext_lazy("The agenda has been reordered."),
    ),
    "agenda_down": _button_handler(
        lambda r, s: services.move_agenda_item(item=_item(r, s), up=False),
        gettext_lazy("The agenda has been reordered."),
    ),
    "present": _form_handler(
        lambda r, s: mf.PresentCaseForm(
            r.POST,
            prefix="case",
            publications=publications_shared_with(LearningNetwork.objects.filter(pk=s.network_id)),
            items=s.agenda_items.all(),
        ),
        lambda r, s, f: services.present_case(session=s, **f.cleaned_data),
        gettext_lazy("The case is on the session's list."),
    ),
    "unpresent": _button_handler(
        lambda r, s: services.remove_presented_case(
            presented=get_or_404(s.presented_cases.all(), r.POST.get("id"))
        ),
        gettext_lazy("The case has been taken off the list."),
    ),
    "attendance": _form_handler(
        lambda r, s: mf.AttendanceForm(r.POST, people=people_of_network(s.network_id)),
        lambda r, s, f: services.set_attendance(session=s, present=f.cleaned_data["present"]),
        gettext_lazy("The attendance has been saved."),
    ),
    "minutes": _form_handler(
        lambda r, s: mf.MinutesForm(r.POST),
        lambda r, s, f: services.write_minutes(
            session=s, person=person_of(r), minutes=f.cleaned_data["minutes"]
        ),
        gettext_lazy("The minutes have been saved."),
    ),
    "decision": _form_handler(
        lambda r, s: mf.DecisionForm(r.POST, prefix="decision"),
        lambda r, s, f: services.record_decision(session=s, person=person_of(r), **f.cleaned_data),
        gettext_lazy("The decision has been recorded."),
    ),
    "decision_remove": _button_handler(
        lambda r, s: services.remove_decision(decision=_decision(r, s)),
        gettext_lazy("The decision has been removed."),
    ),
    "held": _button_handler(
        _set_status(NetworkSession.Status.HELD), gettext_lazy("The session is marked as held.")
    ),
    "cancel": _button_handler(
        _set_status(NetworkSession.Status.CANCELLED),
        gettext_lazy("The session has been cancelled."),
    ),
}

MEMBER_HANDLERS: dict[str, Handler] = {
    "feedback": _form_handler(
        lambda r, s: mf.FeedbackForm(r.POST),
        lambda r, s, f: services.give_feedback(session=s, person=person_of(r), **f.cleaned_data),
        gettext_lazy("Thank you for your feedback."),
    ),
    "take_up": _take_up,
}
