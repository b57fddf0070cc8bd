"""The contributions and dashboard API."""

from __future__ import annotations

import datetime
import io

import openpyxl

from capacity.models import Contribution
from tests.conftest import Demo, client_for


def seed(demo: Demo) -> None:
    for network, school, category in (
        (demo.network_a, demo.school1, "knowledge"),
        (demo.network_a, demo.school2, "motivation"),
        (demo.network_b, demo.school5, "knowledge"),
    ):
        Contribution.objects.create(
            network=network,
            school=school,
            category=category,
            rule="manual",
            occurred_on=datetime.date(2025, 10, 1),
        )


def test_the_ledger_lists_only_the_persons_networks_and_filters(demo: Demo):
    seed(demo)
    client = client_for(demo.teacher1)
    everything = client.get("/api/contributions/").json()
    assert everything["count"] == 2
    knowledge = client.get("/api/contributions/", {"category": "knowledge"}).json()
    assert [row["school"] for row in knowledge["results"]] == [demo.school1.pk]
    later = client.get("/api/contributions/", {"occurred_after": "2025-10-02"}).json()
    assert later["count"] == 0
    assert client_for(demo.outsider).get("/api/contributions/").json()["count"] == 1


def test_the_dashboard_json_holds_every_table(demo: Demo):
    seed(demo)
    response = client_for(demo.teacher1).get(
        f"/api/networks/{demo.network_a.pk}/dashboard/", {"schooljaar": 2025}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["filters"]["start"] == "2025-08-01"
    assert [table["key"] for table in body["tables"]] == [
        "key_figures",
        "cycles_per_step",
        "cycles_over_time",
        "goals_reached",
        "contributions_per_month",
        "adoptions",
        "attendance",
        "motivation",
        "leadership",
        "coach_growth",
    ]
    months = body["tables"][4]
    assert months["rows"][2][0] == "2025-10"
    assert (
        client_for(demo.outsider).get(f"/api/networks/{demo.network_a.pk}/dashboard/").status_code
        == 404
    )


def test_bad_filters_are_a_400(demo: Demo):
    response = client_for(demo.teacher1).get(
        f"/api/networks/{demo.network_a.pk}/dashboard/", {"van": "2025-10-01", "tot": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "tot" in response.json()


def test_the_export_endpoints_give_files(demo: Demo):
    client = client_for(demo.teacher1)
    xlsx = client.get(f"/api/networks/{demo.network_a.pk}/dashboard/export/", {"type": "xlsx"})
    assert xlsx.status_code == 200
    assert len(openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames) == 10
    csv = client.get(
        f"/api/networks/{demo.network_a.pk}/dashboard/export/",
        {"type": "csv", "table": "key_figures"},
    )
    assert csv.status_code == 200
    assert csv.content.startswith(b"\xef\xbb\xbf")
    school = client.get(f"/api/schools/{demo.school1.pk}/dashboard/")
    assert school.status_code == 200
    assert (
        client_for(demo.teacher2).get(f"/api/schools/{demo.school1.pk}/dashboard/").status_code
        == 404
    )


def test_the_schema_lists_the_new_endpoints(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()[
        "paths"
    ]
    for path in (
        "/api/contributions/",
        "/api/networks/{id}/dashboard/",
        "/api/networks/{id}/dashboard/export/",
        "/api/schools/{id}/dashboard/",
    ):
        assert path in paths
