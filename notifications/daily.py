"""The daily run: reminders of actions due and sessions coming up, then the digests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from notifications.cases import notify_actions_due
from notifications.digest import send_digests
from notifications.sessions import notify_upcoming_sessions


@dataclass(frozen=True)
class DailyRun:
    actions_due: int
    upcoming_sessions: int
    emails: int


def run_daily(*, now: datetime.datetime, digests: bool = True) -> DailyRun:
    actions = notify_actions_due(today=timezone.localdate(now))
    sessions = notify_upcoming_sessions(now=now)
    emails = send_digests(now=now) if digests else 0
    return DailyRun(actions_due=actions, upcoming_sessions=sessions, emails=emails)
