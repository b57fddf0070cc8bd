"""Rows of a trend table (coaching.trends.trend_table) as the pages show them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from netwerk.periods import parse_period


def trend_rows(
    table: pd.DataFrame, names: Mapping[str, object], first: str, second: str
) -> list[dict[str, Any]]:
    return [
        {
            "item": row["item"],
            "name": names[row["item"]],
            "period": parse_period(row["period"]).label,
            "first_mean": row[f"{first}_mean"],
            "first_n": row[f"{first}_n"],
            "second_mean": row[f"{second}_mean"],
            "second_n": row[f"{second}_n"],
        }
        for row in table.to_dict("records")
    ]
