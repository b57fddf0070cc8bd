"""The network-session API: members read, coordinators and the network's coaches plan,
schools take decisions into their action plans, participants give feedback."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from capacity.models import Contribution
from casestudies.demo import seed_demo_cases
from casestudies.models import CaseStudy, Publication
from discussions import services as room_services
from meetings.models import DecisionAction, NetworkSession
from schools.models import User
from tests.conftest import client_for
from tests.meetings.conftest import Sessions

pytestmark = pytest.mark.django_db

JSON = "application/json"


def api(user: User | None) -> Client:
    """A client that asks for English, so messages can be compared with the services'."""
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def when(days: float, hours: float = 0) -> str:
    moment = timezone.now() + datetime.timedelta(days=days, hours=hours)
    return moment.isoformat()


def test_members_list_their_networks_sessions_upcoming_first(sessions: Sessions) -> None:
    demo = sessions.demo
    later = sessions.upcoming
    sooner = NetworkSession.objects.create(
        network=demo.network_a,
        title="Eerder",
        starts_at=later.starts_at - datetime.timedelta(days=7),
        ends_at=later.ends_at - datetime.timedelta(days=7),
        location="Utrecht",
    )
    upcoming = api(demo.teacher1).get("/api/sessions/?when=upcoming").json()["results"]
    assert [row["id"] for row in upcoming] == [sooner.pk, later.pk]
    past = api(demo.teacher1).get("/api/sessions/?when=past").json()["results"]
    assert [row["title"] for row in past] == ["Analyseren en concluderen"]
    filtered = api(demo.coordinator).get(f"/api/sessions/?network={demo.network_b.pk}")
    assert filtered.json()["results"] == []
    assert api(demo.outsider).get("/api/sessions/").json()["results"] == []


def test_outsiders_get_404_and_anonymous_callers_401(sessions: Sessions) -> None:
    url = f"/api/sessions/{sessions.past.pk}/"
    assert api(sessions.demo.outsider).get(url).status_code == 404
    assert api(sessions.demo.outsider).get(url + "agenda/").status_code == 404
    assert api(None).get(url).status_code == 401
    body = api(sessions.demo.teacher1).get(url).json()
    assert body["status"] == "held"
    assert body["is_past"] is True
    assert body["room"] is None


def test_a_coordinator_plans_and_a_coach_edits_but_a_teacher_cannot(sessions: Sessions) -> None:
    demo = sessions.demo
    data = {
        "network": demo.network_a.pk,
        "title": "Data verzamelen",
        "starts_at": when(14),
        "ends_at": when(14, 2),
        "online_url": "https://meet.example.org/data",
        "host_school": demo.school2.pk,
        "facilitators": [demo.coach.pk],
    }
    assert api(demo.teacher1).post("/api/sessions/", data, JSON).status_code == 404
    created = api(demo.coordinator).post("/api/sessions/", data, JSON)
    assert created.status_code == 201, created.json()
    assert created.json()["host_school_name"] == demo.school2.name
    url = f"/api/sessions/{created.json()['id']}/"
    edited = api(demo.coach).patch(url, {"title": "Data verzamelen (2)"}, JSON)
    assert edited.json()["title"] == "Data verzamelen (2)"
    assert api(demo.teacher1).patch(url, {"title": "x"}, JSON).status_code == 404


def test_planning_a_past_session_as_upcoming_is_a_400_with_field_messages(
    sessions: Sessions,
) -> None:
    data = {
        "network": sessions.demo.network_a.pk,
        "title": "Te laat",
        "starts_at": when(-3),
        "ends_at": when(-3, -1),
        "status": "upcoming",
    }
    response = api(sessions.demo.coordinator).post("/api/sessions/", data, JSON)
    assert response.status_code == 400
    assert set(response.json()) == {"status", "ends_at", "location"}
    assert NetworkSession.objects.count() == 2


def test_the_agenda_is_read_by_members_and_written_by_planners(sessions: Sessions) -> None:
    demo, base = sessions.demo, f"/api/sessions/{sessions.upcoming.pk}/agenda/"
    coach = api(demo.coach)
    item = {"title": "Hypothesen", "duration_minutes": 40, "cycle_template": "datateam_8"}
    bad = coach.post(base, item | {"cycle_step": 9}, JSON)
    assert bad.status_code == 400
    assert "cycle_step" in bad.json()
    first = coach.post(base, item | {"cycle_step": 2}, JSON).json()
    assert first["cycle_step_title"] == "Hypotheses"
    second = coach.post(base, {"title": "Afspraken", "duration_minutes": 15}, JSON).json()
    assert api(demo.teacher1).post(base, item, JSON).status_code == 404
    moved = coach.post(f"{base}{second['id']}/move/", {"up": True}, JSON).json()
    assert moved["position"] == 0
    coach.patch(f"{base}{first['id']}/", {"duration_minutes": 50}, JSON)
    listed = api(demo.teacher1).get(base).json()
    assert [(row["title"], row["duration_minutes"]) for row in listed] == [
        ("Afspraken", 15),
        ("Hypothesen", 50),
    ]
    assert coach.delete(f"{base}{second['id']}/").status_code == 204


def test_a_published_case_of_the_network_is_presented(sessions: Sessions) -> None:
    seed_demo_cases()
    publication = Publication.objects.get(title="Minder zittenblijvers in havo 4")
    base = f"/api/sessions/{sessions.past.pk}/cases/"
    coordinator = api(sessions.demo.coordinator)
    response = coordinator.post(base, {"publication": publication.pk}, JSON)
    assert response.status_code == 201
    assert response.json()["title"] == publication.title
    again = coordinator.post(base, {"publication": publication.pk}, JSON)
    assert again.status_code == 400
    missing = coordinator.post(base, {"publication": 999999}, JSON)
    assert missing.json() == {
        "publication": ["This case is not shared with the session's network."]
    }


def test_attendance_is_recorded_by_planners_and_counted(sessions: Sessions) -> None:
    demo, base = sessions.demo, f"/api/sessions/{sessions.past.pk}/attendance/"
    coordinator = api(demo.coordinator)
    response = coordinator.post(base, {"person": "teacher1"}, JSON)
    assert response.status_code == 201
    assert response.json()["school_name"] == demo.school1.name
    assert Contribution.objects.filter(rule="session_attended", person=demo.teacher1).exists()
    assert coordinator.post(base, {"person": "teacher1"}, JSON).status_code == 400
    assert coordinator.post(base, {"person": "outsider"}, JSON).json() == {
        "person": ["This person does not take part in the network."]
    }
    assert api(demo.teacher1).post(base, {"person": "teacher2"}, JSON).status_code == 404
    early = coordinator.post(
        f"/api/sessions/{sessions.upcoming.pk}/attendance/", {"person": "teacher1"}, JSON
    )
    assert early.status_code == 400
    assert [row["name"] for row in api(demo.teacher2).get(base).json()] == ["Lotte Jansen"]
    attendance_id = response.json()["id"]
    assert coordinator.delete(f"{base}{attendance_id}/").status_code == 204
    assert not Contribution.objects.filter(rule="session_attended").exists()


def test_minutes_are_written_in_markdown_and_rendered_safely(sessions: Sessions) -> None:
    url = f"/api/sessions/{sessions.past.pk}/minutes/"
    text = "## Afspraken\n\n<script>alert(1)</script> **data**"
    response = api(sessions.demo.coach).put(url, {"minutes": text}, JSON)
    assert response.status_code == 200
    html = response.json()["minutes_html"]
    assert "<strong>data</strong>" in html
    assert "<script>" not in html
    assert api(sessions.demo.teacher1).put(url, {"minutes": "x"}, JSON).status_code == 404


def test_a_decision_lands_in_a_schools_action_plan(sessions: Sessions) -> None:
    seed_demo_cases()
    demo, base = sessions.demo, f"/api/sessions/{sessions.past.pk}/decisions/"
    decision = api(demo.coordinator).post(
        base, {"text": "Elke school deelt één analyse.", "follow_up": "Analyse delen"}, JSON
    )
    assert decision.status_code == 201
    url = f"{base}{decision.json()['id']}/to-action/"
    case = CaseStudy.objects.filter(
        datateam__school=demo.school1, evaluation__isnull=True
    ).order_by("pk")[0]
    refused = api(demo.teacher2).post(url, {"case": case.pk}, JSON)
    assert refused.status_code == 400
    assert "case" in refused.json()
    taken = api(demo.leader1).post(url, {"case": case.pk, "owner": "Teamleider"}, JSON)
    assert taken.status_code == 201, taken.json()
    assert taken.json()["case"] == case.pk
    assert DecisionAction.objects.get().action.owner == "Teamleider"
    listed = api(demo.teacher2).get(base).json()
    assert listed[0]["taken_up_by"] == [demo.school1.name]
    assert api(demo.outsider).post(url, {"case": case.pk}, JSON).status_code == 404


def test_a_decision_joins_a_new_cycle_only_when_the_school_chooses_one(sessions: Sessions) -> None:
    demo, base = sessions.demo, f"/api/sessions/{sessions.past.pk}/decisions/"
    decision = api(demo.coordinator).post(
        base, {"text": "Elke school meet het verzuim.", "follow_up": "Verzuim meten"}, JSON
    )
    url = f"{base}{decision.json()['id']}/to-action/"
    unplaced = api(demo.teacher2).post(url, {"owner": "Team"}, JSON)
    assert unplaced.status_code == 400
    assert unplaced.json()["case"] == [
        "Choose the case study of your school that this decision joins, or start a new cycle."
    ]
    assert not CaseStudy.objects.exists()
    assert api(demo.coordinator).post(url, {"new_cycle": "Verzuim"}, JSON).status_code == 400
    assert not CaseStudy.objects.exists()  # a coordinator has no school to start one for
    taken = api(demo.teacher2).post(url, {"new_cycle": "Verzuim groep 8"}, JSON)
    assert taken.status_code == 201, taken.json()
    started = CaseStudy.objects.get(title="Verzuim groep 8")
    assert started.datateam == demo.team2
    assert taken.json()["case"] == started.pk
    assert "Verzuim meten" in started.actions.get().description


def test_feedback_is_given_once_after_the_session_within_range(sessions: Sessions) -> None:
    demo = sessions.demo
    url = f"/api/sessions/{sessions.past.pk}/feedback/"
    teacher = api(demo.teacher1)
    out_of_range = teacher.post(url, {"usefulness": 7, "motivation": 0}, JSON)
    assert out_of_range.status_code == 400
    assert set(out_of_range.json()) == {"usefulness", "motivation"}
    given = teacher.post(url, {"usefulness": 4, "motivation": 5, "comment": "Fijn"}, JSON)
    assert given.status_code == 201
    twice = teacher.post(url, {"usefulness": 4, "motivation": 5}, JSON)
    assert twice.json() == {
        "non_field_errors": ["You have already given feedback on this session."]
    }
    assert [row["usefulness"] for row in teacher.get(url).json()] == [4]
    early = teacher.post(
        f"/api/sessions/{sessions.upcoming.pk}/feedback/", {"usefulness": 4, "motivation": 4}, JSON
    )
    assert early.status_code == 400
    outsider = api(demo.outsider).post(url, {"usefulness": 4, "motivation": 4}, JSON)
    assert outsider.status_code == 404


def test_the_feedback_summary_is_for_planners(sessions: Sessions) -> None:
    demo = sessions.demo
    api(demo.teacher1).post(
        f"/api/sessions/{sessions.past.pk}/feedback/", {"usefulness": 5, "motivation": 3}, JSON
    )
    url = f"/api/sessions/{sessions.past.pk}/feedback-summary/"
    summary = api(demo.coach).get(url).json()
    assert summary["responses"] == 1
    assert summary["usefulness_mean"] == 5.0
    assert summary["distribution"][4] == {"rating": 5, "usefulness": 1, "motivation": 0}
    assert api(demo.teacher1).get(url).status_code == 404


def test_a_session_shows_its_live_room_once_opened(sessions: Sessions) -> None:
    room = room_services.open_session_room(session=sessions.past, person=sessions.demo.teacher1)
    body = api(sessions.demo.teacher2).get(f"/api/sessions/{sessions.past.pk}/").json()
    assert body["room"] == room.pk
