"""Evaluating a transformation from the classes of a more specific one ("roll-up").

The records are first reduced to their distinct leaf combinations with a count each;
every class table refers to those combinations. Every class of a more specific
transformation falls wholly inside one class of a more general one, so the general
classes can be counted from the specific class table (one representative combination
and a size per class) instead of from all records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .encoding import EncodedColumn, IntArray, grouped, mixed_radix_key
from .loss import aggregate_loss, attribute_loss


@dataclass(frozen=True)
class Combinations:
    """The distinct combinations of leaves among the records, and how often each occurs."""

    columns: Sequence[EncodedColumn]
    leaves: tuple[IntArray, ...]  # per column, each combination's leaf
    counts: IntArray
    records: int
    _codes: dict[tuple[int, int], npt.NDArray[np.int32]] = field(default_factory=dict)

    def codes(self, position: int, level: int) -> npt.NDArray[np.int32]:
        """Each combination's code in column `position` at `level`, kept once computed:
        the search gathers from these in random order, and narrow integers gather fast."""
        if (position, level) not in self._codes:
            column = self.columns[position]
            codes = column.level_codes[level].astype(np.int32)[self.leaves[position]]
            self._codes[position, level] = codes
        return self._codes[position, level]


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
    records = len(columns[0].leaf)
    order, starts = grouped(*mixed_radix_key([c.leaf for c in columns], domains, records))
    counts = np.diff(starts, append=records)
    first = order[starts]
    return Combinations(columns, tuple(column.leaf[first] for column in columns), counts, records)


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
        (position, level, column.cardinalities[level])
        for position, (column, level) in enumerate(zip(columns, levels, strict=True))
        if column.cardinalities[level] > 1
    ]
    codes = [combos.codes(position, level) for position, level, _ in varying]
    key, span = mixed_radix_key(
        [c if every else c[reps] for c in codes],
        [cardinality for _, _, cardinality in varying],
        len(reps),
    )
    order, starts = grouped(key, span)
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
