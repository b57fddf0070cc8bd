"""Small-cell rules for count tables shown to partner schools.

"2 repeaters in class 3B" is personal data, so counts below a threshold are shown as
"<5", and further cells are hidden until no hidden cell can be worked out from the
published row and column totals. A hidden cell is exactly recoverable from the totals
when it is a bridge of the bipartite graph (rows, columns; hidden cells as edges), so
hiding goes on until every row and column has zero or at least two hidden cells and no
bridge is left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import InputError

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SuppressedTable:
    """The table as published: cells as text, with totals; and which cells are hidden."""

    table: pd.DataFrame
    hidden: pd.DataFrame
    primary: int
    secondary: int


def suppress_small_cells(counts: pd.DataFrame, *, threshold: int = 5) -> SuppressedTable:
    """Hide counts below `threshold` (shown as "<threshold") and enough others to protect them."""
    values = _counts(counts)
    hidden = values < threshold
    primary = int(hidden.sum())
    if primary:
        hidden = _protect(values, hidden)
    return SuppressedTable(
        table=_published(counts, values, hidden, threshold),
        hidden=pd.DataFrame(hidden, index=counts.index, columns=counts.columns),
        primary=primary,
        secondary=int(hidden.sum()) - primary,
    )


def _counts(counts: pd.DataFrame) -> npt.NDArray[np.int64]:
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        # With one row or column, the totals are the cells themselves: nothing can be hidden.
        raise InputError("A count table needs at least two rows and two columns.")
    numeric = counts.apply(pd.to_numeric, errors="coerce")
    if numeric.isna().any().any():
        column = str(numeric.columns[numeric.isna().any()][0])
        raise InputError(f"Column '{column}' of the count table holds something other than counts.")
    values = numeric.to_numpy()
    if (values < 0).any() or (values != np.round(values)).any():
        raise InputError("Counts must be whole numbers of zero or more.")
    return np.asarray(values, dtype=np.int64)


def _protect(values: npt.NDArray[np.int64], hidden: Mask) -> Mask:
    hidden = hidden.copy()
    while True:
        line = _lonely_line(hidden) or _bridge_line(hidden)
        if line is None:
            return hidden
        if not _hide_next_smallest(values, hidden, *line):
            return hidden


def _lonely_line(hidden: Mask) -> tuple[str, int] | None:
    """A row or column with exactly one hidden cell (its total would give it away)."""
    for axis, name in ((1, "row"), (0, "column")):
        lonely = np.flatnonzero(hidden.sum(axis=axis) == 1)
        if len(lonely) and hidden.shape[1 - axis] > 1:
            return name, int(lonely[0])
    return None


def _bridge_line(hidden: Mask) -> tuple[str, int] | None:
    """The row of a hidden cell whose removal disconnects its row from its column."""
    for row, column in zip(*np.nonzero(hidden), strict=True):
        without = hidden.copy()
        without[row, column] = False
        if not _connected(without, int(row), int(column)):
            return "row", int(row)
    return None


def _connected(hidden: Mask, row: int, column: int) -> bool:
    rows, columns = {row}, set[int]()
    frontier_rows, frontier_columns = [row], list[int]()
    while frontier_rows or frontier_columns:
        for r in frontier_rows:
            for reached in np.flatnonzero(hidden[r]):
                if int(reached) not in columns:
                    columns.add(int(reached))
                    frontier_columns.append(int(reached))
        frontier_rows = []
        for c in frontier_columns:
            for other in np.flatnonzero(hidden[:, c]):
                if int(other) not in rows:
                    rows.add(int(other))
                    frontier_rows.append(int(other))
        frontier_columns = []
    return column in columns


def _hide_next_smallest(values: npt.NDArray[np.int64], hidden: Mask, kind: str, index: int) -> bool:
    line_values = values[index] if kind == "row" else values[:, index]
    line_hidden = hidden[index] if kind == "row" else hidden[:, index]
    candidates = np.flatnonzero(~line_hidden)
    if len(candidates) == 0:
        return _hide_anywhere(values, hidden)
    target = int(candidates[np.argmin(line_values[candidates])])
    if kind == "row":
        hidden[index, target] = True
    else:
        hidden[target, index] = True
    return True


def _hide_anywhere(values: npt.NDArray[np.int64], hidden: Mask) -> bool:
    """A full line still leaks: hide the smallest visible cell of the whole table."""
    visible = np.flatnonzero(~hidden.ravel())
    if len(visible) == 0:
        return False
    hidden.ravel()[visible[np.argmin(values.ravel()[visible])]] = True
    return True


def _published(
    counts: pd.DataFrame, values: npt.NDArray[np.int64], hidden: Mask, threshold: int
) -> pd.DataFrame:
    text = np.where(hidden, f"<{threshold}", values.astype(str))
    hidden_text = hidden & (values >= threshold)
    text = np.where(hidden_text, "x", text)
    table = pd.DataFrame(text, index=counts.index, columns=counts.columns).astype(object)
    table["Totaal"] = values.sum(axis=1).astype(str)
    table.loc["Totaal"] = [*values.sum(axis=0).astype(str), str(values.sum())]
    return table


def safe_mean(values: list[float], *, minimum: int = 10) -> float | None:
    """A mean only over at least `minimum` pupils."""
    return sum(values) / len(values) if len(values) >= minimum else None


def safe_percentage(part: int, whole: int, *, minimum: int = 10) -> float | None:
    """A percentage only over at least `minimum` pupils."""
    return round(100 * part / whole, 1) if whole >= minimum else None
