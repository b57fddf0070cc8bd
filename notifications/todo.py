"""What waits for a person: the to-do list of their home page and of `GET /api/me/todo/`.

Each source is one function that reads one kind of waiting work with a bounded number of
queries, through the access rule of the objects it lists. A new kind of work (polls
awaiting a vote, once rooms hold polls) is one more function appended to `SOURCES` with
`todo_source`; nothing else changes."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypedDict

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casestudies.access import cases_visible_to
from casestudies.cycles import TEMPLATES, Part
from casestudies.models import (
    Action,
    ActionStatus,
    Dataset,
    DatasetStatus,
    Hypothesis,
    HypothesisStatus,
    SharingStatus,
)
from discussions.access import rooms_for
from discussions.models import Adoption, Proposal, ProposalStatus
from meetings.access import sessions_for
from meetings.models import NetworkSession
from notifications.models import Kind, Notification
from notifications.services import excerpt
from schools.access import schools_managed_by
from schools.models import School, User

# What each kind of item is called on the home page.
KIND_LABELS = {
    "approval": _("Approve"),
    "dataset": _("Accept dataset"),
    "action_overdue": _("Overdue action"),
    "action_due": _("Action due"),
    "hypothesis": _("Open hypothesis"),
    "session": _("Session"),
    "mention": _("Mention"),
    "reply": _("Reply"),
    "proposal": _("Proposal for your school"),
}

DUE_WITHIN = datetime.timedelta(days=7)
SESSIONS_WITHIN = datetime.timedelta(weeks=8)
PER_SOURCE = 25
# Proposals a school may still take up.
AWAITING = [ProposalStatus.WORKED_OUT, ProposalStatus.ADOPTED]


class TodoItem(TypedDict):
    kind: str
    title: str
    url: str
    due: str | None  # ISO date, or None for "when you can"
    school: str | None
    details: list[str]


TodoSource = Callable[[User, datetime.date], list[TodoItem]]
SOURCES: list[TodoSource] = []


def todo_source(source: TodoSource) -> TodoSource:
    SOURCES.append(source)
    return source


def todo_for(person: User, *, today: datetime.date | None = None) -> list[TodoItem]:
    """Everything waiting for the person, the most urgent first (dated items by date)."""
    day = today or timezone.localdate()
    items = [item for source in SOURCES for item in source(person, day)]
    return sorted(items, key=lambda item: (item["due"] is None, item["due"] or ""))


def _item(
    kind: str,
    title: str,
    url: str,
    *,
    due: datetime.date | None = None,
    school: School | None = None,
    details: list[str] | None = None,
) -> TodoItem:
    return {
        "kind": kind,
        "title": title,
        "url": url,
        "due": due.isoformat() if due else None,
        "school": school.name if school else None,
        "details": details or [],
    }


def _case_url(case_id: int, step: int | None = None, anchor: str = "") -> str:
    query = f"?stap={step}" if step is not None else ""
    return reverse("case-detail", args=[case_id]) + query + anchor


@todo_source
def approvals(person: User, today: datetime.date) -> list[TodoItem]:
    """Case studies submitted for review at a school the person leads."""
    cases = cases_visible_to(person).filter(
        sharing_status=SharingStatus.IN_REVIEW, datateam__school__in=schools_managed_by(person)
    )
    return [
        _item(
            "approval",
            case.title,
            _case_url(case.pk, anchor="#h-sharing"),
            school=case.datateam.school,
        )
        for case in cases.order_by("updated_at")[:PER_SOURCE]
    ]


@todo_source
def datasets(person: User, today: datetime.date) -> list[TodoItem]:
    """Anonymised datasets a leader of their school has still to accept."""
    ready = Dataset.objects.filter(
        status=DatasetStatus.READY, school__in=schools_managed_by(person)
    ).select_related("school")
    return [
        _item(
            "dataset",
            dataset.title,
            reverse("dataset-detail", args=[dataset.pk]),
            school=dataset.school,
        )
        for dataset in ready.order_by("updated_at")[:PER_SOURCE]
    ]


@todo_source
def actions(person: User, today: datetime.date) -> list[TodoItem]:
    """The person's own actions not done yet, overdue or due within a week."""
    own = (
        Action.objects.filter(owner_person=person, due_date__lte=today + DUE_WITHIN)
        .filter(case__in=cases_visible_to(person))
        .exclude(status=ActionStatus.DONE)
        .select_related("case__datateam__school")
    )
    return [
        _item(
            "action_overdue" if action.due_date < today else "action_due",
            excerpt(action.description, 120),
            _case_url(
                action.case_id,
                action.case.cycle.step_for_part(Part.ACTION_PLAN).number,
                f"#action-{action.pk}",
            ),
            due=action.due_date,
            school=action.case.datateam.school,
            details=[action.case.title],
        )
        for action in own.order_by("due_date", "pk")[:PER_SOURCE]
    ]


def _at_analysis_step() -> Q:
    """Cases standing at the analysis step of a cycle that has hypotheses."""
    condition = Q(pk__in=[])
    for code, cycle in TEMPLATES.items():
        if cycle.hypotheses_step is not None:
            step = cycle.step_for_part(Part.ANALYSES).number
            condition |= Q(case__template=code, case__current_step=step)
    return condition


@todo_source
def open_hypotheses(person: User, today: datetime.date) -> list[TodoItem]:
    """Hypotheses of the person's datateams still without a verdict at the analysis step."""
    mine = cases_visible_to(person).filter(datateam__memberships__person=person)
    waiting = (
        Hypothesis.objects.filter(case__in=mine, status=HypothesisStatus.OPEN)
        .filter(_at_analysis_step())
        .select_related("case__datateam__school")
    )
    return [
        _item(
            "hypothesis",
            excerpt(hypothesis.statement, 120),
            _case_url(hypothesis.case_id, hypothesis.case.current_step, "#h-hypotheses"),
            school=hypothesis.case.datateam.school,
            details=[hypothesis.case.title],
        )
        for hypothesis in waiting.order_by("case_id", "pk")[:PER_SOURCE]
    ]


@todo_source
def sessions(person: User, today: datetime.date) -> list[TodoItem]:
    """Network sessions coming up, with their agenda."""
    now = timezone.now()
    upcoming = (
        sessions_for(person)
        .filter(starts_at__gte=now, starts_at__lte=now + SESSIONS_WITHIN)
        .exclude(status=NetworkSession.Status.CANCELLED)
        .prefetch_related("agenda_items")
    )
    return [
        _item(
            "session",
            session.title,
            reverse("session-detail", args=[session.pk]),
            due=timezone.localtime(session.starts_at).date(),
            school=session.host_school,
            details=[item.title for item in session.agenda_items.all()],
        )
        for session in upcoming.order_by("starts_at")[:PER_SOURCE]
    ]


@todo_source
def mentions(person: User, today: datetime.date) -> list[TodoItem]:
    """Unread mentions of the person and replies to them."""
    unread = Notification.objects.filter(
        recipient=person, in_app=True, read_at__isnull=True, kind__in=[Kind.MENTION, Kind.REPLY]
    ).select_related("actor")
    return [
        _item(
            "mention" if note.kind == Kind.MENTION else "reply",
            note.headline,
            note.url,
            details=[note.summary] if note.summary else [],
        )
        for note in unread.order_by("-created_at")[:PER_SOURCE]
    ]


@todo_source
def proposals(person: User, today: datetime.date) -> list[TodoItem]:
    """Worked-out proposals in the person's rooms, adopted by a partner perhaps, that none
    of the person's schools has taken up yet."""
    schools = list(School.objects.filter(memberships__person=person).distinct())
    if not schools:
        return []
    adopted_by_mine = Adoption.objects.filter(proposal=OuterRef("pk"), school__in=schools)
    waiting = (
        Proposal.objects.filter(room__in=rooms_for(person), status__in=AWAITING)
        .exclude(Exists(adopted_by_mine))
        .select_related("room")
    )
    return [
        _item(
            "proposal",
            proposal.title,
            reverse("room-detail", args=[proposal.room_id]),
            school=schools[0] if len(schools) == 1 else None,
            details=[proposal.room.title],
        )
        for proposal in waiting.order_by("-updated_at")[:PER_SOURCE]
    ]
