"""A scatter chart of a correlation, drawn on the server as SVG to embed inline in a page.

A pure module (matplotlib without pyplot, no Django), sized like the other analysis
charts: 8 inches wide at most with no text under 10 pt, so it stays legible on a projector.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .charts import COLOUR, NO_METADATA, RC, SMALL_TEXT, inline_svg, number_text, plain


def scatter_chart_svg(
    points: Sequence[Sequence[float]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    summary: str,
    decimal: str = ",",
) -> str:
    """One dot per pupil (overlapping dots show darker); `summary` (r and n) in a corner."""
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(8, 4.6))
        figure.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.15)
        axes = figure.add_subplot()
        xs = [point[0] for point in points]
        ys = [point[1] for point in points]
        axes.scatter(xs, ys, s=36, color=COLOUR, alpha=0.45, edgecolors="none")
        axes.set_title(plain(title))
        axes.set_xlabel(plain(x_label))
        axes.set_ylabel(plain(y_label))
        axes.spines[["top", "right"]].set_visible(False)
        axes.text(
            0.99,
            1.0,
            plain(summary),
            transform=axes.transAxes,
            ha="right",
            va="bottom",
            fontsize=SMALL_TEXT + 2,
        )
        localised = FuncFormatter(lambda value, _position: number_text(value, decimal))
        axes.xaxis.set_major_formatter(localised)
        axes.yaxis.set_major_formatter(localised)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    return inline_svg(buffer.getvalue())
