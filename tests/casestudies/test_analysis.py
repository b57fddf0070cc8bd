from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.analysis import (
    AnalysisError,
    AnalysisRow,
    AnalysisTable,
    analyse,
    for_partners,
)
from casestudies.charts import bar_chart_svg

# Invented pupils; klas 3B is small on purpose.
PUPILS = [
    # klas, leerjaar, niveau, geslacht, cijfer, doorstroom
    *[("3A", "3", "havo", "V", "6,5", "bevorderd")] * 6,
    *[("3A", "3", "havo", "M", "5,5", "zittenblijver")] * 3,
    *[("3A", "3", "havo", "M", "", "bevorderd")] * 3,
    *[("3B", "3", "vwo", "V", "8", "bevorderd")] * 3,
    ("3B", "3", "vwo", "M", "7.5", "zittenblijver"),
    *[("4A", "4", "havo", "V", "7,0", "bevorderd")] * 10,
    *[("4A", "4", "havo", "M", "6,0", "Zittenblijver ")] * 2,
]


def pupils() -> pd.DataFrame:
    columns = ["klas", "leerjaar", "niveau", "geslacht", "cijfer", "doorstroom"]
    return pd.DataFrame(PUPILS, columns=columns, dtype=str)


def rows_by_group(table: AnalysisTable) -> dict[tuple[str, ...], AnalysisRow]:
    return {row.groups: row for row in table.rows}


def test_it_counts_pupils_per_group_with_a_total():
    table = analyse(pupils(), group_by=["klas"], statistic="count")
    assert [(row.groups, row.n, row.value) for row in table.rows] == [
        (("3A",), 12, 12.0),
        (("3B",), 4, 4.0),
        (("4A",), 12, 12.0),
    ]
    assert (table.total.groups, table.total.n) == ((), 28)


def test_it_groups_by_several_columns():
    table = analyse(pupils(), group_by=["leerjaar", "geslacht"], statistic="count")
    assert {row.groups: row.n for row in table.rows} == {
        ("3", "M"): 7,
        ("3", "V"): 9,
        ("4", "M"): 2,
        ("4", "V"): 10,
    }


def test_it_sorts_groups_as_people_read_them():
    frame = pd.DataFrame({"klas": ["10", "9", "2", "10"]}, dtype=str)
    table = analyse(frame, group_by=["klas"], statistic="count")
    assert [row.groups for row in table.rows] == [("2",), ("9",), ("10",)]


def test_it_averages_a_measure_written_with_a_decimal_comma_and_ignores_missing_cells():
    table = analyse(pupils(), group_by=["klas"], statistic="mean", measure="cijfer")
    groups = rows_by_group(table)
    assert groups[("3A",)].n == 9  # three pupils have no grade
    assert groups[("3A",)].value == pytest.approx((6 * 6.5 + 3 * 5.5) / 9)
    assert groups[("3B",)].value == pytest.approx((3 * 8 + 7.5) / 4)
    assert table.total.n == 25


def test_it_reads_dutch_thousands_and_plain_decimal_points():
    frame = pd.DataFrame({"g": ["a"] * 4, "uren": ["1.234,5", "1,5", "2.5", " 3 "]}, dtype=str)
    table = analyse(frame, group_by=["g"], statistic="mean", measure="uren")
    assert table.total.value == pytest.approx((1234.5 + 1.5 + 2.5 + 3) / 4)


def test_a_group_without_any_value_has_no_mean():
    frame = pd.DataFrame({"g": ["a", "b"], "cijfer": ["7", ""]}, dtype=str)
    groups = rows_by_group(analyse(frame, group_by=["g"], statistic="mean", measure="cijfer"))
    assert (groups[("b",)].n, groups[("b",)].value) == (0, None)


def test_it_gives_the_share_of_pupils_that_meet_the_condition():
    table = analyse(
        pupils(),
        group_by=["klas"],
        statistic="percentage",
        measure="doorstroom",
        condition="zittenblijver",
    )
    groups = rows_by_group(table)
    assert groups[("3A",)].n == 12
    assert groups[("3A",)].value == pytest.approx(25.0)
    # Case and stray spaces in the export do not hide a repeater.
    assert groups[("4A",)].value == pytest.approx(100 * 2 / 12)
    assert table.total.value == pytest.approx(100 * 6 / 28)


def test_every_row_carries_its_n_and_small_groups_are_flagged():
    table = analyse(pupils(), group_by=["klas"], statistic="mean", measure="cijfer")
    assert all(isinstance(row.n, int) for row in [*table.rows, table.total])
    assert {row.groups: row.small for row in table.rows} == {
        ("3A",): True,  # 9 grades
        ("3B",): True,
        ("4A",): False,
    }
    assert not analyse(pupils(), group_by=["klas"], statistic="count", small_group=4).rows[1].small


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"group_by": ["mentor"], "statistic": "count"}, "Column 'mentor'"),
        ({"group_by": ["klas"], "statistic": "mean", "measure": "lengte"}, "Column 'lengte'"),
        ({"group_by": ["klas"], "statistic": "mean", "measure": "niveau"}, "'niveau' is not"),
        ({"group_by": ["klas"], "statistic": "percentage", "measure": "doorstroom"}, "doorstroom"),
        ({"group_by": ["klas"], "statistic": "mean"}, "column to measure"),
        ({"group_by": [], "statistic": "count"}, "group by"),
        ({"group_by": ["klas"], "statistic": "median"}, "median"),
    ],
)
def test_it_refuses_an_analysis_it_cannot_run_and_names_the_column(arguments, message):
    with pytest.raises(AnalysisError, match=message):
        analyse(pupils(), **arguments)


def test_analysis_errors_are_value_errors():
    assert issubclass(AnalysisError, ValueError)


def test_a_table_survives_a_round_trip_through_json():
    table = analyse(
        pupils(),
        group_by=["klas", "geslacht"],
        statistic="percentage",
        measure="doorstroom",
        condition="zittenblijver",
    )
    assert AnalysisTable.from_dict(json.loads(json.dumps(table.to_dict()))) == table


def test_a_damaged_stored_table_gives_an_analysis_error():
    with pytest.raises(AnalysisError, match="cannot be read"):
        AnalysisTable.from_dict({"group_by": ["klas"], "statistic": "count"})


# --- What partners see ----------------------------------------------------------------


def count_table(counts: list[int]) -> AnalysisTable:
    rows = [AnalysisRow((f"klas {i}",), n, float(n), n < 10) for i, n in enumerate(counts)]
    total = sum(counts)
    return AnalysisTable(
        ("klas",), "count", None, None, rows, AnalysisRow((), total, float(total), False)
    )


def test_partners_see_small_counts_as_below_ten_and_one_more_hidden_to_protect_it():
    published = for_partners(count_table([3, 12, 15, 20]))
    assert [row["n"] for row in published["rows"]] == ["<10", "x", 15, 20]
    assert [row["reason"] for row in published["rows"]] == [
        "too few pupils",
        "protects a small group",
        None,
        None,
    ]
    assert published["total"]["n"] == 50


def test_counts_of_five_to_nine_pupils_are_hidden_too():
    published = for_partners(count_table([5, 9, 12, 30]))
    assert [row["n"] for row in published["rows"]] == ["<10", "<10", 12, 30]
    assert json.loads(json.dumps(published)) == published


def test_partners_see_no_mean_or_percentage_over_fewer_than_ten_pupils():
    table = analyse(pupils(), group_by=["klas"], statistic="mean", measure="cijfer")
    rows = {tuple(row["groups"]): row for row in for_partners(table)["rows"]}
    assert rows[("3A",)]["value"] is None
    assert rows[("3A",)]["reason"] == "too few pupils"
    assert rows[("4A",)]["value"] == pytest.approx((10 * 7 + 2 * 6) / 12, abs=0.01)


def test_a_lone_withheld_percentage_takes_the_next_smallest_group_with_it():
    # Otherwise the total and 3A/4A would give back how many of 3B's four pupils repeat.
    table = analyse(
        pupils(),
        group_by=["klas"],
        statistic="percentage",
        measure="doorstroom",
        condition="zittenblijver",
    )
    rows = {tuple(row["groups"]): row for row in for_partners(table)["rows"]}
    assert rows[("3B",)]["reason"] == "too few pupils"
    assert rows[("3A",)]["value"] is None
    assert rows[("3A",)]["reason"] == "protects a small group"
    assert rows[("4A",)]["value"] is not None


def test_a_table_of_very_few_pupils_is_published_without_its_groups():
    # Nine groups of at least one pupil and a total below ten: each group has one pupil.
    published = for_partners(count_table([1] * 9))
    assert published["rows"] == []
    assert published["total"]["n"] == "<10"


def known_range(label: int | str, *, floor: int, ceiling: int) -> range:
    """What a reader can tell of a published count."""
    if isinstance(label, int):
        return range(label, label + 1)
    return range(floor, 10) if label == "<10" else range(10, ceiling + 1)


def possible_values(ranges: list[range], total: range, index: int) -> set[int]:
    """Values of cell `index` that fit the published cells and total (by subset sums)."""
    sums = {0}
    for other, values in enumerate(ranges):
        if other != index:
            sums = {s + v for s in sums for v in values if s + v <= total.stop}
    return {v for v in ranges[index] if any(v + s in total for s in sums)}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=25), min_size=1, max_size=6))
def test_no_hidden_count_can_be_worked_out_from_the_total(counts):
    published = for_partners(count_table(counts))
    ceiling = sum(counts) + 10
    labels = [row["n"] for row in published["rows"]]
    total = known_range(published["total"]["n"], floor=0, ceiling=ceiling)
    ranges = [known_range(label, floor=1, ceiling=ceiling) for label in labels]
    for index, label in enumerate(labels):
        assert counts[index] >= 10 or label == "<10"
        if not isinstance(label, int):
            assert len(possible_values(ranges, total, index)) > 1, (counts, labels)
    if not labels:
        assert sum(counts) < 10


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=25), st.integers(min_value=0, max_value=25)),
        min_size=1,
        max_size=6,
    )
)
def test_no_withheld_percentage_can_be_worked_out_from_the_total(groups):
    groups = [(n, min(hits, n)) for n, hits in groups]
    rows = [AnalysisRow((f"{i}",), n, 100 * hits / n, n < 10) for i, (n, hits) in enumerate(groups)]
    n_total, hits_total = sum(n for n, _ in groups), sum(hits for _, hits in groups)
    total = AnalysisRow((), n_total, 100 * hits_total / n_total, False)
    published = for_partners(AnalysisTable(("klas",), "percentage", "d", "z", rows, total))
    if published["total"]["value"] is None:
        return
    # A reader who knows every n can count the shown groups' hits exactly.
    held = [i for i, row in enumerate(published["rows"]) if row["value"] is None]
    assert all(groups[i][0] >= 10 for i in range(len(groups)) if i not in held)
    if held:
        hidden_hits = hits_total - sum(hits for i, (_, hits) in enumerate(groups) if i not in held)
        assert len(held) >= 2
        assert 0 < hidden_hits < sum(groups[i][0] for i in held)


# --- Charts ---------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def chart(**options):
    table = analyse(
        pupils(),
        group_by=["klas"],
        statistic="percentage",
        measure="doorstroom",
        condition="zittenblijver",
    )
    return bar_chart_svg(table, title="Zittenblijvers per klas", value_label="%", **options)


def test_the_chart_is_an_svg_element_with_its_title_and_n_per_bar():
    svg = chart()
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = " ".join("".join(element.itertext()) for element in root.iter())
    assert "Zittenblijvers per klas" in text
    assert {"n=12", "n=4"} <= set(text.split())
    assert svg.startswith("<svg")


def test_the_chart_references_nothing_outside_itself():
    svg = chart()
    assert "<script" not in svg
    # The page's Content-Security-Policy allows no inline style.
    assert "<style" not in svg
    assert "style=" not in svg
    links = [link for link in svg.split('"') if link.startswith("http")]
    assert links == ["http://www.w3.org/2000/svg"]
    for element in parse(svg).iter():
        assert all(value.startswith("#") for key, value in element.attrib.items() if "href" in key)


def test_the_chart_is_the_same_every_time():
    assert chart() == chart()


def test_the_chart_keeps_dollar_signs_in_user_text_as_text():
    table = count_table([12, 3])
    svg = bar_chart_svg(table, title="Kosten in $ per klas", value_label="$")
    assert "Kosten in $ per klas" in "".join(parse(svg).itertext())


def test_the_chart_draws_a_mean_with_an_empty_group():
    frame = pd.DataFrame({"g": ["a", "b"], "cijfer": ["7", ""]}, dtype=str)
    table = analyse(frame, group_by=["g"], statistic="mean", measure="cijfer")
    assert not math.isnan(table.total.value or 0)
    parse(bar_chart_svg(table, title="Cijfers", value_label="cijfer"))


@pytest.mark.parametrize("groups", [2, 30])
def test_a_chart_is_legible_on_a_projector_and_writes_a_decimal_comma(groups: int):
    from tests.capacity.test_trends import font_pixels_at

    frame = pd.DataFrame(
        {
            "klas": [f"K{i % groups:02d}" for i in range(groups * 12)],
            "cijfer": ["6,25"] * (groups * 12),
        }
    )
    table = analyse(frame, group_by=["klas"], statistic="mean", measure="cijfer")
    svg = bar_chart_svg(table, title="Cijfers", value_label="Gemiddelde", decimal=",")
    assert min(font_pixels_at(svg, 800)) >= 12
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert "6,2" in texts
    assert "6.2" not in texts
