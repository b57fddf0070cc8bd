"""Half school years and four-level ratings: pure rules, no database."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from netwerk.periods import Period, parse_past_period, parse_period, period_of, recent_periods
from netwerk.ratings import RatingInput, clean_ratings

DAYS = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))


@pytest.mark.parametrize(
    ("day", "code"),
    [
        ("2026-11-22", "2026-2027-1"),
        ("2026-08-01", "2026-2027-1"),
        ("2026-07-31", "2025-2026-2"),
        ("2026-02-01", "2025-2026-2"),
        ("2026-01-31", "2025-2026-1"),
    ],
)
def test_a_day_falls_in_the_half_school_year_around_it(day: str, code: str):
    assert period_of(datetime.date.fromisoformat(day)).code == code


@given(DAYS)
def test_every_day_lies_in_its_period_and_the_code_reads_back(day: datetime.date):
    period = period_of(day)
    assert period.starts_on <= day
    assert parse_period(period.code) == period
    following = Period(period.year + 1, 1) if period.half == 2 else Period(period.year, 2)
    assert day < following.starts_on


def test_recent_periods_run_oldest_first_up_to_today():
    codes = [p.code for p in recent_periods(datetime.date(2026, 11, 22), 5)]
    assert codes == ["2024-2025-1", "2024-2025-2", "2025-2026-1", "2025-2026-2", "2026-2027-1"]


@pytest.mark.parametrize("code", ["", "2025-2026", "2025-2027-1", "2025-2026-0", "25-26-1"])
def test_a_malformed_period_is_refused(code: str):
    with pytest.raises(ValidationError):
        parse_period(code)


def test_a_period_that_has_not_started_is_refused():
    with pytest.raises(ValidationError, match="not started"):
        parse_past_period("2027-2028-1", today=datetime.date(2026, 11, 22))


@given(st.integers())
def test_only_levels_1_to_4_pass(level: int):
    ratings: dict[str, RatingInput] = {"a": {"level": level}}
    if 1 <= level <= 4:
        assert clean_ratings(ratings, ["a", "b"], require_all=False)["a"].level == level
    else:
        with pytest.raises(ValidationError):
            clean_ratings(ratings, ["a", "b"], require_all=False)


def test_when_all_items_are_required_each_missing_one_is_named():
    with pytest.raises(ValidationError) as error:
        clean_ratings({"a": RatingInput(level=2)}, ["a", "b", "c"], require_all=True)
    assert set(error.value.message_dict) == {"level_b", "level_c"}
