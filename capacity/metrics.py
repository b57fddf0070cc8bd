"""Network and school figures computed from DataFrames: a pure module (pandas, no Django).

Figures shown across schools follow the small-cell rules of the anonymisation package:
counts below MIN_COUNT are shown as "<5" (with secondary hiding where totals are shown),
and no percentage or median is given over fewer than MIN_GROUP cycles.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

from casestudies.anonymisation.aggregates import safe_percentage, suppress_small_cells

MIN_COUNT = 5
MIN_GROUP = 10
SMALL = f"<{MIN_COUNT}"
TEMPLATES = ("five_steps", "datateam_8")
MAX_STEPS = 8
CASE_COLUMNS = ["case_id", "school_id", "template", "current_step", "started", "evaluated_on"]


@dataclass(frozen=True)
class GoalFigures:
    evaluated: int
    reached: int
    share_reached: float | None
    median_days: float | None


def hide_small(counts: pd.Series) -> pd.Series:
    """Primary hiding for a list of counts shown without a total: nothing to work back from."""
    return counts.astype(int).astype(object).where(counts >= MIN_COUNT, SMALL)


def hide_small_count(count: int) -> int | str:
    return count if count >= MIN_COUNT else SMALL


def published_crosstab(counts: pd.DataFrame, *, total_label: str) -> pd.DataFrame:
    """A count table with totals, small cells hidden so no hidden cell can be worked out."""
    if counts.shape[0] >= 2 and counts.shape[1] >= 2:
        table = suppress_small_cells(counts, threshold=MIN_COUNT).table
        table = table.rename(index={"Totaal": total_label}, columns={"Totaal": total_label})
        return _hide_small_totals(table, total_label)
    # One row or column: its total would give a lone hidden cell away, so hide the lot.
    values = counts.astype(int)
    shown = values.astype(object)
    if (values < MIN_COUNT).to_numpy().any():
        shown = shown.map(lambda _value: "x")
        shown[values < MIN_COUNT] = SMALL
    shown[total_label] = values.sum(axis=1).astype(object)
    return shown


def _hide_small_totals(table: pd.DataFrame, total_label: str) -> pd.DataFrame:
    """A total is a count too: one below the threshold is shown as "<5" like any cell."""
    table = table.copy()
    row_totals = table[total_label].astype(int)
    column_totals = table.loc[total_label].astype(int)
    for row in [label for label, total in row_totals.items() if total < MIN_COUNT]:
        table.loc[row, total_label] = SMALL
    for column in [label for label, total in column_totals.items() if total < MIN_COUNT]:
        table.loc[total_label, column] = SMALL
    return table


def months_between(start: datetime.date, end: datetime.date) -> pd.PeriodIndex:
    return pd.period_range(start=start, end=end, freq="M")


def cases_in_period(cases: pd.DataFrame, start: datetime.date, end: datetime.date) -> pd.DataFrame:
    """Cycles worked on in the period: started by its end, not evaluated before its start."""
    started = cases["started"] <= pd.Timestamp(end)
    open_then = cases["evaluated_on"].isna() | (cases["evaluated_on"] >= pd.Timestamp(start))
    return cases[started & open_then]


def cycles_per_step(cases: pd.DataFrame) -> pd.DataFrame:
    """Rows: step 1..8; columns: the two cycle templates; cells: cycles now at that step."""
    counts = pd.crosstab(cases["current_step"], cases["template"])
    return counts.reindex(
        index=range(1, MAX_STEPS + 1), columns=list(TEMPLATES), fill_value=0
    ).fillna(0)


def goal_figures(cases: pd.DataFrame, start: datetime.date, end: datetime.date) -> GoalFigures:
    """Cycles evaluated in the period: how many reached their goal, and how long they took."""
    evaluated_on = cases["evaluated_on"]
    done = cases[(evaluated_on >= pd.Timestamp(start)) & (evaluated_on <= pd.Timestamp(end))]
    reached = int(done["goal_reached"].fillna(False).astype(bool).sum())
    days = (done["evaluated_on"] - done["started"]).dt.days
    return GoalFigures(
        evaluated=len(done),
        reached=reached,
        share_reached=safe_percentage(reached, len(done), minimum=MIN_GROUP),
        median_days=float(days.median()) if len(days) >= MIN_GROUP else None,
    )


def per_month(
    rows: pd.DataFrame, months: pd.PeriodIndex, columns: list[str], *, column: str = "category"
) -> pd.DataFrame:
    """Counts (`month`, `column`, `n`) as a table of months by columns, missing cells 0."""
    if rows.empty:
        table = pd.DataFrame(0, index=months, columns=columns)
    else:
        month = pd.to_datetime(rows["month"]).dt.to_period("M")
        table = (
            rows.assign(month=month)
            .pivot_table(index="month", columns=column, values="n", aggfunc="sum", fill_value=0)
            .reindex(index=months, columns=columns, fill_value=0)
        )
    table.index = pd.Index(months.strftime("%Y-%m"))
    return table.fillna(0).astype(int)


def adoption_edges(edges: pd.DataFrame, labels: dict[int, str]) -> pd.DataFrame:
    """Who adopted whose solutions: one row per pair of schools, counts hidden below 5."""
    if edges.empty:
        return pd.DataFrame(columns=["from", "to", "n"])
    named = pd.DataFrame(
        {
            "from": edges["school_id"].map(labels),
            "to": edges["counterpart_school_id"].map(labels),
            "n": edges["n"],
        }
    ).dropna(subset=["from", "to"])
    named = named.groupby(["from", "to"]).agg(n=("n", "sum")).reset_index()
    named = named.sort_values(["n", "from", "to"], ascending=[False, True, True])
    named["n"] = hide_small(named["n"])
    return named.reset_index(drop=True)


def attendance(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per session: its date and title, people and schools present (small counts hidden)."""
    if sessions.empty:
        return pd.DataFrame(columns=["date", "session", "people", "schools"])
    table = sessions.sort_values("starts_at")
    return pd.DataFrame(
        {
            "date": pd.to_datetime(table["starts_at"]).dt.strftime("%Y-%m-%d"),
            "session": table["title"],
            "people": hide_small(table["people"]),
            "schools": hide_small(table["schools"]),
        }
    ).reset_index(drop=True)
