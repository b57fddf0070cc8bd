from __future__ import annotations

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import Demo

DEADLINE = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_a_cycle_through_the_api_ends_in_the_partners_library(demo: Demo):
    teacher = api(demo.teacher1)
    created = teacher.post(
        "/api/cases/",
        {
            "datateam": demo.team1.pk,
            "title": "Verzuim in leerjaar 2",
            "theme": "attendance",
            "template": "datateam_8",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/cases/{created.json()['id']}/"
    vague = teacher.put(f"{url}goal/", {"description": "Minder verzuim"}, format="json")
    assert vague.status_code == 400
    assert {"description", "indicator", "target_value", "deadline"} <= set(vague.json())
    goal = teacher.put(
        f"{url}goal/",
        {
            "description": "Ongeoorloofd verzuim in leerjaar 2 daalt van 6% naar 3%.",
            "indicator": "percentage ongeoorloofd verzuim",
            "baseline_value": "6",
            "target_value": "3",
            "deadline": DEADLINE,
        },
        format="json",
    )
    assert goal.status_code == 200, goal.json()
    done = teacher.patch(f"{url}steps/1/", {"status": "done", "narrative": "Start."}, format="json")
    assert done.status_code == 200
    hypothesis = teacher.post(f"{url}hypotheses/", {"statement": "Lange reistijd."}, format="json")
    assert hypothesis.status_code == 201
    rejected = teacher.patch(
        f"{url}hypotheses/{hypothesis.json()['id']}/",
        {"status": "rejected", "evidence": "Geen verband met reistijd."},
        format="json",
    )
    assert rejected.json()["status"] == "rejected"
    assert teacher.get(url).json()["current_step"] == 2
    action = teacher.post(
        f"{url}actions/",
        {"description": "Dagelijkse belronde", "owner": "Verzuimcoördinator", "due_date": DEADLINE},
        format="json",
    )
    assert action.status_code == 201
    assert teacher.get(f"{url}gate/").json()["passed"] is True
    assert teacher.post(f"{url}submit/").status_code == 200
    assert teacher.post(f"{url}approve/").status_code == 404  # only leaders may, others: 404
    leader = api(demo.leader1)
    assert leader.post(f"{url}approve/").json()["sharing_status"] == "approved"
    published = leader.post(f"{url}publish/", {"networks": [demo.network_a.pk]}, format="json")
    assert published.status_code == 201
    library = api(demo.teacher2).get("/api/publications/", {"q": "verzuim"}).json()
    assert [row["title"] for row in library["results"]] == ["Verzuim in leerjaar 2"]
    assert api(demo.teacher2).get(url).status_code == 404
    assert api(demo.outsider).get("/api/publications/").json()["count"] == 0
    assert leader.post(f"/api/publications/{published.json()['id']}/withdraw/").status_code == 204
    assert api(demo.teacher2).get("/api/publications/").json()["count"] == 0


def test_a_teacher_of_another_school_cannot_start_a_case_in_this_team(demo: Demo):
    response = api(demo.teacher2).post(
        "/api/cases/",
        {"datateam": demo.team1.pk, "title": "X", "theme": "other", "template": "five_steps"},
        format="json",
    )
    assert response.status_code == 404


def test_the_library_refuses_bad_filters_naming_them(demo: Demo):
    teacher = api(demo.teacher2)
    for params, field in [
        ({"q": "verzuim\x00"}, "q"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"network": "abc"}, "network"),
        ({"order": "random"}, "order"),
    ]:
        response = teacher.get("/api/publications/", params)
        assert response.status_code == 400, (params, response.status_code)
        assert field in response.json(), response.json()
    assert teacher.get("/api/publications/", {"order": "date", "q": ""}).status_code == 200
