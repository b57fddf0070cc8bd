"""Run charts and control charts as inline SVG: a pure module (matplotlib without pyplot,
no Django), legible on a projector: 8 inches wide and no text under 12 units, so at
800 pixels wide every letter is at least 12 pixels high."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from casestudies.charts import COLOUR, NO_METADATA, RC, inline_svg, localise_numbers, plain
from casestudies.runcharts import ControlChart

FONT = 12
RUN_COLOUR = "#c05621"
CENTRE_COLOUR = "#333333"
MARK_COLOUR = "#2f855a"
LIMIT_COLOUR = "#9b2c2c"


@dataclass(frozen=True)
class Labels:
    title: str
    value: str
    centre: str  # "Mediaan" or "Mediaan nulmeting"; the value is added
    signals: str  # the signals in words, or that there are none
    decimal: str = "."  # the reader's decimal separator


@dataclass(frozen=True)
class Mark:
    date: datetime.date
    label: str


def run_chart_svg(
    dates: Sequence[datetime.date],
    values: Sequence[float],
    *,
    centre: float | None,
    highlighted: Sequence[int],
    marks: Sequence[Mark],
    labels: Labels,
) -> str:
    """The points in time order, the centre line, the points of a shift in another colour,
    and a vertical line where each action started."""
    with matplotlib.rc_context(RC | {"font.size": FONT}):
        figure, axes, x = _series(dates, values)
        _highlight(axes, x, values, [i for i in highlighted if i < len(values)])
        if centre is not None:
            axes.axhline(centre, color=CENTRE_COLOUR, linestyle="--", linewidth=1.5)
            axes.text(
                0.01,
                centre,
                plain(f"{labels.centre}: {centre:g}".replace(".", labels.decimal)),
                transform=axes.get_yaxis_transform(),
                va="bottom",
                fontsize=FONT,
                color=CENTRE_COLOUR,
            )
        _marks(axes, marks)
        return _finish(figure, axes, labels, dates)


def control_chart_svg(
    dates: Sequence[datetime.date],
    values: Sequence[float],
    chart: ControlChart,
    *,
    labels: Labels,
) -> str:
    """The points with the centre line and the (step-wise, for a P-chart) control limits;
    points beyond a limit in the signal colour."""
    with matplotlib.rc_context(RC | {"font.size": FONT}):
        figure, axes, x = _series(dates, values)
        axes.step(x, chart.upper, where="mid", color=LIMIT_COLOUR, linewidth=1.5)
        axes.step(x, chart.lower, where="mid", color=LIMIT_COLOUR, linewidth=1.5)
        axes.axhline(chart.centre, color=CENTRE_COLOUR, linestyle="--", linewidth=1.5)
        _highlight(axes, x, values, chart.outside)
        return _finish(figure, axes, labels, dates)


def _highlight(axes: Axes, x: list[int], values: Sequence[float], indices: list[int]) -> None:
    """The points that make a signal, larger and in the signal colour."""
    if indices:
        axes.plot(
            [x[i] for i in indices],
            [values[i] for i in indices],
            linestyle="none",
            marker="o",
            markersize=9,
            color=RUN_COLOUR,
        )


def _series(
    dates: Sequence[datetime.date], values: Sequence[float]
) -> tuple[Figure, Axes, list[int]]:
    """The canvas with the points joined in time order; x in days."""
    figure = Figure(figsize=(8, 4.2))
    figure.subplots_adjust(left=0.1, right=0.97, top=0.82, bottom=0.2)
    axes = figure.add_subplot()
    x = _days(dates)
    axes.plot(x, values, color=COLOUR, marker="o", linewidth=2, markersize=6)
    return figure, axes, x


def _marks(axes: Axes, marks: Sequence[Mark]) -> None:
    for mark in marks:
        axes.axvline(mark.date.toordinal(), color=MARK_COLOUR, linestyle=":", linewidth=2)
        axes.annotate(
            plain(mark.label),
            xy=(mark.date.toordinal(), 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -14),
            textcoords="offset points",
            color=MARK_COLOUR,
            fontsize=FONT,
            fontweight="bold",
        )


def _days(dates: Sequence[datetime.date]) -> list[int]:
    return [d.toordinal() for d in dates]


def _date_ticks(axes: Axes, dates: Sequence[datetime.date]) -> None:
    """At most eight dates under the axis, dd-mm-jj, evenly picked from the points."""
    step = max(1, -(-len(dates) // 8))
    shown = list(dates[::step])
    axes.set_xticks(_days(shown), [d.strftime("%d-%m-%y") for d in shown])


def _finish(figure: Figure, axes: Axes, labels: Labels, dates: Sequence[datetime.date]) -> str:
    axes.set_title(plain(labels.title), loc="left", fontsize=FONT + 2, pad=24)
    axes.text(0, 1.02, plain(labels.signals), transform=axes.transAxes, fontsize=FONT)
    axes.set_ylabel(plain(labels.value), fontsize=FONT)
    localise_numbers(axes, labels.decimal)
    _date_ticks(axes, dates)
    axes.tick_params(labelsize=FONT)
    for tick in axes.get_xticklabels():
        tick.set_rotation(30)
        tick.set_horizontalalignment("right")
    axes.spines[["top", "right"]].set_visible(False)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    return inline_svg(buffer.getvalue())
