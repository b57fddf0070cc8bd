"""The report that goes with an anonymised file: what was done, in JSON-able form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict


class LDiversityReport(TypedDict):
    column: str
    l: int  # noqa: E741 - the "l" of l-diversity


class Report(TypedDict):
    rows_in: int
    rows_out: int
    suppressed: int
    k: int
    max_suppression: float
    roles: dict[str, str]
    reasons: dict[str, str]
    generalised: dict[str, int]
    max_levels: dict[str, int]
    min_class_size: int
    classes: int
    loss: float
    full_domain_loss: float
    local_recoding: bool
    l_diversity: LDiversityReport | None


def build_report(
    *,
    rows_in: int,
    rows_out: int,
    k: int,
    max_suppression: float,
    roles: Mapping[str, str],
    reasons: Mapping[str, str],
    levels: Mapping[str, int],
    max_levels: Mapping[str, int],
    class_sizes: list[int],
    loss: float,
    full_domain_loss: float,
    local_recoding: bool,
    l_diversity: LDiversityReport | None,
) -> Report:
    return Report(
        rows_in=rows_in,
        rows_out=rows_out,
        suppressed=rows_in - rows_out,
        k=k,
        max_suppression=max_suppression,
        roles=dict(roles),
        reasons=dict(reasons),
        generalised=dict(levels),
        max_levels=dict(max_levels),
        min_class_size=min(class_sizes, default=0),
        classes=len(class_sizes),
        loss=round(loss, 6),
        full_domain_loss=round(full_domain_loss, 6),
        local_recoding=local_recoding,
        l_diversity=l_diversity,
    )
