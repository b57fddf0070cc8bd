"""Comparisons, before/after, crosstab and correlation on the case page, in Dutch, with
n, effect sizes, suppressed cells, a scatter chart, and clear errors that save nothing."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile

from casestudies import services
from casestudies.models import Analysis, Dataset, DatasetStatus
from tests.capacity.conftest import case_for, publish
from tests.conftest import Demo, client_for

# Invented pupils: klas, geslacht, voor, na, doorstroom, naam-code.
ROWS = ["klas;geslacht;voor;na;doorstroom;code"] + [
    f"{'AB'[i % 2]};{'MV'[i % 3 == 0]};{5 + i % 4},5;{6 + i % 5},{i % 10};"
    f"{'zitten' if i % 7 == 0 else 'over'};k{i}"
    for i in range(40)
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(demo: Demo):
    dataset = Dataset(
        school=demo.school1,
        token="s" * 32,
        title="cijfers",
        original_name="c.csv",
        status=DatasetStatus.ACCEPTED,
        delimiter=";",
    )
    dataset.anonymised_file.save("a.csv", ContentFile("\n".join(ROWS).encode()), save=False)
    dataset.save()
    case = case_for(demo.team1, demo.teacher1)
    services.add_data_source(case=case, kind="exam_results", description="Cijfers", dataset=dataset)
    return case


def analyse(client, case, **fields):
    data = {"action": "analysis", "ana-data_source": case.data_sources.get().pk}
    data |= {f"ana-{name}": value for name, value in fields.items()}
    return client.post(f"/casussen/{case.pk}/?stap=3", data, follow=True)


def test_groups_compared_with_n_and_cohens_d_in_dutch(demo: Demo, case):
    client = client_for(demo.teacher1)
    page = analyse(
        client, case, title="Na per klas", statistic="compare", group_by=["klas"], measure="na"
    ).text
    analysis = Analysis.objects.get(case=case)
    groups = analysis.table["groups"]
    assert [(g["label"], g["n"]) for g in groups] == [("A", 20), ("B", 20)]
    d = analysis.table["effects"][0]["value"]
    assert f"{d:.2f}".replace(".", ",") in page
    assert "Cohens d" in page
    assert f"{groups[0]['value']:.2f}".replace(".", ",") in page
    assert not re.search(
        r"\b\d+\.\d\d\b", page.split('<article class="analysis">', 1)[1].split("</article>", 1)[0]
    )


def test_before_after_in_percentage_points_and_a_crosstab_with_hidden_cells(demo: Demo, case):
    client = client_for(demo.teacher1)
    analyse(client, case, title="Voor en na", statistic="before_after", measure="voor", second="na")
    before_after = Analysis.objects.get(title="Voor en na").table
    assert [g["n"] for g in before_after["groups"]] == [40, 40]
    page = analyse(
        client,
        case,
        title="Doorstroom per geslacht",
        statistic="crosstab",
        group_by=["geslacht", "doorstroom"],
    ).text
    crosstab = Analysis.objects.get(title="Doorstroom per geslacht").table
    counts = [cell["count"] for row in crosstab["rows"] for cell in row["cells"]]
    assert "<10" in counts
    assert "x" in counts
    assert "&lt;10" in page
    assert "Cellen met minder dan 10 leerlingen" in page


def test_a_correlation_has_r_n_and_a_scatter_chart(demo: Demo, case):
    page = analyse(
        client_for(demo.teacher1),
        case,
        title="Voor tegen na",
        statistic="correlation",
        measure="voor",
        second="na",
    ).text
    result = Analysis.objects.get(case=case).table
    r = f"{result['r']:.2f}".replace(".", ",")
    assert f"r = {r}, n = 40" in page  # in the chart
    assert f"<strong>{r}</strong>, n = 40" in page
    chart = page.split('aria-label="Voor tegen na"', 1)[1].split("</figure>", 1)[0]
    assert chart.count("<use ") >= 40 or chart.count("<path") >= 40
    assert 'width="576pt"' in chart  # 8 inches: legible at 800 px


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"statistic": "compare", "group_by": ["klas"], "measure": "code"},
            "Kolom “code” bevat geen getallen",
        ),
        (
            {"statistic": "mean", "group_by": ["klas"], "measure": "doorstroom"},
            "Kolom “doorstroom” bevat geen getallen",
        ),
        (
            {"statistic": "compare", "group_by": ["klas", "geslacht"], "measure": "na"},
            "Kies precies 1 kolom(men) bij “Per”.",
        ),
        (
            {"statistic": "correlation", "measure": "voor", "second": "voor"},
            "Kies twee verschillende kolommen.",
        ),
    ],
)
def test_bad_input_is_explained_in_dutch_and_nothing_is_saved(demo: Demo, case, fields, message):
    page = analyse(client_for(demo.teacher1), case, title="Fout", **fields).text
    assert message in page
    assert not Analysis.objects.filter(case=case).exists()


def test_one_group_or_no_data_is_refused(demo: Demo, case):
    dataset = case.data_sources.get().dataset
    one_group = [ROWS[0]] + [row for row in ROWS[1:] if row.startswith("A;")]
    dataset.anonymised_file.save("b.csv", ContentFile("\n".join(one_group).encode()))
    client = client_for(demo.teacher1)
    page = analyse(client, case, title="x", statistic="compare", group_by=["klas"], measure="na")
    assert "Kolom “klas” heeft maar één groep (“A”)" in page.text
    dataset.anonymised_file.save("c.csv", ContentFile(ROWS[0].encode()))
    page = analyse(client, case, title="x", statistic="compare", group_by=["klas"], measure="na")
    assert "Kolom “na” heeft geen waarden om te vergelijken." in page.text
    assert not Analysis.objects.filter(case=case).exists()


def test_someone_outside_the_team_cannot_add_an_analysis(demo: Demo, case):
    response = analyse(
        client_for(demo.outsider),
        case,
        title="x",
        statistic="compare",
        group_by=["klas"],
        measure="na",
    )
    assert response.status_code == 404
    assert not Analysis.objects.filter(case=case).exists()


def test_the_publication_shows_the_partner_version_of_a_comparison(demo: Demo, case):
    analyse(
        client_for(demo.teacher1),
        case,
        title="Na per klas",
        statistic="compare",
        group_by=["klas"],
        measure="na",
    )
    analyse(
        client_for(demo.teacher1),
        case,
        title="Voor tegen na",
        statistic="correlation",
        measure="voor",
        second="na",
    )
    publication = publish(case, demo.leader1, [demo.network_a])
    snapshot = client_for(demo.teacher2).get(f"/publicaties/{publication.pk}/").text
    d = Analysis.objects.get(title="Na per klas").table["effects"][0]["value"]
    assert f"Cohens d = <strong>{d:.2f}</strong>".replace(".", ",") in snapshot
    assert "Pearsons r" in snapshot
    assert "<svg" not in snapshot.split('class="analysis"', 1)[1]  # no pupil's dot
