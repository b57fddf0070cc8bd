"""Local recoding: refine the optimal full-domain solution class by class.

Full-domain generalisation gives every record the same levels. Here each published
class may specialise one attribute a level further for the sub-groups that stay ≥ k
(and l-diverse); the rest of the class keeps the coarser value and stays ≥ k itself.
Suppressed records get a second chance: split from the fully generalised value down,
sub-groups of ≥ k are published, the remainder stays suppressed. Every published value
combination therefore still occurs at least k times, and suppression never grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .encoding import BoolArray, EncodedColumn, IntArray
from .kanonymity import Criteria, NodeResult
from .loss import aggregate_loss, attribute_loss


@dataclass(frozen=True)
class Recoding:
    """Per-record levels (records x quasi-identifiers), suppressed records and Loss."""

    levels: IntArray
    suppressed: BoolArray
    loss: float


@dataclass(frozen=True)
class _Split:
    attribute: int
    children: list[IntArray]
    rest: IntArray


def recode_locally(
    columns: Sequence[EncodedColumn], best: NodeResult, criteria: Criteria
) -> Recoding:
    refiner = _Refiner(columns, criteria, best)
    published = ~best.suppressed
    for members in _members_by_class(best.classes, published):
        refiner.refine(members, np.array(best.levels, dtype=np.int64), frozenset())
    pool = np.flatnonzero(best.suppressed)
    if len(pool):
        tops = np.array([column.max_level for column in columns], dtype=np.int64)
        refiner.rescue(pool, tops, frozenset())
    return Recoding(refiner.levels, refiner.suppressed, recoded_loss(columns, refiner))


def _members_by_class(classes: IntArray, mask: BoolArray) -> list[IntArray]:
    indices = np.flatnonzero(mask)
    order = indices[np.argsort(classes[indices], kind="stable")]
    boundaries = np.flatnonzero(np.diff(classes[order])) + 1
    return list(np.split(order, boundaries))


class _Refiner:
    def __init__(
        self, columns: Sequence[EncodedColumn], criteria: Criteria, best: NodeResult
    ) -> None:
        self.columns = columns
        self.criteria = criteria
        records = len(best.suppressed)
        self.levels = np.tile(np.array(best.levels, dtype=np.int64), (records, 1))
        self.suppressed = best.suppressed.copy()
        # A unit of share in an attribute is worth more where the attribute's span is small.
        self.weights = [
            1.0 / max(records - records / c.hierarchy.domain_size, 1.0) for c in columns
        ]

    def refine(self, members: IntArray, levels: IntArray, blocked: frozenset[int]) -> None:
        """Specialise a valid class as far as its sub-groups stay valid."""
        split = self._best_split(members, levels, blocked, rest_must_be_valid=True)
        if split is None:
            return
        lower = levels.copy()
        lower[split.attribute] -= 1
        for child in split.children:
            self.levels[child] = lower
            self.refine(child, lower, frozenset())
        if len(split.rest):
            self.refine(split.rest, levels, blocked | {split.attribute})

    def rescue(self, pool: IntArray, levels: IntArray, blocked: frozenset[int]) -> None:
        """Publish valid sub-groups of suppressed records; the remainder stays suppressed."""
        split = self._best_split(pool, levels, blocked, rest_must_be_valid=False)
        if split is None:
            return
        lower = levels.copy()
        lower[split.attribute] -= 1
        for child in split.children:
            self.suppressed[child] = False
            self.levels[child] = lower
            self.refine(child, lower, frozenset())
        if len(split.rest):
            self.rescue(split.rest, levels, blocked | {split.attribute})

    def _best_split(
        self, members: IntArray, levels: IntArray, blocked: frozenset[int], rest_must_be_valid: bool
    ) -> _Split | None:
        best: tuple[float, _Split] | None = None
        for attribute, column in enumerate(self.columns):
            level = int(levels[attribute])
            if attribute in blocked or level == 0:
                continue
            split = self._split(members, attribute, level - 1, rest_must_be_valid)
            if split is None:
                continue
            moved = np.concatenate(split.children)
            gain = (
                float(
                    (
                        column.level_shares[level][column.leaf[moved]]
                        - column.level_shares[level - 1][column.leaf[moved]]
                    ).sum()
                )
                * self.weights[attribute]
            )
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, split)
        return None if best is None else best[1]

    def _split(
        self, members: IntArray, attribute: int, level: int, rest_must_be_valid: bool
    ) -> _Split | None:
        column = self.columns[attribute]
        inverse, uniques = pd.factorize(column.level_codes[level][column.leaf[members]])
        valid = self._valid_groups(members, inverse, len(uniques))
        if rest_must_be_valid:
            valid = self._keep_rest_valid(members, inverse, valid)
        if not valid.any():
            return None
        order = np.argsort(inverse, kind="stable")
        groups = np.split(members[order], np.flatnonzero(np.diff(inverse[order])) + 1)
        children = [groups[g] for g in np.flatnonzero(valid)]
        rest = members[~valid[inverse]]
        return _Split(attribute, children, rest)

    def _valid_groups(self, members: IntArray, inverse: IntArray, count: int) -> BoolArray:
        valid = np.bincount(inverse, minlength=count) >= self.criteria.k
        l_value, sensitive = self.criteria.l_diversity, self.criteria.sensitive
        if l_value and sensitive is not None:
            pairs = pd.unique(inverse * (int(sensitive.max()) + 1) + sensitive[members])
            distinct = np.bincount(pairs // (int(sensitive.max()) + 1), minlength=count)
            valid &= distinct >= l_value
        return np.asarray(valid)

    def _keep_rest_valid(self, members: IntArray, inverse: IntArray, valid: BoolArray) -> BoolArray:
        """Give the smallest valid groups back to the rest until the rest is valid itself."""
        valid = valid.copy()
        sizes = np.bincount(inverse, minlength=len(valid))
        for group in np.argsort(sizes, kind="stable"):
            rest = members[~valid[inverse]]
            if len(rest) == 0 or self._is_valid(rest):
                return valid
            valid[group] = False
        return valid

    def _is_valid(self, members: IntArray) -> bool:
        if len(members) < self.criteria.k:
            return False
        l_value, sensitive = self.criteria.l_diversity, self.criteria.sensitive
        return not l_value or sensitive is None or len(np.unique(sensitive[members])) >= l_value


def recoded_loss(columns: Sequence[EncodedColumn], refiner: _Refiner) -> float:
    return per_record_loss(columns, refiner.levels, refiner.suppressed)


def per_record_loss(
    columns: Sequence[EncodedColumn], levels: IntArray, suppressed: BoolArray
) -> float:
    """Loss when each record has its own levels: the same metric, record by record."""
    records = len(suppressed)
    kept = ~suppressed
    losses = []
    for position, column in enumerate(columns):
        shares = np.stack(column.level_shares)[levels[:, position], column.leaf]
        total = float(shares[kept].sum()) + int(suppressed.sum())
        losses.append(attribute_loss(total, records, column.hierarchy.domain_size))
    return aggregate_loss(losses)
