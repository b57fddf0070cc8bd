"""The demo covers two school years of coaching and leadership reflection, idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from coaching.models import CoachProfile, SelfAssessment, TeamFeedback
from coaching.reports import competency_growth
from leadership.models import BlockRating, Reflection
from leadership.reports import leadership_trends
from netwerk.periods import recent_periods
from schools.models import School

pytestmark = pytest.mark.django_db

PAST_FOUR = {p.code for p in recent_periods(timezone.localdate(), 5)[:-1]}


def counts() -> tuple[int, ...]:
    return (
        CoachProfile.objects.count(),
        SelfAssessment.objects.count(),
        TeamFeedback.objects.count(),
        Reflection.objects.count(),
        BlockRating.objects.count(),
    )


def test_seeding_twice_adds_nothing_the_second_time():
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first[0] == 2


def test_the_demo_coach_grows_over_four_half_years_in_two_school_years():
    call_command("seed_demo")
    coach = CoachProfile.objects.get(person__username="coach")
    table = competency_growth(coach)
    assert set(table["period"]) == PAST_FOUR
    assert {p[:9] for p in PAST_FOUR} == {"2024-2025", "2025-2026"}
    assert table["team_n"].sum() > 0
    first, last = sorted(PAST_FOUR)[0], sorted(PAST_FOUR)[-1]
    assert table[table["period"] == last]["self_mean"].mean() > (
        table[table["period"] == first]["self_mean"].mean()
    )


def test_the_demo_schools_discussed_leadership_in_each_of_the_four_periods():
    call_command("seed_demo")
    for code in ("12AB", "23CD", "012345"):
        trends = leadership_trends(School.objects.get(code=code))
        assert set(trends["period"]) == PAST_FOUR
        assert (trends["leaders_n"] > 0).all()
        assert (trends["team_n"] > 0).all()
