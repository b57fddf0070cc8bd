"""Network sessions as iCalendar (RFC 5545): one event per session, in Dutch time."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from meetings.models import NetworkSession

# The network's schools are in the Netherlands and Flanders: one zone serves both.
ZONE = ZoneInfo("Europe/Amsterdam")
PRODUCT = "-//Netwerk//Network sessions//NL"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_of(
    sessions: Iterable[NetworkSession], *, name: str, url_of: Callable[[NetworkSession], str]
) -> bytes:
    """The sessions as one calendar; `url_of` gives each session's page address."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(ZONE))
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(_event(session, url_of(session), stamp))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _event(session: NetworkSession, url: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"session-{session.pk}@netwerk")
    event.add("dtstamp", stamp)
    event.add("summary", session.title)
    event.add("dtstart", session.starts_at.astimezone(ZONE))
    event.add("dtend", session.ends_at.astimezone(ZONE))
    event.add("url", url)
    event.add("description", _description(session, url))
    place = session.location or session.online_url
    if place:
        event.add("location", place)
    if session.status == NetworkSession.Status.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def _description(session: NetworkSession, url: str) -> str:
    lines = [_("Network: %(name)s") % {"name": session.network.name}]
    if session.online_url:
        lines.append(_("Online: %(url)s") % {"url": session.online_url})
    headlines = [item.title for item in session.agenda_items.all()]
    if headlines:
        lines += ["", _("Agenda:"), *(f"- {title}" for title in headlines)]
    lines += ["", url]
    return "\n".join(lines)
