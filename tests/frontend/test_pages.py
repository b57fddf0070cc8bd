from __future__ import annotations

import pytest

from schools.models import School
from tests.conftest import PASSWORD, Demo, client_for


def test_a_person_logs_in_with_username_or_email(demo: Demo, client):
    for identifier in ("teacher1", "TEACHER1@demo.netwerk.invalid"):
        response = client.post("/login/", {"username": identifier, "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/"
        client.post("/logout/")


def test_a_wrong_password_shows_a_clear_message(demo: Demo, client):
    response = client.post("/login/", {"username": "teacher1", "password": "nope"})
    assert response.status_code == 200
    assert "komen niet overeen" in response.text


def test_anonymous_visitors_are_sent_to_the_login_page(db, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("username", "expected", "absent"),
    [
        (
            "teacher1",
            [
                "Lerend netwerk Datagebruik Midden",
                "Het Baken College",
                "Datateam zittenblijven havo 4",
            ],
            ["Coördinator"],
        ),
        (
            "coordinator",
            ["Lerend netwerk Datagebruik Midden", "Coördinator"],
            ["Datateam zittenblijven havo 4", "Mijn scholen"],
        ),
        (
            "coach",
            ["Externe datacoach", "Basisschool De Regenboog", "Datateam begrijpend lezen"],
            [],
        ),
        (
            "outsider",
            ["Leesnetwerk Vlaanderen", "Basisschool De Linde"],
            ["Lerend netwerk Datagebruik Midden"],
        ),
    ],
)
def test_each_role_sees_its_own_home_page_in_dutch(demo: Demo, username, expected, absent):
    page = client_for(demo.user(username)).get("/")
    assert page.status_code == 200
    assert "Mijn lerende netwerken" in page.text
    for text in expected:
        assert text in page.text, text
    for text in absent:
        assert text not in page.text, text


def test_the_language_switch_turns_the_pages_english(demo: Demo):
    client = client_for(demo.teacher1)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert "My learning networks" in page.text
    assert '<html lang="en">' in page.text


def test_pages_send_a_strict_content_security_policy(demo: Demo):
    response = client_for(demo.teacher1).get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_pages_load_nothing_from_other_hosts(demo: Demo):
    page = client_for(demo.teacher1).get("/").text
    assert 'src="http' not in page
    assert 'href="http' not in page


def test_registering_a_school_with_a_bad_code_shows_form_errors(demo: Demo):
    client = client_for(demo.coordinator)
    response = client.post(
        "/scholen/nieuw/",
        {"name": "Nieuw", "country": "NL", "sector": "vo", "code": "ABCD", "region": "Zwolle"},
    )
    assert response.status_code == 200
    assert "BRIN" in response.text
    assert not School.objects.filter(name="Nieuw").exists()
    ok = client.post(
        "/scholen/nieuw/",
        {"name": "Nieuw", "country": "NL", "sector": "vo", "code": "45KL", "region": "Zwolle"},
    )
    assert ok.status_code == 302


def test_a_coordinator_adds_a_member_school_on_the_network_page(demo: Demo):
    client = client_for(demo.coordinator)
    url = f"/netwerken/{demo.network_a.pk}/"
    response = client.post(url, {"action": "join", "school": demo.school5.pk}, follow=True)
    assert "Basisschool De Linde" in response.text
    assert demo.network_a.memberships.filter(school=demo.school5, left_on=None).exists()


def test_a_leader_adding_someone_twice_sees_a_form_error(demo: Demo):
    client = client_for(demo.leader1)
    response = client.post(
        f"/scholen/{demo.school1.pk}/",
        {"action": "add_role", "role-person": "teacher1", "role-role": "teacher"},
    )
    assert response.status_code == 200
    assert "heeft deze rol al" in response.text


def test_a_datateam_page_warns_about_an_unusual_composition(demo: Demo):
    client = client_for(demo.leader1)
    client.post(
        f"/scholen/{demo.school1.pk}/",
        {"action": "create_datateam", "team-name": "Nieuw team", "team-problem": ""},
    )
    team = demo.school1.datateams.get(name="Nieuw team")
    page = client.get(f"/datateams/{team.pk}/")
    assert "een datateam heeft meestal 4 tot 6" in page.text


def test_a_teacher_cannot_post_management_actions(demo: Demo):
    client = client_for(demo.teacher1)
    response = client.post(
        f"/datateams/{demo.team1.pk}/", {"action": "add_member", "person": demo.leader1.pk}
    )
    assert response.status_code == 404


def test_staff_reach_the_django_admin(demo: Demo):
    demo.coordinator.is_staff = True
    demo.coordinator.is_superuser = True
    demo.coordinator.save()
    assert client_for(demo.coordinator).get("/admin/").status_code == 200
    assert client_for(demo.teacher1).get("/admin/").status_code == 302


def test_a_coordinator_removes_a_school_from_the_network_page(demo: Demo):
    client = client_for(demo.coordinator)
    membership = demo.network_a.memberships.get(school=demo.school2)
    page = client.get(f"/netwerken/{demo.network_a.pk}/")
    assert f'name="id" value="{membership.pk}"' in page.text
    response = client.post(
        f"/netwerken/{demo.network_a.pk}/", {"action": "leave", "id": membership.pk}, follow=True
    )
    assert "Voormalige leden" in response.text
    membership.refresh_from_db()
    assert membership.left_on is not None
