"""Moderation: members report a message; coordinators hide a message (a tombstone stays,
the reason goes to the audit log), remove a person from a room, and pin; an author pins
their own message too."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.events import MemberRemoved, MessageChanged, MessageHidden, MessageReported
from discussions.models import Message, MessageReport, Room, RoomRemoval
from discussions.services.rules import (
    RoomError,
    check_live,
    check_open_now,
    check_storable,
)
from netwerk.access import is_coordinator, people_of_network
from netwerk.events import emit
from schools.models import User

MAX_REASON_CHARS = 2000


def clean_reason(reason: object) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise RoomError("invalid", _("Give a reason."))
    if len(reason) > MAX_REASON_CHARS:
        raise RoomError(
            "too_large", _("The reason is longer than %d characters.") % MAX_REASON_CHARS
        )
    check_storable(reason)
    return reason.strip()


def check_coordinator(person: User, room: Room, detail: str) -> None:
    if not is_coordinator(person, room.network):
        raise RoomError("forbidden", detail)


@transaction.atomic
def report_message(*, message: Message, reporter: User, reason: object) -> MessageReport:
    """Report a message to the room's coordinators; reporting it again replaces the reason."""
    text = clean_reason(reason)
    check_live(message)
    report, _created = MessageReport.objects.update_or_create(
        message=message, reporter=reporter, defaults={"reason": text, "handled_at": None}
    )
    emit(MessageReported(report=report))
    return report


@transaction.atomic
def hide_message(*, message: Message, moderator: User, reason: object) -> Message:
    check_coordinator(moderator, message.room, _("Only a coordinator hides a message."))
    text = clean_reason(reason)
    locked = Message.objects.select_for_update().select_related("author", "room").get(pk=message.pk)
    if locked.held or locked.seq is None:
        raise RoomError("invalid", _("This message was never shown in the room."))
    if locked.hidden_at is not None:
        raise RoomError("invalid", _("This message is hidden already."))
    locked.hidden_at, locked.hidden_by, locked.pinned = timezone.now(), moderator, False
    locked.save(update_fields=["hidden_at", "hidden_by", "pinned"])
    locked.reports.filter(handled_at__isnull=True).update(handled_at=locked.hidden_at)
    emit(MessageHidden(message=locked, moderator=moderator, reason=text))
    return locked


@transaction.atomic
def remove_member(*, room: Room, person: User, moderator: User, reason: object = "") -> RoomRemoval:
    """Close the room to one person; their open connections to it are closed (4403)."""
    check_coordinator(moderator, room, _("Only a coordinator removes someone from a room."))
    text = "" if reason in (None, "") else clean_reason(reason)
    if person.pk == moderator.pk or is_coordinator(person, room.network):
        raise RoomError("invalid", _("A coordinator cannot be removed from the room."))
    if not people_of_network(room.network_id).filter(pk=person.pk).exists():
        raise RoomError("invalid", _("This person is not in the room."))
    removal, created = RoomRemoval.objects.get_or_create(
        room=room, person=person, defaults={"removed_by": moderator, "reason": text}
    )
    if not created:
        raise RoomError("invalid", _("This person was removed from the room already."))
    emit(MemberRemoved(removal=removal))
    return removal


@transaction.atomic
def pin_message(*, message: Message, person: User, pinned: bool = True) -> Message:
    if message.author_id != person.pk and not is_coordinator(person, message.room.network):
        raise RoomError("forbidden", _("Only a coordinator or the author pins a message."))
    check_live(message)
    check_open_now(message.room)
    message.pinned = pinned
    message.save(update_fields=["pinned"])
    emit(MessageChanged(message=message))
    return message
