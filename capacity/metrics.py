"""Network and school figures computed from DataFrames: a pure module (pandas, no Django).

Small-number suppression protects pupils: counts of pupils, and figures derived from
them, are hidden below MIN_PUPILS where they are published (the analysis pages and
publications). The network dashboard holds no pupil data: it counts schools, cycles,
sessions, people present and contributions, which members already see one by one, so
it shows them as they are. Ratings are averaged only over at least
MIN_SCHOOLS_FOR_TRENDS schools or coaches, so no single school's view can be read off.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

MIN_PUPILS = 10
TEMPLATES = ("five_steps", "datateam_8")
MAX_STEPS = 8
CASE_COLUMNS = ["case_id", "school_id", "template", "current_step", "started", "evaluated_on"]


@dataclass(frozen=True)
class GoalFigures:
    evaluated: int
    reached: int
    share_reached: float | None
    median_days: float | None


def with_totals(counts: pd.DataFrame, *, total_label: str) -> pd.DataFrame:
    """A count table with a total per row and per column."""
    table = counts.astype(int).copy()
    table[total_label] = table.sum(axis=1)
    table.loc[total_label] = table.sum(axis=0)
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
        share_reached=round(100 * reached / len(done), 1) if len(done) else None,
        median_days=float(days.median()) if len(days) else None,
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
    """Who adopted whose solutions: one row per pair of schools."""
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
    return named.reset_index(drop=True)


def attendance(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per session: its date and title, people and schools present."""
    if sessions.empty:
        return pd.DataFrame(columns=["date", "session", "people", "schools"])
    table = sessions.sort_values("starts_at")
    return pd.DataFrame(
        {
            "date": table["starts_at"].map(lambda moment: moment.strftime("%Y-%m-%d")),
            "session": table["title"],
            "people": table["people"].astype(int),
            "schools": table["schools"].astype(int),
        }
    ).reset_index(drop=True)


MIN_SCHOOLS_FOR_TRENDS = 3


def quarters_between(start: datetime.date, end: datetime.date) -> pd.PeriodIndex:
    return pd.period_range(start=start, end=end, freq="Q")


def steps_over_time(
    cases: pd.DataFrame, reached: pd.DataFrame, quarters: pd.PeriodIndex
) -> pd.DataFrame:
    """Rows: quarters; columns: steps 1..8; cells: the open cycles at that step at the end
    of the quarter. `reached` holds (`case_id`, `step`, `reached_on`); a cycle is at step 1
    from its start, and a cycle without any recorded move is counted at its current step."""
    labels = pd.Index(quarters.strftime("%Y-Q%q"))
    moved = cases["case_id"].isin(reached["case_id"])
    starts = pd.DataFrame(
        {
            "case_id": cases["case_id"],
            "step": cases["current_step"].where(~moved, 1),
            "on": cases["started"],
        }
    )
    steps = pd.concat(
        [starts, reached.rename(columns={"reached_on": "on"})[["case_id", "step", "on"]]]
    )
    steps = steps.astype({"case_id": "int64", "step": "int64"})
    steps["on"] = pd.to_datetime(steps["on"]).astype("datetime64[ns]")
    ends = pd.DataFrame(
        {"quarter": labels, "end": quarters.end_time.normalize().astype("datetime64[ns]")}
    )
    grid = cases[["case_id", "started", "evaluated_on"]].astype({"case_id": "int64"})
    grid = grid.merge(ends, how="cross")
    grid = grid[
        (grid["started"] <= grid["end"])
        & (grid["evaluated_on"].isna() | (grid["evaluated_on"] > grid["end"]))
    ]
    at = pd.merge_asof(
        grid.sort_values("end"),
        steps.sort_values("on"),
        left_on="end",
        right_on="on",
        by="case_id",
        direction="backward",
    ).dropna(subset=["step"])
    table = pd.crosstab(at["quarter"], at["step"].astype(int))
    return table.reindex(index=labels, columns=range(1, MAX_STEPS + 1), fill_value=0).fillna(0)


def goals_per_quarter(cases: pd.DataFrame, quarters: pd.PeriodIndex) -> pd.DataFrame:
    """Per quarter: the cycles evaluated in it and how many of them reached their goal."""
    done = cases.dropna(subset=["evaluated_on"])
    quarter = done["evaluated_on"].dt.to_period("Q")
    reached = done["goal_reached"].fillna(False).astype(bool)
    table = pd.DataFrame(
        {
            "evaluated": quarter.value_counts().reindex(quarters, fill_value=0),
            "reached": quarter[reached].value_counts().reindex(quarters, fill_value=0),
        }
    ).fillna(0)
    table.index = pd.Index(quarters.strftime("%Y-Q%q"))
    return table.astype(int)


def mean_levels(levels: pd.DataFrame, *, minimum: int = MIN_SCHOOLS_FOR_TRENDS) -> pd.DataFrame:
    """Mean levels (`period`, `item`, `level`, `units`: the schools or coaches that rated
    the item) as a row per period and a column per item, with the number of units. Periods
    rated by fewer than `minimum` units are left out: one school's view stays its own."""
    if levels.empty:
        return pd.DataFrame(columns=["period", "units"])
    table = levels.pivot_table(index="period", columns="item", values="level", aggfunc="mean")
    table = table.astype(float).round(2)
    table["units"] = levels.groupby("period")["units"].max()
    table = table[table["units"] >= minimum].sort_index()
    return table.reset_index()
