"""Evaluating a transformation from the classes of a more specific one ("roll-up").

Every class of a more specific transformation falls wholly inside one class of a more
general one, so the general classes can be counted from the specific class table (one
representative record and a size per class) instead of from all records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .encoding import EncodedColumn, IntArray, class_ids
from .loss import aggregate_loss, attribute_loss


@dataclass(frozen=True)
class ClassTable:
    """The equivalence classes of one transformation."""

    representatives: IntArray
    sizes: IntArray


@dataclass(frozen=True)
class Outcome:
    """How a transformation fares: records left out and Loss (None when over budget)."""

    table: ClassTable
    suppressed: int
    loss: float | None


def bottom_table(columns: Sequence[EncodedColumn]) -> ClassTable:
    classes = class_ids(columns, [0] * len(columns))
    first = np.unique(classes, return_index=True)[1]
    return ClassTable(first.astype(np.int64), np.bincount(classes).astype(np.int64))


def roll_up(
    columns: Sequence[EncodedColumn],
    source: ClassTable,
    levels: Sequence[int],
    k: int,
    max_suppressed: int,
) -> Outcome:
    """Classes of `levels` from a table of a transformation at or below `levels`."""
    reps = source.representatives
    inverse, uniques = pd.factorize(_keys(columns, levels, reps))
    sizes = np.bincount(inverse, weights=source.sizes, minlength=len(uniques)).astype(np.int64)
    table = ClassTable(reps[_first_members(inverse, len(uniques))], sizes)
    dropped = sizes[sizes < k]
    suppressed = int(dropped.sum())
    if suppressed > max_suppressed:
        return Outcome(table, suppressed, None)
    small = (sizes < k)[inverse]
    loss = _loss(columns, levels, reps[small], source.sizes[small], suppressed)
    return Outcome(table, suppressed, loss)


def _first_members(inverse: IntArray, count: int) -> IntArray:
    """Index of one member per class (scattering in reverse leaves the first)."""
    first = np.empty(count, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse) - 1, -1, -1)
    return first


def _keys(columns: Sequence[EncodedColumn], levels: Sequence[int], reps: IntArray) -> IntArray:
    key = np.zeros(len(reps), dtype=np.int64)
    span = 1
    for column, level in zip(columns, levels, strict=True):
        cardinality = column.cardinalities[level]
        if span * cardinality >= 2**62:
            key = pd.factorize(key)[0].astype(np.int64)
            span = int(key.max()) + 1
        key = key * cardinality + column.codes[level][reps]
        span *= cardinality
    return key


def _loss(
    columns: Sequence[EncodedColumn],
    levels: Sequence[int],
    dropped_reps: IntArray,
    dropped_sizes: IntArray,
    suppressed: int,
) -> float:
    records = len(columns[0].leaf)
    losses = []
    for column, level in zip(columns, levels, strict=True):
        dropped_share = float(np.dot(column.shares[level][dropped_reps], dropped_sizes))
        total = column.share_sums[level] - dropped_share + suppressed
        losses.append(attribute_loss(total, records, column.hierarchy.domain_size))
    return aggregate_loss(losses)
