"""Optimal full-domain k-anonymity (optionally with distinct l-diversity) under Loss.

The search walks the generalisation lattice in order of a lower bound on Loss (the loss
with nothing suppressed) and stops as soon as that bound reaches the best loss found, so
the answer is the exact optimum. Privacy is monotone: if a node needs too much
suppression, so does every node below it, which prunes evaluations.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .encoding import BoolArray, EncodedColumn, IntArray, class_ids
from .errors import NotAnonymisableError
from .errors import gettext_noop as _
from .loss import full_domain_loss, lower_bounds
from .rollup import ClassTable, Combinations, bottom_table, combinations, roll_up

# Bounds and losses are computed along different float paths; never prune on noise.
_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Criteria:
    """What every published equivalence class must satisfy."""

    k: int = 5
    max_suppressed: int = 0
    l_diversity: int | None = None
    sensitive: IntArray | None = None


@dataclass(frozen=True)
class NodeResult:
    """A full-domain transformation and what it costs."""

    levels: tuple[int, ...]
    suppressed: BoolArray
    classes: IntArray
    loss: float

    @property
    def suppressed_count(self) -> int:
        return int(self.suppressed.sum())


@dataclass(frozen=True)
class SearchStats:
    nodes: int
    evaluated: int


def failing_records(classes: IntArray, criteria: Criteria) -> BoolArray:
    """Records whose class is smaller than k or has fewer than l distinct sensitive values."""
    sizes = np.bincount(classes)
    failing = sizes[classes] < criteria.k
    if criteria.l_diversity and criteria.sensitive is not None:
        failing |= _distinct_counts(classes, criteria.sensitive)[classes] < criteria.l_diversity
    return np.asarray(failing)


def _distinct_counts(classes: IntArray, sensitive: IntArray) -> IntArray:
    pairs = pd.unique(classes * (int(sensitive.max()) + 1) + sensitive)
    return np.bincount(pairs // (int(sensitive.max()) + 1), minlength=int(classes.max()) + 1)


def evaluate(
    columns: Sequence[EncodedColumn], levels: Sequence[int], criteria: Criteria
) -> NodeResult | None:
    """The transformation at `levels`, or None if it would suppress too many records."""
    classes = class_ids(columns, levels)
    suppressed = failing_records(classes, criteria)
    if int(suppressed.sum()) > criteria.max_suppressed:
        return None
    loss = full_domain_loss(columns, levels, suppressed)
    return NodeResult(tuple(levels), suppressed, classes, loss)


def lattice(columns: Sequence[EncodedColumn]) -> np.ndarray:
    ranges = [range(column.max_level + 1) for column in columns]
    return np.array(list(itertools.product(*ranges)), dtype=np.int64).reshape(-1, len(columns))


class _NodeSet:
    """Nodes with a monotone property: failing propagates down, passing propagates up."""

    def __init__(self, width: int, capacity: int) -> None:
        self._nodes = np.empty((capacity, width), dtype=np.int64)
        self._size = 0

    def add(self, node: np.ndarray) -> None:
        self._nodes[self._size] = node
        self._size += 1

    def above(self, node: np.ndarray) -> bool:
        """Whether some member is at or above `node` in every attribute."""
        members = self._nodes[: self._size]
        return bool(self._size) and bool(np.all(members >= node, axis=1).any())

    def below(self, node: np.ndarray) -> bool:
        """Whether some member is at or below `node` in every attribute."""
        members = self._nodes[: self._size]
        return bool(self._size) and bool(np.all(members <= node, axis=1).any())


class _TableCache:
    """Class tables of evaluated nodes, to roll the next nodes up from.

    Within the budget the largest tables give way to smaller ones: a small table near
    the optimum saves more work than a large one near the bottom."""

    _BUDGET = 4_000_000  # stored classes, about 64 MB
    _GONE = np.iinfo(np.int64).max

    def __init__(self, combos: Combinations, capacity: int) -> None:
        self.combos = combos
        self.bottom = bottom_table(combos)
        width = len(combos.leaves)
        self._nodes = np.empty((capacity, width), dtype=np.int64)
        self._sizes = np.empty(capacity, dtype=np.int64)
        self._tables: list[ClassTable | None] = []
        self._stored = 0

    def add(self, node: np.ndarray, table: ClassTable) -> None:
        size = len(table.sizes)
        while self._stored + size > self._BUDGET and self._evict_larger_than(size):
            pass
        if self._stored + size <= self._BUDGET:
            self._nodes[len(self._tables)] = node
            self._sizes[len(self._tables)] = size
            self._tables.append(table)
            self._stored += size

    def _evict_larger_than(self, size: int) -> bool:
        live = self._sizes[: len(self._tables)]
        sizes = np.where(live == self._GONE, -1, live)
        largest = int(np.argmax(sizes)) if len(sizes) else -1
        if largest < 0 or sizes[largest] <= size:
            return False
        self._stored -= int(sizes[largest])
        self._sizes[largest] = self._GONE
        self._tables[largest] = None
        return True

    def nearest_below(self, node: np.ndarray) -> ClassTable:
        """The smallest cached table of a node at or below `node`."""
        count = len(self._tables)
        below = np.all(self._nodes[:count] <= node, axis=1)
        sizes = np.where(below, self._sizes[:count], self._GONE)
        nearest = int(np.argmin(sizes)) if count else -1
        table = self._tables[nearest] if nearest >= 0 and sizes[nearest] != self._GONE else None
        return table or self.bottom


class _Search:
    """Lower-bound ordered lattice search with pruning on monotone privacy."""

    def __init__(
        self,
        columns: Sequence[EncodedColumn],
        criteria: Criteria,
        progress: Callable[[float], None] | None = None,
    ) -> None:
        self.progress = progress
        self.columns = columns
        self.criteria = criteria
        self.nodes = lattice(columns)
        self.tops = np.array([column.max_level for column in columns], dtype=np.int64)
        self.failed = _NodeSet(self.nodes.shape[1], len(self.nodes))
        self.passed = _NodeSet(self.nodes.shape[1], len(self.nodes))
        self.best: tuple[float, tuple[int, ...]] | None = None
        self.evaluated = 0
        self.tables = _TableCache(combinations(columns), len(self.nodes))
        self.bounds = lower_bounds(columns, self.nodes)
        self._promising_nodes = self.nodes
        self._promising_for = -1.0

    def run(self) -> tuple[float, tuple[int, ...]] | None:
        bounds = self.bounds
        # Among equal bounds, the less generalised node comes first.
        order = np.lexsort((self.nodes.sum(axis=1), bounds))
        for step, index in enumerate(order):
            if self.best is not None and bounds[index] >= self.best[0] - _TOLERANCE:
                break
            if self.progress is not None and step % 256 == 0:
                self.progress(step / len(order))
            node = self.nodes[index]
            if not self.failed.above(node) and not self._check(node):
                self._climb(node)
        return self.best

    def _check(self, node: np.ndarray) -> bool:
        """Evaluate `node`, remember the outcome, keep it if it is the best so far."""
        self.evaluated += 1
        loss = self._loss(node)
        if loss is None:
            self.failed.add(node)
            return False
        self.passed.add(node)
        if self.best is None or loss < self.best[0] - _TOLERANCE:
            self.best = (loss, tuple(node.tolist()))
        return True

    def _loss(self, node: np.ndarray) -> float | None:
        if self.criteria.l_diversity:
            result = evaluate(self.columns, node.tolist(), self.criteria)
            return None if result is None else result.loss
        source = self.tables.nearest_below(node)
        outcome = roll_up(
            self.columns,
            self.tables.combos,
            source,
            node.tolist(),
            self.criteria.k,
            self.criteria.max_suppressed,
        )
        self.tables.add(node, outcome.table)
        return outcome.loss

    def _climb(self, node: np.ndarray) -> None:
        """From a failing node, generalise while it keeps failing, so that one maximal
        failing node prunes everything below it."""
        current = node
        moved = True
        while moved:
            moved = False
            for position in range(len(current)):
                if current[position] == self.tops[position]:
                    continue
                higher = self._failing_step(current, position)
                if higher is not None:
                    current, moved = higher, True
                    break

    def _failing_step(self, current: np.ndarray, position: int) -> np.ndarray | None:
        """`current` one level higher in `position` if that fails too, or at the top
        level if even that fails (one evaluation instead of several); else None."""
        higher = current.copy()
        higher[position] += 1
        if not self._fails(current, higher):
            return None
        top = higher.copy()
        top[position] = self.tops[position]
        if top[position] > higher[position] and self._fails(higher, top):
            return top
        return higher

    def _fails(self, failing: np.ndarray, higher: np.ndarray) -> bool:
        """Whether `higher`, above the failing node `failing`, is known or found to fail.
        A node is not evaluated when failing would prune nothing that could still beat
        the best: no node below it, and not already below `failing`, has a lower bound
        under the best loss."""
        if self.passed.below(higher):
            return False
        if self.failed.above(higher):
            return True
        if self.best is not None:
            promising = self._promising()
            below = np.all(promising <= higher, axis=1) & ~np.all(promising <= failing, axis=1)
            if not bool(below.any()):
                return False
        return not self._check(higher)

    def _promising(self) -> np.ndarray:
        """The nodes whose lower bound is under the best loss so far."""
        assert self.best is not None
        if self._promising_for != self.best[0]:
            self._promising_nodes = self.nodes[self.bounds < self.best[0] - _TOLERANCE]
            self._promising_for = self.best[0]
        return self._promising_nodes


def optimal_transformation(
    columns: Sequence[EncodedColumn],
    criteria: Criteria,
    progress: Callable[[float], None] | None = None,
) -> tuple[NodeResult, SearchStats]:
    """The full-domain transformation of minimal Loss that satisfies `criteria`.

    `progress` hears the share of the lattice walked so far (the walk usually stops early).
    """
    search = _Search(columns, criteria, progress)
    found = search.run()
    best = None if found is None else evaluate(columns, found[1], criteria)
    if best is None:
        raise NotAnonymisableError(
            _("No generalisation reaches k=%(k)d with at most %(limit)d suppressed records."),
            k=criteria.k,
            limit=int(criteria.max_suppressed),
        )
    return best, SearchStats(nodes=len(search.nodes), evaluated=search.evaluated)
