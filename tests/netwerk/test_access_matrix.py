"""Who may see and do what, per role, through the pages and the API.

School-private data: that school's members and its assigned coaches only. Network content:
network members only. Coordinators manage their network but never see school-private data.
Missing and forbidden look the same (404).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conftest import Demo, client_for

ROLES = [
    "coordinator",
    "coach",
    "internal_coach",
    "leader1",
    "teacher1",
    "quality_officer",
    "outsider",
    "anonymous",
]

# resource → the roles that get in; everyone else signed in gets 404.
ALLOWED = {
    "school1_private_api": {"coach", "leader1", "teacher1", "quality_officer"},
    "team1_page": {"coach", "leader1", "teacher1", "quality_officer"},
    "team1_api": {"coach", "leader1", "teacher1", "quality_officer"},
    "school1_profile_page": {
        "coordinator",
        "coach",
        "internal_coach",
        "leader1",
        "teacher1",
        "quality_officer",
    },
    "school1_profile_api": {
        "coordinator",
        "coach",
        "internal_coach",
        "leader1",
        "teacher1",
        "quality_officer",
    },
    "network_a_page": {
        "coordinator",
        "coach",
        "internal_coach",
        "leader1",
        "teacher1",
        "quality_officer",
    },
    "network_a_api": {
        "coordinator",
        "coach",
        "internal_coach",
        "leader1",
        "teacher1",
        "quality_officer",
    },
    "network_b_page": {"outsider"},
    "network_a_manage_api": {"coordinator"},
    "school1_manage_api": {"leader1"},
    "team1_manage_api": {"coach", "leader1"},
}


def actor(demo: Demo, role: str):
    return None if role == "anonymous" else getattr(demo, role)


def request(demo: Demo, role: str, resource: str):
    client = client_for(actor(demo, role))
    s1, team, a, b = demo.school1.pk, demo.team1.pk, demo.network_a.pk, demo.network_b.pk
    match resource:
        case "school1_private_api":
            return client.get(f"/api/schools/{s1}/memberships/")
        case "team1_page":
            return client.get(f"/datateams/{team}/")
        case "team1_api":
            return client.get(f"/api/datateams/{team}/")
        case "school1_profile_page":
            return client.get(f"/scholen/{s1}/")
        case "school1_profile_api":
            return client.get(f"/api/schools/{s1}/")
        case "network_a_page":
            return client.get(f"/netwerken/{a}/")
        case "network_a_api":
            return client.get(f"/api/networks/{a}/")
        case "network_b_page":
            return client.get(f"/netwerken/{b}/")
        case "network_a_manage_api":
            return client.post(
                f"/api/networks/{a}/memberships/",
                {"school": demo.school5.pk},
                content_type="application/json",
            )
        case "school1_manage_api":
            return client.patch(
                f"/api/schools/{s1}/", {"region": "Utrecht-Oost"}, content_type="application/json"
            )
        case "team1_manage_api":
            return client.patch(
                f"/api/datateams/{team}/", {"problem": "Nieuw"}, content_type="application/json"
            )
    raise AssertionError(resource)


@pytest.mark.parametrize("resource", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_access_it_should(demo: Demo, role: str, resource: str):
    response = request(demo, role, resource)
    if role == "anonymous":
        expected = {302} if resource.endswith("_page") else {401}
    elif role in ALLOWED[resource]:
        expected = {200, 201}
    else:
        expected = {404}
    assert response.status_code in expected, (role, resource, response.status_code)


def test_a_coordinator_sees_member_schools_but_not_their_people(demo: Demo):
    page = client_for(demo.coordinator).get(f"/scholen/{demo.school1.pk}/")
    assert page.status_code == 200
    assert demo.school1.name in page.text
    assert demo.teacher1.display_name not in page.text
    assert demo.team1.name not in page.text


def test_an_assigned_coach_sees_the_schools_people_and_teams(demo: Demo):
    page = client_for(demo.coach).get(f"/scholen/{demo.school1.pk}/")
    assert demo.teacher1.display_name in page.text
    assert demo.team1.name in page.text


def test_an_ended_coach_assignment_ends_access(demo: Demo):
    from schools.services import end_coach_assignment

    assignment = demo.coach.coach_assignments.get(school=demo.school1)
    end_coach_assignment(assignment=assignment)
    response = client_for(demo.coach).get(f"/datateams/{demo.team1.pk}/")
    assert response.status_code == 404


def test_a_school_that_left_the_network_takes_its_people_out(demo: Demo):
    from netwerk.services import leave_network

    membership = demo.network_a.memberships.get(school=demo.school2, left_on__isnull=True)
    leave_network(membership=membership)
    response = client_for(demo.teacher2).get(f"/netwerken/{demo.network_a.pk}/")
    assert response.status_code == 404


def test_lists_only_hold_what_the_person_may_see(demo: Demo):
    outsider = client_for(demo.outsider)
    schools = {row["name"] for row in outsider.get("/api/schools/").json()["results"]}
    assert schools == {"Basisschool De Linde", "Atheneum Kempen"}
    assert outsider.get("/api/datateams/").json()["count"] == 0
    networks = [row["name"] for row in outsider.get("/api/networks/").json()["results"]]
    assert networks == [demo.network_b.name]


def test_missing_and_forbidden_look_the_same(demo: Demo):
    outsider = client_for(demo.outsider)
    forbidden = outsider.get(f"/api/datateams/{demo.team1.pk}/")
    missing = outsider.get("/api/datateams/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


def columns(instance: Any) -> list[Any]:
    return [getattr(instance, field.attname) for field in instance._meta.concrete_fields]


async def handshake_lookups(
    pairs: list[tuple[Any, Any]], tokens: dict[int, str], sessions: dict[int, str]
) -> dict[tuple[int, int], tuple[Any, ...]]:
    """The event loop's handshake look-ups for every (person, room): by token, by session
    and for a person already known. The token look-ups go all at once, as in a reconnect
    storm (sharing the loop's few connections), with an unknown token and a room id that
    is no number among them."""
    from discussions import access, onloop

    found: dict[tuple[int, int], tuple[Any, ...]] = {}
    try:
        active = next(person for person, _ in pairs if person.is_active)
        asked = [(tokens[person.pk], room.pk) for person, room in pairs]
        asked += [("no-such-token", pairs[0][1].pk), (tokens[active.pk], "x")]
        answers = await asyncio.gather(*(access.entrant_with_token(*pair) for pair in asked))
        assert answers[-2:] == [(None, None), (active, None)]
        for (person, room), by_token in zip(pairs, answers, strict=False):
            by_session = await access.entrant_with_session(sessions[person.pk], room.pk)
            known = await access.aroom_for_member(person, room.pk)
            found[person.pk, room.pk] = (*by_token, by_session, known)
    finally:
        await onloop.close()
    return found


@pytest.mark.django_db(transaction=True)
def test_the_rooms_handshake_check_admits_exactly_the_network_members(demo: Demo):
    """discussions.access.room_for_member uses netwerk.access.member_of_network, the SQL
    form of networks_for, and so do the event loop's look-ups of the websocket handshake
    (a token's person with the room, or a session's person's room); people_of_network reads
    the rule from the network's side: for every person and room they must agree with
    rooms_for, also after a school leaves, a coach joins and a
    person is deactivated."""
    from asgiref.sync import async_to_sync
    from django.db import connection
    from django.http import Http404
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from discussions import access, services
    from netwerk.access import people_of_network
    from netwerk.models import NetworkMembership
    from schools.models import User

    rooms = [
        services.open_theme_room(network=network, person=demo.coordinator, title="Thema")
        for network in (demo.network_a, demo.network_b)
    ]
    tokens = {user.pk: Token.objects.get_or_create(user=user)[0].key for user in User.objects.all()}
    sessions = {user.pk: client_for(user).cookies["sessionid"].value for user in User.objects.all()}
    on_the_loop = connection.vendor == "postgresql"

    def agree() -> int:
        admitted = 0
        pairs = [(person, room) for person in User.objects.all() for room in rooms]
        lookups = async_to_sync(handshake_lookups)(pairs, tokens, sessions) if on_the_loop else {}
        for person, room in pairs:
            expected = access.rooms_for(person).filter(pk=room.pk).exists()
            try:
                access.room_for_member(person, room.pk)
                found = True
            except Http404:
                found = False
            assert found == expected, (person.username, room.network.name)
            # The same rule read the other way round: the network's people.
            among_people = people_of_network(room.network_id).filter(pk=person.pk).exists()
            assert among_people == expected, (person.username, room.network.name)
            admitted += found
            if not on_the_loop:
                continue
            token_person, token_room, by_session, known_room = lookups[person.pk, room.pk]
            if not person.is_active:
                assert (token_person, token_room) == (None, None), person.username
                assert by_session == (None, None), person.username
                continue
            session_person, session_room = by_session
            assert columns(token_person) == columns(session_person) == columns(person)
            for found_room in (token_room, session_room, known_room):
                assert (found_room is not None) == expected, (person.username, room.network.name)
            if expected:
                assert columns(token_room) == columns(session_room) == columns(room)
                assert columns(known_room) == columns(room)
        return admitted

    before = agree()
    assert before > 0
    NetworkMembership.objects.filter(network=demo.network_a, school=demo.school1).update(
        left_on=timezone.localdate()
    )
    demo.network_b.coaches.add(demo.outsider)
    User.objects.filter(pk=demo.teacher2.pk).update(is_active=False)
    after = agree()
    assert after != before
