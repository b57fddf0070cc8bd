"""Levels over time, per item and rater group: the table behind the coach's growth chart
and the school's leadership trends. Pure pandas: records in, a DataFrame out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

# (item code, period code, rater group, level)
Record = tuple[str, str, str, int]


def trend_table(
    records: Iterable[Record], *, items: Sequence[str], groups: Sequence[str]
) -> pd.DataFrame:
    """One row per item and period that has any rating, in the items' order and then by
    period; per group the mean level (`<group>_mean`, NaN when the group gave none) and
    the number of ratings (`<group>_n`)."""
    frame = pd.DataFrame(list(records), columns=["item", "period", "group", "level"])
    columns = ["item", "period"] + [f"{g}_{s}" for g in groups for s in ("mean", "n")]
    frame = frame[frame["item"].isin(items) & frame["group"].isin(groups)]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["level"] = frame["level"].astype(float)
    summary = frame.pivot_table(
        index=["item", "period"], columns="group", values="level", aggfunc=["mean", "count"]
    )
    table = pd.DataFrame(index=summary.index)
    for group in groups:
        table[f"{group}_mean"] = _column(summary, "mean", group, float("nan"))
        table[f"{group}_n"] = _column(summary, "count", group, 0).fillna(0).astype(int)
    table = table.reset_index()
    table["order"] = table["item"].map({item: i for i, item in enumerate(items)})
    return (
        table.sort_values(["order", "period"]).drop(columns="order")[columns].reset_index(drop=True)
    )


def _column(summary: pd.DataFrame, statistic: str, group: str, empty: float) -> pd.Series:
    if (statistic, group) in summary.columns:
        return summary[(statistic, group)]
    return pd.Series(empty, index=summary.index)


def latest_levels(table: pd.DataFrame, group: str) -> dict[str, int]:
    """Per item, the group's level in the latest period it rated, rounded to a level."""
    rated = table[table[f"{group}_n"] > 0].sort_values("period")
    latest = rated.groupby("item").tail(1)
    return {
        str(row.item): int(float(getattr(row, f"{group}_mean")) + 0.5)
        for row in latest.itertuples(index=False)
    }
