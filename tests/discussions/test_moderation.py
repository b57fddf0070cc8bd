"""Moderation: reports, hiding (a tombstone stays, the reason goes to the audit log),
removing someone from a room, and who may pin."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from discussions import access, services
from discussions.models import Message, MessageReport, RoomRemoval
from notifications.models import Kind, Notification
from privacy.models import AuditEvent
from schools.models import User
from tests.discussions.conftest import Rooms
from tests.discussions.decisions import get, post

pytestmark = pytest.mark.django_db


def message_of(rooms: Rooms, username: str = "teacher2", body: str = "Een grof bericht") -> Message:
    person = User.objects.get(username=username)
    return services.post_message(
        room=rooms.room, author=person, client_id=body[:60], body=body
    ).message


def test_a_member_reports_a_message_and_coordinators_see_it_and_are_told(
    rooms: Rooms, django_capture_on_commit_callbacks
):
    message = message_of(rooms)
    assert (
        post(rooms, "teacher1", f"messages/{message.pk}/report/", {"reason": " "}).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        reported = post(rooms, "teacher1", f"messages/{message.pk}/report/", {"reason": "Kwetsend"})
    assert reported.status_code == 201
    listed = get(rooms, "coordinator", "moderation/").data
    assert [r["reason"] for r in listed["reports"]] == ["Kwetsend"]
    assert listed["reports"][0]["message"]["excerpt"] == "Een grof bericht"
    assert get(rooms, "teacher1", "moderation/").status_code == 404
    told = Notification.objects.get(kind=Kind.MESSAGE_REPORTED)
    assert told.recipient == rooms.demo.coordinator


def test_a_coordinator_hides_a_message_leaving_a_tombstone_and_the_reason_in_the_audit_log(
    rooms: Rooms,
):
    message = message_of(rooms)
    MessageReport.objects.create(message=message, reporter=rooms.demo.teacher1, reason="Kwetsend")
    assert (
        post(rooms, "coordinator", f"messages/{message.pk}/hide/", {"reason": ""}).status_code
        == 400
    )
    hidden = post(
        rooms, "coordinator", f"messages/{message.pk}/hide/", {"reason": "Persoonlijke aanval"}
    )
    assert hidden.status_code == 200
    assert hidden.data["hidden"] is True
    assert hidden.data["body"] == hidden.data["body_html"] == ""
    history = get(rooms, "teacher1", "messages/").data["results"]
    assert [(m["id"], m["hidden"], m["body"]) for m in history] == [(message.pk, True, "")]
    audit = AuditEvent.objects.get(action=AuditEvent.Action.HIDE_MESSAGE)
    assert audit.detail == "Persoonlijke aanval"
    assert audit.actor == rooms.demo.coordinator
    assert audit.network == rooms.demo.network_a
    assert MessageReport.objects.get().handled_at is not None
    moderation = get(rooms, "coordinator", "moderation/").data
    assert [m["id"] for m in moderation["hidden"]] == [message.pk]
    again = post(rooms, "coordinator", f"messages/{message.pk}/hide/", {"reason": "nog eens"})
    assert again.status_code == 400
    assert (
        post(rooms, "teacher2", f"messages/{message.pk}/report/", {"reason": "x"}).status_code
        == 400
    )


def test_a_member_cannot_hide_and_a_coordinator_of_another_network_finds_nothing(rooms: Rooms):
    message = message_of(rooms)
    assert (
        post(rooms, "teacher1", f"messages/{message.pk}/hide/", {"reason": "x"}).status_code == 404
    )
    other = User.objects.create_user("leesnetwerk_coordinator")
    rooms.demo.network_b.coordinators.add(other)
    rooms.tokens["leesnetwerk_coordinator"] = Token.objects.create(user=other).key
    answer = post(rooms, "leesnetwerk_coordinator", f"messages/{message.pk}/hide/", {"reason": "x"})
    assert answer.status_code == 404
    sideways = post(
        rooms,
        "leesnetwerk_coordinator",
        f"messages/{message.pk}/hide/",
        {"reason": "x"},
        room=rooms.other_network_room.pk,
    )
    assert sideways.status_code == 404
    assert Message.objects.get(pk=message.pk).hidden_at is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.HIDE_MESSAGE).exists()


def test_a_coordinator_removes_a_member_who_then_cannot_enter_and_it_is_audited(rooms: Rooms):
    teacher2 = rooms.demo.teacher2
    path = f"members/{teacher2.pk}/remove/"
    assert post(rooms, "teacher1", path, {"reason": "x"}).status_code == 404
    removed = post(rooms, "coordinator", path, {"reason": "Herhaaldelijk grof"})
    assert removed.status_code == 201
    assert get(rooms, "teacher2", "").status_code == 404
    assert rooms.room not in access.rooms_for(teacher2)
    assert teacher2 not in access.people_of(rooms.room)
    assert post(rooms, "coordinator", path, {}).status_code == 404
    audit = AuditEvent.objects.get(action=AuditEvent.Action.REMOVE_FROM_ROOM)
    assert audit.detail == "Herhaaldelijk grof"
    coordinator = rooms.demo.coordinator
    assert post(rooms, "coordinator", f"members/{coordinator.pk}/remove/", {}).status_code == 400
    assert RoomRemoval.objects.count() == 1
