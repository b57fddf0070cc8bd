"""The lattice search against brute force, on small random tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.anonymisation import default_hierarchy
from casestudies.anonymisation.encoding import EncodedColumn, Factorised, class_ids, encode_column
from casestudies.anonymisation.kanonymity import (
    Criteria,
    evaluate,
    lattice,
    optimal_transformation,
)
from casestudies.anonymisation.rollup import ClassTable, bottom_table, combinations, roll_up


def _rows():
    return st.lists(
        st.tuples(
            st.sampled_from(["M", "V", "X"]),
            st.integers(min_value=10, max_value=17).map(str),
            st.sampled_from(["1A", "1B", "2A", "2B", "3C"]),
            st.sampled_from(["3511 AB", "3512 CD", "3581 EF", "1012 GH"]),
        ),
        min_size=10,
        max_size=120,
    )


def _columns(rows: list[tuple[str, ...]]) -> list[EncodedColumn]:
    frame = pd.DataFrame(rows, columns=["geslacht", "leeftijd", "klas", "postcode"], dtype=object)
    columns = []
    for name in frame.columns:
        factorised = Factorised.of(frame[name])
        columns.append(encode_column(factorised, default_hierarchy(name, factorised.uniques)))
    return columns


@settings(max_examples=30, deadline=None)
@given(rows=_rows(), k=st.integers(min_value=2, max_value=4))
def test_counting_from_a_more_specific_table_gives_the_classes_of_the_records(rows, k):
    columns = _columns(rows)
    combos = combinations(columns)
    tables: dict[tuple[int, ...], ClassTable] = {}
    for node in map(tuple, lattice(columns).tolist()):
        expected = sorted(np.bincount(class_ids(columns, node)).tolist())
        below = [tuple(n - (i == p) for i, n in enumerate(node)) for p in range(len(node))]
        sources = [bottom_table(combos), *(tables[lower] for lower in below if lower in tables)]
        for source in sources:
            outcome = roll_up(columns, combos, source, node, k, len(rows))
            assert sorted(outcome.table.sizes.tolist()) == expected
        tables[node] = outcome.table


@settings(max_examples=40, deadline=None)
@given(
    rows=_rows(),
    k=st.integers(min_value=2, max_value=5),
    limit=st.sampled_from([0.0, 0.05, 0.2]),
)
def test_the_search_finds_the_loss_of_trying_every_transformation(rows, k, limit):
    columns = _columns(rows)
    criteria = Criteria(k=k, max_suppressed=int(limit * len(rows)))
    results = [evaluate(columns, node, criteria) for node in lattice(columns).tolist()]
    best = min(result.loss for result in results if result is not None)
    found, _ = optimal_transformation(columns, criteria)
    assert abs(found.loss - best) < 1e-9
    assert found.suppressed_count <= criteria.max_suppressed
