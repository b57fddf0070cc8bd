"""Run-chart and control-chart statistics: a pure module (no Django, no third-party maths).

The run chart follows Anhøj's rules. The centre line is the median of all points, or of
the baseline points when the team froze a baseline. Points exactly on the centre line are
not useful: they neither count nor break a run. Non-random variation shows as

- a shift: a run of useful points on one side longer than round(log2(useful) + 3);
- too few crossings: fewer crossings of the centre line than the 5th percentile of
  Binomial(useful - 1, 1/2).

The 5th percentile is computed exactly, with integers, so that the limits match the
published tables for every number of points.
"""

from __future__ import annotations

import functools
import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

Signal = Literal["shift", "few_crossings"]
Direction = Literal["up", "down"]
Kind = Literal["mean", "percentage", "count"]
Effect = Literal["improved", "worsened", "no_signal", "too_few"]

# The false-alarm rate behind the crossings limit.
CROSSINGS_QUANTILE = Fraction(5, 100)
# Below this many points a control chart's limits mean little.
CONTROL_CHART_MIN_POINTS = 20
# 3 sigma from the average moving range: 3 / d2(2) with d2(2) = 1.128.
I_CHART_FACTOR = 2.66


@dataclass(frozen=True)
class RunChart:
    median: float | None
    useful: int
    longest_run: int
    longest_run_max: int | None
    crossings: int
    crossings_min: int | None
    signals: list[Signal] = field(default_factory=list)
    # The points of the longest run (indices into the values), for drawing it.
    run_indices: tuple[int, ...] = ()


@dataclass(frozen=True)
class ControlChart:
    name: Literal["I", "P", "C"]
    centre: float
    lower: list[float]
    upper: list[float]
    outside: list[int]  # indices of the points beyond a limit


def qbinom(p: Fraction, size: int, prob: Fraction = Fraction(1, 2)) -> int:
    """The smallest x with P(X <= x) >= p for X ~ Binomial(size, prob), as R's qbinom."""
    if size < 0 or not 0 <= p <= 1:
        raise ValueError("size must be >= 0 and p within [0, 1]")
    cumulative = Fraction(0)
    for x in range(size + 1):
        cumulative += math.comb(size, x) * prob**x * (1 - prob) ** (size - x)
        if cumulative >= p:
            return x
    return size


def longest_run_max(useful: int) -> int | None:
    """A run longer than this is a shift; None when there are no useful points."""
    return round(math.log2(useful) + 3) if useful > 0 else None


@functools.lru_cache(maxsize=512)
def crossings_min(useful: int) -> int | None:
    """Fewer crossings than this signal too little variation around the centre line."""
    return qbinom(CROSSINGS_QUANTILE, useful - 1) if useful > 0 else None


def centre_line(values: Sequence[float], baseline_count: int | None = None) -> float | None:
    """The median of all values, or of the first baseline_count values (a frozen baseline)."""
    base = values[:baseline_count] if baseline_count else values
    return float(statistics.median(base)) if base else None


def sides(values: Sequence[float], centre: float) -> list[tuple[int, int]]:
    """(index, +1 above / -1 below) for each useful point, in order."""
    return [(i, 1 if v > centre else -1) for i, v in enumerate(values) if v != centre]


def run_chart(values: Sequence[float], *, baseline_count: int | None = None) -> RunChart:
    """Anhøj's rules over the values, in time order."""
    centre = centre_line(values, baseline_count)
    if centre is None:
        return RunChart(None, 0, 0, None, 0, None)
    useful = sides(values, centre)
    run = _longest_run(useful)
    crossings = sum(1 for a, b in itertools.pairwise(useful) if a[1] != b[1])
    run_max, cross_min = longest_run_max(len(useful)), crossings_min(len(useful))
    signals: list[Signal] = []
    if run_max is not None and len(run) > run_max:
        signals.append("shift")
    if cross_min is not None and crossings < cross_min:
        signals.append("few_crossings")
    return RunChart(
        centre, len(useful), len(run), run_max, crossings, cross_min, signals, tuple(run)
    )


def _longest_run(useful: Sequence[tuple[int, int]]) -> list[int]:
    best: list[int] = []
    current: list[int] = []
    for number, (index, side) in enumerate(useful):
        if number and side != useful[number - 1][1]:
            current = []
        current.append(index)
        if len(current) > len(best):
            best = list(current)
    return best


def effect_after(
    values: Sequence[float], start: int, *, direction: Direction, baseline_count: int | None = None
) -> Effect:
    """Did the values shift after position `start` (an action began), and which way?

    The centre line is the frozen baseline, or else the median of the points before the
    action. The effect is a shift by Anhøj's rule whose run lies after the start."""
    frozen = baseline_count or start
    if frozen < 1 or start >= len(values):
        return "too_few"
    centre = centre_line(values, frozen)
    assert centre is not None
    after = sides(values[start:], centre)
    run = _longest_run(after)
    limit = longest_run_max(len(sides(values, centre)))
    if not run or limit is None or len(run) <= limit:
        return "no_signal"
    above = values[start + run[0]] > centre
    return "improved" if above == (direction == "up") else "worsened"


def control_chart(
    kind: Kind, values: Sequence[float], ns: Sequence[int | None]
) -> ControlChart | None:
    """The chart that fits the kind: I for means, P for percentages with their n, C for
    counts; None below CONTROL_CHART_MIN_POINTS or when a P-chart lacks an n."""
    if len(values) < CONTROL_CHART_MIN_POINTS:
        return None
    if kind == "percentage":
        return _p_chart(values, ns)
    if kind == "count":
        return _c_chart(values)
    return _i_chart(values)


def _i_chart(values: Sequence[float]) -> ControlChart:
    mean = statistics.fmean(values)
    moving = statistics.fmean(abs(b - a) for a, b in itertools.pairwise(values))
    lower, upper = mean - I_CHART_FACTOR * moving, mean + I_CHART_FACTOR * moving
    return _chart("I", values, mean, [lower] * len(values), [upper] * len(values))


def _p_chart(values: Sequence[float], ns: Sequence[int | None]) -> ControlChart | None:
    counts = [n for n in ns if n]
    if len(counts) != len(values):
        return None
    p = sum(v / 100 * n for v, n in zip(values, counts, strict=True)) / sum(counts)
    spread = [3 * math.sqrt(p * (1 - p) / n) for n in counts]
    lower = [100 * max(0.0, p - s) for s in spread]
    upper = [100 * min(1.0, p + s) for s in spread]
    return _chart("P", values, 100 * p, lower, upper)


def _c_chart(values: Sequence[float]) -> ControlChart:
    mean = statistics.fmean(values)
    spread = 3 * math.sqrt(mean)
    return _chart(
        "C", values, mean, [max(0.0, mean - spread)] * len(values), [mean + spread] * len(values)
    )


def _chart(
    name: Literal["I", "P", "C"],
    values: Sequence[float],
    centre: float,
    lower: list[float],
    upper: list[float],
) -> ControlChart:
    outside = [
        i
        for i, (v, lo, hi) in enumerate(zip(values, lower, upper, strict=True))
        if not lo <= v <= hi
    ]
    return ControlChart(name, centre, lower, upper, outside)


def median_after(values: Sequence[float], start: int) -> float | None:
    """The median of the points from `start` on (the points after the last action)."""
    after = values[start:]
    return float(statistics.median(after)) if after else None
