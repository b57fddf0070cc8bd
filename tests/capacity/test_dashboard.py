"""The network dashboard: counts shown as they are, no school-private data, schools shown
as partners see them, filters, and a query count that does not grow with the network."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from capacity.dashboard import network_dashboard
from capacity.models import Contribution
from capacity.periods import Filters
from discussions import services as room_services
from netwerk.models import LearningNetwork, NetworkMembership
from schools import services as school_services
from schools.models import School
from tests.capacity.conftest import NEW_CYCLE, case_for, evaluate, proposal_by, publish
from tests.conftest import Demo, client_for

TODAY = timezone.localdate()
PERIOD = Filters(start=datetime.date(2025, 8, 1), end=TODAY)


def add(network, school, category: str, on: datetime.date, times: int, **extra) -> None:
    Contribution.objects.bulk_create(
        Contribution(
            network=network,
            school=school,
            category=category,
            rule="manual",
            occurred_on=on,
            **extra,
        )
        for _ in range(times)
    )


def figure_values(table) -> dict[object, object]:
    return {row[0]: row[1] for row in table.rows}


def cell(dashboard, key: str, row_label: str, column: str) -> object:
    table = dashboard.table(key)
    row = next(row for row in table.rows if row[0] == row_label)
    return row[table.columns.index(column)]


def test_counts_of_contributions_are_shown_as_they_are_even_when_small(demo: Demo):
    october, november = datetime.date(2025, 10, 6), datetime.date(2025, 11, 6)
    add(demo.network_a, demo.school1, "knowledge", october, 3)
    add(demo.network_a, demo.school1, "motivation", october, 12)
    add(demo.network_a, demo.school2, "knowledge", november, 9)
    add(demo.network_a, demo.school2, "motivation", november, 8)

    dashboard = network_dashboard(demo.network_a, PERIOD, with_charts=False)
    knowledge, motivation = "Sharing knowledge", "Regulating motivation"
    assert cell(dashboard, "contributions_per_month", "2025-10", knowledge) == 3
    assert cell(dashboard, "contributions_per_month", "2025-10", motivation) == 12
    assert cell(dashboard, "contributions_per_month", "2025-11", knowledge) == 9
    assert cell(dashboard, "contributions_per_month", "Total", "Total") == 32
    cells = {str(value) for table in dashboard.tables for row in table.rows for value in row}
    assert not cells & {"<5", "x"}


def test_goal_figures_are_shown_for_a_small_network(demo: Demo):
    figures = network_dashboard(demo.network_a, PERIOD, with_charts=False).table("key_figures")
    assert "no cycle evaluated" in str(
        figure_values(figures)["Share of evaluated cycles that reached their goal (%)"]
    )
    evaluate(case_for(demo.team1, demo.teacher1, "Cyclus 1"), TODAY)
    evaluate(case_for(demo.team2, demo.teacher2, "Cyclus 2"), TODAY, "11")
    values = figure_values(
        network_dashboard(demo.network_a, PERIOD, with_charts=False).table("key_figures")
    )
    assert values["Cycles evaluated"] == 2
    assert values["Cycles that reached their goal"] == 1
    assert values["Share of evaluated cycles that reached their goal (%)"] == 50.0
    assert isinstance(values["Median cycle duration (days)"], float)


def test_cycles_per_step_counts_every_cycle_with_totals(demo: Demo):
    for number in range(2):
        case_for(demo.team1, demo.teacher1, f"Cyclus {number}")
    case_for(demo.team2, demo.teacher2, "Lezen")
    dashboard = network_dashboard(demo.network_a, PERIOD, with_charts=False)
    steps = dashboard.table("cycles_per_step")
    assert steps.rows[-1][0] == "Total"
    assert steps.rows[-1][-1] == 3
    assert steps.rows[0][-1] == 3  # all three at step 1
    assert sum(int(str(row[-1])) for row in steps.rows[1:-1]) == 0


def test_the_network_dashboard_never_shows_school_private_data(demo: Demo):
    private = case_for(demo.team1, demo.teacher1, "Geheime casus van het Baken")
    shared = case_for(demo.team2, demo.teacher2, "Lezen in groep 6")
    publish(shared, demo.user("leader2"), [demo.network_a], name_school=False)
    room = room_services.open_theme_room(network=demo.network_a, person=demo.coordinator, title="R")
    room_services.adopt_proposal(
        proposal=proposal_by(room, demo.teacher1),
        school_id=demo.school2.pk,
        person=demo.teacher2,
        new_cycle=NEW_CYCLE,
    )
    assert private.pk

    page = client_for(demo.teacher2).get(f"/netwerken/{demo.network_a.pk}/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    for secret in ("Geheime casus", "Het Baken College", "Basisschool De Regenboog"):
        assert secret not in html
    assert "een PO-school in Amersfoort" in html or "a PO school in Amersfoort" in html


def test_a_school_that_chose_to_be_named_is_named(demo: Demo):
    shared = case_for(demo.team2, demo.teacher2, "Lezen in groep 6")
    publish(shared, demo.user("leader2"), [demo.network_a], name_school=True)
    room = room_services.open_theme_room(network=demo.network_a, person=demo.coordinator, title="R")
    room_services.adopt_proposal(
        proposal=proposal_by(room, demo.teacher2),
        school_id=demo.school1.pk,
        person=demo.teacher1,
        new_cycle=NEW_CYCLE,
    )
    edges = network_dashboard(demo.network_a, PERIOD, with_charts=True).table("adoptions")
    assert edges.rows == [["Basisschool De Regenboog", "a VO school in Utrecht", 1]]
    assert "Regenboog" in edges.chart  # labels wrap over lines in the chart
    assert "<svg" in edges.chart
    assert "style=" not in edges.chart


def test_the_period_and_sector_filters_narrow_the_figures(demo: Demo):
    add(demo.network_a, demo.school1, "knowledge", datetime.date(2025, 9, 10), 6)
    add(demo.network_a, demo.school2, "knowledge", datetime.date(2025, 9, 10), 7)
    add(demo.network_a, demo.school1, "knowledge", datetime.date(2024, 9, 10), 20)

    def total(filters: Filters) -> object:
        return cell(
            network_dashboard(demo.network_a, filters, with_charts=False),
            "contributions_per_month",
            "Total",
            "Total",
        )

    assert total(PERIOD) == 13
    assert total(Filters(PERIOD.start, PERIOD.end, sector="vo")) == 6
    assert total(Filters(datetime.date(2024, 8, 1), PERIOD.end)) == 33
    page = client_for(demo.teacher1).get(
        f"/netwerken/{demo.network_a.pk}/dashboard/", {"schooljaar": "2024", "sector": "vo"}
    )
    assert page.context["dashboard"].filters == Filters(
        datetime.date(2024, 8, 1), datetime.date(2025, 7, 31), "vo"
    )


def grow(network: LearningNetwork, schools: int) -> None:
    existing = School.objects.count()
    for number in range(existing, existing + schools):
        school = school_services.create_school(
            name=f"School {number}",
            country="NL",
            sector="po",
            code=f"{10 + number % 90}X{chr(65 + number // 90)}",
            region="Zwolle",
        )
        NetworkMembership.objects.create(
            network=network, school=school, joined_on=datetime.date(2024, 9, 1)
        )
        add(
            network, school, "motivation", datetime.date(2025, 10, 1), 2, counterpart_school_id=None
        )
        Contribution.objects.create(
            network=network,
            school=school,
            counterpart_school=School.objects.first(),
            category="capacity",
            rule="solution_adopted",
            occurred_on=datetime.date(2025, 10, 2),
        )


def queries(network: LearningNetwork) -> int:
    with CaptureQueriesContext(connection) as captured:
        network_dashboard(network, PERIOD, with_charts=False)
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_number_of_schools(demo: Demo):
    grow(demo.network_a, 3)
    few = queries(demo.network_a)
    grow(demo.network_a, 30)
    assert queries(demo.network_a) == few
    assert few <= 14


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_a_non_member_gets_404_for_the_dashboard_and_its_exports(demo: Demo, who):
    client = client_for(demo.outsider if who == "outsider" else None)
    network = demo.network_a.pk
    for url in (
        f"/netwerken/{network}/dashboard/",
        f"/netwerken/{network}/dashboard/export.xlsx",
        f"/netwerken/{network}/dashboard/export.csv?tabel=key_figures",
    ):
        response = client.get(url)
        assert response.status_code == (404 if who == "outsider" else 302)
    api = client.get(f"/api/networks/{network}/dashboard/export/")
    assert api.status_code in ((404,) if who == "outsider" else (401, 403))
