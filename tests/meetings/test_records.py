"""Attendance, minutes, decisions taken into action plans and feedback: every rule, bad
input, and the contributions they record."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacity.models import Contribution
from casestudies.demo import seed_demo_cases
from casestudies.models import CaseStudy
from meetings import services
from meetings.models import Attendance, DecisionAction, NetworkSession, SessionFeedback
from meetings.summary import feedback_summary
from netwerk import services as network_services
from tests.meetings.conftest import Sessions, errors_of, plan

pytestmark = pytest.mark.django_db


def test_attendance_is_recorded_for_the_persons_school_and_counts_as_motivation(
    sessions: Sessions,
) -> None:
    demo = sessions.demo
    attendance = services.record_attendance(session=sessions.past, person=demo.teacher1)
    assert attendance.school == demo.school1
    contribution = Contribution.objects.get(source_key=f"attendance:{attendance.pk}")
    assert (contribution.rule, contribution.category) == ("session_attended", "motivation")
    assert contribution.occurred_on == timezone.localdate(sessions.past.starts_at)
    assert (contribution.person, contribution.school) == (demo.teacher1, demo.school1)
    coach = services.record_attendance(session=sessions.past, person=demo.coach)
    assert coach.school is None


def test_attendance_is_recorded_once(sessions: Sessions) -> None:
    services.record_attendance(session=sessions.past, person=sessions.demo.teacher1)
    errors = errors_of(
        lambda: services.record_attendance(session=sessions.past, person=sessions.demo.teacher1)
    )
    assert errors["person"] == ["This person is already recorded as present."]
    assert Contribution.objects.filter(rule="session_attended").count() == 1


def test_attendance_waits_for_the_session_to_start(sessions: Sessions) -> None:
    errors = errors_of(
        lambda: services.record_attendance(session=sessions.upcoming, person=sessions.demo.teacher1)
    )
    assert "once the session has started" in errors["__all__"][0]
    assert not Attendance.objects.exists()


def test_attendance_of_someone_outside_the_network_or_for_another_school_is_refused(
    sessions: Sessions,
) -> None:
    demo = sessions.demo
    errors = errors_of(
        lambda: services.record_attendance(session=sessions.past, person=demo.outsider)
    )
    assert "person" in errors
    errors = errors_of(
        lambda: services.record_attendance(
            session=sessions.past, person=demo.teacher1, school=demo.school2
        )
    )
    assert "school" in errors
    assert not Attendance.objects.exists()
    assert not Contribution.objects.exists()


def test_recording_attendance_marks_a_started_upcoming_session_as_held(sessions: Sessions) -> None:
    starts = timezone.now() - datetime.timedelta(minutes=10)
    ongoing = plan(
        sessions.demo,
        days=0,
        title="Nu",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    services.record_attendance(session=ongoing, person=sessions.demo.teacher2)
    ongoing.refresh_from_db()
    assert ongoing.status == NetworkSession.Status.HELD


def test_the_attendance_list_becomes_the_people_ticked_and_removals_leave_the_ledger(
    sessions: Sessions,
) -> None:
    demo = sessions.demo
    services.set_attendance(session=sessions.past, present=[demo.teacher1, demo.teacher2])
    services.set_attendance(session=sessions.past, present=[demo.teacher2, demo.leader1])
    present = set(sessions.past.attendances.values_list("person__username", flat=True))
    assert present == {"teacher2", "leader1"}
    people = Contribution.objects.filter(rule="session_attended").values_list("person__username")
    assert {name for (name,) in people} == {"teacher2", "leader1"}


def test_a_cancelled_session_takes_no_attendance_minutes_or_feedback(sessions: Sessions) -> None:
    session = plan(sessions.demo, days=-2, title="Afgelast", status=NetworkSession.Status.CANCELLED)
    teacher = sessions.demo.teacher1
    for call in (
        lambda: services.record_attendance(session=session, person=teacher),
        lambda: services.write_minutes(session=session, minutes="x", person=teacher),
        lambda: services.give_feedback(session=session, person=teacher, usefulness=4, motivation=4),
    ):
        assert errors_of(call)["__all__"] == ["This session was cancelled."]


def test_minutes_are_saved_with_who_wrote_them_and_when(sessions: Sessions) -> None:
    session = services.write_minutes(
        session=sessions.past, minutes="## Afspraken\n\n- data delen\n", person=sessions.demo.coach
    )
    session.refresh_from_db()
    assert session.minutes.startswith("## Afspraken")
    assert session.minutes_updated_by == sessions.demo.coach
    assert session.minutes_updated_at is not None


# --- Decisions ---------------------------------------------------------------------------


def test_decisions_are_recorded_once_the_session_has_started(sessions: Sessions) -> None:
    decision = services.record_decision(
        session=sessions.past,
        text="Elke school kiest één SMART doel.",
        follow_up="SMART doel formuleren",
        person=sessions.demo.coordinator,
    )
    assert decision.action_text == "SMART doel formuleren"
    errors = errors_of(
        lambda: services.record_decision(
            session=sessions.upcoming, text="Te vroeg", person=sessions.demo.coordinator
        )
    )
    assert "once the session has started" in errors["__all__"][0]


def test_a_decisions_due_date_lies_after_the_session_and_its_text_is_required(
    sessions: Sessions,
) -> None:
    earlier = timezone.localdate(sessions.past.starts_at) - datetime.timedelta(days=1)
    errors = errors_of(
        lambda: services.record_decision(
            session=sessions.past, text="Iets", due_date=earlier, person=sessions.demo.coach
        )
    )
    assert "due_date" in errors
    errors = errors_of(
        lambda: services.record_decision(
            session=sessions.past, text="  ", person=sessions.demo.coach
        )
    )
    assert "text" in errors


@pytest.fixture
def decision(sessions: Sessions):
    seed_demo_cases()
    return services.record_decision(
        session=sessions.past,
        text="We bespreken elke analyse met het aantal leerlingen per groep.",
        follow_up="Analyses nalopen op groepsgrootte",
        person=sessions.demo.coordinator,
    )


def running_case(code: str) -> CaseStudy:
    running = CaseStudy.objects.filter(datateam__school__code=code, evaluation__isnull=True)
    return running.order_by("pk")[0]  # the first the demo started


def test_a_leader_takes_a_decision_into_a_running_case_of_their_school(
    sessions: Sessions, decision
) -> None:
    case = running_case("12AB")
    link = services.take_up_decision(decision=decision, case=case, person=sessions.demo.leader1)
    action = link.action
    assert action.case == case
    assert "Analyses nalopen op groepsgrootte" in action.description
    assert action.owner_person == sessions.demo.leader1
    assert action.owner_name == "Hendrik Bakker"
    assert action.due_date == timezone.localdate() + datetime.timedelta(days=60)
    assert action.decision_link.decision == decision  # the way back
    assert link.school == sessions.demo.school1


def test_a_member_of_the_cases_datateam_may_take_it_up_too(sessions: Sessions, decision) -> None:
    link = services.take_up_decision(
        decision=decision,
        case=running_case("12AB"),
        person=sessions.demo.teacher1,
        owner="Mentoren havo 4",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert link.action.owner == "Mentoren havo 4"


def test_a_school_takes_up_a_decision_once(sessions: Sessions, decision) -> None:
    services.take_up_decision(
        decision=decision, case=running_case("12AB"), person=sessions.demo.leader1
    )
    errors = errors_of(
        lambda: services.take_up_decision(
            decision=decision, case=running_case("12AB"), person=sessions.demo.teacher1
        )
    )
    assert errors["case"] == ["This school has already taken up this decision."]
    assert DecisionAction.objects.count() == 1


def test_another_schools_case_or_an_evaluated_case_is_refused(sessions: Sessions, decision) -> None:
    demo = sessions.demo
    evaluated = CaseStudy.objects.get(datateam__school__code="23CD", evaluation__isnull=False)
    for person, case in (
        (demo.teacher1, evaluated),  # another school's
        (demo.user("leader2"), evaluated),  # own school, but its cycle is finished
        (demo.coordinator, running_case("12AB")),  # coordinators have no school
    ):
        with pytest.raises(ValidationError) as refused:
            services.take_up_decision(decision=decision, case=case, person=person)
        assert "case" in refused.value.message_dict
    assert not DecisionAction.objects.exists()


def test_an_action_is_not_due_in_the_past_and_a_taken_decision_stays(
    sessions: Sessions, decision
) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    errors = errors_of(
        lambda: services.take_up_decision(
            decision=decision,
            case=running_case("12AB"),
            person=sessions.demo.leader1,
            due_date=yesterday,
        )
    )
    assert "due_date" in errors
    services.take_up_decision(
        decision=decision, case=running_case("12AB"), person=sessions.demo.leader1
    )
    errors = errors_of(lambda: services.remove_decision(decision=decision))
    assert "action plan" in errors["__all__"][0]


# --- Feedback ----------------------------------------------------------------------------


def test_feedback_is_given_once_and_counts_as_motivation(sessions: Sessions) -> None:
    demo = sessions.demo
    services.record_attendance(session=sessions.past, person=demo.teacher1)
    feedback = services.give_feedback(
        session=sessions.past, person=demo.teacher1, usefulness=4, motivation=5, comment=" Fijn "
    )
    assert (feedback.school, feedback.comment) == (demo.school1, "Fijn")
    contribution = Contribution.objects.get(source_key=f"feedback:{feedback.pk}")
    assert (contribution.rule, contribution.category) == ("peer_feedback", "motivation")
    errors = errors_of(
        lambda: services.give_feedback(
            session=sessions.past, person=demo.teacher1, usefulness=1, motivation=1
        )
    )
    assert errors["__all__"] == ["You have already given feedback on this session."]
    assert SessionFeedback.objects.get().usefulness == 4


@pytest.mark.parametrize(
    ("usefulness", "motivation", "fields"),
    [(0, 3, {"usefulness"}), (3, 6, {"motivation"}), (-1, 9, {"usefulness", "motivation"})],
)
def test_ratings_outside_one_to_five_are_refused(
    sessions: Sessions, usefulness: int, motivation: int, fields: set[str]
) -> None:
    errors = errors_of(
        lambda: services.give_feedback(
            session=sessions.past,
            person=sessions.demo.teacher2,
            usefulness=usefulness,
            motivation=motivation,
        )
    )
    assert set(errors) == fields
    assert errors[next(iter(fields))] == ["Choose a rating from 1 to 5."]
    assert not SessionFeedback.objects.exists()
    assert not Contribution.objects.exists()


def test_feedback_opens_when_the_session_starts_and_only_for_participants(
    sessions: Sessions,
) -> None:
    demo = sessions.demo
    errors = errors_of(
        lambda: services.give_feedback(
            session=sessions.upcoming, person=demo.teacher1, usefulness=4, motivation=4
        )
    )
    assert "once the session has started" in errors["__all__"][0]
    errors = errors_of(
        lambda: services.give_feedback(
            session=sessions.past, person=demo.outsider, usefulness=4, motivation=4
        )
    )
    assert "participants" in errors["__all__"][0]


def test_an_attendee_whose_school_left_the_network_may_still_give_feedback(
    sessions: Sessions,
) -> None:
    demo = sessions.demo
    services.record_attendance(session=sessions.past, person=demo.teacher2)
    membership = demo.network_a.memberships.get(school=demo.school2, left_on__isnull=True)
    network_services.leave_network(membership=membership)
    feedback = services.give_feedback(
        session=sessions.past, person=demo.teacher2, usefulness=3, motivation=4
    )
    assert feedback.school == demo.school2


def test_the_summary_gives_counts_means_and_comments_without_names(sessions: Sessions) -> None:
    demo = sessions.demo
    for person, usefulness, comment in (
        (demo.teacher1, 4, "Zinvol"),
        (demo.teacher2, 5, ""),
        (demo.leader1, 3, "Meer tijd graag"),
    ):
        services.record_attendance(session=sessions.past, person=person)
        services.give_feedback(
            session=sessions.past,
            person=person,
            usefulness=usefulness,
            motivation=4,
            comment=comment,
        )
    summary = feedback_summary(sessions.past)
    assert (summary.responses, summary.attendees) == (3, 3)
    assert (summary.usefulness_mean, summary.motivation_mean) == (4.0, 4.0)
    assert summary.distribution[2:] == [(3, 1, 0), (4, 1, 3), (5, 1, 0)]
    assert summary.comments == ["Meer tijd graag", "Zinvol"]
