"""The demo sessions: two school years back and a few ahead of today, with what a held
session leaves behind, counted in the contributions ledger."""

from __future__ import annotations

import datetime

from django.utils import timezone

from capacity.models import Contribution
from meetings.models import (
    Attendance,
    DecisionAction,
    NetworkSession,
    PresentedCase,
    SessionFeedback,
)


def test_the_demo_sessions_span_two_school_years_and_a_few_to_come() -> None:
    today = timezone.localdate()
    this_year = today.year if today.month >= 8 else today.year - 1
    days = [timezone.localdate(s.starts_at) for s in NetworkSession.objects.all()]
    assert min(days) >= datetime.date(this_year - 2, 8, 1)
    assert min(days) < datetime.date(this_year - 1, 8, 1)
    upcoming = NetworkSession.objects.filter(status=NetworkSession.Status.UPCOMING)
    assert upcoming.count() >= 2
    assert all(s.starts_at > timezone.now() for s in upcoming)
    held = NetworkSession.objects.filter(status=NetworkSession.Status.HELD)
    assert all(s.ends_at <= timezone.now() for s in held)
    assert all(s.attendances.exists() and s.minutes and s.decisions.exists() for s in held)
    assert PresentedCase.objects.exists()
    assert DecisionAction.objects.count() == 1
    assert NetworkSession.objects.filter(network__name__startswith="Leesnetwerk").exists()


def test_demo_attendance_and_feedback_are_in_the_ledger() -> None:
    attended = Contribution.objects.filter(rule="session_attended")
    assert attended.count() == Attendance.objects.count() > 20
    assert (
        Contribution.objects.filter(rule="peer_feedback").count() == SessionFeedback.objects.count()
    )
    months = {c.occurred_on.replace(day=1) for c in attended}
    assert len(months) >= 8  # spread over the school years, not bunched on today


def test_a_decision_taken_up_keeps_its_due_date_in_the_action_plan():
    from meetings.models import DecisionAction

    taken = DecisionAction.objects.select_related("decision", "action")
    assert taken.exists()
    for link in taken:
        assert link.action.due_date == link.decision.due_date
