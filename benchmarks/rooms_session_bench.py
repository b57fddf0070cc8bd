"""Rooms with a long history (issue 25, items 2 and 3).

Starts uvicorn processes as benchmarks/rooms_bench.py does (same database and Redis
arguments, its fixture and clients), writes long histories straight into the tables
(`INSERT … SELECT`, as a restore would), and measures:

S. A session of a hundred: 100 people open one room with 10,000 messages of history at the
   same moment (each connects, gets `hello`, and asks for the room's history), then each
   talks at one message a second for 60 s (100 messages/s in, 10,000 deliveries/s out):
   open errors, handshake (connect to `hello`) and history p50/p99, then send-to-receive
   latency p50/p95/p99 over every delivery, lost messages.
L. Opening a room with 100,000 messages, one person at a time, repeated: `hello` to the
   first window received, bytes received from connect to that window, and the server
   processes' CPU per opening.

Each runs with `--open history` (the room page now: `history {}`, the latest 50 messages in
one frame) or `--open sync` (the room page before: `sync {after_seq: 0}`, the whole history
replayed), so before and after are measured by one script on one machine.

Usage: python benchmarks/rooms_session_bench.py [--open history|sync] [--people 100]
           [--history 10000] [--seconds 60] [--long 100000] [--repeats 20]
           [--database URL] [--fresh-database] [--redis URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvloop
from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import rooms_bench as rb


def fill_history(room_id: int, count: int, author_ids: list[int]) -> None:
    """`count` released messages (the benchmark's four bodies in turn, rendered once) by
    these authors in turn, one a second until now; the room's last_seq follows."""
    from django.db import connection

    from discussions.services.rules import render_message

    html = [render_message(body, []) for body in rb.BODIES]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO discussions_message (room_id, seq, author_id, client_id, body,
                body_html, held, held_findings, pinned, created_at)
            SELECT %(room)s, n, (%(authors)s::bigint[])[1 + n %% %(people)s], 'h' || n,
                (%(bodies)s::text[])[1 + n %% 4], (%(html)s::text[])[1 + n %% 4], false,
                '[]'::jsonb, false, now() - (%(count)s - n) * interval '1 second'
            FROM generate_series(1, %(count)s) AS n
            """,
            {
                "room": room_id,
                "authors": author_ids,
                "people": len(author_ids),
                "bodies": rb.BODIES,
                "html": html,
                "count": count,
            },
        )
        cursor.execute("UPDATE discussions_room SET last_seq = %s WHERE id = %s", [count, room_id])
        cursor.execute("VACUUM ANALYZE discussions_message")


def new_room(fixture: rb.Fixture, title: str) -> int:
    from discussions import services
    from discussions.models import Room

    template = Room.objects.get(pk=fixture.rooms[0])  # a room of the fixture's network
    assert template.created_by is not None
    room = services.open_theme_room(
        network=template.network, person=template.created_by, title=title
    )
    return room.pk


def author_ids(count: int) -> list[int]:
    from schools.models import User

    people = User.objects.filter(username__startswith="bench-0").order_by("username")
    return list(people.values_list("pk", flat=True)[:count])


# --- Opening ---------------------------------------------------------------------------


@dataclass
class Opening:
    hello_ms: float = 0.0  # connect to `hello`
    window_ms: float = 0.0  # `hello` to the first window (history, or sync.done)
    bytes: int = 0  # received from connect to the first window
    frames: int = 0


async def open_room(client: rb.Client, mode: str, timeout: float) -> Opening:
    """Connects as the room page does and reads until its first window is complete."""
    opening = Opening()
    started = time.perf_counter()
    greeting = await client.open(timeout)
    hello = time.perf_counter()
    opening.bytes, opening.frames = len(json.dumps(greeting)), 1
    opening.hello_ms = 1000 * (hello - started)
    assert client.ws is not None
    request = {"type": "history"} if mode == "history" else {"type": "sync", "after_seq": 0}
    await client.ws.send(json.dumps(request))
    done = '{"type": "history"' if mode == "history" else '{"type": "sync.done"'
    async with asyncio.timeout(timeout):
        while True:
            raw = await client.ws.recv()
            opening.bytes += len(raw)
            opening.frames += 1
            if isinstance(raw, str) and raw.startswith(done):
                break
    opening.window_ms = 1000 * (time.perf_counter() - hello)
    return opening


# --- S: a session of a hundred -----------------------------------------------------------


@dataclass
class Talk:
    sent: set[str] = field(default_factory=set)
    acked: set[str] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)
    lateness: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def listen(client: rb.Client, talk: Talk) -> None:
    assert client.ws is not None
    with contextlib.suppress(ConnectionClosed):
        async for raw in client.ws:
            now = time.monotonic_ns()
            if not isinstance(raw, str) or raw.startswith('{"type": "presence"'):
                continue
            frame = json.loads(raw)
            if frame["type"] == "message.new":
                client_id = frame["message"]["client_id"]
                if client_id.startswith("s.") and client_id not in client.seen:
                    client.seen.add(client_id)
                    talk.latencies.append((now - int(client_id.rsplit(".", 1)[1])) / 1e6)
            elif frame["type"] == "ack":
                talk.acked.add(frame["client_id"])
            elif frame["type"] == "error":
                talk.errors[frame.get("code", "?")] += 1


async def speak(client: rb.Client, talk: Talk, seconds: float) -> None:
    """One message a second, starting at a random moment of the first second."""
    assert client.ws is not None
    start = time.perf_counter() + random.uniform(0, 1)
    for number in range(int(seconds)):
        target = start + number
        await asyncio.sleep(max(0.0, target - time.perf_counter()))
        talk.lateness.append(1000 * max(0.0, time.perf_counter() - target))
        client_id = f"s.{client.index}.{number}.{time.monotonic_ns()}"
        body = rb.BODIES[(client.index + number) % 4]
        try:
            await client.ws.send(json.dumps({"type": "message.send", "client_id": client_id,
                                             "body": body}))  # fmt: skip
        except ConnectionClosed:
            talk.errors["closed"] += 1
            return
        talk.sent.add(client_id)


async def session(
    ports: list[int], fixture: rb.Fixture, room: int, args: argparse.Namespace, pids: list[int]
) -> dict[str, Any]:
    clients = [
        rb.Client(index=i, url=f"ws://127.0.0.1:{ports[i % len(ports)]}/ws/rooms/{room}/",
                  credential=rb.credential(fixture, i), room=room)
        for i in range(args.people)
    ]  # fmt: skip
    errors: Counter[str] = Counter()
    openings: list[Opening] = []

    async def enter(client: rb.Client) -> None:
        try:
            openings.append(await open_room(client, args.open, args.timeout))
        except Exception as error:
            errors[type(error).__name__] += 1

    meter = rb.CpuMeter(pids)
    started = time.perf_counter()
    await asyncio.gather(*(enter(client) for client in clients))
    all_open = 1000 * (time.perf_counter() - started)
    open_cpu = meter.stop()
    talk = Talk()
    present = [client for client in clients if client.ws is not None]
    for client in present:
        client.reader = asyncio.create_task(listen(client, talk))
    await asyncio.sleep(args.settle)
    meter = rb.CpuMeter(pids)
    await asyncio.gather(*(speak(client, talk, args.seconds) for client in present))
    talk_cpu = meter.stop()
    deadline = time.perf_counter() + args.drain

    def missing() -> int:
        return sum(1 for c in present for cid in talk.acked if cid not in c.seen)

    while time.perf_counter() < deadline and (missing() or len(talk.acked) < len(talk.sent)):
        await asyncio.sleep(0.25)
    lost = missing()
    await rb.close_all(clients)
    hellos = [o.hello_ms for o in openings]
    windows = [o.window_ms for o in openings]
    return {
        "people": len(clients),
        "opened": len(openings),
        "open errors": dict(errors),
        "hello p50": rb.percentile(hellos, 50),
        "hello p99": rb.percentile(hellos, 99),
        "window p50": rb.percentile(windows, 50),
        "window p99": rb.percentile(windows, 99),
        "all open": all_open,
        "bytes per opening": sum(o.bytes for o in openings) / max(1, len(openings)),
        "open cpu": open_cpu,
        "sent": len(talk.sent),
        "acked": len(talk.acked),
        "deliveries": len(talk.latencies),
        "p50": rb.percentile(talk.latencies, 50),
        "p95": rb.percentile(talk.latencies, 95),
        "p99": rb.percentile(talk.latencies, 99),
        "lost": lost,
        "talk errors": dict(talk.errors),
        "send late p99": rb.percentile(talk.lateness, 99),
        "talk cpu": talk_cpu,
    }


# --- L: opening a long room ------------------------------------------------------------


async def long_room(
    ports: list[int], fixture: rb.Fixture, room: int, args: argparse.Namespace, pids: list[int]
) -> dict[str, Any]:
    openings: list[Opening] = []
    cpu = 0.0
    for repeat in range(args.repeats):
        client = rb.Client(index=repeat, url=f"ws://127.0.0.1:{ports[0]}/ws/rooms/{room}/",
                           credential=rb.credential(fixture, repeat), room=room)  # fmt: skip
        await asyncio.sleep(args.pause)
        before = sum(rb.cpu_seconds(pid) for pid in pids)
        openings.append(await open_room(client, args.open, max(args.timeout, 120)))
        cpu += sum(rb.cpu_seconds(pid) for pid in pids) - before
        await client.close()
    windows = [o.window_ms for o in openings]
    return {
        "repeats": len(openings),
        "window p50": rb.percentile(windows, 50),
        "window max": max(windows),
        "hello p50": rb.percentile([o.hello_ms for o in openings], 50),
        "bytes": openings[0].bytes,
        "frames": openings[0].frames,
        "cpu ms": 1000 * cpu / len(openings),
    }


# --- Report ----------------------------------------------------------------------------


def report(args: argparse.Namespace, s: dict[str, Any] | None, lr: dict[str, Any] | None) -> bool:
    ok = True
    ms = rb.ms
    print(f"\nOpening with `{args.open}`; {args.processes} processes.")
    if s is not None:
        opened = s["open errors"] == {} and s["opened"] == s["people"]
        hello_ok = s["hello p99"] <= 1000
        talk_ok = s["p99"] <= 100 and s["lost"] == 0
        ok &= opened and hello_ok and talk_ok
        print(f"\nS. {s['people']} people open a room of {args.history:,} messages at once")
        print(
            f"  opened {s['opened']}/{s['people']}, errors {s['open errors']}   "
            f"{rb.verdict(opened)} (0 errors)"
        )
        print(
            f"  handshake (connect to hello) p50 {ms(s['hello p50'])}, p99 {ms(s['hello p99'])}"
            f"   {rb.verdict(hello_ok)} (p99 <= 1 s)"
        )
        print(
            f"  hello to first window p50 {ms(s['window p50'])}, p99 {ms(s['window p99'])}; "
            f"all open after {ms(s['all open'])}; {s['bytes per opening'] / 1024:,.0f} KiB each"
        )
        print(f"  CPU while opening: {rb.cpu_line(s['open cpu'].percent())}")
        print(
            f"  then {args.seconds:.0f} s at 1 message/s each: sent {s['sent']:,}, "
            f"acked {s['acked']:,}, deliveries {s['deliveries']:,}, lost {s['lost']}, "
            f"errors {s['talk errors']}"
        )
        print(
            f"  send to receive p50 {ms(s['p50'])}, p95 {ms(s['p95'])}, p99 {ms(s['p99'])}   "
            f"{rb.verdict(talk_ok)} (p99 <= 100 ms, none lost); "
            f"sender late p99 {ms(s['send late p99'])}"
        )
        print(f"  CPU while talking: {rb.cpu_line(s['talk cpu'].percent())}")
    if lr is not None:
        window_ok = lr["window p50"] <= 150
        bytes_ok = lr["bytes"] <= 200 * 1000
        cpu_ok = lr["cpu ms"] <= 20
        ok &= window_ok and bytes_ok and cpu_ok
        print(f"\nL. opening a room of {args.long:,} messages, {lr['repeats']} times one by one")
        print(
            f"  hello to first window p50 {ms(lr['window p50'])} (max {ms(lr['window max'])})"
            f"   {rb.verdict(window_ok)} (<= 150 ms); connect to hello p50 "
            f"{ms(lr['hello p50'])}"
        )
        print(
            f"  received {lr['bytes'] / 1000:,.1f} kB in {lr['frames']:,} frames   "
            f"{rb.verdict(bytes_ok)} (<= 200 kB)"
        )
        print(f"  server CPU per opening {lr['cpu ms']:.1f} ms   {rb.verdict(cpu_ok)} (<= 20 ms)")
    return ok


async def run(args: argparse.Namespace, fixture: rb.Fixture, rooms: dict[str, int]) -> bool:
    log = Path(tempfile.mkdtemp(prefix="rooms-session-")) / "servers.log"
    with rb.servers("netwerk.asgi:application", args, log) as started:
        ports = [server.port for server in started]
        pids = [server.process.pid for server in started]
        s = await session(ports, fixture, rooms["session"], args, pids) if args.people else None
        await asyncio.sleep(args.settle)
        lr = await long_room(ports, fixture, rooms["long"], args, pids) if args.repeats else None
    return report(args, s, lr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    rb.add_service_arguments(parser)
    parser.add_argument("--open", choices=["history", "sync"], default="history")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--people", type=int, default=100, help="scenario S; 0 skips")
    parser.add_argument("--history", type=int, default=10_000, help="scenario S's messages")
    parser.add_argument("--seconds", type=float, default=60, help="scenario S's talk")
    parser.add_argument("--long", type=int, default=100_000, help="scenario L's messages")
    parser.add_argument("--repeats", type=int, default=20, help="scenario L; 0 skips")
    parser.add_argument("--pause", type=float, default=0.2, help="scenario L, between openings")
    parser.add_argument("--settle", type=float, default=2)
    parser.add_argument("--drain", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    # The fixture of rooms_bench: people with tokens in one network, rooms of that network.
    args.clients = args.reconnects = max(args.people, args.repeats, 1)
    args.room_size = args.clients
    args.auth = "token"
    started = time.perf_counter()
    fixture = rb.prepare(args)
    stamp = time.strftime("%H:%M:%S")
    rooms = {name: new_room(fixture, f"{name} {stamp}") for name in ("session", "long")}
    authors = author_ids(args.clients)
    fill_history(rooms["session"], args.history, authors)
    fill_history(rooms["long"], args.long, authors)
    rb.checkpoint(args.database)
    print(f"Prepared in {time.perf_counter() - started:.1f} s", flush=True)
    sys.exit(0 if uvloop.run(run(args, fixture, rooms)) else 1)


if __name__ == "__main__":
    main()
