"""Analyses a datateam runs on its anonymised dataset, and the version partners may see.

A pure module: DataFrames in, tables and JSON-able dicts out; no Django, no settings.
The dataset's cells are all text, as the anonymisation left them: numbers may carry a
decimal comma ("6,5") and an empty string is a missing value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypedDict, cast, get_args

import pandas as pd

from casestudies.suppression import SMALL_N, Suppression, suppress

Statistic = Literal["count", "mean", "percentage"]

TOO_FEW_PUPILS = "too few pupils"
PROTECTS_SMALL_GROUP = "protects a small group"
HIDDEN = "x"

# A single dot is a decimal point ("6.5"); a comma is always the decimal sign and dots
# before it group thousands ("1.234,5"), as Dutch exports write them.
_DOT_DECIMAL = r"[+-]?\d+(\.\d+)?"
_COMMA_DECIMAL = r"[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?"


class AnalysisError(ValueError):
    """The analysis cannot be run as asked; the message names the column at fault.
    `code` and `params` let the platform word it in the reader's language."""

    def __init__(self, message: str, code: str = "", **params: object) -> None:
        super().__init__(message)
        self.code, self.params = code, params


@dataclass(frozen=True)
class AnalysisRow:
    groups: tuple[str, ...]
    n: int
    value: float | None
    small: bool


class RowDict(TypedDict):
    groups: list[str]
    n: int
    value: float | None
    small: bool


class TableDict(TypedDict):
    group_by: list[str]
    statistic: Statistic
    measure: str | None
    condition: str | None
    small_group: int
    rows: list[RowDict]
    total: RowDict


class PartnerRow(TypedDict):
    groups: list[str]
    n: int | str
    value: float | None
    small: bool
    reason: str | None


class PartnerTable(TypedDict):
    group_by: list[str]
    statistic: Statistic
    measure: str | None
    condition: str | None
    rows: list[PartnerRow]
    total: PartnerRow


@dataclass(frozen=True)
class AnalysisTable:
    group_by: tuple[str, ...]
    statistic: Statistic
    measure: str | None
    condition: str | None
    rows: list[AnalysisRow]
    total: AnalysisRow
    small_group: int = 10

    def to_dict(self) -> TableDict:
        return TableDict(
            group_by=list(self.group_by),
            statistic=self.statistic,
            measure=self.measure,
            condition=self.condition,
            small_group=self.small_group,
            rows=[_row_dict(row) for row in self.rows],
            total=_row_dict(self.total),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AnalysisTable:
        try:
            return cls(
                group_by=tuple(str(column) for column in data["group_by"]),
                statistic=_statistic(data["statistic"]),
                measure=_optional_text(data["measure"]),
                condition=_optional_text(data["condition"]),
                rows=[_row_from_dict(row) for row in data["rows"]],
                total=_row_from_dict(data["total"]),
                small_group=int(data.get("small_group", 10)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise AnalysisError(f"The stored analysis cannot be read ({error}).") from error


def _row_dict(row: AnalysisRow) -> RowDict:
    return RowDict(groups=list(row.groups), n=row.n, value=row.value, small=row.small)


def _row_from_dict(data: Mapping[str, Any]) -> AnalysisRow:
    value = data["value"]
    return AnalysisRow(
        groups=tuple(str(group) for group in data["groups"]),
        n=int(data["n"]),
        value=None if value is None else float(value),
        small=bool(data["small"]),
    )


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _statistic(value: object) -> Statistic:
    if value in get_args(Statistic):
        return cast(Statistic, value)
    raise AnalysisError(f"Unknown statistic '{value}': choose count, mean or percentage.")


# --- Running an analysis --------------------------------------------------------------


def analyse(
    frame: pd.DataFrame,
    *,
    group_by: Sequence[str],
    statistic: Literal["count", "mean", "percentage"],
    measure: str | None = None,
    condition: str | None = None,
    small_group: int = 10,
) -> AnalysisTable:
    """Pupils, a mean or a percentage per group, each with its n, and a total row."""
    statistic = _statistic(statistic)
    keys = _group_keys(frame, group_by)
    values = _per_pupil(frame, statistic, measure, condition)
    grouped = values.groupby([keys[column] for column in keys.columns], sort=False)
    rows = [_summarise(_as_tuple(groups), part, statistic, small_group) for groups, part in grouped]
    return AnalysisTable(
        group_by=tuple(group_by),
        statistic=statistic,
        measure=measure if statistic != "count" else None,
        condition=condition if statistic == "percentage" else None,
        rows=sorted(rows, key=lambda row: _natural(row.groups)),
        total=_summarise((), values, statistic, small_group),
        small_group=small_group,
    )


def _group_keys(frame: pd.DataFrame, group_by: Sequence[str]) -> pd.DataFrame:
    if isinstance(group_by, str) or not group_by:
        raise AnalysisError("Choose one or more columns to group by.", "group_by")
    if len(set(group_by)) != len(group_by):
        raise AnalysisError("Each column to group by can be chosen only once.")
    for column in group_by:
        _require_column(frame, column)
    return pd.DataFrame({column: _text(frame[column]) for column in group_by})


def _require_column(frame: pd.DataFrame, column: str) -> None:
    if column not in frame.columns:
        known = ", ".join(str(name) for name in frame.columns)
        raise AnalysisError(f"Column '{column}' is not in this dataset (columns: {known}).")


def _per_pupil(
    frame: pd.DataFrame, statistic: Statistic, measure: str | None, condition: str | None
) -> pd.Series[float]:
    """One number per pupil: 1 to count, the measure for a mean, 1/0 for a percentage."""
    if statistic == "count":
        return pd.Series(1.0, index=frame.index)
    if not measure:
        raise AnalysisError(f"A {statistic} needs a column to measure.")
    _require_column(frame, measure)
    text = _text(frame[measure])
    if statistic == "mean":
        return _numbers(text, measure)
    if condition is None or not condition.strip():
        raise AnalysisError(
            f"A percentage needs a condition: which value of column '{measure}' to count."
        )
    return (text.str.casefold() == condition.strip().casefold()).astype(float)


def _text(column: pd.Series[Any]) -> pd.Series[str]:
    return column.fillna("").astype(str).str.strip()


def _numbers(text: pd.Series[str], column: str) -> pd.Series[float]:
    missing = text == ""
    dotted = text.str.fullmatch(_DOT_DECIMAL)
    valid = missing | dotted | text.str.fullmatch(_COMMA_DECIMAL)
    if not valid.all():
        example = text[~valid].iloc[0]
        raise AnalysisError(
            f"Column '{column}' is not numeric: '{example}' is not a number.",
            "not_numeric",
            column=column,
            example=example,
        )
    dutch = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    plain = text.where(dotted, dutch).where(~missing, None)
    return pd.to_numeric(plain).astype(float)


def _summarise(
    groups: tuple[str, ...], values: pd.Series[float], statistic: Statistic, small_group: int
) -> AnalysisRow:
    if statistic == "mean":
        values = values.dropna()
    n = len(values)
    value: float | None
    if statistic == "count":
        value = float(n)
    elif n == 0:
        value = None
    else:
        value = float(values.mean()) * (100 if statistic == "percentage" else 1)
    return AnalysisRow(groups=groups, n=n, value=value, small=n < small_group)


def _as_tuple(groups: object) -> tuple[str, ...]:
    return tuple(str(group) for group in groups) if isinstance(groups, tuple) else (str(groups),)


def _natural(groups: tuple[str, ...]) -> tuple[tuple[tuple[int, int, str], ...], ...]:
    """Sort "klas 2" before "klas 10"."""
    return tuple(
        tuple(
            (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in re.split(r"(\d+)", group)
            if part
        )
        for group in groups
    )


# --- What partner schools may see ------------------------------------------------------


def for_partners(
    table: AnalysisTable, *, min_count: int = SMALL_N, min_n_for_statistics: int = SMALL_N
) -> PartnerTable:
    """The table with small counts hidden and no statistic over too few pupils.

    Counts below `min_count` show as "<10"; further counts show as "x" until the total
    no longer pins any hidden count to a single value (an attacker also knows that "<10"
    means 1 to 9 and "x" at least 10). Means and percentages over fewer than
    `min_n_for_statistics` pupils are withheld, and one more when the total would give
    a lone withheld group back. Should even hiding everything not help, the groups are
    left out and only the total remains.
    """
    floor = 0 if table.statistic == "mean" else 1  # a mean's n counts filled-in cells
    counts = [row.n for row in table.rows]
    hiding = suppress(counts, table.total.n, threshold=min_count, floor=floor)
    rows = table.rows
    if hiding is None:
        rows, hiding = [], Suppression([], table.total.n < min_count)
    cells_hidden, total_hidden = hiding.hidden, hiding.total_hidden
    withheld, total_withheld = _withhold(table, rows, min_n_for_statistics)

    def publish(row: AnalysisRow, hidden: bool, held: bool) -> PartnerRow:
        return _partner_row(table.statistic, row, hidden, held, min_count, min_n_for_statistics)

    return PartnerTable(
        group_by=list(table.group_by),
        statistic=table.statistic,
        measure=table.measure,
        condition=table.condition,
        rows=[publish(*cell) for cell in zip(rows, cells_hidden, withheld, strict=True)],
        total=publish(table.total, total_hidden, total_withheld),
    )


def _withhold(table: AnalysisTable, rows: list[AnalysisRow], min_n: int) -> tuple[list[bool], bool]:
    if table.statistic == "count":
        return [False] * len(rows), False
    withheld = [row.n < min_n or row.value is None for row in rows]
    total_withheld = table.total.n < min_n or table.total.value is None
    while not total_withheld and _recoverable(table.statistic, rows, withheld):
        shown = [index for index, held in enumerate(withheld) if not held]
        if shown:
            withheld[min(shown, key=lambda index: rows[index].n)] = True
        else:
            total_withheld = True
    return withheld, total_withheld


def _recoverable(statistic: Statistic, rows: list[AnalysisRow], withheld: list[bool]) -> bool:
    """Whether the total and the shown groups give back a withheld group's statistic.

    Total minus the shown groups gives the withheld groups' sum; that is one group's
    own value when only one of them has pupils, and every group's value when the
    withheld pupils all do, or all do not, meet a percentage's condition.
    """
    held = [row for row, is_held in zip(rows, withheld, strict=True) if is_held and row.n]
    if len(held) == 1:
        return True
    if statistic != "percentage" or not held:
        return False
    meeting = sum(round((row.value or 0) * row.n / 100) for row in held)
    return meeting in (0, sum(row.n for row in held))


def _partner_row(
    statistic: Statistic,
    row: AnalysisRow,
    hidden: bool,
    withheld: bool,
    min_count: int,
    min_n: int,
) -> PartnerRow:
    n: int | str = row.n
    if hidden:
        n = f"<{min_count}" if row.n < min_count else HIDDEN
    if statistic == "count":
        value = None if hidden else float(row.n)
        primary = row.n < min_count
    else:
        value = None if withheld or row.value is None else _rounded(statistic, row.value)
        primary = row.n < min_n
        hidden = withheld
    reason = None if not hidden else TOO_FEW_PUPILS if primary else PROTECTS_SMALL_GROUP
    return PartnerRow(groups=list(row.groups), n=n, value=value, small=row.small, reason=reason)


def _rounded(statistic: Statistic, value: float) -> float:
    return round(value, 1 if statistic == "percentage" else 2)
