"""The room websocket (docs/realtime-protocol.md). It only translates: frames in become
service calls, events from the channel layer go out with one send_json each."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from discussions import access, auth, broadcast, dbthreads, onloop, presence, services
from discussions.coedit import CoeditMixin
from discussions.consumers_decisions import DecisionFrames
from discussions.models import Room
from schools.access import MAX_ID, active_person
from schools.models import User

MAX_FRAME_BYTES = 64 * 1024
log = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_BIG = 1009
CLOSE_NO_ROUTE = 4404
DEFAULT_TYPING_INTERVAL = 2.0


def typing_interval() -> float:
    """Seconds between two `typing` events of one connection (NETWERK_ROOM_TYPING_INTERVAL)."""
    return float(getattr(settings, "NETWERK_ROOM_TYPING_INTERVAL", DEFAULT_TYPING_INTERVAL))


Handler = Callable[[dict[str, Any]], Awaitable[None]]


class BadFrame(Exception):
    pass


class NoRouteConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    """A websocket to a path that is no room's: accepted, then closed with 4404, as a
    refused room is (a handshake refused before accept reaches a browser only as a
    failed connection)."""

    async def connect(self) -> None:
        await self.accept()
        await self.close(code=CLOSE_NO_ROUTE)


class RoomConsumer(DecisionFrames, CoeditMixin, AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    room: Room
    person: User
    heartbeat: asyncio.Task[None] | None = None
    last_typing: float = -math.inf

    async def connect(self) -> None:
        # The texts of errors in the reader's language, for the whole connection.
        translation.activate(language_of(self.scope))
        # Accept first: a refused handshake reaches a browser only as "failed".
        await self.accept()
        room_id = self.scope["url_route"]["kwargs"]["room_id"]
        person, room = await entrant(self.scope, room_id)
        if person is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if room is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.person, self.room = person, room
        self.group = broadcast.room_group(self.room.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        _pruned, users = await presence.touch(self.room.pk, self.presence_entry)
        await self.send_json(
            {
                "type": "hello",
                "room": broadcast.room_payload(self.room),
                "user": broadcast.person(person),
                "last_seq": self.room.last_seq,
                "presence": users,
            }
        )
        presence.announce_soon(self.room.pk)
        self.heartbeat = asyncio.create_task(self.keep_alive())

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        """Channels' version without its hop to the database thread to close that thread's
        old connections (see dispatch): a reconnect storm makes a thousand of them."""
        await self.disconnect(message["code"])
        raise StopConsumer

    async def disconnect(self, code: int) -> None:
        if self.heartbeat is None:
            return
        self.heartbeat.cancel()
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await presence.leave(self.room.pk, self.presence_entry)
        presence.announce_soon(self.room.pk)

    @property
    def presence_entry(self) -> str:
        return presence.entry_for(self.person, self.channel_name)

    async def keep_alive(self) -> None:
        """Refresh presence and group membership (both survive a Redis restart this way);
        announce presence when entries of vanished connections expired. The first beat
        comes at a random point of the interval, so connections opened together (a
        reconnect storm) do not all beat at the same moment ever after."""
        interval = presence.heartbeat_interval()
        await asyncio.sleep(random.uniform(0, interval))
        while True:
            with contextlib.suppress(Exception):
                await self.channel_layer.group_add(self.group, self.channel_name)
            pruned, _users = await presence.touch(self.room.pk, self.presence_entry)
            if pruned:
                presence.announce_soon(self.room.pk)
            await asyncio.sleep(interval)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its hop to the database thread before every message
        to close that thread's old connections: this consumer touches the database only
        through dbthreads.call, which closes them around each call. So the relay of a room
        event (~1,000 a second at the target load) never leaves the event loop."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_receive(self, message: dict[str, Any]) -> None:
        frame = message.get("text") or message.get("bytes") or ""
        if len(frame) > MAX_FRAME_BYTES:
            await self.close(code=CLOSE_TOO_BIG)
            return
        await super().websocket_receive(message)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.heartbeat is None:
            return
        try:
            content = json.loads(text_data or "")
        except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
            await self.send_error("invalid", _("Send JSON text frames."))
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            await self.send_error("invalid", _("Send a JSON object with a type."))
            return
        handler = self.handlers().get(str(content.get("type")))
        client_id = content.get("client_id")
        if handler is None:
            await self.send_error("invalid", _("Unknown type."), client_id)
            return
        try:
            await handler(content)
        except services.RoomError as error:
            await self.send_error(error.code, error.detail, client_id)
        except (BadFrame, Http404) as error:
            await self.send_error("invalid", str(error) or _("No such object."), client_id)
        except Exception:
            # The protocol keeps the connection open after every error: a frame that finds
            # a fault is logged with its trace, and its sender told, not disconnected.
            log.exception("Room frame %r failed", content.get("type"))
            await self.send_error("invalid", _("This could not be handled."), client_id)

    async def send_error(self, code: str, detail: str, client_id: object = None) -> None:
        error: dict[str, Any] = {"type": "error", "code": code, "detail": detail}
        if isinstance(client_id, str):
            error["client_id"] = client_id
        await self.send_json(error)

    async def room_event(self, message: dict[str, Any]) -> None:
        await self.send(text_data=message["text"])

    def handlers(self) -> dict[str, Handler]:
        return {
            "message.send": self.on_message_send,
            "message.confirm": self.on_message_confirm,
            "sync": self.on_sync,
            "history": self.on_history,
            "typing": self.on_typing,
            "proposal.create": self.on_proposal_create,
            "proposal.endorse": self.on_proposal_endorse,
            **self.decision_handlers(),
            **self.coedit_handlers(),
        }

    async def on_message_send(self, content: dict[str, Any]) -> None:
        posted = await services.apost_message(
            room=self.room,
            author=self.person,
            client_id=content.get("client_id"),
            body=content.get("body"),
            reply_to=optional_int(content, "reply_to"),
            topic=content.get("topic"),
        )
        await self.acknowledge(posted.message)

    async def on_message_confirm(self, content: dict[str, Any]) -> None:
        client_id = content.get("client_id")
        message = await call(access.held_message_for_author, self.person, self.room, client_id)
        body = content.get("body")
        if body is not None and not isinstance(body, str):
            raise BadFrame(_("body must be text."))
        message = await call(
            services.confirm_message, message=message, author=self.person, body=body
        )
        await self.acknowledge(message)

    async def acknowledge(self, message: Any) -> None:
        if message.held:
            await self.send_json(
                {
                    "type": "message.held",
                    "client_id": message.client_id,
                    "id": message.pk,
                    "findings": message.held_findings,
                }
            )
            return
        await self.send_json(
            {"type": "ack", "client_id": message.client_id, "id": message.pk, "seq": message.seq}
        )

    async def on_sync(self, content: dict[str, Any]) -> None:
        after_seq = required_int(content, "after_seq")
        last_seq = after_seq
        while True:
            seqs, frames = await call(message_frames_after, self.room, after_seq)
            for frame in frames:
                await self.send(text_data=frame)
            last_seq = seqs[-1] if seqs else after_seq
            if len(frames) < services.SYNC_BATCH:
                break
            after_seq = last_seq
        await self.send_json({"type": "sync.done", "last_seq": last_seq})

    async def on_history(self, content: dict[str, Any]) -> None:
        """One window of the room's history in one frame (docs/realtime-protocol.md)."""
        limit = optional_int(content, "limit")
        frame = await call(
            history_frame,
            self.room,
            before_seq=optional_int(content, "before_seq"),
            after_seq=optional_int(content, "after_seq"),
            limit=services.HISTORY_WINDOW if limit is None else limit,
        )
        await self.send(text_data=frame)

    async def on_typing(self, content: dict[str, Any]) -> None:
        """At most one `typing` per connection per interval; the rest are dropped quietly
        (clients send it while someone types, so a dropped one changes nothing)."""
        now = time.monotonic()
        if now - self.last_typing < typing_interval():
            return
        self.last_typing = now
        event: broadcast.TypingEvent = {"type": "typing", "user": broadcast.person(self.person)}
        await broadcast.broadcast(self.room.pk, event)

    async def on_proposal_create(self, content: dict[str, Any]) -> None:
        created = await call(
            services.create_proposal,
            room=self.room,
            author=self.person,
            client_id=content.get("client_id"),
            title=content.get("title"),
            body=content.get("body", ""),
            from_message=optional_int(content, "from_message"),
        )
        if not created.created:  # a repeated client_id: tell only the sender again
            payload = await call(broadcast.proposal_payload, created.proposal)
            await self.send_json({"type": "proposal.new", "proposal": payload})

    async def on_proposal_endorse(self, content: dict[str, Any]) -> None:
        proposal_id = required_int(content, "proposal_id")
        proposal = await call(access.proposal_for_member, self.person, self.room, proposal_id)
        await call(services.endorse_proposal, proposal=proposal, person=self.person)


async def entrant(scope: dict[str, Any], room_id: object) -> access.Entrant:
    """Who connects, and the room if they may enter it (discussions.auth). On PostgreSQL
    from the event loop, in one statement for a token and two for a session; elsewhere,
    or for a session only Django's get_user can check, in a database thread."""
    user = scope.get("user")
    if not onloop.database_available():
        return await call(person_and_room, user, room_id)  # type: ignore[no-any-return]
    token, session_key = scope.get("token"), scope.get("session_key")
    if token is not None:
        return await access.entrant_with_token(token, room_id) if token else (None, None)
    if session_key is None:
        return None, None
    found = await access.entrant_with_session(session_key, room_id)
    if found is None:
        return await call(person_and_room, user, room_id)  # type: ignore[no-any-return]
    return found


def language_of(scope: dict[str, Any]) -> str:
    """The language the person reads the site in: LocaleMiddleware's choice (the language
    cookie, then Accept-Language, then the site's language) from the handshake's headers."""
    request = HttpRequest()
    request.COOKIES = scope.get("cookies", {})
    accept = auth.header(scope.get("headers", []), b"accept-language")
    if accept:
        request.META["HTTP_ACCEPT_LANGUAGE"] = accept
    return translation.get_language_from_request(request)


def person_and_room(user: Any, room_id: object) -> tuple[User | None, Room | None]:
    """Who connects (a token user is looked up here) and the room, if they may enter it."""
    person = active_person(user)
    if person is None:
        return None, None
    try:
        return person, access.room_for_member(person, room_id)
    except Http404:
        return person, None


call = dbthreads.call


def message_frames_after(room: Room, after_seq: int) -> tuple[list[int], list[str]]:
    """The seqs and the encoded `message.new` frames of a sync batch, built in the
    database thread so the event loop only sends them."""
    messages = services.messages_after(room=room, after_seq=after_seq)
    frames = [
        json.dumps({"type": "message.new", "message": payload})
        for payload in broadcast.message_payloads(messages)
    ]
    return [int(message.seq or 0) for message in messages], frames


def history_frame(room: Room, *, before_seq: int | None, after_seq: int | None, limit: int) -> str:
    """The encoded `history` frame of a window, built in the database thread."""
    window = services.history_window(
        room=room, before_seq=before_seq, after_seq=after_seq, limit=limit
    )
    return json.dumps(
        {
            "type": "history",
            "before_seq": before_seq,
            "after_seq": after_seq,
            "messages": broadcast.message_payloads(window.messages),
            "more_above": window.more_above,
            "more_below": window.more_below,
            "last_seq": window.last_seq,
        }
    )


def required_int(content: dict[str, Any], key: str) -> int:
    value = content.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_ID:
        raise BadFrame(_("%s must be a whole number.") % key)
    return value


def optional_int(content: dict[str, Any], key: str) -> int | None:
    return None if content.get(key) is None else required_int(content, key)
