"""The demo, seen by each of its roles: the to-do home and the coach's cockpit, through
the API and the pages. The demo holds a stalled cycle: Het Baken's "Verzuim in havo 3",
with a skipped quality check and Lotte Jansen's overdue action."""

from __future__ import annotations

from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from schools.models import School, User

STALLED = "Verzuim in havo 3"
ACTION = "Mentoren van havo 3 bellen over het verzuim op dagen met tussenuren"


def person(username: str) -> User:
    return User.objects.get(username=username)


def get(username: str, url: str, **params: Any) -> Any:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(person(username))
    return client.get(url, params)


def page(username: str, url: str) -> Any:
    client = Client()
    client.force_login(person(username))
    client.cookies["django_language"] = "en"
    return client.get(url)


def cycles(username: str) -> dict[str, dict[str, Any]]:
    answer = get(username, "/api/coaching/overview/")
    assert answer.status_code == 200
    return {row["title"]: row for row in answer.json()["cycles"]}


def todo(username: str) -> list[dict[str, Any]]:
    answer = get(username, "/api/me/todo/")
    assert answer.status_code == 200
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_the_external_coach_sees_her_two_schools_and_the_stalled_cycle():
    rows = cycles("coach")
    schools = {row["school"]["name"] for row in rows.values()}
    assert schools == {"Het Baken College", "Basisschool De Regenboog"}
    stalled = rows[STALLED]
    assert stalled["stalled"]
    assert stalled["skipped"]
    assert stalled["overdue_actions"] == 1
    assert stalled["open_hypotheses"] == 1
    assert [w["need"] for w in stalled["warnings"]] == ["quality_check"]
    assert [title for title, row in rows.items() if row["stalled"]] == [STALLED]
    shown = page("coach", "/coach/").content.decode()
    assert STALLED in shown
    assert "Stalled" in shown


def test_the_coach_sees_the_shift_of_het_bakens_mentor_hour():
    row = cycles("coach")["Minder zittenblijvers in havo 4"]
    assert "shift" in row["signals"][0]["signals"]


def test_the_internal_coach_sees_only_her_own_school():
    rows = cycles("s3_coach")
    assert {row["school"]["name"] for row in rows.values()} == {"Sint-Jozefinstituut"}


def test_a_school_the_coach_does_not_coach_is_404_in_the_api_and_the_page():
    other = School.objects.get(code="012345")
    assert get("coach", "/api/coaching/overview/", school=other.pk).status_code == 404
    assert page("coach", f"/coach/?school={other.pk}").status_code == 404
    own = School.objects.get(code="12AB")
    assert STALLED in page("coach", f"/coach/?school={own.pk}").content.decode()


def test_people_who_coach_nobody_have_an_empty_cockpit():
    for username in ("coordinator", "leader1", "teacher1", "teacher2", "outsider"):
        assert cycles(username) == {}
        assert "You do not coach a school" in page(username, "/coach/").content.decode()


def test_the_team_member_who_owns_the_overdue_action_has_it_on_her_home():
    items = todo("teacher1")
    [overdue] = [item for item in items if item["kind"] == "action_overdue"]
    assert overdue["title"] == ACTION
    assert overdue["school"] == "Het Baken College"
    assert cycles("coach")[STALLED]["id"] == int(overdue["url"].split("/")[2])
    assert ACTION in page("teacher1", "/").content.decode()


def test_every_role_has_a_home_with_what_waits_for_it():
    # The next network session of network A is within eight weeks of any day the demo is
    # seeded only sometimes; the overdue action belongs to its owner alone.
    for username in ("coordinator", "coach", "leader1", "teacher2", "s3_coach", "outsider"):
        assert ACTION not in [item["title"] for item in todo(username)]
        assert page(username, "/").status_code == 200
    assert "hypothesis" in [item["kind"] for item in todo("leader1")]
    assert "hypothesis" not in [item["kind"] for item in todo("teacher2")]


def test_the_cockpit_writes_dates_as_the_rest_of_the_dutch_pages_do():
    """ "27 mei 2026", as elsewhere; not "27 Mei 2026"."""
    import re

    from django.test import Client

    from schools.models import User

    client = Client()
    client.force_login(User.objects.get(username="coach"))
    page = client.get("/coach/", HTTP_ACCEPT_LANGUAGE="nl").text
    dates = re.findall(r"<time [^>]*>([^<]+)</time>", page)
    assert dates
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    assert all(
        re.fullmatch(rf"\d{{1,2}} ({months.replace(' ', '|')}) \d{{4}}", d) for d in dates
    ), dates
