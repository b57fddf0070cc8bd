"""Network sessions in calendar apps: the secret feed per person and one session's .ics."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import NetworkSession
from tests.conftest import Demo, client_for
from tests.meetings.conftest import Sessions

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def feed_path(client) -> str:
    """The feed address the sessions page shows its visitor."""
    page = client.get("/bijeenkomsten/")
    assert page.status_code == 200
    match = re.search(r'value="https?://[^/"]+(/bijeenkomsten/agenda/[^"]+\.ics)"', page.text)
    assert match, "the sessions page shows no calendar address"
    return match.group(1)


def events_of(response) -> dict[str, Any]:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def network_b_session(demo: Demo) -> NetworkSession:
    starts = timezone.now() + datetime.timedelta(days=10)
    return services.plan_session(
        network=demo.network_b,
        title="Leesbevordering in Vlaanderen",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        created_by=demo.user("coordinator_b"),
        online_url="https://meet.example.org/netwerk-b",
    )


def test_the_feed_lists_the_sessions_its_owner_may_see_without_a_login(sessions: Sessions):
    demo = sessions.demo
    network_b_session(demo)
    path = feed_path(client_for(demo.teacher1))

    response = client_for(None).get(path)

    assert response.status_code == 200
    titles = set(events_of(response))
    assert {sessions.past.title, sessions.upcoming.title} <= titles
    assert "Leesbevordering in Vlaanderen" not in titles
    assert titles == {
        session.title for session in NetworkSession.objects.filter(network=demo.network_a)
    }


def test_a_wrong_secret_finds_nothing(sessions: Sessions):
    path = feed_path(client_for(sessions.demo.teacher1))
    wrong = path.replace(".ics", "x.ics")

    assert client_for(None).get(wrong).status_code == 404
    assert client_for(None).get("/bijeenkomsten/agenda/.ics").status_code == 404


def test_each_person_has_their_own_feed(sessions: Sessions):
    demo = sessions.demo
    network_b_session(demo)
    teacher_path = feed_path(client_for(demo.teacher1))
    outsider_path = feed_path(client_for(demo.outsider))

    assert teacher_path != outsider_path
    outsider_titles = set(events_of(client_for(None).get(outsider_path)))
    assert outsider_titles == {"Leesbevordering in Vlaanderen"}


def test_a_new_link_stops_the_old_one(sessions: Sessions):
    client = client_for(sessions.demo.teacher1)
    old = feed_path(client)

    renewed = client.post("/bijeenkomsten/agenda/vernieuwen/")

    assert renewed.status_code == 302
    new = feed_path(client)
    assert new != old
    assert client_for(None).get(old).status_code == 404
    assert client_for(None).get(new).status_code == 200


def test_a_new_link_needs_a_post_with_a_csrf_token(sessions: Sessions):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(sessions.demo.teacher1)
    old = feed_path(client)

    assert client.get("/bijeenkomsten/agenda/vernieuwen/").status_code == 405
    assert client.post("/bijeenkomsten/agenda/vernieuwen/").status_code == 403
    assert feed_path(client) == old


def test_a_closed_account_has_no_feed(sessions: Sessions):
    teacher = sessions.demo.teacher1
    path = feed_path(client_for(teacher))
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])

    assert client_for(None).get(path).status_code == 404


def test_one_session_downloads_as_an_ics_with_its_times_in_dutch_time(sessions: Sessions):
    session = sessions.upcoming
    services.add_agenda_item(session=session, title="Terugblik op de doelen", duration_minutes=30)
    session.online_url = "https://meet.example.org/netwerk-a"
    session.save(update_fields=["online_url"])

    response = client_for(sessions.demo.teacher2).get(f"/bijeenkomsten/{session.pk}/agenda.ics")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    event = events_of(response)[session.title]
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert start == session.starts_at
    assert end == session.ends_at
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert start.hour == session.starts_at.astimezone(AMSTERDAM).hour
    assert str(event["LOCATION"]) == "Het Baken College, Utrecht"
    description = str(event["DESCRIPTION"])
    assert "Terugblik op de doelen" in description
    assert "https://meet.example.org/netwerk-a" in description
    assert str(event["URL"]).endswith(f"/bijeenkomsten/{session.pk}/")
    assert b"BEGIN:VTIMEZONE" in response.content


def test_the_ics_speaks_the_visitors_language(sessions: Sessions):
    session = sessions.upcoming
    services.add_agenda_item(session=session, title="Terugblik", duration_minutes=30)
    client = client_for(sessions.demo.teacher1)
    path = f"/bijeenkomsten/{session.pk}/agenda.ics"

    dutch = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert "Agenda:" in str(events_of(english)[session.title]["DESCRIPTION"])
    assert "Netwerk: " in str(events_of(dutch)[session.title]["DESCRIPTION"])
    assert "Network: " in str(events_of(english)[session.title]["DESCRIPTION"])


@pytest.mark.parametrize("who", ["outsider", None])
def test_one_session_is_not_found_for_who_may_not_see_it(sessions: Sessions, who):
    client = client_for(None if who is None else sessions.demo.outsider)

    response = client.get(f"/bijeenkomsten/{sessions.upcoming.pk}/agenda.ics")

    assert response.status_code == (404 if who else 302)


def test_a_cancelled_session_says_so_in_the_calendar(sessions: Sessions):
    session = sessions.upcoming
    session.status = NetworkSession.Status.CANCELLED
    session.save(update_fields=["status"])

    response = client_for(sessions.demo.teacher1).get(f"/bijeenkomsten/{session.pk}/agenda.ics")

    assert str(events_of(response)[session.title]["STATUS"]) == "CANCELLED"
