"""Coach profile API: the rubric, self-assessments, evidence, feedback and growth."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from coaching.models import CoachProfile, TeamFeedback
from netwerk.periods import period_of
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

NOW = period_of(timezone.localdate()).code


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def body(**levels: object) -> dict[str, object]:
    return {
        "period": NOW,
        "ratings": [{"competency": c, "level": lv} for c, lv in levels.items()],
    }


def test_the_rubric_lists_nine_competencies_with_four_levels(demo: Demo):
    rubric = api(demo.teacher1).get("/api/competencies/").json()
    assert len(rubric) == 9
    assert {len(c["levels"]) for c in rubric} == {4}
    assert rubric[1]["code"] == "data_literacy"


def test_a_coach_starts_a_profile_and_sees_their_schools(demo: Demo):
    response = api(demo.coach).post("/api/coach-profiles/", {"kind": "external"}, format="json")
    assert response.status_code == 201
    assert {s["name"] for s in response.json()["schools"]} == {
        "Het Baken College",
        "Basisschool De Regenboog",
    }
    refused = api(demo.teacher1).post("/api/coach-profiles/", {"kind": "external"}, format="json")
    assert refused.status_code == 400
    assert "kind" in refused.json()


def test_the_coach_saves_a_self_assessment_and_a_bad_level_gets_a_field_error(
    profile: CoachProfile, demo: Demo
):
    url = f"/api/coach-profiles/{profile.pk}/self-assessments/"
    created = api(demo.coach).post(url, body(courage=3, coaching=2), format="json")
    assert created.status_code == 201
    assert {r["competency"] for r in created.json()["ratings"]} == {"courage", "coaching"}
    bad = api(demo.coach).post(url, body(courage=0), format="json")
    assert bad.status_code == 400
    assert "level_courage" in bad.json()
    listed = api(demo.leader1).get(url).json()
    assert [a["period"] for a in listed] == [NOW]


@pytest.mark.parametrize("who", ["leader1", "coordinator", "teacher1", "outsider"])
def test_nobody_else_writes_the_coachs_self_assessment(profile: CoachProfile, demo: Demo, who):
    url = f"/api/coach-profiles/{profile.pk}/self-assessments/"
    assert api(getattr(demo, who)).post(url, body(courage=3), format="json").status_code == 404


def test_evidence_needs_a_saved_self_assessment_for_the_period(profile: CoachProfile, demo: Demo):
    url = f"/api/coach-profiles/{profile.pk}/evidence/"
    evidence = {"period": NOW, "kind": "link", "description": "Scholing"}
    assert api(demo.coach).post(url, evidence, format="json").status_code == 400
    api(demo.coach).post(
        f"/api/coach-profiles/{profile.pk}/self-assessments/", body(courage=3), format="json"
    )
    assert api(demo.coach).post(url, evidence, format="json").status_code == 201


def test_a_team_member_gives_feedback_once(profile: CoachProfile, demo: Demo):
    url = f"/api/coach-profiles/{profile.pk}/feedback/"
    first = api(demo.teacher1).post(url, body(coaching=3), format="json")
    assert first.status_code == 201
    assert first.json()["datateam"] == demo.team1.pk
    twice = api(demo.teacher1).post(url, body(coaching=4), format="json")
    assert twice.status_code == 400
    assert "period" in twice.json()
    assert TeamFeedback.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "coordinator", "internal_coach", "coach"])
def test_feedback_from_outside_the_coached_teams_is_not_found(
    profile: CoachProfile, demo: Demo, who: str
):
    url = f"/api/coach-profiles/{profile.pk}/feedback/"
    assert api(getattr(demo, who)).post(url, body(coaching=3), format="json").status_code == 404
    assert not TeamFeedback.objects.exists()


def test_growth_is_seen_by_coordinators_and_leaders_but_not_by_teachers(
    profile: CoachProfile, demo: Demo
):
    api(demo.coach).post(
        f"/api/coach-profiles/{profile.pk}/self-assessments/", body(courage=3), format="json"
    )
    api(demo.teacher1).post(
        f"/api/coach-profiles/{profile.pk}/feedback/", body(courage=2), format="json"
    )
    url = f"/api/coach-profiles/{profile.pk}/growth/"
    rows = api(demo.coordinator).get(url).json()
    assert rows == [
        {"competency": "courage", "period": NOW, "self_level": 3.0, "team_mean": 2.0, "team_n": 1}
    ]
    assert api(demo.leader1).get(url).status_code == 200
    assert api(demo.teacher1).get(url).status_code == 404
    assert api(demo.outsider).get(f"/api/coach-profiles/{profile.pk}/").status_code == 404
    assert [p["id"] for p in api(demo.teacher1).get("/api/coach-profiles/").json()["results"]] == []
