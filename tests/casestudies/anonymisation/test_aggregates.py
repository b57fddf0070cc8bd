from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.anonymisation import InputError, suppress_small_cells
from casestudies.anonymisation.aggregates import safe_mean, safe_percentage


def test_it_shows_small_counts_as_below_the_threshold():
    counts = pd.DataFrame({"over": [20, 3], "blijft zitten": [15, 12]}, index=["3A", "3B"])
    published = suppress_small_cells(counts).table
    assert published.loc["3B", "over"] == "<5"
    assert published.loc["Totaal", "over"] == "23"


def test_it_refuses_tables_whose_totals_are_the_cells():
    with pytest.raises(InputError, match="two rows and two columns"):
        suppress_small_cells(pd.DataFrame({"a": [1, 2]}))


def test_means_and_percentages_need_enough_pupils():
    assert safe_mean([6.0] * 9) is None
    assert safe_mean([6.0] * 10) == 6.0
    assert safe_percentage(3, 9) is None
    assert safe_percentage(3, 12) == 25.0


def _solvable(hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells that row and column totals pin down exactly (by linear algebra)."""
    cells = list(zip(*np.nonzero(hidden), strict=True))
    equations = [[1.0 if r == row else 0.0 for r, _ in cells] for row in range(hidden.shape[0])]
    equations += [[1.0 if c == col else 0.0 for _, c in cells] for col in range(hidden.shape[1])]
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix) if cells else 0
    solvable = []
    for position, cell in enumerate(cells):
        unit = np.zeros(len(cells))
        unit[position] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            solvable.append(cell)
    return solvable


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=5).flatmap(
        lambda rows: st.integers(min_value=2, max_value=5).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(min_value=0, max_value=30), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_hidden_cell_can_be_worked_out_from_the_totals(rows):
    counts = pd.DataFrame(rows)
    result = suppress_small_cells(counts)
    hidden = result.hidden.to_numpy()
    assert (hidden | (counts.to_numpy() >= 5)).all()
    assert _solvable(hidden) == []
