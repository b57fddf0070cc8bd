"""Planning a session, its agenda and the cases presented: every rule and bad input."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from casestudies.demo import seed_demo_cases
from casestudies.models import Publication
from meetings import services
from meetings.models import AgendaItem, NetworkSession, PresentedCase
from tests.conftest import Demo
from tests.meetings.conftest import Sessions, errors_of, plan

pytestmark = pytest.mark.django_db


def test_a_coordinator_plans_a_session_with_place_host_and_facilitators(demo: Demo) -> None:
    session = plan(
        demo,
        days=10,
        title="  Data verzamelen  ",
        host_school=demo.school1,
        facilitators=[demo.coordinator, demo.coach],
        online_url="https://meet.example.org/netwerk",
    )
    session.refresh_from_db()
    assert session.title == "Data verzamelen"
    assert session.status == NetworkSession.Status.UPCOMING
    assert session.host_school == demo.school1
    assert set(session.facilitators.all()) == {demo.coordinator, demo.coach}


def test_a_session_in_the_past_cannot_be_marked_as_upcoming(demo: Demo) -> None:
    errors = errors_of(
        lambda: plan(demo, days=-3, title="Terugblik", status=NetworkSession.Status.UPCOMING)
    )
    assert "past cannot be upcoming" in errors["status"][0]
    assert not NetworkSession.objects.exists()


def test_a_session_that_is_going_on_may_still_be_upcoming(demo: Demo) -> None:
    starts = timezone.now() - datetime.timedelta(minutes=30)
    session = plan(
        demo,
        days=0,
        title="Nu bezig",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    assert session.status == NetworkSession.Status.UPCOMING


def test_a_session_is_held_only_once_it_has_started(demo: Demo) -> None:
    errors = errors_of(
        lambda: plan(demo, days=5, title="Te vroeg", status=NetworkSession.Status.HELD)
    )
    assert "once it has started" in errors["status"][0]


def test_a_session_must_end_after_it_starts(demo: Demo) -> None:
    starts = timezone.now() + datetime.timedelta(days=3)
    errors = errors_of(
        lambda: plan(demo, days=3, title="Omgekeerd", starts_at=starts, ends_at=starts)
    )
    assert errors["ends_at"] == ["A session must end after it starts."]


def test_a_session_needs_a_place_or_an_online_link(demo: Demo) -> None:
    errors = errors_of(lambda: plan(demo, days=3, title="Nergens", location=""))
    assert "place" in errors["location"][0]
    online = plan(
        demo, days=3, title="Online", location="", online_url="https://meet.example.org/a"
    )
    assert online.pk


def test_host_and_facilitators_must_belong_to_the_network(demo: Demo) -> None:
    errors = errors_of(
        lambda: plan(
            demo,
            days=3,
            title="Buiten het netwerk",
            host_school=demo.school5,
            facilitators=[demo.outsider],
        )
    )
    assert set(errors) == {"host_school", "facilitators"}
    assert not NetworkSession.objects.exists()


def test_bad_input_is_reported_per_field_and_nothing_is_saved(demo: Demo) -> None:
    errors = errors_of(
        lambda: plan(
            demo,
            days=-2,
            title="",
            location="",
            online_url="geen-link",
            status=NetworkSession.Status.UPCOMING,
        )
    )
    assert {"title", "status", "online_url"} <= set(errors)
    assert not NetworkSession.objects.exists()


def test_an_update_changes_what_is_given_under_the_same_rules(sessions: Sessions) -> None:
    session = services.update_session(
        session=sessions.upcoming, changes={"title": "Nieuwe titel", "facilitators": []}
    )
    assert session.title == "Nieuwe titel"
    assert session.location == "Het Baken College, Utrecht"
    errors = errors_of(
        lambda: services.update_session(
            session=sessions.past, changes={"status": NetworkSession.Status.UPCOMING}
        )
    )
    assert "status" in errors
    sessions.past.refresh_from_db()
    assert sessions.past.status == NetworkSession.Status.HELD


def test_a_session_with_attendance_is_not_cancelled(sessions: Sessions) -> None:
    services.record_attendance(session=sessions.past, person=sessions.demo.teacher1)
    errors = errors_of(
        lambda: services.update_session(
            session=sessions.past, changes={"status": NetworkSession.Status.CANCELLED}
        )
    )
    assert "Attendance" in errors["status"][0]
    cancelled = services.update_session(
        session=sessions.upcoming, changes={"status": NetworkSession.Status.CANCELLED}
    )
    assert cancelled.status == NetworkSession.Status.CANCELLED


# --- Agenda ------------------------------------------------------------------------------


def test_agenda_items_keep_their_order_and_can_be_moved_and_removed(sessions: Sessions) -> None:
    session = sessions.upcoming
    first, second, third = (
        services.add_agenda_item(session=session, title=title, duration_minutes=20)
        for title in ("Welkom", "Casus", "Afspraken")
    )
    services.move_agenda_item(item=third, up=True)
    assert [i.title for i in session.agenda_items.all()] == ["Welkom", "Afspraken", "Casus"]
    services.move_agenda_item(item=first, up=True)  # already first: stays
    services.remove_agenda_item(item=second)
    items = list(session.agenda_items.all())
    assert [(i.title, i.position) for i in items] == [("Welkom", 0), ("Afspraken", 1)]


def test_an_agenda_item_is_tied_to_a_step_of_one_of_the_two_cycles(sessions: Sessions) -> None:
    item = services.add_agenda_item(
        session=sessions.upcoming,
        title="Hypothesen",
        duration_minutes=45,
        cycle_template="datateam_8",
        cycle_step=2,
    )
    assert item.step is not None
    assert str(item.step.title) == "Hypotheses"


@pytest.mark.parametrize(
    ("template", "step", "field"),
    [
        ("five_steps", 6, "cycle_step"),
        ("datateam_8", None, "cycle_step"),
        ("", 3, "cycle_template"),
        ("ten_steps", 1, "cycle_template"),
    ],
)
def test_an_agenda_step_must_exist_in_its_cycle(
    sessions: Sessions, template: str, step: int | None, field: str
) -> None:
    errors = errors_of(
        lambda: services.add_agenda_item(
            session=sessions.upcoming,
            title="Stap",
            duration_minutes=30,
            cycle_template=template,
            cycle_step=step,
        )
    )
    assert field in errors
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("minutes", [0, -5, 481])
def test_an_agenda_item_takes_one_to_480_minutes(sessions: Sessions, minutes: int) -> None:
    errors = errors_of(
        lambda: services.add_agenda_item(
            session=sessions.upcoming, title="Te lang", duration_minutes=minutes
        )
    )
    assert "1 to 480 minutes" in errors["duration_minutes"][0]


# --- Cases presented ---------------------------------------------------------------------


@pytest.fixture
def published(sessions: Sessions) -> Publication:
    seed_demo_cases()
    return Publication.objects.get(title="Minder zittenblijvers in havo 4")


def test_a_case_published_to_the_network_is_presented_once(
    sessions: Sessions, published: Publication
) -> None:
    item = services.add_agenda_item(session=sessions.past, title="Casus", duration_minutes=40)
    presented = services.present_case(
        session=sessions.past, publication=published, agenda_item=item, note="Door Lotte"
    )
    assert presented.agenda_item == item
    errors = errors_of(lambda: services.present_case(session=sessions.past, publication=published))
    assert errors["publication"] == ["This case is already on the session's list."]


def test_only_cases_shared_with_the_sessions_network_are_presented(
    sessions: Sessions, published: Publication
) -> None:
    other = plan(sessions.demo, days=5, title="Leesnetwerk", network=sessions.demo.network_b)
    errors = errors_of(lambda: services.present_case(session=other, publication=published))
    assert "not shared" in errors["publication"][0]
    published.withdrawn_at = timezone.now()
    published.save(update_fields=["withdrawn_at"])
    errors = errors_of(lambda: services.present_case(session=sessions.past, publication=published))
    assert "not shared" in errors["publication"][0]
    assert not PresentedCase.objects.exists()


def test_a_presented_case_hangs_on_an_item_of_the_same_session(
    sessions: Sessions, published: Publication
) -> None:
    elsewhere = services.add_agenda_item(
        session=sessions.upcoming, title="Casus", duration_minutes=30
    )
    errors = errors_of(
        lambda: services.present_case(
            session=sessions.past, publication=published, agenda_item=elsewhere
        )
    )
    assert "agenda_item" in errors
