"""Co-editing on the room socket (docs/realtime-protocol.md, "Co-editing"): the frames
`doc.subscribe`, `doc.update` and `doc.awareness`, and the relay of updates to the other
subscribers of a document in every process. Like the rest of the consumer it only
translates: the document service stores, and only then is anyone told."""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.http import Http404
from django.utils.translation import gettext as _

from discussions import access, broadcast, dbthreads, events
from discussions.models import Room, SharedDocument
from discussions.services import RoomError
from discussions.services import documents as service
from netwerk.events import Delivery, subscribe
from schools.models import User

# The channel-layer message type of a document's relay; each consumer sends it on only
# when it subscribed to that document and did not send the update itself.
RELAY_TYPE = "doc.relay"
# Seconds after an acknowledged update before the personal-data check and the rendering
# run on the merged text (one review for a burst of keystrokes).
REVIEW_DELAY = 1.0
MAX_AWARENESS_BYTES = 4 * 1024

_reviews: dict[int, asyncio.TimerHandle] = {}
_reviewing: set[asyncio.Task[None]] = set()
log = logging.getLogger(__name__)


class CoeditMixin:
    """The co-editing frames of RoomConsumer."""

    room: Room
    person: User
    channel_name: str
    channel_layer: Any
    send_json: Any
    send: Any

    def coedit_handlers(self) -> dict[str, Any]:
        return {
            "doc.subscribe": self.on_doc_subscribe,
            "doc.update": self.on_doc_update,
            "doc.awareness": self.on_doc_awareness,
            "doc.unsubscribe": self.on_doc_unsubscribe,
        }

    @property
    def documents(self) -> dict[str, tuple[SharedDocument, bool]]:
        """The documents this connection subscribed to, with whether it may edit each."""
        found: dict[str, tuple[SharedDocument, bool]] | None = getattr(self, "_documents", None)
        if found is None:
            found = {}
            self._documents = found
        return found

    async def on_doc_subscribe(self, content: dict[str, Any]) -> None:
        name = content.get("doc")
        state_vector = decoded(content, "state_vector", required=False)
        try:
            target, may_edit = await dbthreads.call(
                access.document_target_for_member, self.person, self.room, name
            )
        except Http404:
            raise RoomError("forbidden", _("This document is not yours to see.")) from None
        document = await dbthreads.call(service.open_document, room=self.room, target=target)
        self.documents[str(name)] = (document, may_edit)  # relays from now on reach us
        update = await dbthreads.call(
            service.document_sync, document=document, state_vector=state_vector
        )
        await self.send_json(
            {
                "type": "doc.sync",
                "doc": name,
                "update": encoded(update),
                "editable": may_edit,
                "findings": document.findings,
            }
        )

    async def on_doc_unsubscribe(self, content: dict[str, Any]) -> None:
        self.documents.pop(str(content.get("doc")), None)

    def subscribed(self, content: dict[str, Any], *, editing: bool) -> SharedDocument:
        name = str(content.get("doc"))
        found = self.documents.get(name)
        if found is None:
            raise RoomError("forbidden", _("Subscribe to this document first."))
        document, may_edit = found
        if editing and not may_edit:
            raise RoomError("forbidden", _("You may read this document, not edit it."))
        return document

    async def on_doc_update(self, content: dict[str, Any]) -> None:
        document = self.subscribed(content, editing=True)
        update = decoded(content, "update")
        edit = service.Edit(self.person, content.get("client_id"), update)
        applied = await writer_of(document).write(edit)
        await self.send_json(
            {"type": "doc.ack", "doc": document.name, "client_id": content["client_id"]}
        )
        if applied.seq is not None:
            frame = {"type": "doc.update", "doc": document.name, "update": content["update"]}
            await relay(self.room.pk, document.name, frame, origin=self.channel_name)
            schedule_review(self.room.pk, document)

    async def on_doc_awareness(self, content: dict[str, Any]) -> None:
        """Cursors and names: relayed as they come, never stored."""
        document = self.subscribed(content, editing=False)
        update = content.get("update")
        if not isinstance(update, str) or len(update) > MAX_AWARENESS_BYTES:
            raise RoomError("too_large", _("This cursor update is too large."))
        decoded(content, "update")
        frame = {"type": "doc.awareness", "doc": document.name, "update": update}
        await relay(self.room.pk, document.name, frame, origin=self.channel_name)

    async def doc_relay(self, message: dict[str, Any]) -> None:
        if message["doc"] in self.documents and message.get("origin") != self.channel_name:
            await self.send(text_data=message["text"])


class Writer:
    """Stores the updates of one document that this process receives: one database call
    at a time, taking every update that arrived meanwhile (a group commit), so a busy
    document costs one lock and one transaction per batch instead of per keystroke."""

    def __init__(self, document: SharedDocument) -> None:
        self.document = document
        self.loop = asyncio.get_running_loop()
        self.pending: list[tuple[service.Edit, asyncio.Future[service.Applied]]] = []
        self.task: asyncio.Task[None] | None = None

    async def write(self, edit: service.Edit) -> service.Applied:
        future: asyncio.Future[service.Applied] = self.loop.create_future()
        self.pending.append((edit, future))
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self.run())
        return await future

    async def run(self) -> None:
        while self.pending:
            batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
            try:
                results = await dbthreads.call(
                    service.apply_document_updates,
                    document=self.document,
                    edits=[edit for edit, _future in batch],
                )
            except Exception as error:
                results = [error] * len(batch)
            for (_edit, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, Exception):
                    future.set_exception(result)
                else:
                    future.set_result(result)


MAX_BATCH = 100
_writers: dict[int, Writer] = {}


def writer_of(document: SharedDocument) -> Writer:
    writer = _writers.get(document.pk)
    if writer is None or writer.loop is not asyncio.get_running_loop():
        writer = _writers[document.pk] = Writer(document)
    return writer


async def relay(room_id: int, name: str, frame: dict[str, Any], *, origin: str | None) -> None:
    """To the subscribers of a document on every process (the sender left out)."""
    layer = get_channel_layer()
    message = {"type": RELAY_TYPE, "doc": name, "origin": origin, "text": json.dumps(frame)}
    try:
        async with asyncio.timeout(broadcast.BROADCAST_TIMEOUT):
            await layer.group_send(broadcast.room_group(room_id), message)
    except Exception:  # stored already: subscribers catch up with their next doc.subscribe
        log.warning("Could not relay %s of %s", frame["type"], name, exc_info=True)


def schedule_review(room_id: int, document: SharedDocument) -> None:
    """Review the merged text once the keystrokes pause (or at least every few seconds)."""
    if document.pk in _reviews:
        return
    loop = asyncio.get_running_loop()

    def start() -> None:
        task = loop.create_task(review(room_id, document.pk, document.name))
        _reviewing.add(task)
        task.add_done_callback(_reviewing.discard)
        task.add_done_callback(lambda _task: _reviews.pop(document.pk, None))

    _reviews[document.pk] = loop.call_later(REVIEW_DELAY, start)


async def review(room_id: int, document_id: int, name: str) -> None:
    reviewed = await dbthreads.call(service.review_document, document_id=document_id)
    if reviewed is not None:
        frame = {"type": "doc.findings", "doc": name, "findings": reviewed.findings}
        await relay(room_id, name, frame, origin=None)


def decoded(content: dict[str, Any], key: str, *, required: bool = True) -> bytes:
    value = content.get(key)
    if value is None and not required:
        return b"\x00"  # the empty state vector: everything
    if not isinstance(value, str):
        raise RoomError("invalid", _("%s must be base64 text.") % key)
    if len(value) > service.MAX_UPDATE_BYTES * 4 // 3 + 4:
        raise RoomError("too_large", _("This change is too large; send it in parts."))
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise RoomError("invalid", _("%s must be base64 text.") % key) from error


def encoded(update: bytes) -> str:
    return base64.b64encode(update).decode("ascii")


@subscribe(events.DocumentEdited, delivery=Delivery.AFTER_COMMIT)
def document_edited(event: events.DocumentEdited) -> None:
    """An edit the server made (a restore, the API): to every open editor, the person's
    own too. From a room database thread it is handed to the event loop; elsewhere (a
    page, the API) it is waited for."""
    document = event.document
    frame = {"type": "doc.update", "doc": document.name, "update": encoded(event.update)}
    sending = functools.partial(relay, document.room_id, document.name, frame, origin=None)
    loop = dbthreads.event_loop()
    if loop is None:
        async_to_sync(sending)()
    else:
        loop.call_soon_threadsafe(lambda: _reviewing.add(loop.create_task(sending())))
