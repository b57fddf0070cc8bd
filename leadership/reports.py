"""What the reflection pages and API show: who has rated, the side-by-side comparison once
a period is open, and the trends over the periods that were discussed."""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from coaching.charts import trend_chart_svg
from coaching.trends import Record, trend_table
from leadership.blocks import BUILDING_BLOCKS, BuildingBlock
from leadership.models import BlockRating, RaterGroup, Reflection
from schools.models import School, User

GROUPS = (RaterGroup.LEADERS.value, RaterGroup.TEAM.value)


@dataclass
class BlockComparison:
    block: BuildingBlock
    leaders: float | None
    leaders_n: int
    team: float | None
    team_n: int
    leader_notes: list[str] = field(default_factory=list)
    team_notes: list[str] = field(default_factory=list)

    @property
    def difference(self) -> float | None:
        if self.leaders is None or self.team is None:
            return None
        return self.leaders - self.team


def respondents(reflection: Reflection | None) -> dict[str, int]:
    """How many people in each group have rated: all anyone sees before the discussion."""
    counts = dict.fromkeys(GROUPS, 0)
    if reflection is None:
        return counts
    rows = reflection.ratings.values("group").annotate(n=Count("person", distinct=True))
    counts.update({row["group"]: row["n"] for row in rows})
    return counts


def own_ratings(reflection: Reflection | None, person: User) -> dict[str, BlockRating]:
    if reflection is None:
        return {}
    return {r.block: r for r in reflection.ratings.filter(person=person)}


def comparison(reflection: Reflection) -> list[BlockComparison]:
    """Per building block, the two groups side by side; only for a period opened for
    discussion (the caller checks)."""
    table = trend_table(
        _records(BlockRating.objects.filter(reflection=reflection)),
        items=[b.code for b in BUILDING_BLOCKS],
        groups=GROUPS,
    )
    notes: dict[tuple[str, str], list[str]] = {}
    for rating in reflection.ratings.exclude(note="").order_by("updated_at"):
        notes.setdefault((rating.block, rating.group), []).append(rating.note)
    rows = {str(row["item"]): row for row in table.to_dict("records")}
    return [_compare(block, rows.get(block.code), notes) for block in BUILDING_BLOCKS]


def _compare(
    block: BuildingBlock, row: dict[Hashable, Any] | None, notes: dict[tuple[str, str], list[str]]
) -> BlockComparison:
    def mean(group: str) -> float | None:
        value = None if row is None else float(row[f"{group}_mean"])
        return None if value is None or math.isnan(value) else value

    def count(group: str) -> int:
        return 0 if row is None else int(row[f"{group}_n"])

    return BlockComparison(
        block=block,
        leaders=mean(RaterGroup.LEADERS),
        leaders_n=count(RaterGroup.LEADERS),
        team=mean(RaterGroup.TEAM),
        team_n=count(RaterGroup.TEAM),
        leader_notes=notes.get((block.code, RaterGroup.LEADERS), []),
        team_notes=notes.get((block.code, RaterGroup.TEAM), []),
    )


def leadership_trends(school: School) -> pd.DataFrame:
    """Both groups' mean per block over the periods opened for discussion; periods still
    being rated stay out, so neither group sees the other's ratings early."""
    ratings = BlockRating.objects.filter(
        reflection__school=school, reflection__opened_at__isnull=False
    )
    return trend_table(_records(ratings), items=[b.code for b in BUILDING_BLOCKS], groups=GROUPS)


def _records(ratings: QuerySet[BlockRating]) -> list[Record]:
    return [
        (block, period, group, level)
        for block, period, group, level in ratings.values_list(
            "block", "reflection__period", "group", "level"
        )
    ]


def trend_chart(table: pd.DataFrame) -> str:
    return trend_chart_svg(
        table,
        items={b.code: str(b.name) for b in BUILDING_BLOCKS},
        groups={RaterGroup.LEADERS: _("School leaders"), RaterGroup.TEAM: _("Datateam members")},
        level_label=_("Level"),
    )
