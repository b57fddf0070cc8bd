"""ARX's "Loss" metric, exactly as ARX reports it.

Per quasi-identifier with domain size |D|: total = Σ over records of the share of the
record's generalised value (leaves under it / |D|), a suppressed record counting 1;
loss = max(0, (total - N/|D|) / (N - N/|D|)). The aggregate is the geometric mean of
(1 + loss) minus one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .encoding import BoolArray, EncodedColumn


def attribute_loss(total: float, records: int, domain_size: int) -> float:
    floor = records / domain_size
    span = records - floor
    if span <= 0:
        return 0.0
    return max(0.0, (total - floor) / span)


def aggregate_loss(losses: Sequence[float]) -> float:
    if not losses:
        return 0.0
    product = 1.0
    for loss in losses:
        product *= (1.0 + loss) ** (1.0 / len(losses))
    return product - 1.0


def full_domain_loss(
    columns: Sequence[EncodedColumn], levels: Sequence[int], suppressed: BoolArray
) -> float:
    """Loss of a full-domain transformation whose `suppressed` records are left out."""
    records = len(suppressed)
    dropped = int(suppressed.sum())
    losses = []
    for column, level in zip(columns, levels, strict=True):
        dropped_share = float(column.level_shares[level][column.leaf[suppressed]].sum())
        kept_total = column.share_sums[level] - dropped_share
        total = kept_total + dropped
        losses.append(attribute_loss(total, records, column.hierarchy.domain_size))
    return aggregate_loss(losses)


def lower_bounds(columns: Sequence[EncodedColumn], nodes: np.ndarray) -> np.ndarray:
    """Loss of every node as if nothing were suppressed: a lower bound, since a
    suppressed record costs 1, at least as much as any generalised value."""
    records = len(columns[0].leaf)
    log_sum = np.zeros(len(nodes), dtype=np.float64)
    for position, column in enumerate(columns):
        per_level = np.array(
            [
                attribute_loss(total, records, column.hierarchy.domain_size)
                for total in column.share_sums
            ]
        )
        log_sum += np.log1p(per_level[nodes[:, position]])
    return np.asarray(np.expm1(log_sum / max(len(columns), 1)))
