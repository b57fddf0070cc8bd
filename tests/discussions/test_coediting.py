"""Writing a proposal together on the room socket (docs/realtime-protocol.md, "Co-editing"):
two editors with Yjs documents of their own (pycrdt, as the browser's Yjs), the stored
document, the API, and what the server refuses."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from pycrdt import Doc, Text

from discussions import services
from discussions.models import DocumentUpdate, Proposal, SharedDocument
from discussions.services import documents
from meetings.models import NetworkSession
from tests.conftest import client_for
from tests.discussions.conftest import Rooms, joined, next_of, token_socket
from tests.meetings.conftest import plan

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class Editor:
    """A person's socket and their own copy of the document."""

    def __init__(self, communicator: WebsocketCommunicator, name: str) -> None:
        self.socket, self.name = communicator, name
        self.doc: Doc[Any] = Doc()
        self.sent: list[bytes] = []
        self.doc.observe(lambda event: self.sent.append(bytes(event.update)))
        self.counter = 0

    @property
    def text(self) -> Text:
        text: Text = self.doc.get("body", type=Text)
        return text

    async def subscribe(self) -> dict[str, Any]:
        await self.socket.send_json_to(
            {"type": "doc.subscribe", "doc": self.name, "state_vector": b64(self.doc.get_state())}
        )
        synced = await next_of(self.socket, "doc.sync")
        self.apply(synced["update"])
        self.sent.clear()
        return synced

    def apply(self, update: str) -> None:
        self.doc.apply_update(base64.b64decode(update))
        self.sent.clear()

    async def send_edits(self) -> list[str]:
        client_ids = []
        while self.sent:
            self.counter += 1
            client_id = f"{self.name}-{id(self)}-{self.counter}"
            frame = {"type": "doc.update", "doc": self.name, "client_id": client_id,
                     "update": b64(self.sent.pop(0))}  # fmt: skip
            await self.socket.send_json_to(frame)
            client_ids.append(client_id)
        return client_ids


@pytest.fixture
def proposal(rooms: Rooms) -> Proposal:
    return services.create_proposal(
        room=rooms.room, author=rooms.demo.teacher1, client_id="p1",
        title="Mentorgesprekken", body="Elke week een gesprek.",
    ).proposal  # fmt: skip


@database_sync_to_async  # type: ignore[untyped-decorator]
def http(user: Any, method: str, url: str) -> Any:
    return getattr(client_for(user), method)(url)


async def editor(rooms: Rooms, username: str, proposal: Proposal) -> Editor:
    communicator = token_socket(rooms, username)
    await joined(communicator)
    return Editor(communicator, f"proposal:{proposal.pk}")


async def test_two_people_typing_at_once_end_with_the_same_stored_text(rooms, proposal):
    anna, bram = (
        await editor(rooms, "teacher1", proposal),
        await editor(rooms, "teacher2", proposal),
    )
    synced = await anna.subscribe()
    await bram.subscribe()
    assert synced["editable"] is True
    assert str(anna.text) == "Elke week een gesprek."
    anna.text.insert(0, "Voorstel: ")
    bram.text.insert(len(bram.text), " Met de mentor.")
    for person, ids in [(anna, await anna.send_edits()), (bram, await bram.send_edits())]:
        for client_id in ids:
            ack = await next_of(person.socket, "doc.ack")
            assert ack == {"type": "doc.ack", "doc": person.name, "client_id": client_id}
    bram.apply((await next_of(bram.socket, "doc.update"))["update"])
    anna.apply((await next_of(anna.socket, "doc.update"))["update"])
    expected = "Voorstel: Elke week een gesprek. Met de mentor."
    assert str(anna.text) == str(bram.text) == expected
    api = await http(
        rooms.demo.teacher2, "get", f"/api/rooms/{rooms.room.pk}/proposals/{proposal.pk}/"
    )
    assert api.json()["body"] == expected
    document = await database_sync_to_async(SharedDocument.objects.get)(name=anna.name)
    documents._forget(document.pk)  # as after a restart: nothing from memory
    assert await database_sync_to_async(documents.load_document)(document) == expected
    await anna.socket.disconnect()
    await bram.socket.disconnect()


async def test_a_repeated_update_is_acknowledged_and_changes_nothing(rooms, proposal):
    anna = await editor(rooms, "teacher1", proposal)
    await anna.subscribe()
    anna.text.insert(0, "Ja. ")
    update = b64(anna.sent[0])
    for client_id in ["a", "b"]:
        frame = {"type": "doc.update", "doc": anna.name, "client_id": client_id, "update": update}
        await anna.socket.send_json_to(frame)
        assert (await next_of(anna.socket, "doc.ack"))["client_id"] == client_id
    count = await database_sync_to_async(DocumentUpdate.objects.count)()
    assert count == 1
    body = await database_sync_to_async(lambda: Proposal.objects.get(pk=proposal.pk).body)()
    assert body == "Ja. Elke week een gesprek."
    await anna.socket.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"update": "bm90IGEgeWpzIHVwZGF0ZQ=="}, "invalid"),  # base64 of words, not Yjs
        ({"update": "***"}, "invalid"),
        ({"update": 12}, "invalid"),
        ({"update": b64(b"\x00" * 40_000)}, "too_large"),
        ({"update": "AAA=", "client_id": ""}, "invalid"),
    ],
)
async def test_a_malformed_or_oversized_update_is_refused_and_the_connection_stays(
    rooms, proposal, frame, code
):
    anna = await editor(rooms, "teacher1", proposal)
    await anna.subscribe()
    await anna.socket.send_json_to({"type": "doc.update", "doc": anna.name, "client_id": "x",
                                    **frame})  # fmt: skip
    error = await next_of(anna.socket, "error")
    assert error["code"] == code
    anna.text.insert(0, "Toch. ")
    [client_id] = await anna.send_edits()
    assert (await next_of(anna.socket, "doc.ack"))["client_id"] == client_id
    await anna.socket.disconnect()


@pytest.mark.parametrize("name", ["proposal:{other}", "minutes:1", "proposal:abc", "case:1", 7])
async def test_a_document_one_may_not_see_is_forbidden_and_the_connection_stays(
    rooms, proposal, name
):
    other_room = rooms.other_network_room
    other = await database_sync_to_async(services.create_proposal)(
        room=other_room, author=rooms.demo.coordinator, client_id="o", title="Elders"
    )
    doc = name.format(other=other.proposal.pk) if isinstance(name, str) else name
    anna = await editor(rooms, "teacher1", proposal)
    await anna.socket.send_json_to({"type": "doc.subscribe", "doc": doc, "state_vector": "AA=="})
    assert (await next_of(anna.socket, "error"))["code"] == "forbidden"
    await anna.socket.send_json_to(
        {"type": "doc.update", "doc": doc, "client_id": "x", "update": "AAA="}
    )
    assert (await next_of(anna.socket, "error"))["code"] == "forbidden"
    await anna.subscribe()  # still connected, and still working
    await anna.socket.disconnect()


async def test_personal_data_is_marked_and_blocks_working_out_until_it_is_gone(rooms, proposal):
    anna = await editor(rooms, "teacher1", proposal)
    await anna.subscribe()
    anna.text.insert(0, "Bel 06-12345678 op. ")
    await anna.send_edits()
    await next_of(anna.socket, "doc.ack")
    findings = await next_of(anna.socket, "doc.findings", timeout=10)
    assert findings["findings"]
    assert findings["findings"][0]["start"] == 4
    url = f"/api/rooms/{rooms.room.pk}/proposals/{proposal.pk}/worked-out/"
    refused = await http(rooms.demo.teacher2, "post", url)
    assert refused.status_code == 400, refused.content
    del anna.text[0:20]
    await anna.send_edits()
    await next_of(anna.socket, "doc.ack")
    assert (await next_of(anna.socket, "doc.findings", timeout=10))["findings"] == []
    assert (await http(rooms.demo.teacher2, "post", url)).status_code == 200
    await anna.socket.disconnect()


async def test_a_restored_version_reaches_open_editors_as_one_more_edit(rooms, proposal):
    anna = await editor(rooms, "teacher1", proposal)
    await anna.subscribe()
    anna.text.insert(0, "Weg hiermee. ")
    await anna.send_edits()
    await next_of(anna.socket, "doc.ack")
    base = f"/api/rooms/{rooms.room.pk}/proposals/{proposal.pk}/versions/"
    versions = (await http(rooms.demo.teacher2, "get", base)).json()["results"]
    first = versions[-1]
    assert first["text"] == "Elke week een gesprek."
    restored = await http(rooms.demo.teacher2, "post", f"{base}{first['id']}/restore/")
    assert restored.status_code == 200, restored.content
    assert restored.json()["body"] == "Elke week een gesprek."
    anna.apply((await next_of(anna.socket, "doc.update"))["update"])
    assert str(anna.text) == "Elke week een gesprek."
    await anna.socket.disconnect()


@database_sync_to_async  # type: ignore[untyped-decorator]
def session_room(rooms: Rooms) -> Any:
    session = plan(rooms.demo, days=-1, title="Analyseren en concluderen")
    return services.open_session_room(session=session, person=rooms.demo.teacher1)


async def test_planners_write_the_minutes_together_and_members_read_along(rooms):
    room = await session_room(rooms)
    name = f"minutes:{room.network_session_id}"
    coordinator = Editor(token_socket(rooms, "coordinator", room.pk), name)
    teacher = Editor(token_socket(rooms, "teacher1", room.pk), name)
    await joined(coordinator.socket)
    await joined(teacher.socket)
    assert (await coordinator.subscribe())["editable"] is True
    assert (await teacher.subscribe())["editable"] is False
    coordinator.text.insert(0, "Besluit: we meten elke maand.")
    await coordinator.send_edits()
    await next_of(coordinator.socket, "doc.ack")
    teacher.apply((await next_of(teacher.socket, "doc.update"))["update"])
    assert str(teacher.text) == "Besluit: we meten elke maand."
    minutes = await database_sync_to_async(
        lambda: NetworkSession.objects.get(pk=room.network_session_id).minutes
    )()
    assert minutes == "Besluit: we meten elke maand."
    teacher.text.insert(0, "Niet: ")
    await teacher.send_edits()
    assert (await next_of(teacher.socket, "error"))["code"] == "forbidden"
    # Minutes of another session are no document of this room.
    await teacher.socket.send_json_to({"type": "doc.subscribe", "doc": "minutes:999999"})
    assert (await next_of(teacher.socket, "error"))["code"] == "forbidden"
    await coordinator.socket.disconnect()
    await teacher.socket.disconnect()
