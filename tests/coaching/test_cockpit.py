"""The coach's cockpit: every cycle of the schools a coach coaches, with its flags, through
the API and the page; a school she no longer coaches is 404."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casestudies import services
from casestudies.models import CaseStep, CaseStudy, StepStatus
from coaching import cockpit
from schools.models import CoachAssignment
from schools.services import end_coach_assignment
from tests.casestudies.test_cases import new_case, smart_goal
from tests.casestudies.test_guidance import api
from tests.conftest import Demo, client_for

TODAY = timezone.localdate()


def stalled_case(demo: Demo, weeks: int = 7) -> Any:
    """A cycle at step 5 that skipped its quality check, with an overdue action of teacher1
    and an open hypothesis, whose last sign of life is `weeks` ago."""
    case = new_case(demo)
    smart_goal(case)
    hypothesis = services.add_hypothesis(case=case, statement="Tussenuren.")
    for number in (1, 2, 3, 4):
        services.save_step(case=case, number=number, status=StepStatus.DONE, skip_reason="Snel.")
    services.add_action(
        case=case,
        description="Mentoren bellen",
        owner_person=demo.teacher1,
        due_date=TODAY - datetime.timedelta(days=10),
        hypothesis=hypothesis,
    )
    # Noon, local time, `weeks` ago: whole calendar days, whatever the hour of the run and
    # a change to or from summer time in between.
    then = timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(weeks=weeks), datetime.time(12))
    )
    CaseStudy.objects.filter(pk=case.pk).update(updated_at=then, step_since=then)
    CaseStep.objects.filter(case=case).update(updated_at=then)
    return case


def rows_of(user, **params) -> list[dict[str, Any]]:
    answer = api(user).get("/api/coaching/overview/", params)
    assert answer.status_code == 200, answer.content
    cycles: list[dict[str, Any]] = answer.json()["cycles"]
    return cycles


def test_a_coach_sees_a_stalled_cycle_with_its_overdue_action_and_skipped_part(demo: Demo):
    case = stalled_case(demo)
    [row] = [r for r in rows_of(demo.coach) if r["id"] == case.pk]
    assert row["school"]["name"] == demo.school1.name
    assert (row["step"], row["days_in_step"]) == (5, 49)
    assert row["overdue_actions"] == 1
    assert row["open_hypotheses"] == 1
    assert row["stalled"]
    assert row["skipped"]
    assert not row["closed"]
    assert [(w["step"], w["need"], w["reason"]) for w in row["warnings"]] == [
        (4, "quality_check", "Snel.")
    ]


def test_a_meeting_is_a_sign_of_life(demo: Demo):
    case = stalled_case(demo)
    services.log_team_meeting(
        case=case,
        person=demo.teacher1,
        held_on=TODAY - datetime.timedelta(days=3),
        step=5,
        decisions="Verder met de analyse.",
        attendees=[demo.teacher1],
    )
    # Logging it touches nothing else of the cycle: the meeting itself is the activity.
    [row] = [r for r in rows_of(demo.coach) if r["id"] == case.pk]
    assert row["last_activity"] == (TODAY - datetime.timedelta(days=3)).isoformat()
    assert not row["stalled"]


def test_a_recent_cycle_is_not_stalled(demo: Demo):
    case = stalled_case(demo, weeks=5)
    [row] = [r for r in rows_of(demo.coach) if r["id"] == case.pk]
    assert not row["stalled"]


def test_only_the_schools_the_person_coaches_are_in_the_cockpit(demo: Demo):
    case = stalled_case(demo)
    assert case.pk in [r["id"] for r in rows_of(demo.coach)]
    for person in (demo.teacher1, demo.leader1, demo.coordinator, demo.outsider):
        assert rows_of(person) == []
    internal = rows_of(demo.internal_coach)
    assert all(r["school"]["id"] == demo.school3.pk for r in internal)


def test_a_school_no_longer_coached_is_404(demo: Demo):
    stalled_case(demo)
    assert rows_of(demo.coach, school=demo.school1.pk)
    assignment = CoachAssignment.objects.get(coach=demo.coach, school=demo.school1)
    end_coach_assignment(assignment=assignment)
    assert (
        api(demo.coach).get("/api/coaching/overview/", {"school": demo.school1.pk}).status_code
        == 404
    )
    assert client_for(demo.coach).get(f"/coach/?school={demo.school1.pk}").status_code == 404
    assert all(r["school"]["id"] != demo.school1.pk for r in rows_of(demo.coach))
    for nonsense in ("abc", "-1", str(2**64)):
        assert (
            api(demo.coach).get("/api/coaching/overview/", {"school": nonsense}).status_code == 404
        )


def test_the_rows_sort_either_way_and_an_unknown_key_falls_back(demo: Demo):
    stalled_case(demo)
    fresh = new_case(demo)
    by_days = [r["id"] for r in rows_of(demo.coach, sort="days")]
    assert by_days.index(fresh.pk) < len(by_days) - 1
    assert [r["id"] for r in rows_of(demo.coach, sort="-days")] == list(reversed(by_days)) or (
        [r["days_in_step"] for r in rows_of(demo.coach, sort="-days")]
        == sorted([r["days_in_step"] for r in rows_of(demo.coach)], reverse=True)
    )
    assert rows_of(demo.coach, sort="nonsense")[0]["stalled"]


def test_the_page_shows_the_flags_and_links_the_cycle(demo: Demo):
    case = stalled_case(demo)
    client = client_for(demo.coach)
    client.cookies["django_language"] = "en"
    page = client.get("/coach/").content.decode()
    assert f'href="/casussen/{case.pk}/"' in page
    assert "Stalled" in page
    assert "Skipped a part" in page
    assert "1 cycle has shown no activity for 6 weeks." in page
    sorted_page = client.get("/coach/?sort=-overdue")
    assert sorted_page.status_code == 200


def test_the_cockpit_reads_a_fixed_number_of_queries(demo: Demo):
    case = stalled_case(demo)
    services.add_measure(case=case, name="Verzuim", kind="mean", direction="down")
    with CaptureQueriesContext(connection) as few:
        cockpit.overview(demo.coach)
    for _ in range(4):
        extra = new_case(demo)
        services.add_measure(case=extra, name="Verzuim", kind="mean", direction="down")
    with CaptureQueriesContext(connection) as more:
        rows = cockpit.overview(demo.coach)
    assert len(rows) >= 5
    assert len(more) == len(few)


def test_a_measure_that_shifted_shows_its_signal_and_one_that_did_not_shows_none(demo: Demo):
    from tests.measures import AFTER_ACTION, BASELINE, add_series

    case = stalled_case(demo)
    shifted = services.add_measure(
        case=case, name="Aanwezigheid", kind="percentage", direction="up"
    )
    add_series(shifted, BASELINE + AFTER_ACTION, start_weeks=15)
    flat = services.add_measure(case=case, name="Te laat", kind="count", direction="down")
    add_series(flat, [3, 5, 2, 4, 3, 5, 2, 4, 3, 5, 2, 4], start_weeks=13)
    [row] = [r for r in rows_of(demo.coach) if r["id"] == case.pk]
    # The cockpit reads each measure as its run chart does.
    chart = api(demo.teacher1).get(f"/api/measures/{shifted.pk}/run-chart/").json()
    assert chart["signals"]
    assert row["signals"] == [{"measure": "Aanwezigheid", "signals": chart["signals"]}]
    assert not api(demo.teacher1).get(f"/api/measures/{flat.pk}/run-chart/").json()["signals"]
