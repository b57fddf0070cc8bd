"""Periods a person can type that no dashboard can show: the far past, the far future.
Each is refused in the person's language with the dates that can be chosen; none is a
server error (pandas counts time only between 1677 and 2262, and these once reached it)."""

from __future__ import annotations

import pytest

from tests.conftest import Demo, client_for

EXTREMES = [
    {"van": "0001-01-01"},
    {"tot": "9999-12-31"},
    {"van": "1999-12-31", "tot": "2025-01-01"},
    {"van": "2025-12-31", "tot": "9999-12-31"},
]
BOUNDS_NL = "Kies een datum tussen 1 januari 2000 en 31 december 2099."


@pytest.mark.parametrize("query", EXTREMES)
@pytest.mark.parametrize(
    "address", ["/api/networks/{network}/dashboard/", "/api/networks/{network}/dashboard/export/"]
)
def test_the_api_refuses_a_period_outside_the_bounds(demo: Demo, address: str, query):
    url = address.format(network=demo.network_a.pk)
    response = client_for(demo.coordinator).get(url, query, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert BOUNDS_NL in str(response.json())


@pytest.mark.parametrize("query", EXTREMES)
@pytest.mark.parametrize(
    ("address", "person"),
    [
        ("/netwerken/{network}/dashboard/", "coordinator"),
        ("/scholen/{school}/dashboard/", "leader1"),
        ("/netwerken/{network}/bijdragen/", "coordinator"),
    ],
)
def test_a_page_shows_the_bounds_and_the_default_period(
    demo: Demo, address: str, person: str, query
):
    url = address.format(network=demo.network_a.pk, school=demo.school1.pk)
    response = client_for(getattr(demo, person)).get(url, query)
    assert response.status_code == 200
    assert BOUNDS_NL in response.content.decode()


def test_the_school_api_and_downloads_never_fail_on_an_extreme_period(demo: Demo):
    client = client_for(demo.coordinator)
    network = demo.network_a.pk
    for query in EXTREMES:
        school = client_for(demo.leader1).get(f"/api/schools/{demo.school1.pk}/dashboard/", query)
        assert school.status_code == 400
        download = client.get(
            f"/netwerken/{network}/dashboard/export.csv", {**query, "tabel": "attendance"}
        )
        assert download.status_code == 200  # the default period, as the page shows
