"""Whom a message may @mention: the people of the room, and mentions marked in the text."""

from __future__ import annotations

from discussions import access, services
from discussions.models import Message
from schools.models import User
from tests.discussions.conftest import Rooms
from tests.discussions.test_room_api import api, post


def test_the_members_list_holds_exactly_the_people_who_may_enter_the_room(rooms: Rooms):
    listed = api(rooms, "teacher1").get(f"/api/rooms/{rooms.room.pk}/members/")
    assert listed.status_code == 200
    usernames = {person["username"] for person in listed.data}
    may_enter = {
        user.username
        for user in User.objects.all()
        if access.rooms_for(user).filter(pk=rooms.room.pk).exists()
    }
    assert usernames == may_enter
    assert {"teacher1", "teacher2", "coordinator"} <= usernames
    assert "outsider" not in usernames
    teacher2 = next(p for p in listed.data if p["username"] == "teacher2")
    assert teacher2 == {"id": rooms.demo.teacher2.pk, "name": "Jeroen Smit", "username": "teacher2"}


def test_the_members_list_is_not_found_for_outsiders_and_unknown_rooms(rooms: Rooms):
    outsider = api(rooms, "outsider")
    assert outsider.get(f"/api/rooms/{rooms.room.pk}/members/").status_code == 404
    assert outsider.get("/api/rooms/999999/members/").status_code == 404
    teacher = api(rooms, "teacher1")
    other = teacher.get(f"/api/rooms/{rooms.other_network_room.pk}/members/")
    assert other.status_code == 404


def test_mentions_of_members_are_marked_in_the_html_and_others_are_left_as_text(rooms: Rooms):
    body = "Vraag voor @teacher2. Niet voor @outsider of `@teacher2`, mail a@teacher2.nl"
    ack = post(rooms, "teacher1", "messages/", {"client_id": "m", "body": body}).data
    message = Message.objects.get(pk=ack["id"])
    assert message.body_html.count('<span class="mention">@teacher2</span>') == 1
    assert "@outsider" in message.body_html
    assert '<span class="mention">@outsider' not in message.body_html
    assert [m.person.username for m in message.mentions.all()] == ["teacher2"]


def test_an_edit_marks_the_new_mentions(rooms: Rooms):
    ack = post(rooms, "teacher1", "messages/", {"client_id": "e", "body": "Hallo"}).data
    path = f"/api/rooms/{rooms.room.pk}/messages/{ack['id']}/"
    edited = api(rooms, "teacher1").patch(path, {"body": "Hallo @coordinator"}, format="json")
    assert '<span class="mention">@coordinator</span>' in edited.data["body_html"]
    assert [m.person.username for m in Message.objects.get(pk=ack["id"]).mentions.all()] == [
        "coordinator"
    ]


def test_a_message_carries_a_plain_excerpt_and_who_reacted(rooms: Rooms):
    posted = services.post_message(
        room=rooms.room,
        author=rooms.demo.teacher1,
        client_id="x",
        body="**Mentor**gesprekken & <b>leerlingenarena</b>",
    )
    message_id = posted.message.pk
    post(rooms, "teacher2", f"messages/{message_id}/reactions/", {"emoji": "💡"})
    reacted = post(rooms, "teacher1", f"messages/{message_id}/reactions/", {"emoji": "💡"}).data
    assert reacted["excerpt"] == "Mentorgesprekken & <b>leerlingenarena</b>"
    assert reacted["reactions"] == {"💡": 2}
    assert reacted["reacted_by"] == {"💡": [rooms.demo.teacher2.pk, rooms.demo.teacher1.pk]}
    off = post(rooms, "teacher2", f"messages/{message_id}/reactions/", {"emoji": "💡", "on": False})
    assert off.data["reacted_by"] == {"💡": [rooms.demo.teacher1.pk]}
