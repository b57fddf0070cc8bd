"""A trend table (coaching.trends.trend_table) as the pages show it beside its chart: one
row per item, one column per period, each cell the two groups' levels."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from coaching.charts import short_period
from netwerk.periods import parse_period


def trend_grid(
    table: pd.DataFrame, names: Mapping[str, object], first: str, second: str
) -> dict[str, Any]:
    periods = sorted(set(table["period"]))
    cells: dict[tuple[str, str], dict[str, Any]] = {
        (row["item"], row["period"]): {
            "first": _mean(row[f"{first}_mean"]),
            "first_n": row[f"{first}_n"],
            "second": _mean(row[f"{second}_mean"]),
            "second_n": row[f"{second}_n"],
        }
        for row in table.to_dict("records")
    }
    items = [code for code in names if any((code, p) in cells for p in periods)]
    return {
        "periods": [{"short": short_period(p), "label": parse_period(p).label} for p in periods],
        "rows": [
            {"name": names[code], "cells": [cells.get((code, p)) for p in periods]}
            for code in items
        ],
    }


def _mean(value: object) -> float | None:
    number = float(str(value))
    return None if math.isnan(number) else number
