"""The room API over HTTP, and that it broadcasts exactly like the websocket."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from rest_framework.test import APIClient

from casestudies.models import CaseStudy
from discussions import services
from discussions.models import Adoption, Message, Proposal, ProposalRevision
from tests.conftest import client_for
from tests.discussions.conftest import Rooms, joined, next_of, token_socket


def api(rooms: Rooms, username: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {rooms.tokens[username]}")
    return client


def post(rooms: Rooms, username: str, path: str, data: dict[str, Any]) -> Any:
    return api(rooms, username).post(f"/api/rooms/{rooms.room.pk}/{path}", data, format="json")


def test_it_lists_only_the_rooms_of_the_persons_networks_with_their_id(rooms: Rooms):
    titles = {
        username: {
            (room["id"], room["title"])
            for room in api(rooms, username).get("/api/rooms/").data["results"]
        }
        for username in ("teacher1", "outsider")
    }
    assert titles["teacher1"] == {(rooms.room.pk, "Zittenblijven in havo 4")}
    assert titles["outsider"] == {(rooms.other_network_room.pk, "Begrijpend lezen")}
    assert APIClient().get("/api/rooms/").status_code == 401


def test_a_room_of_another_network_is_not_found(rooms: Rooms):
    client = api(rooms, "teacher1")
    assert client.get(f"/api/rooms/{rooms.other_network_room.pk}/").status_code == 404
    assert client.get(f"/api/rooms/{rooms.other_network_room.pk}/messages/").status_code == 404
    assert client.get("/api/rooms/999999/messages/").status_code == 404


def test_posting_acknowledges_with_seq_and_a_repeat_gets_the_same_ack(rooms: Rooms):
    first = post(rooms, "teacher1", "messages/", {"client_id": "a", "body": "Hallo"})
    again = post(rooms, "teacher1", "messages/", {"client_id": "a", "body": "Hallo"})
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.data == again.data == {"client_id": "a", "id": first.data["id"], "seq": 1}
    assert Message.objects.filter(room=rooms.room).count() == 1


def test_the_history_pages_after_a_seq(rooms: Rooms):
    for number in range(5):
        services.post_message(
            room=rooms.room, author=rooms.demo.teacher2, client_id=str(number), body=f"#{number}"
        )
    client = api(rooms, "teacher1")
    page = client.get(f"/api/rooms/{rooms.room.pk}/messages/?after_seq=1&limit=2").data
    assert [m["seq"] for m in page["results"]] == [2, 3]
    assert page["next_after_seq"] == 3
    assert page["last_seq"] == 5
    page = client.get(f"/api/rooms/{rooms.room.pk}/messages/?after_seq=3&limit=2").data
    assert [m["seq"] for m in page["results"]] == [4, 5]
    assert page["next_after_seq"] is None
    future = client.get(f"/api/rooms/{rooms.room.pk}/messages/?after_seq=6")
    assert (future.status_code, future.data["code"]) == (400, "invalid")


def test_bad_posts_get_the_protocol_codes(rooms: Rooms):
    too_large = post(rooms, "teacher1", "messages/", {"client_id": "b", "body": "x" * 10_001})
    assert (too_large.status_code, too_large.data["code"]) == (400, "too_large")
    missing = post(rooms, "teacher1", "messages/", {"body": "no client id"})
    assert missing.status_code == 400
    services.close_room(room=rooms.room)
    closed = post(rooms, "teacher1", "messages/", {"client_id": "c", "body": "Hallo"})
    assert (closed.status_code, closed.data["code"]) == (403, "forbidden")


def test_a_flood_over_the_api_is_rate_limited(rooms: Rooms):
    codes = [
        post(rooms, "teacher1", "messages/", {"client_id": f"f{n}", "body": "x"}).status_code
        for n in range(25)
    ]
    assert codes[:10] == [201] * 10
    assert 429 in codes


def test_a_held_message_waits_for_its_author_and_is_then_released(rooms: Rooms):
    body = {"client_id": "h", "body": "Bel Piet de Vries op 06-12345678"}
    held = post(rooms, "teacher1", "messages/", body)
    assert held.status_code == 202
    assert set(held.data["findings"]) >= {"name", "phone"}
    history = api(rooms, "teacher2").get(f"/api/rooms/{rooms.room.pk}/messages/").data
    assert history["results"] == []
    path = f"messages/{held.data['id']}/confirm/"
    assert post(rooms, "teacher2", path, {}).status_code == 404
    released = post(rooms, "teacher1", path, {"body": "Bel de mentor"})
    assert released.status_code == 201
    assert released.data["seq"] == 1
    assert Message.objects.get(pk=held.data["id"]).body == "Bel de mentor"


def test_the_author_edits_and_deletes_with_history_kept(rooms: Rooms):
    ack = post(rooms, "teacher1", "messages/", {"client_id": "e", "body": "Eerst"}).data
    path = f"/api/rooms/{rooms.room.pk}/messages/{ack['id']}/"
    assert api(rooms, "teacher2").patch(path, {"body": "Niet van mij"}).status_code == 403
    edited = api(rooms, "teacher1").patch(path, {"body": "Daarna"}, format="json")
    assert edited.data["body"] == "Daarna"
    assert edited.data["edited_at"]
    assert api(rooms, "teacher1").delete(path).status_code == 204
    message = Message.objects.get(pk=ack["id"])
    assert [r.body for r in message.revisions.all()] == ["Eerst", "Daarna"]
    page = api(rooms, "teacher2").get(f"/api/rooms/{rooms.room.pk}/messages/").data["results"]
    assert (page[0]["deleted"], page[0]["body"]) == (True, "")


def test_reactions_mentions_and_pins_by_the_author_or_a_coordinator(rooms: Rooms):
    ack = post(rooms, "teacher1", "messages/", {"client_id": "r", "body": "Goed idee @teacher2"})
    assert [m.person for m in Message.objects.get(pk=ack.data["id"]).mentions.all()] == [
        rooms.demo.teacher2
    ]
    reacted = post(rooms, "teacher2", f"messages/{ack.data['id']}/reactions/", {"emoji": "👍"})
    assert reacted.data["reactions"] == {"👍": 1}
    refused = post(rooms, "leader1", f"messages/{ack.data['id']}/pin/", {"pinned": True})
    assert refused.status_code == 403
    pinned = post(rooms, "coordinator", f"messages/{ack.data['id']}/pin/", {"pinned": True})
    assert pinned.data["pinned"] is True
    unpinned = post(rooms, "teacher1", f"messages/{ack.data['id']}/pin/", {"pinned": False})
    assert unpinned.data["pinned"] is False


def test_proposal_edits_name_their_version_and_a_stale_edit_returns_the_current(rooms: Rooms):
    created = post(
        rooms, "teacher1", "proposals/", {"client_id": "p", "title": "Idee", "body": "a"}
    )
    assert created.status_code == 201
    path = f"/api/rooms/{rooms.room.pk}/proposals/{created.data['id']}/"
    first = api(rooms, "teacher2").patch(path, {"version": 1, "title": "Idee", "body": "b"})
    assert first.data["version"] == 2
    stale = api(rooms, "teacher1").patch(path, {"version": 1, "title": "Idee", "body": "c"})
    assert stale.status_code == 409
    assert stale.data["current"]["version"] == 2
    assert stale.data["current"]["body"] == "b"
    versions = ProposalRevision.objects.filter(proposal_id=created.data["id"])
    assert list(versions.values_list("version", "body")) == [(1, "a"), (2, "b")]


def test_endorse_once_adopt_by_a_network_school_and_evaluate(rooms: Rooms):
    proposal = post(rooms, "teacher1", "proposals/", {"client_id": "q", "title": "Mentoraat"}).data
    base = f"proposals/{proposal['id']}/"
    assert post(rooms, "teacher2", f"{base}endorse/", {}).data["endorsements"] == 1
    twice = post(rooms, "teacher2", f"{base}endorse/", {})
    assert (twice.status_code, twice.data["code"]) == (400, "invalid")
    own = post(rooms, "teacher1", f"{base}endorse/", {})
    assert (own.status_code, own.data["code"]) == (400, "invalid")
    assert "eigen voorstel" in own.data["detail"]
    assert Proposal.objects.get(pk=proposal["id"]).endorsements.count() == 1

    outside = post(rooms, "teacher1", f"{base}adopt/", {"school": rooms.demo.school5.pk})
    assert (outside.status_code, outside.data["code"]) == (403, "forbidden")
    not_mine = post(rooms, "teacher1", f"{base}adopt/", {"school": rooms.demo.school2.pk})
    assert not_mine.status_code == 403
    into_new = {"school": rooms.demo.school1.pk, "new_cycle": {"title": "Mentoraat havo 4"}}
    adopted = post(rooms, "leader1", f"{base}adopt/", into_new)
    assert adopted.status_code == 201
    assert adopted.data["status"] == "adopted"
    again = post(rooms, "leader1", f"{base}adopt/", into_new)
    assert again.status_code == 400

    outcome = {"school": rooms.demo.school1.pk, "outcome": "Minder zittenblijvers in havo 4."}
    evaluated = post(rooms, "teacher1", f"{base}evaluate/", outcome)
    assert evaluated.data["status"] == "evaluated"
    seen_by_partner = api(rooms, "teacher2").get(f"/api/rooms/{rooms.room.pk}/{base}").data
    assert seen_by_partner["adoptions"][0]["outcome"] == "Minder zittenblijvers in havo 4."


def test_proposals_edits_and_outcomes_with_personal_data_are_refused_and_nothing_is_saved(
    rooms: Rooms,
):
    leak = post(rooms, "teacher1", "proposals/", {
        "client_id": "pd", "title": "Extra begeleiding", "body": "Mail sanne.devries@gmail.com",
    })  # fmt: skip
    assert (leak.status_code, leak.data["code"]) == (400, "invalid")
    assert "een e-mailadres" in leak.data["detail"]
    in_title = post(rooms, "teacher1", "proposals/", {"client_id": "pt", "title": "Bel 0612345678"})
    assert "een telefoonnummer" in in_title.data["detail"]
    assert not Proposal.objects.filter(room=rooms.room).exists()

    proposal = post(rooms, "teacher1", "proposals/", {"client_id": "ok", "title": "Mentoraat"}).data
    path = f"/api/rooms/{rooms.room.pk}/proposals/{proposal['id']}/"
    edit = {"version": 1, "title": "Mentoraat", "body": "Bel de moeder op 0612345678"}
    refused = api(rooms, "teacher2").patch(path, edit, format="json")
    assert (refused.status_code, refused.data["code"]) == (400, "invalid")
    assert Proposal.objects.get(pk=proposal["id"]).version == 1

    ack = post(rooms, "teacher1", "messages/", {"client_id": "m", "body": "Eerst"}).data
    message_path = f"/api/rooms/{rooms.room.pk}/messages/{ack['id']}/"
    edited = api(rooms, "teacher1").patch(message_path, {"body": "mail a.b@school.nl"})
    assert (edited.status_code, edited.data["code"]) == (400, "invalid")
    assert "een e-mailadres: “a.b@school.nl”" in edited.data["detail"]
    assert "email" not in edited.data["detail"]
    assert Message.objects.get(pk=ack["id"]).body == "Eerst"

    base = f"proposals/{proposal['id']}/"
    school = rooms.demo.school1.pk
    adopt = {"school": school, "new_cycle": {"title": "Mentoraat"}}
    assert post(rooms, "leader1", f"{base}adopt/", adopt).status_code == 201
    outcome = {"school": school, "outcome": "Het hielp: vraag het na via j.jansen@school.nl"}
    reported = post(rooms, "leader1", f"{base}evaluate/", outcome)
    assert (reported.status_code, reported.data["code"]) == (400, "invalid")
    assert Adoption.objects.get(proposal_id=proposal["id"]).outcome == ""


def test_a_closed_room_refuses_every_change_but_an_authors_delete_and_an_outcome(rooms: Rooms):
    ack = post(rooms, "teacher1", "messages/", {"client_id": "m", "body": "Eerst"}).data
    proposal = post(rooms, "teacher1", "proposals/", {"client_id": "p", "title": "Idee"}).data
    base = f"proposals/{proposal['id']}/"
    school = rooms.demo.school1.pk
    adopt = {"school": school, "new_cycle": {"title": "Idee"}}
    assert post(rooms, "leader1", f"{base}adopt/", adopt).status_code == 201
    other = post(rooms, "teacher1", "proposals/", {"client_id": "q", "title": "Ander"}).data
    school2 = rooms.demo.school2.pk
    services.close_room(room=rooms.room)

    message_path = f"/api/rooms/{rooms.room.pk}/messages/{ack['id']}/"
    refused = [
        api(rooms, "teacher1").patch(message_path, {"body": "Daarna"}, format="json"),
        post(rooms, "teacher2", f"messages/{ack['id']}/reactions/", {"emoji": "👍"}),
        post(rooms, "leader1", f"messages/{ack['id']}/pin/", {"pinned": True}),
        post(rooms, "teacher1", f"proposals/{other['id']}/worked-out/", {}),
        post(
            rooms,
            "teacher2",
            f"proposals/{other['id']}/adopt/",
            {"school": school2, "new_cycle": {"title": "Ander"}},
        ),
    ]
    assert [(r.status_code, r.data["code"]) for r in refused] == [(403, "forbidden")] * 5
    message = Message.objects.get(pk=ack["id"])
    assert (message.body, message.pinned, message.reactions.count()) == ("Eerst", False, 0)
    assert not Adoption.objects.filter(proposal_id=other["id"]).exists()

    outcome = {"school": school, "outcome": "Minder zittenblijvers."}
    assert post(rooms, "teacher1", f"{base}evaluate/", outcome).status_code == 200
    assert api(rooms, "teacher1").delete(message_path).status_code == 204


def test_the_adoption_says_where_its_action_went_and_nothing_lands_without_a_chosen_cycle(
    rooms: Rooms,
):
    from casestudies import services as case_services

    case = case_services.start_case_study(
        datateam=rooms.demo.team2, person=rooms.demo.teacher2, title="Lezen",
        theme="basic_skills", template="five_steps",
    )  # fmt: skip
    proposal = post(rooms, "teacher1", "proposals/", {"client_id": "p", "title": "Idee"}).data
    base = f"proposals/{proposal['id']}/adopt/"
    unplaced = post(rooms, "teacher2", base, {"school": rooms.demo.school2.pk})
    assert (unplaced.status_code, unplaced.data["code"]) == (400, "invalid")
    assert "Kies de cyclus" in unplaced.data["detail"]
    assert not Adoption.objects.exists()
    assert not case.actions.exists()

    chosen = {"school": rooms.demo.school2.pk, "case": case.pk}
    with_case = post(rooms, "teacher2", base, chosen).data
    action = case.actions.get()
    assert with_case["status"] == "adopted"
    assert with_case["action"] == {
        "id": action.pk,
        "case": {"id": case.pk, "title": "Lezen"},
        "url": f"/casussen/{case.pk}/?stap=4",
    }
    page = client_for(rooms.demo.teacher2).get(with_case["action"]["url"])
    link = f'href="/ruimtes/{rooms.room.pk}/#voorstel-{proposal["id"]}"'
    assert link in page.content.decode()
    assert "Voorstel “Idee” in de netwerkruimte" in page.content.decode()


def test_a_teacher_outside_the_datateam_cannot_place_an_adoption_in_its_cycle(rooms: Rooms):
    from casestudies import services as case_services
    from casestudies.access import cases_visible_to
    from schools.models import SchoolMembership, SchoolRole, User

    colleague = User.objects.create(username="docent-buiten-team", first_name="Sam")
    SchoolMembership.objects.create(  # a teacher of the school, not on its datateam
        person=colleague, school=rooms.demo.school1, role=SchoolRole.TEACHER
    )
    case = case_services.start_case_study(
        datateam=rooms.demo.team1, person=rooms.demo.teacher1, title="Vertrouwelijk",
        theme="basic_skills", template="five_steps",
    )  # fmt: skip
    assert not cases_visible_to(colleague).filter(pk=case.pk).exists()
    proposal = post(rooms, "teacher2", "proposals/", {"client_id": "p", "title": "Idee"}).data
    client = APIClient()
    client.force_authenticate(colleague)
    url = f"/api/rooms/{rooms.room.pk}/proposals/{proposal['id']}/adopt/"
    school = rooms.demo.school1.pk
    into_case = client.post(url, {"school": school, "case": case.pk}, format="json")
    assert into_case.status_code == 404
    assert "Vertrouwelijk" not in into_case.content.decode()
    # Nor may they start a cycle on a datateam they are not in.
    new = {"school": school, "new_cycle": {"title": "Nieuw", "datateam": rooms.demo.team1.pk}}
    assert client.post(url, new, format="json").status_code == 404
    unnamed = client.post(url, {"school": school, "new_cycle": {"title": "Nieuw"}}, format="json")
    assert unnamed.status_code == 400
    assert "geen datateam" in unnamed.data["detail"]
    assert not Adoption.objects.exists()
    assert not case.actions.exists()
    assert CaseStudy.objects.count() == 1


def test_only_a_coordinator_closes_and_archives(rooms: Rooms):
    assert post(rooms, "teacher1", "close/", {}).status_code == 404
    assert post(rooms, "coordinator", "close/", {}).data["status"] == "closed"
    assert post(rooms, "coordinator", "archive/", {}).data["status"] == "archived"
    assert post(rooms, "coordinator", "reopen/", {}).data["status"] == "open"


def test_a_coordinator_opens_a_theme_room(rooms: Rooms):
    data = {"network": rooms.demo.network_a.pk, "title": "Welbevinden"}
    assert api(rooms, "teacher1").post("/api/rooms/", data).status_code == 404
    created = api(rooms, "coordinator").post("/api/rooms/", data)
    assert (created.status_code, created.data["kind"]) == (201, "theme")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_message_posted_over_the_api_is_broadcast_like_one_from_the_socket(rooms: Rooms):
    listener = token_socket(rooms, "teacher2")
    await joined(listener)
    response = await database_sync_to_async(post)(
        rooms, "teacher1", "messages/", {"client_id": "rest", "body": "Via de API"}
    )
    message = (await next_of(listener, "message.new"))["message"]
    assert (message["id"], message["seq"], message["body"]) == (
        response.data["id"],
        1,
        "Via de API",
    )
    await listener.disconnect()


def test_an_adopted_proposal_becomes_an_action_in_the_schools_case_and_keeps_its_link(demo):
    from casestudies import services as case_services
    from discussions import services as room_services
    from discussions.models import Adoption

    case = case_services.start_case_study(
        datateam=demo.team2,
        person=demo.teacher2,
        title="Lezen",
        theme="basic_skills",
        template="five_steps",
    )
    room = room_services.open_theme_room(
        network=demo.network_a, person=demo.coordinator, title="Begrijpend lezen"
    )
    created = room_services.create_proposal(
        room=room,
        author=demo.teacher1,
        client_id="p-1",
        title="Leesstrategieën elke les",
        body="Tien minuten per les.",
    )
    adoption = room_services.adopt_proposal(
        proposal=created.proposal, school_id=demo.school2.pk, person=demo.teacher2, case=case
    )
    action = case.actions.get()
    assert adoption.action == action
    # Written for the whole school in the platform's language, whatever the adopter's.
    assert action.description == "Uit het netwerk: Leesstrategieën elke les"
    assert Adoption.objects.get(action=action).proposal == created.proposal


def test_partners_open_one_room_per_published_case(demo, client):
    from casestudies.demo import seed_demo_cases
    from casestudies.models import Publication
    from tests.conftest import client_for

    seed_demo_cases()
    publication = Publication.objects.filter(case__datateam=demo.team1).get()
    partner = client_for(demo.teacher2)
    first = partner.post(f"/publicaties/{publication.pk}/bespreken/")
    again = client_for(demo.coach).post(f"/publicaties/{publication.pk}/bespreken/")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    room_page = partner.get(first["Location"])
    assert publication.title in room_page.text
    outsider = client_for(demo.outsider).post(f"/publicaties/{publication.pk}/bespreken/")
    assert outsider.status_code == 404
