"""The analyses a data coach expects beyond a table per group: two or more groups compared,
before and after, a crosstab and a correlation, each with its n and an effect size.

A pure module: DataFrames of text cells in, JSON-able dicts out; no Django. Errors are
`AnalysisError`s with a code and named values, so the platform can word them in the
reader's language. Effect sizes: Cohen's d (pooled standard deviation) for means, the
difference in percentage points for proportions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .analysis import AnalysisError, _natural, _numbers, _require_column, _text
from .anonymisation import InputError, suppress_small_cells

SMALL_GROUP = 10
MAX_POINTS = 2000  # a scatter chart draws at most this many pupils (r uses them all)
KINDS = ("compare", "before_after", "crosstab", "correlation")


def fail(code: str, message: str, **params: object) -> AnalysisError:
    return AnalysisError(message.format(**params), code, **params)


# --- Known formulas ----------------------------------------------------------------------


def mean_sd(values: Sequence[float]) -> tuple[float, float | None]:
    """The mean and the sample standard deviation (None below two values)."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, None
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


def cohens_d(first: Sequence[float], second: Sequence[float]) -> float | None:
    """(mean of second - mean of first) / pooled standard deviation; None if undefined."""
    n1, n2 = len(first), len(second)
    if n1 < 2 or n2 < 2:
        return None
    m1, s1 = mean_sd(first)
    m2, s2 = mean_sd(second)
    pooled = math.sqrt(((n1 - 1) * (s1 or 0) ** 2 + (n2 - 1) * (s2 or 0) ** 2) / (n1 + n2 - 2))
    return None if pooled == 0 else (m2 - m1) / pooled


def pearson_r(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of paired values; None when either side does not vary."""
    n = len(xs)
    if n != len(ys) or n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


# --- Comparisons -------------------------------------------------------------------------


def compare_groups(
    frame: pd.DataFrame, *, group: str, measure: str, condition: str | None = None
) -> dict[str, Any]:
    """The measure's mean (or the percentage meeting `condition`) per group, each group
    against the first one: Cohen's d, or the difference in percentage points."""
    _require_column(frame, group)
    values = _values(frame, measure, condition)
    keys = _text(frame[group])
    parts: dict[str, list[float]] = {}
    for key, value in zip(keys, values, strict=True):
        if not math.isnan(value):
            parts.setdefault(key, []).append(value)
    if not parts:
        raise fail("no_data", "Column '{column}' has no values to compare.", column=measure)
    if len(parts) < 2:
        raise fail(
            "one_group",
            "Column '{column}' has only one group ('{group}'): comparing needs two or more.",
            column=group,
            group=next(iter(parts)),
        )
    labels = sorted(parts, key=lambda label: _natural((label,)))
    return _comparison("compare", [(label, parts[label]) for label in labels], measure, condition)


def compare_before_after(
    frame: pd.DataFrame, *, before: str, after: str, condition: str | None = None
) -> dict[str, Any]:
    """The same pupils measured twice: only pupils with both values count."""
    if before == after:
        raise fail("same_column", "Choose two different columns for before and after.")
    first, second = _values(frame, before, condition), _values(frame, after, condition)
    both = first.notna() & second.notna()
    if not both.any():
        raise fail(
            "no_pairs",
            "No pupil has a value in both '{first}' and '{second}'.",
            first=before,
            second=after,
        )
    result = _comparison(
        "before_after",
        [(before, first[both].tolist()), (after, second[both].tolist())],
        after,
        condition,
    )
    result["before"], result["after"] = before, after
    return result


def _values(frame: pd.DataFrame, measure: str, condition: str | None) -> pd.Series[float]:
    """The measure as numbers, or 1/0 for meeting the condition (missing stays NaN)."""
    if not measure:
        raise fail("no_measure", "Choose a column to compare.")
    _require_column(frame, measure)
    text = _text(frame[measure])
    if condition and condition.strip():
        meets = (text.str.casefold() == condition.strip().casefold()).astype(float)
        return meets.where(text != "")
    return _numbers(text, measure)


def _comparison(
    kind: str, parts: list[tuple[str, list[float]]], measure: str, condition: str | None
) -> dict[str, Any]:
    proportion = bool(condition and condition.strip())
    groups: list[dict[str, Any]] = []
    for label, values in parts:
        mean, sd = mean_sd(values)
        groups.append(
            {
                "label": label,
                "n": len(values),
                "value": mean * 100 if proportion else mean,
                "sd": None if proportion else sd,
                "small": len(values) < SMALL_GROUP,
            }
        )
    reference_label, reference = parts[0]
    effects: list[dict[str, Any]] = []
    for (label, values), summary in zip(parts[1:], groups[1:], strict=True):
        if proportion:
            effect = summary["value"] - groups[0]["value"]
        else:
            effect = cohens_d(reference, values)
        effects.append({"label": label, "against": reference_label, "value": effect})
    return {
        "kind": kind,
        "statistic": "percentage" if proportion else "mean",
        "effect": "pp" if proportion else "d",
        "measure": measure,
        "condition": condition.strip() if proportion and condition else None,
        "groups": groups,
        "effects": effects,
    }


# --- Crosstab ----------------------------------------------------------------------------


def crosstab(
    frame: pd.DataFrame, *, rows: str, columns: str, threshold: int = SMALL_GROUP
) -> dict[str, Any]:
    """Counts and row percentages of two columns, with cells under `threshold` pupils
    hidden by the platform's small-cell rule (and enough others to protect them)."""
    if rows == columns:
        raise fail("same_column", "Choose two different columns for the crosstab.")
    for column in (rows, columns):
        _require_column(frame, column)
    if frame.empty:
        raise fail("no_data", "Column '{column}' has no values to compare.", column=rows)
    counts = pd.crosstab(_text(frame[rows]), _text(frame[columns]))
    counts = counts.reindex(
        index=sorted(counts.index, key=lambda v: _natural((str(v),))),
        columns=sorted(counts.columns, key=lambda v: _natural((str(v),))),
    )
    try:
        published = suppress_small_cells(counts, threshold=threshold)
    except InputError as error:
        raise fail(
            "one_group",
            "Column '{column}' has only one group ('{group}'): comparing needs two or more.",
            column=rows if counts.shape[0] < 2 else columns,
            group=str((counts.index if counts.shape[0] < 2 else counts.columns)[0]),
        ) from error
    hidden = published.hidden.to_numpy()
    table_rows = []
    for i, label in enumerate(counts.index):
        line = counts.iloc[i].to_numpy()
        total = int(line.sum())
        table_rows.append(
            {
                "label": str(label),
                "cells": [
                    {
                        "count": str(published.table.iloc[i, j]),
                        "percentage": None if hidden[i, j] else 100 * int(line[j]) / total,
                    }
                    for j in range(len(line))
                ],
                "total": total,
            }
        )
    column_totals = counts.sum(axis=0)
    return {
        "kind": "crosstab",
        "rows_label": rows,
        "columns_label": columns,
        "columns": [str(column) for column in counts.columns],
        "rows": table_rows,
        "column_totals": [int(value) for value in column_totals],
        "total": int(column_totals.sum()),
        "threshold": threshold,
        "hidden": int(hidden.sum()),
    }


# --- Correlation -------------------------------------------------------------------------


def correlation(frame: pd.DataFrame, *, x: str, y: str) -> dict[str, Any]:
    """Pearson's r over the pupils with a number in both columns, and points to plot."""
    if x == y:
        raise fail("same_column", "Choose two different columns for a correlation.")
    xs, ys = _values(frame, x, None), _values(frame, y, None)
    both = xs.notna() & ys.notna()
    n = int(both.sum())
    if n < 3:
        raise fail(
            "no_pairs", "No pupil has a value in both '{first}' and '{second}'.", first=x, second=y
        )
    r = pearson_r(xs[both].tolist(), ys[both].tolist())
    if r is None:
        raise fail(
            "constant",
            "Every pupil has the same value in '{first}' or '{second}'.",
            first=x,
            second=y,
        )
    pairs = pd.DataFrame({"x": xs[both], "y": ys[both]})
    if n > MAX_POINTS:
        pairs = pairs.sample(n=MAX_POINTS, random_state=0)
    return {
        "kind": "correlation",
        "x": x,
        "y": y,
        "n": n,
        "r": r,
        "small": n < SMALL_GROUP,
        "points": pairs.to_numpy().tolist(),
    }


# --- What partners may see ---------------------------------------------------------------


def for_partners(result: dict[str, Any], *, min_n: int = SMALL_GROUP) -> dict[str, Any]:
    """No mean, percentage, effect size or r over fewer than `min_n` pupils; no points.
    A crosstab is already published with its small cells hidden."""
    kind = result["kind"]
    if kind == "crosstab":
        return result
    if kind == "correlation":
        shown = result["n"] >= min_n
        return {**result, "r": result["r"] if shown else None, "points": []}
    small = {group["label"] for group in result["groups"] if group["n"] < min_n}
    return {
        **result,
        "groups": [
            {**group, "value": None, "sd": None} if group["label"] in small else group
            for group in result["groups"]
        ],
        "effects": [
            {**effect, "value": None}
            if effect["label"] in small or effect["against"] in small
            else effect
            for effect in result["effects"]
        ],
    }
