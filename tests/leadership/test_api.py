"""Leadership reflection API: ratings, opening, comparison, discussion, essentials, trends."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from leadership.blocks import BUILDING_BLOCKS
from netwerk.periods import period_of
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

NOW = period_of(timezone.localdate()).code


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def ratings(level: int = 3, **overrides: int) -> dict[str, object]:
    return {
        "ratings": [
            {"block": b.code, "level": overrides.get(b.code, level)} for b in BUILDING_BLOCKS
        ]
    }


def test_the_building_blocks_come_with_reflection_questions(demo: Demo):
    blocks = api(demo.teacher1).get("/api/leadership-blocks/").json()
    assert [b["code"] for b in blocks] == [
        "vision",
        "support",
        "role_model",
        "climate",
        "communication",
    ]
    assert all(len(b["questions"]) >= 2 for b in blocks)


def test_a_period_is_rated_separately_then_opened_and_compared(demo: Demo):
    base = f"/api/schools/{demo.school1.pk}/leadership/{NOW}/"
    rated = api(demo.teacher1).post(f"{base}ratings/", ratings(2), format="json")
    assert rated.status_code == 201
    assert rated.json()["my_group"] == "team"
    assert rated.json()["comparison"] is None
    api(demo.leader1).post(f"{base}ratings/", ratings(4), format="json")
    state = api(demo.teacher1).get(base).json()
    assert state["respondents"] == {"leaders": 1, "team": 1}
    assert state["comparison"] is None
    assert api(demo.teacher1).post(f"{base}open/").status_code == 404
    opened = api(demo.leader1).post(f"{base}open/").json()
    assert opened["is_open"] is True
    vision = opened["comparison"][0]
    assert (vision["block"], vision["leaders"], vision["team"], vision["difference"]) == (
        "vision",
        4.0,
        2.0,
        2.0,
    )
    frozen = api(demo.teacher1).post(f"{base}ratings/", ratings(1), format="json")
    assert frozen.status_code == 400


def test_bad_ratings_get_field_errors(demo: Demo):
    base = f"/api/schools/{demo.school1.pk}/leadership/{NOW}/"
    out_of_range = api(demo.teacher1).post(f"{base}ratings/", ratings(3, climate=5), format="json")
    assert out_of_range.status_code == 400
    assert "level_climate" in out_of_range.json()
    incomplete = api(demo.teacher1).post(
        f"{base}ratings/", {"ratings": [{"block": "vision", "level": 2}]}, format="json"
    )
    assert incomplete.status_code == 400
    assert "level_support" in incomplete.json()


@pytest.mark.parametrize("who", ["outsider", "teacher2", "coordinator", "internal_coach"])
def test_people_outside_the_school_get_404(demo: Demo, who: str):
    client = api(getattr(demo, who))
    base = f"/api/schools/{demo.school1.pk}/leadership/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}{NOW}/ratings/", ratings(), format="json").status_code == 404


def test_the_coach_reads_but_does_not_rate(demo: Demo):
    base = f"/api/schools/{demo.school1.pk}/leadership/"
    assert api(demo.coach).get(base).status_code == 200
    assert (
        api(demo.coach).post(f"{base}{NOW}/ratings/", ratings(), format="json").status_code == 404
    )


def test_discussion_essentials_and_trends(demo: Demo):
    base = f"/api/schools/{demo.school1.pk}/leadership/"
    api(demo.teacher1).post(f"{base}{NOW}/ratings/", ratings(2), format="json")
    api(demo.leader1).post(f"{base}{NOW}/ratings/", ratings(3), format="json")
    leader = api(demo.leader1)
    early = leader.post(f"{base}{NOW}/discussion/", {"discussion_notes": "x"}, format="json")
    assert early.status_code == 400
    assert api(demo.leader1).get(f"{base}trends/").json() == []
    leader.post(f"{base}{NOW}/open/")
    discussed = leader.post(
        f"{base}{NOW}/discussion/", {"discussion_notes": "Besproken"}, format="json"
    )
    assert discussed.json()["discussion_notes"] == "Besproken"
    checked = leader.post(
        f"{base}{NOW}/essentials/", {"in_place": ["developing_people"]}, format="json"
    ).json()
    assert [e["essential"] for e in checked["essentials"] if e["in_place"]] == ["developing_people"]
    bad = leader.post(f"{base}{NOW}/essentials/", {"in_place": ["nonsense"]}, format="json")
    assert bad.status_code == 400
    trends = api(demo.coach).get(f"{base}trends/").json()
    assert {(t["block"], t["leaders_mean"], t["team_mean"]) for t in trends} == {
        (b.code, 3.0, 2.0) for b in BUILDING_BLOCKS
    }


def test_a_future_period_is_not_found(demo: Demo):
    url = f"/api/schools/{demo.school1.pk}/leadership/2099-2100-1/"
    assert api(demo.leader1).get(url).status_code == 404


def test_the_schema_lists_the_new_endpoints(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()[
        "paths"
    ]
    for path in (
        "/api/competencies/",
        "/api/coach-profiles/{id}/self-assessments/",
        "/api/coach-profiles/{id}/feedback/",
        "/api/schools/{school_pk}/leadership/{period}/open/",
        "/api/schools/{school_pk}/leadership/trends/",
    ):
        assert path in paths
