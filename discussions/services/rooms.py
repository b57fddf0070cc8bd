"""Opening and closing rooms, and reading their history."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from casestudies.models import CaseStudy
from discussions.events import RoomChanged
from discussions.models import Message, Room, RoomKind, RoomStatus
from discussions.services.rules import RoomError, clean_title
from meetings.models import NetworkSession
from netwerk.events import emit
from netwerk.models import LearningNetwork
from schools.models import User

SYNC_BATCH = 500


@transaction.atomic
def open_theme_room(*, network: LearningNetwork, person: User, title: str) -> Room:
    room = Room(network=network, kind=RoomKind.THEME, title=clean_title(title), created_by=person)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def open_case_room(*, case: CaseStudy, network: LearningNetwork, person: User) -> Room:
    """The room where partners discuss a published case: one per case and network, opened
    the first time someone wants to talk about it."""
    room, _created = Room.objects.get_or_create(
        kind=RoomKind.CASE,
        case_study=case,
        network=network,
        defaults={"title": case.title[:200], "created_by": person},
    )
    return room


@transaction.atomic
def open_session_room(*, session: NetworkSession, person: User) -> Room:
    """The live room of a network session, in the session's network: one per session,
    opened the first time someone goes in."""
    if session.status == NetworkSession.Status.CANCELLED:
        raise RoomError("invalid", _("This session was cancelled."))
    room, _created = Room.objects.get_or_create(
        kind=RoomKind.SESSION,
        network_session=session,
        defaults={"network": session.network, "title": session.title[:200], "created_by": person},
    )
    return room


def close_room(*, room: Room) -> Room:
    return _set_room_status(room=room, status=RoomStatus.CLOSED)


def archive_room(*, room: Room) -> Room:
    return _set_room_status(room=room, status=RoomStatus.ARCHIVED)


def reopen_room(*, room: Room) -> Room:
    return _set_room_status(room=room, status=RoomStatus.OPEN)


@transaction.atomic
def _set_room_status(*, room: Room, status: RoomStatus) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    room.status = status
    room.save(update_fields=["status"])
    emit(RoomChanged(room=room))
    return room


def messages_after(
    *, room: Room, after_seq: int, limit: int = SYNC_BATCH, topic: str | None = None
) -> list[Message]:
    """Released messages with seq > after_seq, in seq order (a `sync` or a history page);
    with `topic`, only that topic's."""
    if after_seq < 0:
        raise RoomError("invalid", _("after_seq must be 0 or more."))
    last_seq = Room.objects.values_list("last_seq", flat=True).get(pk=room.pk)
    if after_seq > last_seq:
        raise RoomError("invalid", _("after_seq is ahead of this room (last seq %d).") % last_seq)
    visible = Message.objects.filter(room=room, seq__gt=after_seq).select_related("author")
    if topic is not None:
        visible = visible.filter(topic=topic)
    return list(visible.order_by("seq")[:limit])
