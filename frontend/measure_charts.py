"""A measure's run chart (and control chart) for a page, drawn from a reading of the
working copy or from a published snapshot, with the signals in words."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.runchart_svg import Labels, Mark, control_chart_svg, run_chart_svg
from casestudies.runcharts import ControlChart

CONTROL_NAMES = {"I": "I-chart", "P": "P-chart", "C": "C-chart"}
# An action's effect on its measure: the css class and the words.
EFFECT_WORDS = {
    "improved": ("success", gettext_lazy("Shifted in the desired direction")),
    "worsened": ("warning", gettext_lazy("Shifted against the desired direction")),
    "no_signal": ("muted", gettext_lazy("No shift (yet)")),
    "too_few": ("muted", gettext_lazy("Too few points to tell")),
}


def signals_in_words(chart: dict[str, Any]) -> list[str]:
    """Each signal as a sentence; or that the variation looks random."""
    words = []
    if "shift" in chart["signals"]:
        words.append(
            _("Shift: %(run)d points in a row on one side of the median (more than %(max)d).")
            % {"run": chart["longest_run"], "max": chart["longest_run_max"]}
        )
    if "few_crossings" in chart["signals"]:
        words.append(
            _("Too few crossings: %(c)d crossings of the median (at least %(min)d expected).")
            % {"c": chart["crossings"], "min": chart["crossings_min"]}
        )
    return words or [_("No signal: the variation looks random.")]


def measure_svg(
    chart: dict[str, Any],
    *,
    name: str,
    unit: str,
    frozen: bool,
    run_dates: list[str],
    marks: list[dict[str, str]],
) -> str:
    """The run chart of a RunChartData-shaped dict; hidden (None) values are not drawn."""
    shown = [p for p in chart["points"] if p["value"] is not None]
    dates = [datetime.date.fromisoformat(p["date"]) for p in shown]
    centre = _("Baseline median") if frozen else _("Median")
    signals = _("Signal") if chart["signals"] else _("No signal")
    return run_chart_svg(
        dates,
        [p["value"] for p in shown],
        centre=chart["median"],
        highlighted=[i for i, p in enumerate(shown) if p["date"] in set(run_dates)],
        marks=[Mark(datetime.date.fromisoformat(m["date"]), m["label"]) for m in marks],
        labels=Labels(
            title=name,
            value=unit or name,
            centre=centre,
            signals=f"{signals}: " + " ".join(signals_in_words(chart))
            if chart["signals"]
            else signals_in_words(chart)[0],
            decimal=get_format("DECIMAL_SEPARATOR"),
        ),
    )


def control_svg(
    control: ControlChart, dates: list[datetime.date], values: list[float], name: str, unit: str
) -> str:
    outside = len(control.outside)
    return control_chart_svg(
        dates,
        values,
        control,
        labels=Labels(
            title=f"{name} — {CONTROL_NAMES[control.name]}",
            value=unit or name,
            centre=_("Mean"),
            signals=_("%(n)d points beyond the control limits") % {"n": outside}
            if outside
            else _("All points within the control limits"),
        ),
    )


def shown_value(value: float | None, small: bool) -> str:
    if small or value is None:
        return "<10"
    rounded = round(value, 3)
    return number_format(int(rounded) if rounded == int(rounded) else rounded)


def published_measures(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The measures of a published snapshot, each with its chart drawn and its signals and
    action effects in the reader's language."""
    return [
        {
            **measure,
            "svg": measure_svg(
                measure["chart"],
                name=measure["name"],
                unit=measure["unit"],
                frozen=measure["frozen"],
                run_dates=measure["run_dates"],
                marks=measure["marks"],
            ),
            "signal_words": signals_in_words(measure["chart"]),
            "effects": [
                (a["label"], a["description"], *EFFECT_WORDS[a["effect"]])
                for a in measure["actions"]
            ],
        }
        for measure in snapshot.get("measures", [])
    ]
