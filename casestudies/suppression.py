"""Secondary suppression: which counts to hide so that no hidden count can be recovered.

A pure module (no Django), shared by every table that partners see with a total beside
its cells: the published analyses and the network's map of what worked where. A count
below the threshold is hidden ("<10"); a reader still knows it lies between `floor` and
threshold - 1, that any further hidden count ("x") is at least the threshold, and the
shown total. Further cells are hidden, the smallest shown first, until no hidden cell is
pinned to a single value by the total minus what the other cells can be.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Bounds = tuple[float, float]

# Numbers from fewer pupils than this never reach partner schools: counts below it show as
# "<10", and no mean or percentage is given over fewer pupils.
SMALL_N = 10


@dataclass(frozen=True)
class Suppression:
    hidden: list[bool]  # per cell
    total_hidden: bool


def suppress(
    counts: Sequence[int], total: int, *, threshold: int, floor: int = 1
) -> Suppression | None:
    """Which cells (and whether the total) to hide; None when even hiding every cell and
    the total leaves one pinned, so that only the total may be shown, as "<threshold"
    when it is small, without any cell."""
    hidden = [count < threshold for count in counts]
    total_hidden = total < threshold
    while any(hidden):
        bounds = [bounds_of(c, h, threshold, floor) for c, h in zip(counts, hidden, strict=True)]
        if not pinned(bounds, hidden, bounds_of(total, total_hidden, threshold, 0)):
            break
        visible = [index for index, is_hidden in enumerate(hidden) if not is_hidden]
        if visible:
            hidden[min(visible, key=lambda index: counts[index])] = True
        elif not total_hidden:
            total_hidden = True
        else:
            return None
    return Suppression(hidden, total_hidden)


def bounds_of(count: int, hidden: bool, threshold: int, floor: int) -> Bounds:
    """What a reader knows of a published count."""
    if not hidden:
        return count, count
    return (floor, threshold - 1) if count < threshold else (threshold, math.inf)


def pinned(bounds: Sequence[Bounds], hidden: Sequence[bool], total: Bounds) -> bool:
    """Whether the total and the other cells' bounds leave a hidden cell one value.

    The other cells' sums are the sums of all cells less the cell's own, so that a table
    of a thousand schools costs a thousand steps, not a million."""
    lows = sum(low for low, _high in bounds)
    unbounded = sum(1 for _low, high in bounds if high == math.inf)
    highs = sum(high for _low, high in bounds if high != math.inf)
    for index, (low, high) in enumerate(bounds):
        if not hidden[index]:
            continue
        own_unbounded = high == math.inf
        others_high = (
            math.inf if unbounded - own_unbounded else highs - (0 if own_unbounded else high)
        )
        least = max(low, total[0] - others_high)
        most = min(high, total[1] - (lows - low))
        if least >= most:
            return True
    return False
