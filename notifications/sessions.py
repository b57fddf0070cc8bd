"""Notifications about network sessions coming up (from the daily run)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from meetings.models import NetworkSession
from netwerk.access import people_of_network
from notifications.models import Kind
from notifications.services import Event, excerpt, notify

STARTS_WITHIN = datetime.timedelta(days=7)


def notify_upcoming_sessions(*, now: datetime.datetime) -> int:
    """Everyone in the network hears once of each session starting in the coming week."""
    sessions = NetworkSession.objects.filter(
        status=NetworkSession.Status.UPCOMING,
        starts_at__gt=now,
        starts_at__lte=now + STARTS_WITHIN,
    )
    count = 0
    for session in sessions:
        notify(
            event=Event(
                kind=Kind.UPCOMING_SESSION,
                key=f"session:{session.pk}",
                title=session.title,
                url=reverse("session-detail", args=[session.pk]),
                summary=excerpt(session.location),
                happens_at=session.starts_at,
            ),
            recipients=people_of_network(session.network_id),
        )
        count += 1
    return count
