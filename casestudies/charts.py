"""Bar charts of an analysis, drawn on the server as SVG to embed inline in a page.

A pure module (matplotlib without pyplot, no Django). The page's Content-Security-Policy
allows no inline style, so the SVG carries presentation attributes instead of `style`,
and it references nothing outside itself.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .analysis import AnalysisRow, AnalysisTable

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
COLOUR = "#2b6cb0"
SMALL_COLOUR = "#a9c4e4"
TOTAL_COLOUR = "#333333"
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, translatable, crisp
    "svg.hashsalt": "netwerk",  # ids from a fixed salt: the same table gives the same SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "hatch.color": "#4a6d96",
}
SMALL_TEXT = 10
MAX_PLOT_WIDTH = 5.35  # plus 2.65 inches of margins: 8 inches in all
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def bar_chart_svg(
    table: AnalysisTable,
    *,
    title: str,
    value_label: str,
    total_label: str = "Totaal",
    small_label: str = "n < {n}: onbetrouwbaar",
    decimal: str = ",",
) -> str:
    """One bar per group with its n; small groups hatched; the total as a reference.
    Numbers are written with `decimal` as the decimal sign, as the page beside it does."""
    with matplotlib.rc_context(RC):
        figure = _draw(table, title, value_label, total_label, small_label)
        localise_numbers(figure.axes[0], decimal)
        _localise_legend(figure.axes[0], decimal)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    return inline_svg(buffer.getvalue())


def _draw(
    table: AnalysisTable, title: str, value_label: str, total_label: str, small_label: str
) -> Figure:
    labels = [_label(row) for row in table.rows]
    rotation = _rotation(labels)
    figure, axes = _canvas(len(labels), tall_labels=rotation > 0)
    bars = axes.bar(
        range(len(labels)),
        [row.value or 0.0 for row in table.rows],
        color=[SMALL_COLOUR if row.small else COLOUR for row in table.rows],
        hatch=["//" if row.small else "" for row in table.rows],
        edgecolor="white",
    )
    axes.bar_label(
        bars, labels=[f"n={row.n}" for row in table.rows], fontsize=SMALL_TEXT, padding=2
    )
    axes.set_xticks(
        range(len(labels)), labels, rotation=rotation, ha="right" if rotation else "center"
    )
    axes.set_title(plain(title))
    axes.set_ylabel(plain(value_label))
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)
    _reference(axes, table, plain(total_label))
    if any(row.small for row in table.rows):
        axes.bar(
            0,
            0,
            color=SMALL_COLOUR,
            hatch="//",
            label=plain(small_label).format(n=table.small_group),
        )
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False, fontsize=SMALL_TEXT)
    return figure


def _canvas(bars: int, *, tall_labels: bool) -> tuple[Figure, Axes]:
    """Margins in inches, fixed: a layout engine would double the drawing time."""
    # At most 8 inches in all, so that shown 800 pixels wide no text is under 12 pixels.
    width, height = min(2.2 + max(2.5, 0.5 * bars), MAX_PLOT_WIDTH), 3.8 if tall_labels else 3.2
    left, right, top, bottom = 0.75, 1.9, 0.45, 1.25 if tall_labels else 0.5
    figure = Figure(figsize=(width + left + right, height))
    figure.subplots_adjust(
        left=left / figure.get_figwidth(),
        right=1 - right / figure.get_figwidth(),
        top=1 - top / height,
        bottom=bottom / height,
    )
    return figure, figure.add_subplot()


def _reference(axes: Axes, table: AnalysisTable, total_label: str) -> None:
    """A mean or percentage gets a line at the total; a count's total would dwarf the bars."""
    total = table.total
    label = f"{total_label} (n={total.n})"
    if table.statistic == "count" or total.value is None:
        axes.plot([], [], " ", label=label)
        return
    axes.axhline(
        total.value,
        color=TOTAL_COLOUR,
        linestyle="--",
        linewidth=1,
        label=f"{label}: {total.value:.1f}",
    )


def _label(row: AnalysisRow) -> str:
    return plain(" · ".join(group or "-" for group in row.groups))


def _rotation(labels: list[str]) -> int:
    return 0 if len(labels) <= 4 and max(map(len, labels), default=0) <= 10 else 35


def localise_numbers(axes: Axes, decimal: str) -> None:
    """The value axis written with the reader's decimal sign: "6,5", never "6.5" beside it."""
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _position: number_text(value, decimal))
    )


def number_text(value: float, decimal: str) -> str:
    return f"{value:g}".replace(".", decimal)


def _localise_legend(axes: Axes, decimal: str) -> None:
    legend = axes.get_legend()
    if legend is not None and decimal != ".":
        for text in legend.get_texts():
            label = text.get_text()
            head, colon, value = label.rpartition(": ")
            if colon:
                text.set_text(f"{head}: {value.replace('.', decimal)}")


def plain(text: str) -> str:
    """Dollar signs in user text would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")


def inline_svg(svg: str) -> str:
    """The <svg> element alone, with presentation attributes instead of inline style."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)  # noqa: S314 - matplotlib's own output, not user input
    for element in root.iter():
        _unstyle(element)
        if XLINK_HREF in element.attrib:
            element.set("href", element.attrib.pop(XLINK_HREF))
    for defs in root.iter(f"{{{SVG_NS}}}defs"):
        for style in defs.findall(f"{{{SVG_NS}}}style"):
            defs.remove(style)
    root.set("stroke-linejoin", "round")  # what matplotlib's dropped <style> said
    root.set("stroke-linecap", "butt")
    return ET.tostring(root, encoding="unicode")


def _unstyle(element: ET.Element) -> None:
    style = element.attrib.pop("style", None)
    if style is None:
        return
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip():
            element.set(name.strip(), value.strip())
