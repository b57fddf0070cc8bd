"""The run-chart statistics, without a database: Anhøj's limits against the table of
critical values, and the rules on small, hand-checked series."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casestudies.runcharts import (
    control_chart,
    crossings_min,
    effect_after,
    longest_run_max,
    median_after,
    qbinom,
    run_chart,
)

# Critical values for 10-100 useful points (Anhøj & Olesen 2014, PLoS ONE 9(11) e113825):
# a longest run above the first limit, or fewer crossings than the second, is a signal.
# Written out as a table here, not computed, so the code is checked against it.
RUN_LIMITS = {**dict.fromkeys(range(10, 12), 6), **dict.fromkeys(range(12, 23), 7)}
RUN_LIMITS |= dict.fromkeys(range(23, 46), 8) | dict.fromkeys(range(46, 91), 9)
RUN_LIMITS |= dict.fromkeys(range(91, 101), 10)
# Crossings limits, ten a row from 10 useful points on.
CROSSINGS_TABLE = """
     2  2  3  3  4  4  4  5  5  6
     6  6  7  7  8  8  8  9  9 10
    10 11 11 11 12 12 13 13 14 14
    14 15 15 16 16 17 17 17 18 18
    19 19 20 20 21 21 21 22 22 23
    23 24 24 25 25 25 26 26 27 27
    28 28 29 29 29 30 30 31 31 32
    32 33 33 34 34 34 35 35 36 36
    37 37 38 38 39 39 39 40 40 41
    41
"""
CROSSING_LIMITS = dict(zip(range(10, 101), map(int, CROSSINGS_TABLE.split()), strict=True))


@pytest.mark.parametrize("useful", range(10, 101))
def test_the_limits_match_the_published_critical_values(useful: int) -> None:
    assert longest_run_max(useful) == RUN_LIMITS[useful]
    assert crossings_min(useful) == CROSSING_LIMITS[useful]


@pytest.mark.parametrize(
    ("useful", "run", "crossings"), [(10, 6, 2), (20, 7, 6), (30, 8, 10), (100, 10, 41)]
)
def test_the_limits_at_the_landmarks_of_the_table(useful: int, run: int, crossings: int) -> None:
    assert (longest_run_max(useful), crossings_min(useful)) == (run, crossings)


def test_qbinom_is_the_smallest_value_whose_cumulative_probability_reaches_p() -> None:
    # Binomial(4, 1/2): P(X<=0) = 1/16, P(X<=1) = 5/16, P(X<=2) = 11/16
    assert qbinom(Fraction(1, 16), 4) == 0
    assert qbinom(Fraction(1, 10), 4) == 1
    assert qbinom(Fraction(5, 16), 4) == 1
    assert qbinom(Fraction(1, 2), 4) == 2
    assert qbinom(Fraction(1), 4) == 4


def test_it_has_no_limits_without_useful_points() -> None:
    assert longest_run_max(0) is None
    assert crossings_min(0) is None
    chart = run_chart([])
    assert chart.median is None
    assert chart.signals == []


def test_points_on_the_median_neither_count_nor_break_a_run() -> None:
    # median 5; useful sides: - - + (5 skipped) + +
    chart = run_chart([1, 2, 8, 5, 9, 7, 5, 3])
    assert chart.median == 5
    assert chart.useful == 6
    assert chart.longest_run == 3
    assert chart.crossings == 2


def test_a_long_run_after_a_frozen_baseline_is_a_shift() -> None:
    values = [10, 12, 11, 13, 9, 12, 11, 10, 15, 16, 15, 17, 16, 18, 15, 16, 17]
    chart = run_chart(values, baseline_count=8)
    assert chart.median == 11
    assert chart.longest_run == 9
    assert chart.longest_run_max == 7
    assert "shift" in chart.signals
    assert chart.run_indices == tuple(range(8, 17))


def test_a_series_that_rarely_crosses_its_median_has_too_few_crossings() -> None:
    values = [1.0] * 6 + [9.0] * 6 + [1.0] * 6 + [9.0] * 6
    chart = run_chart(values)
    assert chart.crossings == 3
    assert chart.crossings_min == 8
    assert chart.signals == ["few_crossings"]


def test_random_looking_variation_gives_no_signal() -> None:
    chart = run_chart([5, 7, 4, 8, 6, 3, 9, 5, 7, 4, 8, 6])
    assert chart.signals == []


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=60))
def test_the_counts_stay_within_their_bounds(values: list[int]) -> None:
    chart = run_chart([float(v) for v in values])
    assert chart.useful <= len(values)
    assert chart.crossings <= max(chart.useful - 1, 0)
    assert chart.longest_run <= chart.useful
    assert (chart.longest_run == 0) == (chart.useful == 0)


def test_the_effect_of_an_action_follows_the_desired_direction() -> None:
    before, after = [10, 12, 11, 13, 9, 12], [15, 16, 15, 17, 16, 18, 15, 16]
    assert effect_after(before + after, 6, direction="up") == "improved"
    assert effect_after(before + after, 6, direction="down") == "worsened"
    assert effect_after([*before, 11, 12, 10, 13], 6, direction="up") == "no_signal"
    assert effect_after(after, 0, direction="up") == "too_few"
    assert effect_after(before, 6, direction="up") == "too_few"


def test_the_median_after_the_last_action() -> None:
    assert median_after([1, 2, 3, 10, 20, 30], 3) == 20
    assert median_after([1, 2], 2) is None


def test_a_mean_gets_an_i_chart_with_limits_from_the_moving_range() -> None:
    values = [10.0, 12.0] * 10
    chart = control_chart("mean", values, [None] * 20)
    assert chart is not None
    assert chart.name == "I"
    assert chart.centre == 11
    assert chart.upper[0] == pytest.approx(11 + 2.66 * 2)
    assert chart.outside == []


def test_a_percentage_gets_a_p_chart_with_limits_per_n() -> None:
    values, ns = [50.0] * 19 + [95.0], [100] * 19 + [25]
    chart = control_chart("percentage", values, ns)
    assert chart is not None
    assert chart.name == "P"
    assert chart.upper[0] < chart.upper[-1]
    assert chart.outside == [19]


def test_no_control_chart_below_twenty_points_or_without_n() -> None:
    assert control_chart("mean", [1.0] * 19, [None] * 19) is None
    assert control_chart("percentage", [50.0] * 20, [None] * 20) is None
    assert control_chart("count", [4.0] * 20, [None] * 20) is not None
