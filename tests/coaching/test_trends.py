"""The trend table and chart behind coach growth and leadership trends: pure, no database."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from coaching.charts import short_period, trend_chart_svg
from coaching.trends import latest_levels, trend_table

PERIODS = ["2024-2025-1", "2024-2025-2", "2025-2026-1"]
RECORDS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from(PERIODS),
        st.sampled_from(["self", "team"]),
        st.integers(1, 4),
    ),
    max_size=40,
)


@given(RECORDS)
def test_each_row_holds_the_mean_and_count_of_its_groups_ratings(records):
    table = trend_table(records, items=["a", "b"], groups=["self", "team"])
    for row in table.to_dict("records"):
        for group in ("self", "team"):
            levels = [
                lv for i, p, g, lv in records if (i, p, g) == (row["item"], row["period"], group)
            ]
            assert row[f"{group}_n"] == len(levels)
            if levels:
                assert math.isclose(row[f"{group}_mean"], sum(levels) / len(levels))
            else:
                assert math.isnan(row[f"{group}_mean"])
    assert len(table) == len({(i, p) for i, p, _, _ in records})


def test_rows_follow_the_items_order_then_the_periods():
    records = [
        ("b", PERIODS[1], "team", 2),
        ("a", PERIODS[1], "self", 3),
        ("b", PERIODS[0], "self", 1),
    ]
    table = trend_table(records, items=["b", "a"], groups=["self", "team"])
    assert list(zip(table["item"], table["period"], strict=True)) == [
        ("b", PERIODS[0]),
        ("b", PERIODS[1]),
        ("a", PERIODS[1]),
    ]


def test_the_latest_level_per_item_is_the_last_period_a_group_rated():
    records = [
        ("a", PERIODS[0], "self", 2),
        ("a", PERIODS[2], "self", 4),
        ("a", PERIODS[1], "team", 3),
    ]
    table = trend_table(records, items=["a"], groups=["self", "team"])
    assert latest_levels(table, "self") == {"a": 4}
    assert latest_levels(table, "team") == {"a": 3}


def test_the_chart_is_an_inline_svg_without_style_and_with_every_panel_title():
    records = [("a", PERIODS[0], "self", 2), ("b", PERIODS[2], "team", 3)]
    table = trend_chart_svg(
        trend_table(records, items=["a", "b"], groups=["self", "team"]),
        items={"a": "Datageletterdheid", "b": "Moed $100"},
        groups={"self": "Zelf", "team": "Teams"},
        level_label="Niveau",
    )
    assert table.startswith("<svg")
    assert "style=" not in table
    assert "<style" not in table
    assert "Datageletterdheid" in table
    assert "Zelf" in table
    assert short_period(PERIODS[2]) in table
