"""Evaluating a transformation from the classes of a more specific one ("roll-up").

The records are first reduced to their distinct leaf combinations with a count each;
every class table refers to those combinations. Every class of a more specific
transformation falls wholly inside one class of a more general one, so the general
classes can be counted from the specific class table (one representative combination
and a size per class) instead of from all records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .encoding import EncodedColumn, IntArray, combined_key, mixed_radix_key
from .loss import aggregate_loss, attribute_loss


@dataclass(frozen=True)
class Combinations:
    """The distinct combinations of leaves among the records, and how often each occurs."""

    leaves: tuple[IntArray, ...]  # per column, the leaf of each combination
    counts: IntArray
    records: int


@dataclass(frozen=True)
class ClassTable:
    """The equivalence classes of one transformation: a representative combination and
    a size per class."""

    representatives: IntArray
    sizes: IntArray
    every_combination: bool = False  # representatives are 0, 1, …: no gather needed


@dataclass(frozen=True)
class Outcome:
    """How a transformation fares: records left out and Loss (None when over budget)."""

    table: ClassTable
    suppressed: int
    loss: float | None


def combinations(columns: Sequence[EncodedColumn]) -> Combinations:
    domains = [column.hierarchy.domain_size for column in columns]
    inverse, count = combined_key([column.leaf for column in columns], domains)
    first = first_members(inverse, count)
    counts = np.bincount(inverse, minlength=count).astype(np.int64)
    return Combinations(tuple(column.leaf[first] for column in columns), counts, len(inverse))


def bottom_table(combos: Combinations) -> ClassTable:
    return ClassTable(np.arange(len(combos.counts), dtype=np.int64), combos.counts, True)


def roll_up(
    columns: Sequence[EncodedColumn],
    combos: Combinations,
    source: ClassTable,
    levels: Sequence[int],
    k: int,
    max_suppressed: int,
) -> Outcome:
    """Classes of `levels` from a table of a transformation at or below `levels`."""
    reps = source.representatives
    every = source.every_combination
    varying = [
        (column, level, leaves)
        for column, level, leaves in zip(columns, levels, combos.leaves, strict=True)
        if column.cardinalities[level] > 1
    ]
    key, span = mixed_radix_key(
        [
            column.level_codes[level][leaves if every else leaves[reps]]
            for column, level, leaves in varying
        ],
        [column.cardinalities[level] for column, level, _ in varying],
        len(reps),
    )
    order, starts = _grouped(key, span)
    members, member_sizes = reps[order], source.sizes[order]
    sizes = np.add.reduceat(member_sizes, starts)
    table = ClassTable(members[starts], sizes)
    small_classes = sizes < k
    suppressed = int(sizes[small_classes].sum())
    if suppressed > max_suppressed:
        return Outcome(table, suppressed, None)
    small = np.repeat(small_classes, np.diff(starts, append=len(order)))
    loss = _loss(columns, combos, levels, members[small], member_sizes[small], suppressed)
    return Outcome(table, suppressed, loss)


def _grouped(key: IntArray, span: int) -> tuple[IntArray, IntArray]:
    """The rows ordered so that equal keys are adjacent, and where each group starts.

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
    starts = np.flatnonzero(np.diff(ordered, prepend=-1))
    return order, starts


def first_members(inverse: IntArray, count: int) -> IntArray:
    """Index of one member per class (scattering in reverse leaves the first)."""
    first = np.empty(count, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse) - 1, -1, -1)
    return first


def _loss(
    columns: Sequence[EncodedColumn],
    combos: Combinations,
    levels: Sequence[int],
    dropped_reps: IntArray,
    dropped_sizes: IntArray,
    suppressed: int,
) -> float:
    losses = []
    for column, level, leaves in zip(columns, levels, combos.leaves, strict=True):
        shares = column.level_shares[level][leaves[dropped_reps]]
        total = column.share_sums[level] - float(np.dot(shares, dropped_sizes)) + suppressed
        losses.append(attribute_loss(total, combos.records, column.hierarchy.domain_size))
    return aggregate_loss(losses)
