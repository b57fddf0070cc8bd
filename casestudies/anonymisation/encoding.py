"""Integer coding of quasi-identifiers so that the search works on arrays, not strings.

Each column is factorised once: every record gets the index of its leaf in the
hierarchy. Per level, small lookup arrays (one entry per leaf) give the code of the
generalised value and its share (leaves under that value / domain size), so generalising
a million records is one gather from a table of a few thousand entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import HierarchyError
from .errors import gettext_noop as _
from .hierarchies import Hierarchy

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class EncodedColumn:
    """One quasi-identifier: each record's leaf, and per level what each leaf becomes."""

    name: str
    hierarchy: Hierarchy
    leaf: IntArray
    level_codes: tuple[IntArray, ...]
    level_shares: tuple[FloatArray, ...]
    share_sums: tuple[float, ...]
    cardinalities: tuple[int, ...]

    @property
    def max_level(self) -> int:
        return self.hierarchy.max_level

    def codes(self, level: int) -> IntArray:
        """The code of every record's value generalised to `level`."""
        return self.level_codes[level][self.leaf]

    def shares(self, level: int) -> FloatArray:
        """The share of every record's value generalised to `level`."""
        return self.level_shares[level][self.leaf]

    def label(self, level: int, leaf_index: int) -> str:
        return self.hierarchy.rows[leaf_index][level]


@dataclass(frozen=True)
class Factorised:
    """A column as codes into its distinct values (`pd.factorize`), computed once."""

    codes: IntArray
    uniques: list[str]

    @classmethod
    def of(cls, values: pd.Series) -> Factorised:
        array = values.to_numpy(dtype=object)
        codes, uniques = pd.factorize(array)
        if (codes < 0).any():  # missing values are values too (rare: files give strings)
            codes, uniques = pd.factorize(array, use_na_sentinel=False)
        return cls(np.asarray(codes, dtype=np.int64), [str(value) for value in uniques])


def encode_column(values: pd.Series | Factorised, hierarchy: Hierarchy) -> EncodedColumn:
    """Code one column; every value must be a leaf of the hierarchy."""
    factorised = values if isinstance(values, Factorised) else Factorised.of(values)
    leaf = _leaf_indices(factorised, hierarchy)
    counts = np.bincount(leaf, minlength=hierarchy.domain_size)
    level_codes: list[IntArray] = []
    level_shares: list[FloatArray] = []
    cardinalities: list[int] = []
    for level in range(hierarchy.height):
        labels = [row[level] for row in hierarchy.rows]
        leaf_codes, uniques = pd.factorize(pd.Series(labels, dtype=object))
        leaf_share = np.bincount(leaf_codes)[leaf_codes] / hierarchy.domain_size
        level_codes.append(np.asarray(leaf_codes, dtype=np.int64))
        level_shares.append(np.asarray(leaf_share, dtype=np.float64))
        cardinalities.append(len(uniques))
    return EncodedColumn(
        name=hierarchy.column,
        hierarchy=hierarchy,
        leaf=leaf,
        level_codes=tuple(level_codes),
        level_shares=tuple(level_shares),
        share_sums=tuple(float(np.dot(counts, shares)) for shares in level_shares),
        cardinalities=tuple(cardinalities),
    )


def _leaf_indices(values: Factorised, hierarchy: Hierarchy) -> IntArray:
    leaves = pd.Index(hierarchy.leaves(), dtype=object)
    mapped = leaves.get_indexer(pd.Index(values.uniques, dtype=object))
    missing = np.flatnonzero(mapped < 0)
    if len(missing):
        # Codes are numbered in order of first appearance: the lowest missing code is the
        # value of the first row at fault.
        code = int(missing[0])
        row = int(np.argmax(values.codes == code))
        raise HierarchyError(
            _(
                "Column '%(column)s', row %(row)d: value '%(value)s' is not in the column's "
                "hierarchy."
            ),
            column=hierarchy.column,
            row=row + 1,
            value=values.uniques[code],
        )
    return np.asarray(mapped, dtype=np.int64)[values.codes]


def encode_columns(frame: pd.DataFrame, hierarchies: Sequence[Hierarchy]) -> list[EncodedColumn]:
    return [encode_column(frame[h.column], h) for h in hierarchies]


def class_ids(columns: Sequence[EncodedColumn], levels: Sequence[int]) -> IntArray:
    """Dense equivalence-class ids (0..c-1) of every record under full-domain `levels`."""
    pairs = list(zip(columns, levels, strict=True))
    codes = [column.codes(level) for column, level in pairs]
    cardinalities = [column.cardinalities[level] for column, level in pairs]
    return combined_key(codes, cardinalities)[0]


def combined_key(codes: Sequence[IntArray], cardinalities: Sequence[int]) -> tuple[IntArray, int]:
    """Dense ids (0..c-1) of the combinations of `codes`, where column i holds codes
    below `cardinalities[i]`; and c."""
    rows = len(codes[0])
    order, starts = grouped(*mixed_radix_key(codes, cardinalities, rows))
    boundaries = np.zeros(rows, dtype=np.int64)
    boundaries[starts[1:]] = 1
    inverse = np.empty(rows, dtype=np.int64)
    inverse[order] = np.cumsum(boundaries)
    return inverse, len(starts)


def grouped(key: IntArray, span: int) -> tuple[IntArray, IntArray]:
    """The rows ordered so that equal keys (all below `span`) are adjacent, and where
    each group starts in that order.

    Sorting beats hashing here: when the key leaves room, the row number rides along in
    the low bits and one plain integer sort does the work."""
    bits = max(len(key) - 1, 1).bit_length()
    if span < 2 ** (63 - bits):
        packed = np.sort((key << bits) | np.arange(len(key), dtype=np.int64))
        order = packed & ((1 << bits) - 1)
        ordered = packed >> bits
    else:
        order = np.argsort(key, kind="stable")
        ordered = key[order]
    starts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    return order, np.concatenate(([0], starts)) if len(key) else starts


def mixed_radix_key(
    codes: Sequence[npt.NDArray[np.integer[Any]]], cardinalities: Sequence[int], rows: int
) -> tuple[IntArray, int]:
    """One int64 per row that is equal exactly where all `codes` are, and its span (the
    key is below it). Constant columns add nothing; should the span outgrow 62 bits,
    the key so far is renumbered densely first."""
    key = np.zeros(rows, dtype=np.int64)
    span = 1
    for column, cardinality in zip(codes, cardinalities, strict=True):
        if cardinality <= 1:
            continue
        if span * cardinality >= 2**62:
            key = np.asarray(pd.factorize(key)[0], dtype=np.int64)
            span = int(key.max()) + 1
        key *= cardinality
        key += column
        span *= cardinality
    return key, span
