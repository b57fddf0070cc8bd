"""Co-editing benchmark: N co-editors in one proposal on two uvicorn processes, each typing
K keystrokes a second. Measures the relay (a keystroke sent until another editor has it),
then checks that every editor, the stored document and the API hold the same text, also
after both processes restarted; then times loading a document of many stored edits.

    .venv/bin/python benchmarks/coedit_bench.py --clients 30 --rate 2 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import random
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvloop
from pycrdt import Doc, Text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.rooms_bench import (
    Client,
    add_service_arguments,
    credential,
    percentile,
    prepare,
    servers,
)

DOC_TEXT = "body"


@dataclass
class Editor:
    """A co-editor: a socket and a Yjs document of its own."""

    client: Client
    name: str
    sent_at: dict[str, float]
    latencies: list[float]
    doc: Doc[Any] = field(default_factory=Doc)
    remote: bool = False
    unacked: set[str] = field(default_factory=set)
    errors: list[dict[str, Any]] = field(default_factory=list)
    synced: asyncio.Event = field(default_factory=asyncio.Event)
    counter: int = 0

    def __post_init__(self) -> None:
        self.doc.observe(self.local_change)
        self.queue: list[bytes] = []

    @property
    def text(self) -> Text:
        text: Text = self.doc.get(DOC_TEXT, type=Text)
        return text

    def local_change(self, event: Any) -> None:
        if not self.remote:
            self.queue.append(bytes(event.update))

    async def start(self, timeout: float) -> None:
        await self.client.open(timeout)
        self.client.reader = asyncio.create_task(self.read())
        await self.send({"type": "doc.subscribe", "doc": self.name,
                         "state_vector": b64(self.doc.get_state())})  # fmt: skip
        async with asyncio.timeout(timeout):
            await self.synced.wait()

    async def resync(self, timeout: float) -> None:
        """Subscribe again with our state vector: what the live relay did not bring (a
        relay is best effort; the store is not) comes in the answer, as in the browser."""
        self.synced.clear()
        await self.send({"type": "doc.subscribe", "doc": self.name,
                         "state_vector": b64(self.doc.get_state())})  # fmt: skip
        async with asyncio.timeout(timeout):
            await self.synced.wait()

    async def send(self, frame: dict[str, Any]) -> None:
        assert self.client.ws is not None
        await self.client.ws.send(json.dumps(frame))

    async def read(self) -> None:
        assert self.client.ws is not None
        async for raw in self.client.ws:
            frame = json.loads(raw)
            kind = frame["type"]
            if kind in {"doc.sync", "doc.update"}:
                if kind == "doc.update" and frame["update"] in self.sent_at:
                    self.latencies.append(time.perf_counter() - self.sent_at[frame["update"]])
                self.remote = True
                try:
                    self.doc.apply_update(base64.b64decode(frame["update"]))
                finally:
                    self.remote = False
                if kind == "doc.sync":
                    self.synced.set()
            elif kind == "doc.ack":
                self.unacked.discard(frame["client_id"])
            elif kind == "error":
                self.errors.append(frame)

    async def keystroke(self, rng: random.Random) -> None:
        text = self.text
        length = len(text)
        if length > 20 and rng.random() < 0.2:
            del text[rng.randrange(length)]
        else:
            text.insert(rng.randint(0, length), rng.choice("abcdefghij klmnop"))
        await self.flush()

    async def flush(self) -> None:
        while self.queue:
            update = b64(self.queue.pop(0))
            self.counter += 1
            client_id = f"{self.client.index}-{self.counter}"
            self.unacked.add(client_id)
            self.sent_at[update] = time.perf_counter()
            await self.send(
                {"type": "doc.update", "doc": self.name, "update": update, "client_id": client_id}
            )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


async def type_for(editor: Editor, rate: float, seconds: float, seed: int) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 1 / rate))
    deadline = time.perf_counter() + seconds
    next_at = time.perf_counter()
    while next_at < deadline:
        await editor.keystroke(rng)
        next_at += 1 / rate
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))


async def settle(editors: list[Editor], timeout: float) -> None:
    """Until every update is acknowledged and every editor holds the same text."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        texts = {str(e.text) for e in editors}
        if len(texts) == 1 and not any(e.unacked for e in editors):
            return
        await asyncio.sleep(0.1)


def api_body(port: int, token: str, room: int, proposal: int) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/rooms/{room}/proposals/{proposal}/",
        headers={"Authorization": f"Token {token}", "Host": "127.0.0.1"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return str(json.loads(response.read())["body"])


def stored_text(name: str) -> str:
    from discussions.models import SharedDocument
    from discussions.services import documents

    return documents.load_document(SharedDocument.objects.get(name=name))


def load_figures(edits: int, repeats: int) -> list[float]:
    """A document of `edits` stored keystrokes with no snapshot (the worst case: a snapshot
    takes every 500 in); the time to read and merge it, `repeats` times."""
    from django.db import transaction

    from discussions.models import DocumentUpdate, Room, SharedDocument
    from discussions.services import documents

    doc: Doc[Any] = Doc()
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(bytes(event.update)))
    text = doc.get(DOC_TEXT, type=Text)
    rng = random.Random(7)
    for _ in range(edits):
        text.insert(rng.randint(0, len(text)), rng.choice("abcdef "))
    room = Room.objects.order_by("-pk").first()
    assert room is not None
    with transaction.atomic():
        SharedDocument.objects.filter(name="proposal:999999999").delete()
        document = SharedDocument.objects.create(
            name="proposal:999999999", room=room, last_seq=edits, text=str(text)
        )
        DocumentUpdate.objects.bulk_create(
            [DocumentUpdate(document=document, seq=i + 1, update=u, client_id=str(i))
             for i, u in enumerate(updates)],
            batch_size=2000,
        )  # fmt: skip
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        loaded = documents.load_document(document)
        times.append(time.perf_counter() - started)
        assert loaded == str(text)
    document.delete()
    return times


async def edit_together(args: argparse.Namespace, fixture: Any, ports: list[int], name: str):
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    editors = [
        Editor(
            Client(
                i,
                f"ws://127.0.0.1:{ports[i % len(ports)]}/ws/rooms/{fixture.rooms[0]}/",
                credential(fixture, i),
                0,
            ),
            name,
            sent_at,
            latencies,
        )
        for i in range(args.clients)
    ]
    await asyncio.gather(*(e.start(args.timeout) for e in editors))
    await asyncio.gather(
        *(type_for(e, args.rate, args.seconds, seed=i) for i, e in enumerate(editors))
    )
    await settle(editors, args.drain)
    relayed = len(latencies)
    await asyncio.gather(*(e.resync(args.timeout) for e in editors))
    await settle(editors, 5)
    print(f"relayed live: {relayed} of {sum(e.counter for e in editors) * (len(editors) - 1)} "
          "deliveries; the rest came with a resync")  # fmt: skip
    for editor in editors:
        await editor.client.close()
    return editors, latencies


async def reopened_text(fixture: Any, port: int, name: str) -> str:
    editor = Editor(
        Client(0, f"ws://127.0.0.1:{port}/ws/rooms/{fixture.rooms[0]}/",
               credential(fixture, 0), 0),
        name, {}, [],
    )  # fmt: skip
    await editor.start(20)
    await editor.client.close()
    return str(editor.text)


def verdict(ok: bool, goal: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {goal}", flush=True)
    return ok


async def run(args: argparse.Namespace, fixture: Any, proposal: int, log: Path) -> bool:
    name = f"proposal:{proposal}"
    token = fixture.tokens[0]
    with servers("netwerk.asgi:application", args, log) as started:
        ports = [s.port for s in started]
        began = time.perf_counter()
        editors, latencies = await edit_together(args, fixture, ports, name)
        took = time.perf_counter() - began
        texts = {str(e.text) for e in editors}
        stored = await asyncio.to_thread(stored_text, name)
        api = await asyncio.to_thread(api_body, ports[-1], token, fixture.rooms[0], proposal)
    sent = sum(e.counter for e in editors)
    errors = [error for e in editors for error in e.errors]
    unacked = sum(len(e.unacked) for e in editors)
    print(
        f"{args.clients} editors on {args.processes} processes, {args.rate} keystrokes/s "
        f"each for {args.seconds:.0f} s ({took:.1f} s with connecting and settling): "
        f"{sent} updates, {len(latencies)} relayed deliveries, {len(stored)} characters."
    )
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    print(f"relay p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    ok = verdict(p99 <= args.p99_ms, f"relay p99 <= {args.p99_ms:.0f} ms ({p99:.1f} ms)")
    ok &= verdict(not errors and not unacked, f"every update acknowledged ({unacked} not, "
                  f"{len(errors)} errors {errors[:2]})")  # fmt: skip
    ok &= verdict(len(texts) == 1, f"every editor holds the same text ({len(texts)} differ)")
    ok &= verdict(texts == {stored}, "the stored document equals every editor's")
    ok &= verdict(api == stored, "the API returns the stored text as body")
    with servers("netwerk.asgi:application", args, log) as started:
        after = await asyncio.to_thread(
            api_body, started[0].port, token, fixture.rooms[0], proposal
        )
        reopened = await reopened_text(fixture, started[-1].port, name)
    ok &= verdict(after == stored and reopened == stored, "the text survives a restart")
    times = await asyncio.to_thread(load_figures, args.load_edits, args.load_repeats)
    worst, middle = max(times) * 1000, percentile(times, 50) * 1000
    print(f"loading {args.load_edits} stored edits: median {middle:.1f} ms, worst {worst:.1f} ms")
    ok &= verdict(worst < args.load_ms, f"loading takes under {args.load_ms:.0f} ms")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_service_arguments(parser)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--rate", type=float, default=2, help="keystrokes/s per editor")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--drain", type=float, default=30, help="max wait to settle")
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--p99-ms", type=float, default=100)
    parser.add_argument("--load-edits", type=int, default=10_000)
    parser.add_argument("--load-repeats", type=int, default=20)
    parser.add_argument("--load-ms", type=float, default=50)
    args = parser.parse_args()
    args.room_size, args.reconnects = args.clients, 0
    fixture = prepare(args)
    from discussions import services
    from schools.models import User

    author = User.objects.get(username="bench-00000")
    from discussions.models import Room

    room = Room.objects.get(pk=fixture.rooms[0])
    proposal = services.create_proposal(
        room=room, author=author, client_id=f"bench-{time.time()}", title="Samen schrijven",
        body="Een voorstel dat we samen uitwerken.",
    ).proposal  # fmt: skip
    log = Path(tempfile.mkdtemp(prefix="coedit-bench-")) / "servers.log"
    ok = uvloop.run(run(args, fixture, proposal.pk, log))
    print(f"server log {log}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
