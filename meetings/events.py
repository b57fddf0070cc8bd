"""What happens at network sessions, as domain events (netwerk.events): the contributions
ledger subscribes; the session services never import it."""

from __future__ import annotations

from dataclasses import dataclass

from meetings.models import Attendance, SessionFeedback
from netwerk.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class AttendanceRecorded(DomainEvent):
    attendance: Attendance


@dataclass(frozen=True, kw_only=True)
class AttendanceRemoved(DomainEvent):
    """A mistaken record undone; emitted before the row is deleted, so `attendance` still
    has its primary key."""

    attendance: Attendance


@dataclass(frozen=True, kw_only=True)
class FeedbackGiven(DomainEvent):
    feedback: SessionFeedback
