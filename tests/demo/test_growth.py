"""The demo covers two school years of coaching and leadership reflection."""

from __future__ import annotations

from django.utils import timezone

from coaching.models import CoachProfile
from coaching.reports import competency_growth
from leadership.reports import leadership_trends
from netwerk.periods import recent_periods
from schools.models import School

PAST_FOUR = {p.code for p in recent_periods(timezone.localdate(), 5)[:-1]}


def test_the_demo_coach_grows_over_four_half_years_in_two_school_years():
    assert CoachProfile.objects.count() == 2
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
    for code in ("12AB", "23CD", "012345"):
        trends = leadership_trends(School.objects.get(code=code))
        assert set(trends["period"]) == PAST_FOUR
        assert (trends["leaders_n"] > 0).all()
        assert (trends["team_n"] > 0).all()
