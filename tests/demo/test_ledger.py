"""The demo ledger: two school years of contributions, each derived from something the demo
did through the services on its own date, and a dashboard whose history moves."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.utils import timezone

from capacity.dashboard import network_dashboard
from capacity.models import Contribution, StepReached
from capacity.periods import Filters
from capacity.services import MANUAL_RULES
from casestudies.models import Evaluation, Publication
from discussions.models import Adoption, Endorsement
from meetings.models import Attendance, SessionFeedback
from netwerk.demo_clock import school_year_ago
from netwerk.models import LearningNetwork
from schools.models import School

DEMO_NETWORKS = ("Lerend netwerk Datagebruik Midden", "Leesnetwerk Vlaanderen")


def network_a() -> LearningNetwork:
    return LearningNetwork.objects.get(coordinators__username="coordinator")


def source_date(key: str) -> tuple[str, datetime.date]:
    """The object a derived row's source key names, as (kind:id, the day it happened);
    it raises DoesNotExist when the object is not there."""
    kind, *ids = key.split(":")
    numbers = [int(part) for part in ids if part.isdigit()]
    if kind == "attendance":
        attendance = Attendance.objects.select_related("session").get(pk=numbers[0])
        return key, timezone.localdate(attendance.session.starts_at)
    if kind == "feedback":
        feedback = SessionFeedback.objects.select_related("session").get(pk=numbers[0])
        # Given on the day of the session.
        assert timezone.localdate(feedback.created_at) == timezone.localdate(
            feedback.session.starts_at
        )
        return key, timezone.localdate(feedback.created_at)
    if kind == "case_published":
        case, network = numbers
        published = Publication.objects.filter(case_id=case, networks=network)
        return f"case:{case}:network:{network}", published.earliest(
            "published_at"
        ).published_at.date()
    if kind == "proposal_endorsed":
        proposal, school = numbers
        endorsement = Endorsement.objects.filter(
            proposal_id=proposal, person__school_memberships__school_id=school
        ).earliest("created_at")
        return f"endorsement:{proposal}:{school}", endorsement.created_at.date()
    if kind in ("proposal_adopted", "solution_adopted"):
        adoption = Adoption.objects.get(pk=numbers[0])
        return f"{kind}:{adoption.pk}", adoption.created_at.date()
    if kind == "first_cycle_completed":
        school_id, network = numbers
        evaluated = Evaluation.objects.filter(
            case__datateam__school=School.objects.get(pk=school_id)
        )
        return f"first_cycle:{school_id}:{network}", evaluated.earliest("measured_on").measured_on
    raise AssertionError(f"No object behind {key}")


def test_every_contribution_derives_from_something_that_happened_on_its_date():
    rows = Contribution.objects.filter(network__name__in=DEMO_NETWORKS)
    assert rows.count() > 100
    sources = []
    for row in rows.exclude(source_key__isnull=True):
        key = str(row.source_key)
        assert row.rule != "manual", key
        assert not key.startswith("demo:"), key
        source, day = source_date(key)
        assert row.occurred_on == day, key
        sources.append(source)
    # No two rows stand for the same thing that happened.
    assert [source for source, n in Counter(sources).items() if n > 1] == []


def test_only_a_handful_is_recorded_by_hand_by_the_coordinator_on_the_day():
    for network in LearningNetwork.objects.filter(name__in=DEMO_NETWORKS):
        by_hand = Contribution.objects.filter(network=network, source_key__isnull=True)
        assert 1 <= by_hand.count() <= 5
        coordinators = set(network.coordinators.values_list("pk", flat=True))
        for row in by_hand:
            assert row.rule in MANUAL_RULES
            assert row.recorded_by_id in coordinators
            assert row.description
            # Recorded the day it happened, through the same service as the form.
            assert timezone.localdate(row.created_at) == row.occurred_on
        descriptions = list(by_hand.values_list("description", flat=True))
        assert len(set(descriptions)) == len(descriptions)


def test_the_demo_ledger_spans_two_school_years():
    first = school_year_ago(2)
    rows = Contribution.objects.filter(network=network_a())
    dates = list(rows.values_list("occurred_on", flat=True))
    assert min(dates) < datetime.date(first, 12, 1)
    assert max(dates) >= datetime.date(school_year_ago(0), 8, 1)
    rules = set(rows.values_list("rule", flat=True))
    assert {
        "case_published",
        "proposal_endorsed",
        "proposal_adopted",
        "solution_adopted",
        "first_cycle_completed",
        "coach_trained",
        "session_attended",
        "peer_feedback",
    } <= rules

    dashboard = network_dashboard(
        network_a(), Filters(datetime.date(first, 8, 1), timezone.localdate()), with_charts=False
    )
    months = dashboard.table("contributions_per_month").rows
    # Counts of contributions are not pupil data: every cell is shown as a number.
    cells = [value for row in months[:-1] for value in row[1:-1]]
    assert all(isinstance(value, int) for value in cells), cells
    busy = [row[0] for row in months[:-1] if sum(int(str(v)) for v in row[1:-1]) > 0]
    assert len(busy) >= 12  # activity in most school months, not all on one day
    assert dashboard.table("adoptions").rows


@pytest.fixture
def trends() -> dict[str, list[list[object]]]:
    dashboard = network_dashboard(
        network_a(),
        Filters(datetime.date(school_year_ago(2), 8, 1), timezone.localdate()),
        with_charts=False,
    )
    return {
        key: dashboard.table(key).rows
        for key in ("cycles_over_time", "goals_reached", "motivation", "attendance")
    }


def quarter_of(day: str) -> str:
    moment = datetime.date.fromisoformat(day)
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def test_cycles_moved_step_by_step_over_the_quarters(trends):
    rows = trends["cycles_over_time"]
    assert len(rows) >= 9  # the quarters of two school years and this one
    open_cycles = [int(str(row[-1])) for row in rows]
    steps = [tuple(row[1:-1]) for row in rows if int(str(row[-1])) > 0]
    assert sum(1 for n in open_cycles if n > 0) >= 6
    assert len(set(open_cycles)) >= 3  # more and fewer cycles open as time goes by
    assert len(set(steps)) >= 5  # and at other steps from quarter to quarter
    reached = StepReached.objects.filter(
        case__datateam__school__network_memberships__network=network_a()
    )
    assert (
        len({quarter_of(day.isoformat()) for day in reached.values_list("reached_on", flat=True)})
        >= 6
    )
    assert reached.filter(reached_on=timezone.localdate()).count() == 0


def test_sessions_goals_and_motivation_vary_over_the_quarters(trends):
    attendance = trends["attendance"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(row[0])) and row[1] for row in attendance)
    assert len({quarter_of(str(row[0])) for row in attendance}) >= 6
    assert len({row[2] for row in attendance}) >= 2  # people present differ per session
    motivation = trends["motivation"]
    assert len({row[2] for row in motivation}) >= 3
    goals = [row for row in trends["goals_reached"] if int(str(row[1])) > 0]
    assert len(goals) >= 2  # cycles evaluated in more than one quarter
