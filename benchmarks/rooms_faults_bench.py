"""The rooms at their target load while a server process and Redis are killed and restarted.

Two uvicorn processes of `netwerk.asgi:application` against PostgreSQL and a redis-server
of this script's own (on a free port, no persistence, so a restart loses everything Redis
held: channel-layer subscriptions and presence). 500 clients in 20 rooms
of 25, every room with members on both processes, 40 `message.send`/s in (~1,000
deliveries/s). Timeline, in seconds of sending (defaults):

    0 ........ 15  kill -9 the second uvicorn process ... 20  start it again
    .......... 35  kill -9 Redis ... 38  start it again ........ 60  stop sending

The clients behave as the room page does (docs/realtime-protocol.md): on a lost
connection they reconnect with exponential backoff and full jitter, to the other process
when theirs does not answer (as a proxy would), then `sync` from the last seq they hold
without a gap and send again, with the same `client_id`, every message not yet
acknowledged; messages written while offline wait in an outbox. A gap in the seqs that has
not filled after 1.5 s makes them `sync`. Their view keeps messages by `seq`.

After sending stops, the clients get up to --drain seconds to finish. Then the database
is compared with what every client holds:

- no acknowledged message lost: every `ack` names a stored message with that seq;
- no duplicates: no `client_id` stored twice, no seq twice in any client's view;
- every client caught up: every member holds every stored seq of its room;
- nothing left unacknowledged: every message written was acknowledged in the end.

Prints the figures and PASS/FAIL per goal. Loopback only; everything it starts, it stops.

Usage: python benchmarks/rooms_faults_bench.py [--database URL] [--clients 500]
           [--room-size 25] [--rate 40] [--seconds 60] [--drain 60]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

from benchmarks.rooms_bench import (  # noqa: E402
    BODIES,
    ORIGIN,
    Fixture,
    Server,
    free_port,
    percentile,
    prepare,
    server_env,
    wait_until_listening,
)

GAP_WAIT = 1.5  # seconds a gap may take to fill before the client syncs (as the room page)
BACKOFF_FIRST, BACKOFF_MAX = 0.25, 4.0


# --- The Redis of this run -------------------------------------------------------------


class OwnRedis:
    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no"],
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until_listening("redis-server", self.process, self.port, self.log, timeout=10)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


# --- Clients ---------------------------------------------------------------------------


@dataclass
class Tally:
    sent_frames: int = 0  # message.send frames written (first tries and resends)
    written: dict[str, int] = field(default_factory=dict)  # client_id -> room
    written_at: dict[str, float] = field(default_factory=dict)
    acked: dict[str, int] = field(default_factory=dict)  # client_id -> seq
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (sent at, ms)
    overlaps: int = 0  # a seq received again (live and through sync); the view keeps one
    gap_syncs: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    dropped: list[tuple[float, int]] = field(default_factory=list)  # (at, member index)
    back: list[tuple[float, float, int]] = field(default_factory=list)  # (lost at, back at, i)


class Member:
    """One person in one room, with the room page's reconnect, sync and resend rules."""

    def __init__(self, index: int, ports: list[int], token: str, room_id: int, tally: Tally):
        self.index, self.ports, self.token, self.room_id = index, ports, token, room_id
        self.home = index % len(ports)
        self.tally = tally
        self.view: dict[int, str] = {}  # seq -> client_id
        self.upto = 0  # every seq up to here is in the view
        self.top = 0  # the highest seq in the view
        self.outbox: dict[str, str] = {}  # client_id -> body, until acknowledged
        self.ws: ClientConnection | None = None
        self.connected = asyncio.Event()
        self.stopping = False
        self.gap_check: asyncio.Task[None] | None = None

    async def run(self) -> None:
        attempt = 0
        lost_at: float | None = None
        while not self.stopping:
            port = self.ports[(self.home + attempt) % len(self.ports)]
            try:
                self.ws = await connect(
                    f"ws://127.0.0.1:{port}/ws/rooms/{self.room_id}/",
                    additional_headers={"Authorization": f"Token {self.token}", "Origin": ORIGIN},
                    open_timeout=10, ping_interval=None, max_size=2**22, close_timeout=2,
                )  # fmt: skip
            except Exception:  # refused, reset, timed out, 5xx while starting: try again
                attempt += 1
                await asyncio.sleep(random.uniform(0, min(BACKOFF_MAX, BACKOFF_FIRST * 2**attempt)))
                continue
            self.home = (self.home + attempt) % len(self.ports)
            attempt = 0
            with contextlib.suppress(ConnectionClosed):
                await self.session(lost_at)
            self.connected.clear()
            self.ws = None
            if not self.stopping:
                lost_at = time.monotonic()
                self.tally.dropped.append((lost_at, self.index))
                await asyncio.sleep(random.uniform(0, BACKOFF_FIRST))

    async def session(self, lost_at: float | None) -> None:
        assert self.ws is not None
        async for raw in self.ws:
            frame = json.loads(raw)
            kind = frame["type"]
            if kind == "hello":
                if lost_at is not None:
                    self.tally.back.append((lost_at, time.monotonic(), self.index))
                await self.send({"type": "sync", "after_seq": self.upto})
                for client_id, body in list(self.outbox.items()):
                    await self.post(client_id, body)
                self.connected.set()
            elif kind == "message.new":
                self.receive(frame["message"])
            elif kind == "ack":
                self.tally.acked[frame["client_id"]] = frame["seq"]
                self.outbox.pop(frame["client_id"], None)
            elif kind == "error":
                self.tally.errors[frame.get("code", "?")] += 1

    def receive(self, message: dict[str, Any]) -> None:
        seq, client_id = message["seq"], message["client_id"]
        if seq in self.view:
            self.tally.overlaps += 1
            return
        self.view[seq] = client_id
        self.top = max(self.top, seq)
        if client_id.startswith("f.") and client_id in self.tally.written_at:
            sent_at = self.tally.written_at[client_id]
            self.tally.latencies.append((sent_at, 1000 * (time.monotonic() - sent_at)))
        while self.upto + 1 in self.view:
            self.upto += 1
        if self.top > self.upto and (self.gap_check is None or self.gap_check.done()):
            self.gap_check = asyncio.get_running_loop().create_task(self.fill_gap())

    async def fill_gap(self) -> None:
        waiting_for = self.upto + 1
        await asyncio.sleep(GAP_WAIT)
        if self.upto < waiting_for and self.connected.is_set():
            self.tally.gap_syncs += 1
            await self.send({"type": "sync", "after_seq": self.upto})

    async def write(self, client_id: str, body: str) -> None:
        """A new message: into the outbox, and out at once when connected."""
        self.outbox[client_id] = body
        if self.connected.is_set():
            await self.post(client_id, body)

    async def post(self, client_id: str, body: str) -> None:
        self.tally.sent_frames += 1
        await self.send({"type": "message.send", "client_id": client_id, "body": body})

    async def send(self, frame: dict[str, Any]) -> None:
        ws = self.ws
        if ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await ws.send(json.dumps(frame))

    async def stop(self) -> None:
        self.stopping = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


# --- The run ---------------------------------------------------------------------------


@dataclass
class Fault:
    name: str
    at: float
    back_at: float
    started: float = 0.0  # monotonic, filled in when it happens
    restarted: float = 0.0


async def write_at_rate(
    members: list[Member], size: int, args: argparse.Namespace, tally: Tally
) -> None:
    rooms = len(members) // size
    started = time.perf_counter()
    for number in range(int(args.rate * args.seconds)):
        await asyncio.sleep(max(0.0, started + number / args.rate - time.perf_counter()))
        room, seat = number % rooms, (number // rooms) % size
        member = members[room * size + seat]
        client_id = f"f.{number}"
        tally.written[client_id] = room
        tally.written_at[client_id] = time.monotonic()
        await member.write(client_id, BODIES[number % 4])


async def run_faults(
    faults: list[Fault], processes: list[Server], redis: OwnRedis, env: dict[str, str]
) -> None:
    began = time.monotonic()
    for fault in faults:
        await asyncio.sleep(max(0.0, began + fault.at - time.monotonic()))
        fault.started = time.monotonic()
        print(f"  {fault.at:5.1f} s  kill -9 {fault.name}", flush=True)
        if fault.name == "redis":
            redis.kill()
        else:
            processes[1].process.send_signal(signal.SIGKILL)
            processes[1].process.wait(timeout=10)
        await asyncio.sleep(max(0.0, began + fault.back_at - time.monotonic()))
        print(f"  {fault.back_at:5.1f} s  start {fault.name} again", flush=True)
        if fault.name == "redis":
            await asyncio.to_thread(redis.start)
        else:
            old = processes[1]
            processes[1] = Server("netwerk.asgi:application", env, old.log, port=old.port)
            await asyncio.to_thread(processes[1].wait)
        fault.restarted = time.monotonic()


def stored_messages(fixture: Fixture, rooms: int) -> dict[int, dict[str, list[int]]]:
    """room index -> client_id -> the seqs stored under it (one each, if all is well)."""
    from discussions.models import Message

    stored: dict[int, dict[str, list[int]]] = {}
    index = {room_id: i for i, room_id in enumerate(fixture.rooms[:rooms])}
    rows = Message.objects.filter(room_id__in=index, held=False).values_list(
        "room_id", "client_id", "seq"
    )
    for room_id, client_id, seq in rows:
        stored.setdefault(index[room_id], {}).setdefault(client_id, []).append(int(seq or 0))
    return stored


async def run(args: argparse.Namespace, fixture: Fixture, log: Path) -> bool:
    redis = OwnRedis(log)
    redis.start()
    args.redis = redis.url
    env = server_env(args)
    processes = [Server("netwerk.asgi:application", env, log) for _ in range(2)]
    tally = Tally()
    size, count = args.room_size, args.clients
    members: list[Member] = []
    try:
        for server in processes:
            server.wait()
        ports = [server.port for server in processes]
        members = [
            Member(i, ports, fixture.tokens[i], fixture.rooms[i // size], tally)
            for i in range(count)
        ]
        runners = []
        for start in range(0, count, 50):
            runners += [asyncio.create_task(m.run()) for m in members[start : start + 50]]
            await asyncio.gather(*(m.connected.wait() for m in members[start : start + 50]))
        print(f"{count} clients connected; sending {args.rate:g}/s for {args.seconds:g} s",
              flush=True)  # fmt: skip
        await asyncio.sleep(2)
        faults = [
            Fault("uvicorn process 2", args.kill_process_at, args.kill_process_at + args.down),
            Fault("redis", args.kill_redis_at, args.kill_redis_at + args.redis_down),
        ]
        began = time.monotonic()
        await asyncio.gather(
            write_at_rate(members, size, args, tally), run_faults(faults, processes, redis, env)
        )
        sending_ended = time.monotonic()
        print(f"Sending done; draining (up to {args.drain:g} s) …", flush=True)

        def settled() -> bool:
            if any(m.outbox for m in members):
                return False
            last = Counter[int]()
            for client_id, seq in tally.acked.items():
                room = tally.written[client_id]
                last[room] = max(last[room], seq)
            return all(m.upto >= last[i // size] for i, m in enumerate(members))

        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline and not settled():
            await asyncio.sleep(0.25)
        drained = time.monotonic() - sending_ended
        await asyncio.gather(*(m.stop() for m in members))
        for task in runners:
            task.cancel()
        await asyncio.gather(*runners, return_exceptions=True)
    finally:
        for server in processes:
            server.stop()
        redis.kill()

    stored = await asyncio.to_thread(stored_messages, fixture, count // size)
    return report(args, tally, members, faults, stored, began, drained)


def report(
    args: argparse.Namespace,
    tally: Tally,
    members: list[Member],
    faults: list[Fault],
    stored: dict[int, dict[str, list[int]]],
    began: float,
    drained: float,
) -> bool:
    size = args.room_size
    seq_of = {
        (room, client_id): seqs for room, ids in stored.items() for client_id, seqs in ids.items()
    }
    lost = [
        cid
        for cid, seq in tally.acked.items()
        if seq not in seq_of.get((tally.written[cid], cid), [])
    ]
    stored_twice = sum(1 for seqs in seq_of.values() if len(seqs) > 1)
    unacked = [cid for cid in tally.written if cid not in tally.acked]
    room_seqs = {room: {s for seqs in ids.values() for s in seqs} for room, ids in stored.items()}
    behind = [m.index for i, m in enumerate(members) if set(m.view) != room_seqs.get(i // size)]
    missing_deliveries = sum(
        len(room_seqs.get(i // size, set()) - set(m.view)) for i, m in enumerate(members)
    )
    resent = tally.sent_frames - len(tally.written)

    print()
    rooms = args.clients // size
    print(f"Rooms under faults: {args.clients} clients in {rooms} rooms of {size}, "
          f"{args.rate:g} messages/s in for {args.seconds:g} s, 2 uvicorn processes")  # fmt: skip
    print(f"  written {len(tally.written)}, frames sent {tally.sent_frames} (resent {resent}), "
          f"acknowledged {len(tally.acked)}, stored {len(seq_of)}")  # fmt: skip
    for fault in faults:
        window = [(lost, back) for lost, back, _ in tally.back if fault.started <= lost]
        window = [(lost, back) for lost, back in window if lost < fault.restarted + 5]
        dropped = [i for at, i in tally.dropped if fault.started <= at < fault.restarted + 5]
        outage = fault.restarted - fault.started
        waits = [1000 * (back - lost) for lost, back in window]
        print(f"  {fault.name}: down {outage:.1f} s; connections dropped {len(dropped)}, "
              f"back p50 {percentile(waits, 50):,.0f} ms, max {max(waits, default=0):,.0f} ms "
              f"after their loss")  # fmt: skip
    steady = [ms for at, ms in tally.latencies if at < began + faults[0].at]
    everything = [ms for _, ms in tally.latencies]
    print(f"  send to receipt before the first fault: p50 {percentile(steady, 50):.1f} ms, "
          f"p99 {percentile(steady, 99):.1f} ms; over the whole run p50 "
          f"{percentile(everything, 50):.1f} ms, p99 {percentile(everything, 99):,.0f} ms, "
          f"max {max(everything, default=0):,.0f} ms")  # fmt: skip
    print(f"  gap syncs {tally.gap_syncs}; seqs received twice (kept once) {tally.overlaps}; "
          f"errors {dict(tally.errors) or 0}; settled {drained:.1f} s after the end")  # fmt: skip
    print("  send to receipt p99 per 5 s of sending (ms):")
    buckets: dict[int, list[float]] = {}
    for at, ms in tally.latencies:
        buckets.setdefault(int((at - began) // 5), []).append(ms)
    print(
        "   ", "  ".join(f"{5 * b}s {percentile(v, 99):,.0f}" for b, v in sorted(buckets.items()))
    )
    goals = [
        (f"no acknowledged message lost ({len(lost)})", not lost),
        (f"no duplicates ({stored_twice} client_ids stored twice)", stored_twice == 0),
        (
            f"every client caught up ({len(behind)} behind, {missing_deliveries} missing)",
            not behind,
        ),
        (f"every message acknowledged in the end ({len(unacked)} not)", not unacked),
    ]
    print()
    for text, ok in goals:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for _, ok in goals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/netwerk_bench_faults"
    )
    parser.add_argument("--fresh-database", action="store_true", help="drop it first")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--room-size", type=int, default=25)
    parser.add_argument("--rate", type=float, default=40, help="messages/s in")
    parser.add_argument("--seconds", type=float, default=60, help="time spent sending")
    parser.add_argument("--kill-process-at", type=float, default=15)
    parser.add_argument("--down", type=float, default=5, help="seconds the process stays down")
    parser.add_argument("--kill-redis-at", type=float, default=35)
    parser.add_argument("--redis-down", type=float, default=3)
    parser.add_argument("--drain", type=float, default=60, help="max seconds to settle")
    args = parser.parse_args()
    if args.clients % args.room_size:
        parser.error("--clients must be a multiple of --room-size")
    # prepare() sizes the bench network for scenario A of rooms_bench; no reconnect storm
    args.reconnects, args.redis = 0, "redis://127.0.0.1:6379/15"
    started = time.perf_counter()
    fixture = prepare(args)
    log = Path(tempfile.mkdtemp(prefix="rooms-faults-")) / "servers.log"
    print(f"Prepared in {time.perf_counter() - started:.1f} s; server log {log}", flush=True)
    ok = asyncio.run(run(args, fixture, log))
    print(f"\nTotal {time.perf_counter() - started:.0f} s.")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
