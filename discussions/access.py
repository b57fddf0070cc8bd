"""Who may enter a room: the members of its network (netwerk.access). Coordinators of the
network also close and archive it. Missing and forbidden are both Http404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from discussions.models import Message, Proposal, Room
from netwerk.access import (
    member_of_network,
    networks_coordinated_by,
    networks_for,
    people_of_network,
)
from schools.access import AnyUser, active_person, get_or_404
from schools.models import User

ROOM_NETWORK = f'"{Room._meta.db_table}"."network_id"'
ROOM_ID = f'"{Room._meta.db_table}"."id"'


def rooms_for(user: AnyUser) -> QuerySet[Room]:
    return Room.objects.filter(network__in=networks_for(user)).select_related("network")


def room_for_member(user: AnyUser, room_id: object) -> Room:
    """The room, if the person may enter it: rooms_for's rule, as one query written out
    (this runs for every websocket handshake, where building the ORM's version of it cost
    more than running it)."""
    person = active_person(user)
    pk = _bigint(room_id)
    if person is None or pk is None:
        raise Http404
    member = member_of_network(person, ROOM_NETWORK)
    sql = f'SELECT * FROM "{Room._meta.db_table}" WHERE {ROOM_ID} = %s AND {member.sql}'  # noqa: S608
    found = list(Room.objects.raw(sql, [pk, *member.params]))
    if not found:
        raise Http404
    return found[0]


def _bigint(value: object) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def people_of(room: Room) -> QuerySet[User]:
    """Everyone who may enter the room: the people of its network."""
    return people_of_network(room.network_id)


def members_for_member(user: AnyUser, room_id: object) -> QuerySet[User]:
    """The people of a room, for someone in it (whom to @mention)."""
    return people_of(room_for_member(user, room_id))


def room_for_coordinator(user: AnyUser, room_id: object) -> Room:
    rooms = Room.objects.filter(network__in=networks_coordinated_by(user))
    return get_or_404(rooms.select_related("network"), room_id)


def message_for_member(user: AnyUser, room: Room, message_id: object) -> Message:
    """A message of a room the person has entered; held messages only for their author."""
    visible = Message.objects.filter(room=room, room__in=rooms_for(user))
    message = get_or_404(visible.select_related("author", "room"), message_id)
    if message.held and message.author_id != getattr(user, "pk", None):
        return get_or_404(Message.objects.none(), message_id)
    return message


def proposal_for_member(user: AnyUser, room: Room, proposal_id: object) -> Proposal:
    visible = Proposal.objects.filter(room=room, room__in=rooms_for(user))
    return get_or_404(visible.select_related("author", "room"), proposal_id)


def held_message_for_author(user: AnyUser, room: Room, client_id: object) -> Message:
    """The author's own message by client_id (the one a confirm refers to)."""
    own = Message.objects.filter(room=room, author_id=getattr(user, "pk", None))
    messages = own.filter(client_id=str(client_id)).select_related("author", "room")
    message = messages.first()
    if message is None:
        return get_or_404(Message.objects.none(), 0)
    return message
