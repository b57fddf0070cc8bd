"""Demo notification settings: leader1 gets approvals waiting and actions due by e-mail
too, so `manage.py send_digest` shows a digest on the console in development. Safe to run
again: preferences are set, not added, and reminders exist once per event."""

from __future__ import annotations

from django.utils import timezone

from notifications.daily import run_daily
from notifications.models import Kind, KindPreference
from notifications.services import Choice, set_preferences
from schools.models import User


def seed_demo_notifications() -> None:
    leader = User.objects.filter(username="leader1").first()
    if leader is not None and not KindPreference.objects.filter(person=leader).exists():
        digest = Choice(in_app=True, digest=True)
        set_preferences(
            person=leader,
            kinds={Kind.APPROVAL_WAITING: digest, Kind.ACTION_DUE: digest},
        )
    run_daily(now=timezone.now(), digests=False)
