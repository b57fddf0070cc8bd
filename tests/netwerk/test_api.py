from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from netwerk.models import NetworkMembership
from schools.models import School
from tests.conftest import PASSWORD, Demo


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_token_is_issued_for_username_or_email_and_then_authenticates(demo: Demo):
    for identifier in ("teacher1", "teacher1@demo.netwerk.invalid"):
        response = api().post(
            "/api/auth/token/", {"username": identifier, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 200
        token = response.json()["token"]
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get("/api/me/").json()["username"] == "teacher1"


def test_a_wrong_password_gets_no_token(demo: Demo):
    response = api().post(
        "/api/auth/token/", {"username": "teacher1", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_me_describes_the_persons_roles(demo: Demo):
    me = api(demo.coach).get("/api/me/").json()
    assert sorted(me["coached_schools"]) == sorted([demo.school1.pk, demo.school2.pk])
    assert me["networks"] == [demo.network_a.pk]
    me = api(demo.leader1).get("/api/me/").json()
    assert me["school_roles"] == [
        {"school": demo.school1.pk, "school_name": demo.school1.name, "role": "leader"}
    ]


def test_schools_are_paginated_filtered_and_searchable(demo: Demo):
    client = api(demo.coordinator)
    page = client.get("/api/schools/", {"country": "BE"}).json()
    assert [row["name"] for row in page["results"]] == ["Sint-Jozefinstituut"]
    assert client.get("/api/schools/", {"search": "regenboog"}).json()["count"] == 1
    assert set(client.get("/api/schools/").json()) >= {"count", "next", "previous", "results"}


def test_registering_a_school_with_a_bad_brin_gets_field_messages(demo: Demo):
    response = api(demo.coordinator).post(
        "/api/schools/",
        {"name": "Nieuw", "country": "NL", "sector": "vo", "code": "XX12", "region": "Zwolle"},
        format="json",
    )
    assert response.status_code == 400
    assert "code" in response.json()
    assert not School.objects.filter(name="Nieuw").exists()


def test_registering_a_duplicate_school_is_refused(demo: Demo):
    response = api(demo.coordinator).post(
        "/api/schools/",
        {"name": "Kopie", "country": "NL", "sector": "vo", "code": "12ab", "region": "Utrecht"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"code": ["A school with this code is already registered."]}


def test_a_teacher_cannot_register_schools(demo: Demo):
    response = api(demo.teacher1).post(
        "/api/schools/",
        {"name": "X", "country": "NL", "sector": "vo", "code": "77XX", "region": "Zwolle"},
        format="json",
    )
    assert response.status_code == 404


def test_a_coordinator_adds_a_school_and_cannot_add_it_twice(demo: Demo):
    client = api(demo.coordinator)
    url = f"/api/networks/{demo.network_a.pk}/memberships/"
    first = client.post(url, {"school": demo.school5.pk}, format="json")
    assert first.status_code == 201
    again = client.post(url, {"school": demo.school5.pk}, format="json")
    assert again.status_code == 400
    assert "already a member" in str(again.json())
    assert NetworkMembership.objects.filter(school=demo.school5).count() == 2  # A and B


def test_a_school_leaves_and_rejoins_keeping_its_history(demo: Demo):
    client = api(demo.coordinator)
    membership = demo.network_a.memberships.get(school=demo.school2)
    left = client.post(f"/api/network-memberships/{membership.pk}/leave/")
    assert left.status_code == 200
    assert left.json()["is_active"] is False
    again = client.post(f"/api/network-memberships/{membership.pk}/leave/")
    assert again.status_code == 400
    rejoin = client.post(
        f"/api/networks/{demo.network_a.pk}/memberships/",
        {"school": demo.school2.pk},
        format="json",
    )
    assert rejoin.status_code == 201
    history = client.get(f"/api/networks/{demo.network_a.pk}/memberships/").json()["results"]
    assert len([row for row in history if row["school"] == demo.school2.pk]) == 2


def test_a_coordinator_adds_a_coach_once(demo: Demo):
    client = api(demo.coordinator)
    url = f"/api/networks/{demo.network_a.pk}/coaches/"
    assert client.post(url, {"person": "s3_coach"}, format="json").status_code == 204
    twice = client.post(url, {"person": "s3_coach"}, format="json")
    assert twice.status_code == 400
    unknown = client.post(url, {"person": "nobody"}, format="json")
    assert "person" in unknown.json()


def test_datateam_members_come_from_the_school_only(demo: Demo):
    client = api(demo.leader1)
    url = f"/api/datateams/{demo.team1.pk}/members/"
    refused = client.post(url, {"person": "teacher2"}, format="json")
    assert refused.status_code == 400
    assert "person" in refused.json()
    added = client.post(url, {"person": "coach"}, format="json")
    assert added.status_code == 201
    assert added.json()["role"] == "coach"
    team = client.get(f"/api/datateams/{demo.team1.pk}/").json()
    assert "coach" in [member["person"] for member in team["members"]]


def test_a_leader_creates_a_datateam_and_sees_composition_warnings(demo: Demo):
    response = api(demo.leader1).post(
        "/api/datateams/", {"school": demo.school1.pk, "name": "Rekenen onderbouw"}, format="json"
    )
    assert response.status_code == 201
    assert len(response.json()["warnings"]) == 2


def test_a_teacher_cannot_create_datateams(demo: Demo):
    response = api(demo.teacher1).post(
        "/api/datateams/", {"school": demo.school1.pk, "name": "Eigen team"}, format="json"
    )
    assert response.status_code == 404


def test_a_leader_manages_roles_at_the_school(demo: Demo):
    client = api(demo.leader1)
    url = f"/api/schools/{demo.school1.pk}/memberships/"
    created = client.post(url, {"person": "teacher2", "role": "teacher"}, format="json")
    assert created.status_code == 201
    assert (
        client.post(url, {"person": "teacher2", "role": "teacher"}, format="json").status_code
        == 400
    )
    removed = client.delete(f"{url}{created.json()['id']}/")
    assert removed.status_code == 204


def test_a_leader_assigns_and_ends_an_external_coach(demo: Demo):
    client = api(demo.leader1)
    url = f"/api/schools/{demo.school1.pk}/coaches/"
    assert client.post(url, {"coach": "coach"}, format="json").status_code == 400
    created = client.post(url, {"coach": "coordinator_b"}, format="json")
    assert created.status_code == 201
    ended = client.post(f"{url}{created.json()['id']}/end/")
    assert ended.json()["ended_on"] is not None


@pytest.mark.django_db
def test_the_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/auth/token/",
        "/api/me/",
        "/api/schools/",
        "/api/networks/",
        "/api/datateams/",
    ):
        assert path in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()


def test_the_openapi_schema_generates_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    errors = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO(), stderr=errors)
    assert "Warning" not in errors.getvalue()
