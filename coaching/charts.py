"""Small multiples of levels over time: one panel per item (competency or building block),
one line per rater group. Pure (matplotlib without pyplot, pandas, no Django); the SVG
follows casestudies.charts: no inline style, nothing referenced outside itself."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from casestudies.charts import NO_METADATA, RC, inline_svg, plain

STYLES: list[dict[str, Any]] = [
    {"color": "#2b6cb0", "linestyle": "-", "marker": "o"},
    {"color": "#c05621", "linestyle": "--", "marker": "s"},
]
COLUMNS = 3
PANEL_WIDTH, PANEL_HEIGHT = 2.5, 2.2
LEGEND_HEIGHT = 0.9  # inches above the panels: the legend and a two-line panel title


def trend_chart_svg(
    table: pd.DataFrame,
    *,
    items: Mapping[str, str],
    groups: Mapping[str, str],
    level_label: str,
) -> str:
    """`table` as made by coaching.trends.trend_table; `items` and `groups` map codes to
    labels in display order. The x axis holds the table's periods, oldest first."""
    periods = sorted(set(table["period"]))
    with matplotlib.rc_context(RC):
        figure = _draw(table, items, groups, periods, level_label)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    return inline_svg(buffer.getvalue())


def _draw(
    table: pd.DataFrame,
    items: Mapping[str, str],
    groups: Mapping[str, str],
    periods: Sequence[str],
    level_label: str,
) -> Figure:
    rows = math.ceil(len(items) / COLUMNS)
    figure = Figure(figsize=(COLUMNS * PANEL_WIDTH, rows * PANEL_HEIGHT + LEGEND_HEIGHT))
    figure.subplots_adjust(
        left=0.06,
        right=0.99,
        top=1 - LEGEND_HEIGHT / figure.get_figheight(),
        bottom=0.5 / figure.get_figheight(),
        hspace=1.0,
        wspace=0.25,
    )
    axes_grid = figure.subplots(rows, COLUMNS, squeeze=False).flatten()
    positions = {period: index for index, period in enumerate(periods)}
    for axes, (item, title) in zip(axes_grid, items.items(), strict=False):
        _panel(axes, table[table["item"] == item], groups, positions, plain(title))
        axes.set_xticks(
            range(len(periods)), [short_period(p) for p in periods], fontsize=7.5, rotation=40
        )
    for axes in axes_grid[: len(items) : COLUMNS]:
        axes.set_ylabel(plain(level_label), fontsize=8)
    for axes in axes_grid[len(items) :]:
        axes.set_visible(False)
    handles, labels = axes_grid[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncols=len(groups), frameon=False)
    return figure


def _panel(
    axes: Axes,
    rows: pd.DataFrame,
    groups: Mapping[str, str],
    positions: Mapping[str, int],
    title: str,
) -> None:
    for style, (group, label) in zip(STYLES, groups.items(), strict=False):
        rated = rows[rows[f"{group}_n"] > 0]
        rated = rated[rated["period"].isin(list(positions))]
        axes.plot(
            [positions[p] for p in rated["period"]],
            rated[f"{group}_mean"].tolist(),
            label=plain(label),
            linewidth=1.5,
            markersize=4,
            **style,
        )
    axes.set_title("\n".join(textwrap.wrap(title, 26)), fontsize=9)
    axes.set_ylim(0.5, 4.5)
    axes.set_yticks([1, 2, 3, 4])
    axes.set_xlim(-0.4, max(len(positions) - 0.6, 0.4))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=7)


def short_period(code: str) -> str:
    """ "2025-2026-1" → "25/26-1": room for eight periods under a small panel."""
    start, end, half = code.split("-")
    return f"{start[-2:]}/{end[-2:]}-{half}"
