"""The network-session pages: the list per network, one session with everything a session
leaves behind, planning and editing, taking a decision into an action plan, feedback."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from capacity.models import Contribution
from casestudies.demo import seed_demo_cases
from casestudies.models import CaseStudy, Publication
from meetings import services
from meetings.models import Attendance, DecisionAction, NetworkSession, SessionFeedback
from tests.conftest import Demo, client_for
from tests.meetings.conftest import Sessions, make_sessions

pytestmark = pytest.mark.django_db

EN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def sessions(demo: Demo) -> Sessions:
    return make_sessions(demo)


def detail(session: NetworkSession) -> str:
    return f"/bijeenkomsten/{session.pk}/"


def test_the_list_shows_upcoming_sessions_first_and_past_ones_after(sessions: Sessions) -> None:
    demo = sessions.demo
    page = client_for(demo.teacher1).get(f"/netwerken/{demo.network_a.pk}/bijeenkomsten/", **EN)
    assert page.status_code == 200
    text = page.text
    assert text.index("Upcoming") < text.index(sessions.upcoming.title)
    assert text.index(sessions.upcoming.title) < text.index("Past sessions")
    assert text.index("Past sessions") < text.index(sessions.past.title)
    assert "Plan a session" not in text
    assert "Plan a session" in client_for(demo.coach).get("/bijeenkomsten/", **EN).text


def test_the_pages_are_in_dutch_by_default_and_linked_from_the_menu(sessions: Sessions) -> None:
    demo = sessions.demo
    page = client_for(demo.teacher1).get(f"/netwerken/{demo.network_a.pk}/")
    assert f'href="/netwerken/{demo.network_a.pk}/bijeenkomsten/"' in page.text
    assert 'href="/bijeenkomsten/"' in page.text
    listing = client_for(demo.teacher1).get("/bijeenkomsten/").text
    assert "Eerdere bijeenkomsten" in listing
    assert "Netwerkbijeenkomsten" in listing


def test_outsiders_get_404_on_every_session_page(sessions: Sessions) -> None:
    demo, session = sessions.demo, sessions.past
    outsider = client_for(demo.outsider)
    for url in (
        detail(session),
        f"{detail(session)}bewerken/",
        f"/netwerken/{demo.network_a.pk}/bijeenkomsten/",
        f"/netwerken/{demo.network_a.pk}/bijeenkomsten/nieuw/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"{detail(session)}ruimte/").status_code == 404
    assert session.title not in outsider.get("/bijeenkomsten/").text
    assert client_for(None).get(detail(session)).status_code == 302


def test_teachers_do_not_plan_or_edit(sessions: Sessions) -> None:
    demo, teacher = sessions.demo, client_for(sessions.demo.teacher1)
    assert teacher.get(f"/netwerken/{demo.network_a.pk}/bijeenkomsten/nieuw/").status_code == 404
    assert teacher.get(f"{detail(sessions.past)}bewerken/").status_code == 404
    posted = teacher.post(detail(sessions.past), {"action": "minutes", "minutes": "x"})
    assert posted.status_code == 404


def plan_form(days: int, **overrides: str) -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return {
        "title": "Data verzamelen",
        "date": day.isoformat(),
        "starts_at": "15:00",
        "ends_at": "17:00",
        "location": "Het Baken College, Utrecht",
        "online_url": "",
        "host_school": "",
        "status": "upcoming",
    } | overrides


def test_a_coordinator_plans_a_session_and_bad_input_shows_on_the_form(sessions: Sessions) -> None:
    demo = sessions.demo
    url = f"/netwerken/{demo.network_a.pk}/bijeenkomsten/nieuw/"
    client = client_for(demo.coordinator)
    bad = client.post(url, plan_form(-7, ends_at="14:00", location=""), **EN)
    assert bad.status_code == 200
    assert "A session must end after it starts." in bad.text
    assert "past cannot be upcoming" in bad.text
    assert "Give a place" in bad.text
    assert NetworkSession.objects.count() == 2
    form = plan_form(12, host_school=str(demo.school1.pk), facilitators=str(demo.coach.pk))
    created = client.post(url, form)
    assert created.status_code == 302
    session = NetworkSession.objects.get(title="Data verzamelen")
    assert timezone.localtime(session.starts_at).hour == 15
    assert list(session.facilitators.all()) == [demo.coach]
    edit = client.post(f"{detail(session)}bewerken/", form | {"title": "Data verzamelen en delen"})
    assert edit.status_code == 302
    session.refresh_from_db()
    assert session.title == "Data verzamelen en delen"


def test_the_session_page_shows_agenda_cases_attendance_minutes_and_decisions(
    sessions: Sessions,
) -> None:
    seed_demo_cases()
    demo, session = sessions.demo, sessions.past
    item = services.add_agenda_item(
        session=session,
        title="Analyses bespreken",
        duration_minutes=50,
        cycle_template="five_steps",
        cycle_step=3,
    )
    publication = Publication.objects.get(title="Minder zittenblijvers in havo 4")
    services.present_case(session=session, publication=publication, agenda_item=item)
    services.record_attendance(session=session, person=demo.teacher2)
    services.write_minutes(
        session=session, minutes="We spraken over **groepsgrootte**.", person=demo.coach
    )
    services.record_decision(
        session=session, text="Elke analyse vermeldt n.", person=demo.coordinator
    )
    page = client_for(demo.teacher2).get(detail(session), **EN).text
    assert "Step 3: Analyse, interpret, conclude" in page
    assert f'href="/publicaties/{publication.pk}/"' in page
    assert "Jeroen Smit" in page
    assert "<strong>groepsgrootte</strong>" in page
    assert "Elke analyse vermeldt n." in page
    assert "Het Baken College, Utrecht" in page
    assert "What participants said" not in page  # the summary is for planners
    assert not re.search(r"<script(?![^>]*src=)", page)


def test_planners_record_attendance_and_it_counts_in_the_ledger(sessions: Sessions) -> None:
    demo, session = sessions.demo, sessions.past
    client = client_for(demo.coordinator)
    response = client.post(
        detail(session),
        {"action": "attendance", "present": [demo.teacher1.pk, demo.teacher2.pk]},
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == 2
    assert Contribution.objects.filter(rule="session_attended").count() == 2
    assert "Record attendance" not in client.get(detail(sessions.upcoming), **EN).text


def test_a_planner_adds_and_reorders_the_agenda(sessions: Sessions) -> None:
    client, session = client_for(sessions.demo.coach), sessions.upcoming
    for title in ("Welkom", "Casus"):
        client.post(
            detail(session),
            {
                "action": "agenda",
                "agenda-title": title,
                "agenda-duration_minutes": "20",
                "agenda-cycle": "datateam_8:2",
            },
        )
    bad = client.post(
        detail(session),
        {"action": "agenda", "agenda-title": "Te lang", "agenda-duration_minutes": "600"},
        **EN,
    )
    assert "1 to 480 minutes" in bad.text
    casus = session.agenda_items.get(title="Casus")
    client.post(detail(session), {"action": "agenda_up", "id": casus.pk})
    assert [i.title for i in session.agenda_items.all()] == ["Casus", "Welkom"]
    assert casus.step is not None


def test_a_leader_adds_a_decision_to_their_action_plan_from_the_page(sessions: Sessions) -> None:
    seed_demo_cases()
    demo, session = sessions.demo, sessions.past
    decision = services.record_decision(
        session=session, text="Elke school deelt één analyse.", person=demo.coordinator
    )
    case = CaseStudy.objects.filter(
        datateam__school=demo.school1, evaluation__isnull=True
    ).order_by("pk")[0]
    page = client_for(demo.leader1).get(detail(session), **EN).text
    assert "Add to our action plan" in page
    assert "Add to our action plan" not in client_for(demo.coordinator).get(detail(session)).text
    posted = client_for(demo.leader1).post(
        detail(session), {"action": "take_up", "id": decision.pk, "case": case.pk}
    )
    assert posted.status_code == 302
    link = DecisionAction.objects.get()
    assert link.action.case == case
    after = client_for(demo.leader1).get(detail(session), **EN).text
    assert f'href="/casussen/{case.pk}/' in after
    partner = client_for(demo.teacher2).get(detail(session), **EN).text
    assert demo.school1.name in partner
    assert f"/casussen/{case.pk}/" not in partner


def test_feedback_is_asked_after_the_session_once_and_summarised_for_planners(
    sessions: Sessions,
) -> None:
    demo = sessions.demo
    teacher = client_for(demo.teacher1)
    assert "feedback-form" not in teacher.get(detail(sessions.upcoming)).text
    bad = teacher.post(detail(sessions.past), {"action": "feedback", "usefulness": "9"}, **EN)
    assert bad.status_code == 200
    assert not SessionFeedback.objects.exists()
    sent = teacher.post(
        detail(sessions.past),
        {"action": "feedback", "usefulness": "4", "motivation": "5", "comment": "Fijn"},
    )
    assert sent.status_code == 302
    page = teacher.get(detail(sessions.past), **EN).text
    assert "you gave your feedback" in page
    assert "feedback-form" not in page
    again = teacher.post(
        detail(sessions.past), {"action": "feedback", "usefulness": "1", "motivation": "1"}, **EN
    )
    assert "already given feedback" in again.text
    summary = client_for(demo.coordinator).get(detail(sessions.past), **EN).text
    assert "1 response from 0 participants" in summary
    assert "Fijn" in summary
    assert "Lotte" not in summary.split("What participants said")[1]


def test_the_live_room_is_opened_from_the_session_page(sessions: Sessions) -> None:
    demo, session = sessions.demo, sessions.past
    response = client_for(demo.teacher1).post(f"{detail(session)}ruimte/")
    assert response.status_code == 302
    room_url = response["Location"]
    assert room_url.startswith("/ruimtes/")
    page = client_for(demo.teacher2).get(detail(session), **EN).text
    assert f'href="{room_url}"' in page
    assert "Live room" in page
