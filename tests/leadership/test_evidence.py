"""Beside the ratings, a school's reflection shows what the platform holds about the half
year: leaders in a datateam, sessions attended, cases published, coaching and cycles."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from meetings.models import Attendance, NetworkSession
from netwerk.periods import period_of
from schools.models import DatateamMembership, SchoolMembership, SchoolRole
from tests.conftest import Demo, client_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = period_of(TODAY).code


def session_on(demo: Demo, day: datetime.date, title: str) -> NetworkSession:
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))
    return NetworkSession.objects.create(
        network=demo.network_a,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


def facts_of(demo: Demo, user) -> dict[str, int]:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    response = client.get(f"/api/schools/{demo.school1.pk}/leadership/{NOW}/")
    assert response.status_code == 200
    facts: dict[str, int] = response.json()["facts"]
    return facts


def test_the_facts_count_what_happened_in_the_half_year_only(demo: Demo):
    before = facts_of(demo, demo.leader1)
    this_half = session_on(demo, TODAY, "Bijeenkomst nu")
    long_ago = session_on(demo, TODAY - datetime.timedelta(days=400), "Bijeenkomst toen")
    for session in (this_half, long_ago):
        Attendance.objects.create(session=session, person=demo.teacher1, school=demo.school1)
    Attendance.objects.create(session=this_half, person=demo.leader1, school=demo.school1)

    facts = facts_of(demo, demo.teacher1)
    assert facts["sessions_attended"] == before["sessions_attended"] + 1
    assert facts["people_at_sessions"] >= 2


def test_a_leader_who_joins_a_datateam_is_counted(demo: Demo):
    before = facts_of(demo, demo.leader1)
    leaders = SchoolMembership.objects.filter(school=demo.school1, role=SchoolRole.LEADER)
    assert before["leaders"] == leaders.values("person").distinct().count()
    DatateamMembership.objects.filter(datateam=demo.team1, person=demo.leader1).delete()
    without = facts_of(demo, demo.leader1)["leaders_in_datateam"]
    DatateamMembership.objects.create(datateam=demo.team1, person=demo.leader1, role="leader")
    assert facts_of(demo, demo.leader1)["leaders_in_datateam"] == without + 1


def test_the_period_page_shows_the_facts_beside_the_ratings(demo: Demo):
    page = client_for(demo.leader1).get(f"/scholen/{demo.school1.pk}/leiderschap/{NOW}/")
    html = page.content.decode()
    assert 'id="facts"' in html
    assert "Schoolleiders in een datateam" in html
    assert (
        client_for(demo.teacher2).get(f"/scholen/{demo.school1.pk}/leiderschap/{NOW}/").status_code
        == 404
    )
