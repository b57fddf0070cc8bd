"""Notifications about a school's own case studies: a case waiting for approval, and
(from the daily run) actions of its action plan that are due soon."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from casestudies.access import people_on_case
from casestudies.models import Action, ActionStatus, CaseStudy, Dataset
from notifications.models import Kind
from notifications.services import Event, excerpt, notify
from schools.models import SchoolRole, User

DUE_WITHIN = datetime.timedelta(days=7)


def case_submitted(*, case: CaseStudy, person: User | None) -> None:
    """The school leaders who may approve the case (each submission is its own event)."""
    leaders = people_on_case(case).filter(
        school_memberships__school_id=case.datateam.school_id,
        school_memberships__role=SchoolRole.LEADER,
    )
    notify(
        event=Event(
            kind=Kind.APPROVAL_WAITING,
            key=f"case:{case.pk}:submitted:{case.updated_at.isoformat()}",
            title=case.title,
            url=reverse("case-detail", args=[case.pk]) + "#h-sharing",
            actor=person,
        ),
        recipients=leaders,
    )


def notify_actions_due(*, today: datetime.date) -> int:
    """Everyone working on a case hears once of each open action due in the coming week."""
    actions = (
        Action.objects.filter(due_date__gte=today, due_date__lte=today + DUE_WITHIN)
        .exclude(status=ActionStatus.DONE)
        .select_related("case__datateam")
    )
    count = 0
    for action in actions:
        due = datetime.datetime.combine(action.due_date, datetime.time(9))
        notify(
            event=Event(
                kind=Kind.ACTION_DUE,
                key=f"action:{action.pk}",
                title=action.case.title,
                url=reverse("case-detail", args=[action.case_id]) + "#h-actions",
                summary=excerpt(action.description),
                happens_at=timezone.make_aware(due),
            ),
            recipients=people_on_case(action.case),
        )
        count += 1
    return count


def dataset_ready(*, dataset: Dataset) -> None:
    """The school's leaders, who alone may accept the anonymised version (each anonymised
    version is its own event)."""
    leaders = User.objects.filter(
        is_active=True,
        school_memberships__school_id=dataset.school_id,
        school_memberships__role=SchoolRole.LEADER,
    ).distinct()
    notify(
        event=Event(
            kind=Kind.DATASET_WAITING,
            key=f"dataset:{dataset.pk}:ready:{dataset.updated_at.isoformat()}",
            title=dataset.title,
            url=reverse("dataset-detail", args=[dataset.pk]),
            actor=dataset.uploaded_by,
        ),
        recipients=leaders,
    )
