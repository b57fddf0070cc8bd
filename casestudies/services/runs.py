"""Reading a measure as a run chart: Anhøj's statistics over its points, the actions that
mark it and their effect, and the evaluation's reading (the median after the last action).
Partners' copies leave out every value from fewer than SMALL_N pupils."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypedDict

from casestudies import runcharts
from casestudies.models import Action, Measure, MeasurePoint


class PointRow(TypedDict):
    date: str
    value: float | None  # None: hidden, computed from fewer than SMALL_N
    n: int | None


class RunChartData(TypedDict):
    points: list[PointRow]
    median: float | None
    useful: int
    longest_run: int
    longest_run_max: int | None
    crossings: int
    crossings_min: int | None
    signals: list[runcharts.Signal]


@dataclass(frozen=True)
class MeasureReading:
    measure: Measure
    points: list[MeasurePoint]  # all, in date order; hidden ones have small=True
    shown: list[MeasurePoint]  # those the chart and the statistics use
    chart: runcharts.RunChart
    control: runcharts.ControlChart | None
    baseline_count: int | None

    @property
    def values(self) -> list[float]:
        return [float(p.value) for p in self.shown]


def read_measure(measure: Measure, *, for_partners: bool = False) -> MeasureReading:
    points = list(measure.points.all())
    shown = [p for p in points if not (for_partners and p.small)]
    baseline = _baseline_count(shown, measure.baseline_until)
    values = [float(p.value) for p in shown]
    return MeasureReading(
        measure=measure,
        points=points,
        shown=shown,
        chart=runcharts.run_chart(values, baseline_count=baseline),
        control=runcharts.control_chart(measure.kind, values, [p.n for p in shown]),  # type: ignore[arg-type]
        baseline_count=baseline,
    )


def run_charts_of(measures: list[Measure]) -> dict[int, runcharts.RunChart]:
    """Only the run charts of many measures, by measure id, in one query of plain values:
    what a list of many cycles needs, without the control charts."""
    points: dict[int, list[tuple[datetime.date, float]]] = {m.pk: [] for m in measures}
    rows = MeasurePoint.objects.filter(measure__in=[m.pk for m in measures])
    for measure_id, day, value in rows.order_by("measure_id", "date").values_list(
        "measure_id", "date", "value"
    ):
        points[measure_id].append((day, float(value)))
    charts = {}
    for measure in measures:
        dated = points[measure.pk]
        until = measure.baseline_until
        baseline = None if until is None else (sum(1 for d, _ in dated if d <= until) or None)
        charts[measure.pk] = runcharts.run_chart([v for _, v in dated], baseline_count=baseline)
    return charts


def run_chart_data(reading: MeasureReading, *, for_partners: bool = False) -> RunChartData:
    chart = reading.chart
    return {
        "points": [_row(p, hide=for_partners and p.small) for p in reading.points],
        "median": chart.median,
        "useful": chart.useful,
        "longest_run": chart.longest_run,
        "longest_run_max": chart.longest_run_max,
        "crossings": chart.crossings,
        "crossings_min": chart.crossings_min,
        "signals": chart.signals,
    }


def _row(point: MeasurePoint, *, hide: bool) -> PointRow:
    return {
        "date": point.date.isoformat(),
        "value": None if hide else float(point.value),
        "n": point.n,
    }


def _baseline_count(points: list[MeasurePoint], until: datetime.date | None) -> int | None:
    if until is None:
        return None
    return sum(1 for p in points if p.date <= until) or None


def marking_actions(measure: Measure) -> list[Action]:
    """The actions aimed at this measure whose start marks its chart, by start date."""
    return list(measure.actions.filter(start_date__isnull=False).order_by("start_date", "pk"))


def action_effect(reading: MeasureReading, action: Action) -> runcharts.Effect:
    """Did the measure shift the desired way after the action started?"""
    assert action.start_date is not None
    start = sum(1 for p in reading.shown if p.date < action.start_date)
    return runcharts.effect_after(
        reading.values,
        start,
        direction=reading.measure.direction,  # type: ignore[arg-type]
        baseline_count=reading.baseline_count,
    )


@dataclass(frozen=True)
class EffectReading:
    median_after: float
    baseline: float
    measured_on: datetime.date


def after_last_action(reading: MeasureReading) -> EffectReading | None:
    """The median of the points from the last action's start on, against the baseline
    (frozen, or else the median of the points before the first action)."""
    actions = marking_actions(reading.measure)
    if not actions:
        return None
    first, last = actions[0].start_date, actions[-1].start_date
    assert first is not None
    assert last is not None
    before = sum(1 for p in reading.shown if p.date < first)
    start = sum(1 for p in reading.shown if p.date < last)
    median = runcharts.median_after(reading.values, start)
    baseline = runcharts.centre_line(reading.values, reading.baseline_count or before)
    if median is None or baseline is None or not (reading.baseline_count or before):
        return None
    return EffectReading(median, baseline, reading.shown[-1].date)


def measure_snapshot(measure: Measure) -> dict[str, object]:
    """What partners see of a measure in a published snapshot: values from fewer than
    SMALL_N pupils hidden, and left out of the chart and its statistics."""
    reading = read_measure(measure, for_partners=True)
    actions = marking_actions(measure)
    shift = "shift" in reading.chart.signals
    return {
        "name": measure.name,
        "unit": measure.unit,
        "kind": measure.kind,
        "direction": measure.direction,
        "frozen": reading.baseline_count is not None,
        "chart": run_chart_data(reading, for_partners=True),
        "run_dates": [reading.shown[i].date.isoformat() for i in reading.chart.run_indices]
        if shift
        else [],
        "marks": action_marks(actions),
        "actions": [
            {
                "label": f"A{n}",
                "description": action.description,
                "effect": action_effect(reading, action),
            }
            for n, action in enumerate(actions, 1)
        ],
    }


def action_marks(actions: list[Action]) -> list[dict[str, str]]:
    """A1, A2, …: where each action started, for the chart."""
    return [
        {"date": a.start_date.isoformat(), "label": f"A{n}"}
        for n, a in enumerate(actions, 1)
        if a.start_date
    ]
