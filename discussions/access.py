"""Who may enter a room: the members of its network (netwerk.access). Coordinators of the
network also close and archive it. Missing and forbidden are both Http404."""

from __future__ import annotations

import re
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from rest_framework.authtoken.models import Token

from discussions import onloop
from discussions.decision_models import Poll
from discussions.models import Message, Proposal, Room, RoomRemoval
from meetings.access import can_plan
from meetings.models import NetworkSession
from netwerk.access import (
    member_of_network,
    member_of_network_sql,
    networks_coordinated_by,
    networks_for,
    people_of_network,
)
from schools.access import AnyUser, active_person, get_or_404
from schools.models import User

M = TypeVar("M", bound=models.Model)

ROOM_NETWORK = f'"{Room._meta.db_table}"."network_id"'
ROOM_ID = f'"{Room._meta.db_table}"."id"'


def rooms_for(user: AnyUser) -> QuerySet[Room]:
    """The rooms of the person's networks, but for those a coordinator removed them from."""
    rooms = Room.objects.filter(network__in=networks_for(user)).select_related("network")
    return rooms.exclude(removals__person_id=getattr(user, "pk", None))


def room_for_member(user: AnyUser, room_id: object) -> Room:
    """The room, if the person may enter it: rooms_for's rule, as one query written out
    (this runs for every websocket handshake, where building the ORM's version of it cost
    more than running it)."""
    person = active_person(user)
    pk = _bigint(room_id)
    if person is None or pk is None:
        raise Http404
    member = member_of_network(person, ROOM_NETWORK)
    sql = (
        f'SELECT * FROM "{Room._meta.db_table}" WHERE {ROOM_ID} = %s AND {member.sql} '  # noqa: S608
        f"AND {not_removed_sql(ROOM_ID, '%s')}"
    )
    found = list(Room.objects.raw(sql, [pk, *member.params, person.pk]))
    if not found:
        raise Http404
    return found[0]


# --- The websocket handshake on the event loop (discussions.onloop) ----------------------


def _columns(model: type[models.Model], alias: str) -> str:
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def _instance(model: type[M], values: tuple[object, ...]) -> M:
    """A model instance from its concrete columns as psycopg returned them (with Django's
    adapters; User and Room have no field that converts its database value)."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db("default", names, values)


def not_removed_sql(room_column: str, person_column: str) -> str:
    """The person was not removed from the room (RoomRemoval), as an SQL condition."""
    removals = RoomRemoval._meta.db_table
    return (
        f'NOT EXISTS (SELECT 1 FROM "{removals}" x '  # noqa: S608
        f'WHERE x."room_id" = {room_column} AND x."person_id" = {person_column})'
    )


_USER_COLUMNS = len(User._meta.concrete_fields)
_ROOM_MEMBER = (
    member_of_network_sql('room."network_id"', "%(person)s")
    + " AND "
    + not_removed_sql('room."id"', "%(person)s")
)
_ROOM_FOR_PERSON_SQL = (
    f'SELECT {_columns(Room, "room")} FROM "{Room._meta.db_table}" room '  # noqa: S608
    f'WHERE room."id" = %(room)s AND {_ROOM_MEMBER}'
)
# A person and, when they may enter it, the room: one statement.
_ENTRANT_MEMBER = (
    member_of_network_sql('room."network_id"', 'entrant."id"')
    + " AND "
    + not_removed_sql('room."id"', 'entrant."id"')
)
_ENTRANT_SELECT = (
    f"SELECT {_columns(User, 'entrant')}, {_columns(Room, 'room')} "  # noqa: S608
    f'FROM "{User._meta.db_table}" entrant '
)
_ENTRANT_ROOM = (
    f'LEFT JOIN "{Room._meta.db_table}" room ON room."id" = %(room)s AND {_ENTRANT_MEMBER} '
)
_ENTRANT_SQL = (  # the token's active person
    f"{_ENTRANT_SELECT}"
    f'JOIN "{Token._meta.db_table}" token ON token."user_id" = entrant."id" '
    f"{_ENTRANT_ROOM}"
    'WHERE token."key" = %(key)s AND entrant."is_active"'
)
_ENTRANT_BY_ID_SQL = f'{_ENTRANT_SELECT}{_ENTRANT_ROOM}WHERE entrant."id" = %(person)s'
_SESSION_SQL = (
    f'SELECT "session_data" FROM "{Session._meta.db_table}" '  # noqa: S608
    'WHERE "session_key" = %(key)s AND "expire_date" > %(now)s'
)

Entrant = tuple[User | None, Room | None]
# The keys the database session engine hands out: lowercase letters and digits.
_SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")


def _entrant(row: tuple[object, ...] | None) -> Entrant:
    if row is None:
        return None, None
    person = _instance(User, row[:_USER_COLUMNS])
    room = None if row[_USER_COLUMNS] is None else _instance(Room, row[_USER_COLUMNS:])
    return person, room


async def entrant_with_token(key: str, room_id: object) -> Entrant:
    """On the event loop: the active person with this API token (None: 4401), and the
    room if they may enter it (None: 4403). room_for_member's rule, in one statement."""
    async with onloop.database() as database:
        params = {"key": key, "room": _bigint(room_id)}
        cursor = await database.execute(_ENTRANT_SQL, params, prepare=True)
        return _entrant(await cursor.fetchone())


async def entrant_with_session(key: str, room_id: object) -> Entrant | None:
    """On the event loop: the person signed in with this session (None: 4401), and the
    room if they may enter it (None: 4403). Two statements: the session, then the person
    with the room.

    The checks are django.contrib.auth.get_user's: the session is unexpired and its
    signature valid, its backend is configured, the backend admits the person (ModelBackend:
    active), and its hash matches the person's current password (or a fallback secret's).
    Unlike get_user, a session that fails is left for the next page load to flush: a
    websocket changes no session. Returns None when only Django can decide: another session
    engine, or a backend that looks people up its own way; the caller then asks get_user.
    """
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return None
    if not _SESSION_KEY.fullmatch(key):  # never a key Django made (it may hold a NUL)
        return None, None
    async with onloop.database() as database:
        cursor = await database.execute(
            _SESSION_SQL, {"key": key, "now": timezone.now()}, prepare=True
        )
        row = await cursor.fetchone()
        if row is None:
            return None, None
        session = SessionStore(key).decode(row[0])
        backend_path = session.get(BACKEND_SESSION_KEY)
        if backend_path not in settings.AUTHENTICATION_BACKENDS:
            return None, None
        backend = load_backend(backend_path)
        if not isinstance(backend, ModelBackend) or type(backend).get_user is not (
            ModelBackend.get_user
        ):
            return None
        try:
            person_id = _bigint(User._meta.pk.to_python(session[SESSION_KEY]))
        except (KeyError, ValidationError):
            return None, None
        if person_id is None:
            return None, None
        params = {"person": person_id, "room": _bigint(room_id)}
        cursor = await database.execute(_ENTRANT_BY_ID_SQL, params, prepare=True)
        person, room = _entrant(await cursor.fetchone())
    if person is None or not backend.user_can_authenticate(person):
        return None, None
    if not _session_hash_verified(person, session.get(HASH_SESSION_KEY)):
        return None, None
    return person, room


def _session_hash_verified(person: User, session_hash: object) -> bool:
    if not isinstance(session_hash, str) or not session_hash:
        return False
    return constant_time_compare(session_hash, person.get_session_auth_hash()) or any(
        constant_time_compare(session_hash, fallback)
        for fallback in person.get_session_auth_fallback_hash()
    )


async def aroom_for_member(person: User, room_id: object) -> Room | None:
    """room_for_member on the event loop, for a person the session already identified."""
    pk = _bigint(room_id)
    if pk is None:
        return None
    async with onloop.database() as database:
        params = {"room": pk, "person": person.pk}
        cursor = await database.execute(_ROOM_FOR_PERSON_SQL, params, prepare=True)
        row = await cursor.fetchone()
    return None if row is None else _instance(Room, row)


def _bigint(value: object) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def people_of(room: Room) -> QuerySet[User]:
    """Everyone who may enter the room: the people of its network, but for those removed
    from it."""
    return people_of_network(room.network_id).exclude(room_removals__room=room)


def members_for_member(user: AnyUser, room_id: object) -> QuerySet[User]:
    """The people of a room, for someone in it (whom to @mention)."""
    return people_of(room_for_member(user, room_id))


def members_matching(people: QuerySet[User], query: str) -> QuerySet[User]:
    """Those whose username, first or last name starts with what was typed after an `@`,
    or whose full name contains it."""
    query = query.strip().lstrip("@")
    full_name = Concat("first_name", Value(" "), "last_name")
    return people.alias(full_name=full_name).filter(
        Q(username__istartswith=query)
        | Q(first_name__istartswith=query)
        | Q(last_name__istartswith=query)
        | Q(full_name__icontains=query)
    )


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


def poll_for_member(user: AnyUser, room: Room, poll_id: object) -> Poll:
    visible = Poll.objects.filter(room=room, room__in=rooms_for(user))
    related = visible.select_related("author", "room__network", "closed_by")
    return get_or_404(related, poll_id)


def person_in_room(user: AnyUser, room: Room, person_id: object) -> User:
    """Someone the room is open to, for a coordinator removing them (else 404)."""
    room_for_coordinator(user, room.pk)
    return get_or_404(people_of(room), person_id)


# A shared document's name (docs/realtime-protocol.md): `proposal:<id>`, `minutes:<id>`.
DOCUMENT_NAME = re.compile(r"(proposal|minutes):([1-9][0-9]{0,15})")


def document_target_for_member(
    user: AnyUser, room: Room, name: object
) -> tuple[Proposal | NetworkSession, bool]:
    """What a shared document of this room holds (a proposal of the room, or the minutes
    of the room's session) and whether this person may edit it: every member edits a
    proposal, the session's planners its minutes. Anything else is Http404."""
    match = DOCUMENT_NAME.fullmatch(name) if isinstance(name, str) else None
    if match is None:
        raise Http404
    kind, pk = match.group(1), int(match.group(2))
    if kind == "proposal":
        return proposal_for_member(user, room, pk), True
    if room.network_session_id != pk or not rooms_for(user).filter(pk=room.pk).exists():
        raise Http404
    session = NetworkSession.objects.select_related("network").get(pk=pk)
    return session, can_plan(user, session.network)
