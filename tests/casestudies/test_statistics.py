"""The statistics a data coach expects, against values worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from casestudies.analysis import AnalysisError
from casestudies.statistics import (
    cohens_d,
    compare_before_after,
    compare_groups,
    correlation,
    crosstab,
    for_partners,
    mean_sd,
    pearson_r,
)


def test_mean_and_sample_standard_deviation():
    mean, sd = mean_sd([2, 4, 4, 4, 5, 5, 7, 9])
    assert mean == 5
    assert sd == pytest.approx(math.sqrt(32 / 7))
    assert mean_sd([3.0]) == (3.0, None)


def test_cohens_d_uses_the_pooled_standard_deviation():
    # Means 3 and 5, both with variance 2.5: d = 2 / sqrt(2.5).
    assert cohens_d([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]) == pytest.approx(1.264911, abs=1e-6)
    # Unequal sizes: variances 1 (n=3) and 10 (n=5), pooled (2*1 + 4*10) / 6 = 7.
    assert cohens_d([1, 2, 3], [3, 5, 7, 9, 11]) == pytest.approx((7 - 2) / math.sqrt(7))
    assert cohens_d([4, 4], [4, 4]) is None
    assert cohens_d([1], [2, 3]) is None


def test_pearson_r_of_known_pairs():
    assert pearson_r([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]) == pytest.approx(0.774597, abs=1e-6)
    assert pearson_r([1, 2, 3], [6, 4, 2]) == pytest.approx(-1.0)
    assert pearson_r([1, 1, 1], [1, 2, 3]) is None


def frame(**columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns, dtype=str)


def test_groups_compared_with_n_and_cohens_d_against_the_first_group():
    data = frame(
        klas=["A"] * 5 + ["B"] * 5, cijfer=["1", "2", "3", "4", "5", "3", "4", "5", "6", "7"]
    )
    result = compare_groups(data, group="klas", measure="cijfer")
    assert [(g["label"], g["n"], g["value"]) for g in result["groups"]] == [
        ("A", 5, 3.0),
        ("B", 5, 5.0),
    ]
    assert result["effects"][0]["value"] == pytest.approx(1.264911, abs=1e-6)
    assert result["groups"][0]["small"] is True


def test_proportions_compared_in_percentage_points():
    data = frame(
        geslacht=["M"] * 10 + ["V"] * 10,
        doorstroom=["zitten"] * 4 + ["over"] * 6 + ["zitten"] * 1 + ["over"] * 8 + [""],
    )
    result = compare_groups(data, group="geslacht", measure="doorstroom", condition="Zitten")
    assert [(g["n"], round(g["value"], 4)) for g in result["groups"]] == [(10, 40.0), (9, 11.1111)]
    assert result["effect"] == "pp"
    assert result["effects"][0]["value"] == pytest.approx(100 / 9 - 40)


def test_before_and_after_counts_only_pupils_with_both():
    data = frame(voor=["5,5", "6", "7", "", "8"], na=["6,5", "7", "8", "9", ""])
    result = compare_before_after(data, before="voor", after="na")
    assert [g["n"] for g in result["groups"]] == [3, 3]
    assert result["groups"][0]["value"] == pytest.approx(6.1666667)
    assert result["groups"][1]["value"] == pytest.approx(7.1666667)
    assert result["effects"][0]["value"] == pytest.approx(cohens_d([5.5, 6, 7], [6.5, 7, 8]))


def test_bad_input_is_refused_with_a_code_and_the_column():
    data = frame(klas=["A", "A", "B"], naam=["x", "y", "z"], cijfer=["6", "7", "8"])
    with pytest.raises(AnalysisError) as not_numeric:
        compare_groups(data, group="klas", measure="naam")
    assert (not_numeric.value.code, not_numeric.value.params["column"]) == ("not_numeric", "naam")
    with pytest.raises(AnalysisError) as one_group:
        compare_groups(data[data.klas == "A"], group="klas", measure="cijfer")
    assert (one_group.value.code, one_group.value.params["group"]) == ("one_group", "A")
    with pytest.raises(AnalysisError) as empty:
        compare_groups(data.iloc[0:0], group="klas", measure="cijfer")
    assert empty.value.code == "no_data"
    with pytest.raises(AnalysisError) as empty_crosstab:
        crosstab(data.iloc[0:0], rows="klas", columns="cijfer")
    assert empty_crosstab.value.code == "no_data"
    with pytest.raises(AnalysisError) as few:
        correlation(data.iloc[0:2], x="cijfer", y="cijfer")
    assert few.value.code == "same_column"


def test_a_crosstab_hides_cells_under_ten_and_protects_them_through_the_totals():
    rows = (
        [("3", "over")] * 30 + [("3", "zitten")] * 4 + [("4", "over")] * 25 + [("4", "zitten")] * 12
    )
    data = frame(leerjaar=[r[0] for r in rows], doorstroom=[r[1] for r in rows])
    result = crosstab(data, rows="leerjaar", columns="doorstroom")
    assert result["columns"] == ["over", "zitten"]
    cells = {row["label"]: row["cells"] for row in result["rows"]}
    # 4 is under 10: hidden; its row total would give it away, so 30 goes too, and then
    # the columns would give both away, so year 4's cells are hidden as well.
    assert [c["count"] for c in cells["3"]] == ["x", "<10"]
    assert [c["count"] for c in cells["4"]] == ["x", "x"]
    assert all(c["percentage"] is None for c in cells["3"] + cells["4"])
    assert [row["total"] for row in result["rows"]] == [34, 37]
    assert result["column_totals"] == [55, 16]


def test_a_crosstab_gives_row_percentages_of_shown_cells():
    rows = [("A", "ja")] * 30 + [("A", "nee")] * 10 + [("B", "ja")] * 20 + [("B", "nee")] * 20
    data = frame(klas=[r[0] for r in rows], antwoord=[r[1] for r in rows])
    result = crosstab(data, rows="klas", columns="antwoord")
    first = result["rows"][0]
    assert [(c["count"], c["percentage"]) for c in first["cells"]] == [("30", 75.0), ("10", 25.0)]


def test_correlation_with_n_and_partners_without_points_or_small_r():
    data = frame(x=["1", "2", "3", "4", "5", ""], y=["2", "4", "5", "4", "5", "3"])
    result = correlation(data, x="x", y="y")
    assert (result["n"], round(result["r"], 6)) == (5, 0.774597)
    assert len(result["points"]) == 5
    partner = for_partners(result)
    assert (partner["r"], partner["points"]) == (None, [])


def test_partners_get_no_statistic_over_fewer_than_ten_pupils():
    data = frame(klas=["A"] * 12 + ["B"] * 3, cijfer=[str(6 + i % 3) for i in range(15)])
    partner = for_partners(compare_groups(data, group="klas", measure="cijfer"))
    assert partner["groups"][0]["value"] is not None
    assert (partner["groups"][1]["value"], partner["groups"][1]["n"]) == (None, 3)
    assert partner["effects"][0]["value"] is None
