"""Topics: every message has one (the general topic by default, and for old messages);
filter, mute, resolve; a coordinator moves messages between topics."""

from __future__ import annotations

import pytest

from discussions import services
from discussions.models import Message, Topic
from tests.discussions.conftest import Rooms
from tests.discussions.decisions import api, get, post

pytestmark = pytest.mark.django_db


def send(rooms: Rooms, username: str, body: str, topic: str | None = None) -> int:
    data = {"client_id": f"{username}-{body}", "body": body}
    if topic is not None:
        data["topic"] = topic
    answer = post(rooms, username, "messages/", data)
    assert answer.status_code == 201, answer.data
    return int(answer.data["id"])


def test_a_message_without_a_topic_goes_to_the_general_topic(rooms: Rooms):
    first = send(rooms, "teacher1", "Wie heeft de cijfers?")
    assert Message.objects.get(pk=first).topic == ""
    named = send(rooms, "teacher2", "Hier", topic="  Cijfers   havo 4 ")
    assert Message.objects.get(pk=named).topic == "Cijfers havo 4"


def test_the_history_filters_on_a_topic(rooms: Rooms):
    send(rooms, "teacher1", "Algemeen bericht")
    send(rooms, "teacher1", "Over rooster", topic="Rooster")
    send(rooms, "teacher2", "Nog over rooster", topic="Rooster")
    page = get(rooms, "teacher1", "messages/?topic=Rooster").data["results"]
    assert [m["body"] for m in page] == ["Over rooster", "Nog over rooster"]
    assert {m["topic"] for m in page} == {"Rooster"}
    general = get(rooms, "teacher1", "messages/?topic=").data["results"]
    assert [m["body"] for m in general] == ["Algemeen bericht"]


def test_topics_are_listed_with_counts_and_the_persons_own_mutes(rooms: Rooms):
    send(rooms, "teacher1", "a", topic="Rooster")
    send(rooms, "teacher1", "b")
    muted = post(rooms, "teacher2", "topics/mute/", {"topic": "Rooster"})
    assert muted.data == {"name": "Rooster", "muted": True}
    mine = {t["name"]: t for t in get(rooms, "teacher2", "topics/").data["results"]}
    theirs = {t["name"]: t for t in get(rooms, "teacher1", "topics/").data["results"]}
    assert mine["Rooster"]["muted"] is True
    assert theirs["Rooster"]["muted"] is False
    assert mine[""]["messages"] == 1
    post(rooms, "teacher2", "topics/mute/", {"topic": "Rooster", "on": False})
    mine = {t["name"]: t for t in get(rooms, "teacher2", "topics/").data["results"]}
    assert mine["Rooster"]["muted"] is False


def test_anyone_in_the_room_resolves_a_topic_that_exists(rooms: Rooms):
    send(rooms, "teacher1", "a", topic="Rooster")
    assert post(rooms, "teacher2", "topics/resolve/", {"topic": "Bestaat niet"}).status_code == 400
    resolved = post(rooms, "teacher2", "topics/resolve/", {"topic": "Rooster"})
    assert resolved.data == {"name": "Rooster", "resolved": True}
    assert Topic.objects.get(room=rooms.room, name="Rooster").resolved_by == rooms.demo.teacher2
    reopened = post(rooms, "teacher1", "topics/resolve/", {"topic": "Rooster", "on": False})
    assert reopened.data["resolved"] is False


def test_a_coordinator_moves_messages_and_a_member_cannot(rooms: Rooms):
    a = send(rooms, "teacher1", "over rooster", topic="Algemeen")
    b = send(rooms, "teacher2", "ook rooster")
    move = {"message_ids": [a, b], "topic": "Rooster"}
    assert post(rooms, "teacher1", "topics/move/", move).status_code == 404
    moved = post(rooms, "coordinator", "topics/move/", move)
    assert moved.status_code == 200
    assert set(Message.objects.filter(pk__in=[a, b]).values_list("topic", flat=True)) == {"Rooster"}


def test_moving_a_message_of_another_room_moves_nothing(rooms: Rooms):
    mine = send(rooms, "teacher1", "hier")
    other = services.post_message(
        room=rooms.other_network_room, author=rooms.demo.coordinator, client_id="x", body="daar"
    ).message
    answer = post(
        rooms, "coordinator", "topics/move/", {"message_ids": [mine, other.pk], "topic": "T"}
    )
    assert answer.status_code == 400
    assert Message.objects.get(pk=mine).topic == ""
    assert Message.objects.get(pk=other.pk).topic == ""


def test_a_topic_too_long_is_refused(rooms: Rooms):
    answer = post(
        rooms, "teacher1", "messages/", {"client_id": "x", "body": "b", "topic": "t" * 61}
    )
    assert answer.status_code == 400
    assert "60" in answer.data["detail"]
    assert not Message.objects.exists()
    assert api(rooms, "outsider").get(f"/api/rooms/{rooms.room.pk}/topics/").status_code == 404
