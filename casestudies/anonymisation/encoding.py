"""Integer coding of quasi-identifiers so that the search works on arrays, not strings.

For every quasi-identifier and every level of its hierarchy we keep, per record, the
code of the generalised value and its share (leaves under that value / domain size):
evaluating a transformation is then a few integer operations and one factorisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import HierarchyError
from .hierarchies import Hierarchy

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class EncodedColumn:
    """One quasi-identifier, coded per level."""

    name: str
    hierarchy: Hierarchy
    leaf: IntArray
    codes: tuple[IntArray, ...]
    shares: tuple[FloatArray, ...]
    share_sums: tuple[float, ...]
    cardinalities: tuple[int, ...]

    @property
    def max_level(self) -> int:
        return self.hierarchy.max_level

    def label(self, level: int, leaf_index: int) -> str:
        return self.hierarchy.rows[leaf_index][level]


def encode_column(values: pd.Series, hierarchy: Hierarchy) -> EncodedColumn:
    """Code one column; every value must be a leaf of the hierarchy."""
    leaf = _leaf_indices(values, hierarchy)
    codes: list[IntArray] = []
    shares: list[FloatArray] = []
    cardinalities: list[int] = []
    for level in range(hierarchy.height):
        labels = [row[level] for row in hierarchy.rows]
        leaf_codes, uniques = pd.factorize(pd.Series(labels))
        leaf_share = np.bincount(leaf_codes)[leaf_codes] / hierarchy.domain_size
        codes.append(np.asarray(leaf_codes, dtype=np.int64)[leaf])
        shares.append(np.asarray(leaf_share, dtype=np.float64)[leaf])
        cardinalities.append(len(uniques))
    return EncodedColumn(
        name=hierarchy.column,
        hierarchy=hierarchy,
        leaf=leaf,
        codes=tuple(codes),
        shares=tuple(shares),
        share_sums=tuple(float(s.sum()) for s in shares),
        cardinalities=tuple(cardinalities),
    )


def _leaf_indices(values: pd.Series, hierarchy: Hierarchy) -> IntArray:
    leaves = pd.Index(hierarchy.leaves(), dtype=object)
    mapped = leaves.get_indexer(pd.Index(values.astype(str), dtype=object))
    missing = np.flatnonzero(mapped < 0)
    if len(missing):
        position = int(missing[0])
        raise HierarchyError(
            f"Column '{hierarchy.column}', row {position + 1}: value "
            f"'{values.iloc[position]}' is not in the column's hierarchy."
        )
    return np.asarray(mapped, dtype=np.int64)


def encode_columns(frame: pd.DataFrame, hierarchies: Sequence[Hierarchy]) -> list[EncodedColumn]:
    return [encode_column(frame[h.column], h) for h in hierarchies]


def class_ids(columns: Sequence[EncodedColumn], levels: Sequence[int]) -> IntArray:
    """Dense equivalence-class ids (0..c-1) of every record under full-domain `levels`."""
    key = np.zeros(len(columns[0].leaf), dtype=np.int64)
    span = 1
    for column, level in zip(columns, levels, strict=True):
        cardinality = column.cardinalities[level]
        if span * cardinality >= 2**62:
            key = pd.factorize(key)[0].astype(np.int64)
            span = int(key.max()) + 1
        key = key * cardinality + column.codes[level]
        span *= cardinality
    return np.asarray(pd.factorize(key)[0], dtype=np.int64)
