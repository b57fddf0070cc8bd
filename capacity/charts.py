"""Dashboard charts as inline SVG: a pure module (matplotlib without pyplot, no Django).

Every chart is drawn CHART_WIDTH inches wide with no text under TEXT_POINTS, so that
shown 800 pixels wide on a projector its smallest text is still 12 pixels or more. A
value missing from its table (None) is not drawn: lines leave a gap.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import ParamSpec

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from casestudies.charts import (
    COLOUR,
    NO_METADATA,
    RC,
    inline_svg,
    localise_numbers,
    number_text,
    plain,
)

SERIES_COLOURS = (
    "#2b6cb0",
    "#c05621",
    "#2f855a",
    "#6b46c1",
    "#b7791f",
    "#2c7a7b",
    "#9b2c2c",
    "#4a5568",
    "#d53f8c",
)
Value = float | None
LABEL_WIDTH = 22
LEGEND_WIDTH = 18
TICK_WIDTH = 12
CHART_WIDTH = 8.0
TEXT_POINTS = 10.0
P = ParamSpec("P")


def _styled(draw: Callable[P, str]) -> Callable[P, str]:
    """Fonts and ids fixed while the figure is drawn and saved: the same data, the same SVG."""

    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        with matplotlib.rc_context(RC):
            return draw(*args, **kwargs)

    return wrapper


@_styled
def bars_svg(
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[Value]],
    *,
    title: str,
    value_label: str,
    empty_label: str,
    x_label: str = "",
    decimal: str = ".",
    counts: bool = False,
) -> str:
    """Bars per label, one colour per series side by side, each with its value. `counts`:
    the values are counts, so the value axis has whole-number ticks only."""
    figure, axes = _canvas()
    width = 0.8 / max(len(series), 1)
    for number, (colour, (name, values)) in enumerate(
        zip(SERIES_COLOURS, series.items(), strict=False)
    ):
        positions = [i + (number - (len(series) - 1) / 2) * width for i in range(len(x_labels))]
        bars = axes.bar(
            positions, [v or 0.0 for v in values], width, color=colour, label=plain(name)
        )
        if len(x_labels) <= 12:
            marks = ["" if v is None else number_text(v, decimal) for v in values]
            axes.bar_label(bars, labels=marks, fontsize=TEXT_POINTS)
    _x_labels(axes, x_labels, x_label)
    if len(series) > 1:
        _legend(axes)
    _value_axis(axes, decimal, counts=counts)
    return _finish(
        figure, axes, title, value_label, empty=_nothing(series), empty_label=empty_label
    )


@_styled
def lines_svg(
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[Value]],
    *,
    title: str,
    value_label: str,
    empty_label: str,
    x_label: str = "",
    value_range: tuple[float, float] | None = None,
    decimal: str = ".",
) -> str:
    """A line per series; a missing value leaves a gap. `value_range` fixes the value
    axis, as for ratings on a scale."""
    figure, axes = _canvas()
    for colour, (name, values) in zip(SERIES_COLOURS, series.items(), strict=False):
        points = [math.nan if v is None else v for v in values]
        axes.plot(
            range(len(x_labels)), points, marker="o", markersize=3, color=colour, label=plain(name)
        )
    step = max(1, len(x_labels) // 10)
    ticks = range(0, len(x_labels), step)
    axes.set_xticks(ticks, [plain(x_labels[i]) for i in ticks])
    axes.tick_params(axis="x", labelrotation=45, labelsize=TEXT_POINTS)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")
    if x_label:
        axes.set_xlabel(plain(x_label), fontsize=TEXT_POINTS + 1)
    _legend(axes)
    localise_numbers(axes, decimal)
    return _finish(
        figure,
        axes,
        title,
        value_label,
        empty=_nothing(series),
        empty_label=empty_label,
        value_range=value_range,
    )


@_styled
def stacked_bars_svg(
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    value_label: str,
    empty_label: str,
    x_label: str = "",
    decimal: str = ".",
    counts: bool = False,
) -> str:
    """A bar per label made of one segment per series, stacked. `counts`: the values are
    counts, so the value axis has whole-number ticks only."""
    figure, axes = _canvas()
    bottoms = [0.0] * len(x_labels)
    for colour, (name, values) in zip(SERIES_COLOURS, series.items(), strict=False):
        axes.bar(range(len(x_labels)), values, 0.7, bottom=bottoms, color=colour, label=name)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    _x_labels(axes, x_labels, x_label)
    _legend(axes)
    _value_axis(axes, decimal, counts=counts)
    empty = not any(bottoms)
    return _finish(figure, axes, title, value_label, empty=empty, empty_label=empty_label)


def _value_axis(axes: Axes, decimal: str, *, counts: bool) -> None:
    """The value axis in the reader's decimal sign; whole-number ticks for counts."""
    if counts:
        axes.set_ylim(0, max(1.0, axes.get_ylim()[1]))  # all zero: still 0 and 1, not 0.04
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    localise_numbers(axes, decimal)


@_styled
def graph_svg(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], *, title: str, empty_label: str
) -> str:
    """Schools on a circle; an arrow from the school that brought a solution to each school
    that adopted it. Every arrow has the same weight: counts stay in the table."""
    figure = Figure(figsize=(CHART_WIDTH, 6.4))
    axes = figure.add_axes((0.02, 0.02, 0.96, 0.9))
    axes.set_axis_off()
    axes.set_title(plain(title))
    axes.set_xlim(-1.9, 1.9)
    axes.set_ylim(-1.35, 1.35)
    where = _circle(nodes)
    if edges:
        # One quiver for all arrows: drawing each arrow as its own patch is ten times slower.
        starts, ends = _shortened([(where[s], where[t]) for s, t in edges])
        axes.quiver(
            [x for x, _ in starts],
            [y for _, y in starts],
            [x1 - x0 for (x0, _), (x1, _) in zip(starts, ends, strict=True)],
            [y1 - y0 for (_, y0), (_, y1) in zip(starts, ends, strict=True)],
            angles="xy",
            scale_units="xy",
            scale=1,
            width=0.004,
            headwidth=4,
            headlength=6,
            color="#4a5568",
        )
    if where:
        axes.plot(
            [x for x, _ in where.values()],
            [y for _, y in where.values()],
            linestyle="none",
            marker="o",
            markersize=11,
            color=COLOUR,
        )
    for name, (x, y) in where.items():
        label = textwrap.fill(plain(name), LABEL_WIDTH)
        axes.text(x * 1.15, y * 1.15 - 0.05, label, fontsize=TEXT_POINTS, ha="center", va="center")
    if not nodes:
        axes.text(0, 0, plain(empty_label), ha="center", fontsize=TEXT_POINTS + 2)
    return _svg(figure)


Point = tuple[float, float]


def _shortened(
    lines: list[tuple[Point, Point]], gap: float = 0.09
) -> tuple[list[Point], list[Point]]:
    """Each line pulled back from both ends, so an arrow stops at the edge of its nodes."""
    starts, ends = [], []
    for (x0, y0), (x1, y1) in lines:
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        dx, dy = (x1 - x0) / length * gap, (y1 - y0) / length * gap
        starts.append((x0 + dx, y0 + dy))
        ends.append((x1 - dx, y1 - dy))
    return starts, ends


def _circle(nodes: Sequence[str]) -> dict[str, tuple[float, float]]:
    count = max(len(nodes), 1)
    return {
        name: (
            math.cos(2 * math.pi * i / count + math.pi / 2),
            math.sin(2 * math.pi * i / count + math.pi / 2),
        )
        for i, name in enumerate(nodes)
    }


def _canvas() -> tuple[Figure, Axes]:
    """Margins fixed in inches: a layout engine would double the drawing time."""
    width, height = CHART_WIDTH, 4.6
    figure = Figure(figsize=(width, height))
    figure.subplots_adjust(
        left=0.9 / width, right=1 - 2.1 / width, top=1 - 0.5 / height, bottom=1.45 / height
    )
    return figure, figure.add_subplot()


def _x_labels(axes: Axes, labels: Sequence[str], x_label: str) -> None:
    long = len(labels) > 4 or max(map(len, labels), default=0) > 10
    step = max(1, len(labels) // 12)
    ticks = range(0, len(labels), step)
    # A slanted label starts left of its tick: on at most two lines of TICK_WIDTH
    # characters, the first one stays within the margins ("2024-2025," over "eerste helft").
    shown = [_two_lines(plain(labels[i])) if long else plain(labels[i]) for i in ticks]
    axes.set_xticks(
        ticks,
        shown,
        rotation=35 if long else 0,
        ha="right" if long else "center",
        fontsize=TEXT_POINTS,
    )
    if x_label:
        axes.set_xlabel(plain(x_label), fontsize=TEXT_POINTS + 1)


def _two_lines(label: str) -> str:
    lines = textwrap.wrap(label, TICK_WIDTH) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), TICK_WIDTH, placeholder="…")]
    return "\n".join(lines)


def _legend(axes: Axes) -> None:
    handles, labels = axes.get_legend_handles_labels()
    axes.legend(
        handles,
        [textwrap.fill(plain(label), LEGEND_WIDTH) for label in labels],
        loc="upper left",
        bbox_to_anchor=(1, 1),
        frameon=False,
        fontsize=TEXT_POINTS,
    )


def _nothing(series: Mapping[str, Sequence[Value]]) -> bool:
    return all(v is None for values in series.values() for v in values)


def _finish(
    figure: Figure,
    axes: Axes,
    title: str,
    value_label: str,
    *,
    empty: bool,
    empty_label: str,
    value_range: tuple[float, float] | None = None,
) -> str:
    axes.set_title(plain(title), fontsize=TEXT_POINTS + 3)
    axes.set_ylabel(plain(value_label), fontsize=TEXT_POINTS + 1)
    axes.tick_params(axis="y", labelsize=TEXT_POINTS)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    if value_range is not None:
        axes.set_ylim(*value_range)
    else:
        axes.set_ylim(bottom=0, top=None if not empty else 1)
    if empty:
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            plain(empty_label),
            transform=axes.transAxes,
            ha="center",
            fontsize=TEXT_POINTS + 1,
        )
    return _svg(figure)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    return inline_svg(buffer.getvalue())
