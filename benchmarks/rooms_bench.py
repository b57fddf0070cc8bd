"""End-to-end benchmark of the real-time rooms (issue "Real-time rooms", item 7).

Starts N uvicorn processes of `netwerk.asgi:application` against PostgreSQL and Redis on
loopback, and drives them with authenticated websocket clients from this one process
(uvloop, the `websockets` client). Clients send an API token, or with --auth session the
session cookie of a logged-in browser:

A. steady load: 500 clients in 20 rooms of 25, spread over the processes, 40 messages/s in
   (~1,000 deliveries/s) for a fixed time: delivered/s, send-to-receive latency
   p50/p95/p99 (the send time travels in the client_id), lost and duplicate deliveries;
   and the same load against a minimal Channels broadcast app (benchmarks/broadcast_app.py:
   no auth, no persistence, same channel layer) served the same way: the ceiling. Both
   are up all along and take the load in turns (--slices each, ABBA order), so both meet
   the same machine.
B. 1,000 clients reconnecting at once: errors, time to `hello` p50/p95/p99.
C. catch-up: a client goes away, 500 messages are posted in its room, it reconnects and
   sends `sync {after_seq}`: time to `sync.done`, p95 over the repetitions.

Prints a table of figures and PASS/FAIL per goal. Loopback only; everything it starts, it
stops. Uses its own database (created and migrated) and Redis database number.

Usage: python benchmarks/rooms_bench.py [--processes 2] [--clients 500] [--room-size 25]
           [--rate 40] [--seconds 60] [--slices 12] [--reconnects 1000] [--catchup 500]
           [--repeats 10] [--auth token|session]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvloop
from asgiref.sync import sync_to_async
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

ROOT = Path(__file__).resolve().parents[1]
ORIGIN = "http://127.0.0.1"
# Bench rooms get ids from here on: the pub/sub channel names of Redis are shared by all
# of its databases, so rooms of other databases on the same Redis never share a group.
ROOM_ID_START = 9_000_000
BODIES = [
    "We zien dat **doorstroom** in de onderbouw achterblijft; zullen we de toetskalender "
    "samen bekijken?",
    "Goed idee. Bij ons werkte een *vaste feedbackronde* na elke periode:\n\n- resultaten "
    "delen\n- samen duiden\n- één actie kiezen",
    "Kunnen we volgende sessie de data van begrijpend lezen naast elkaar leggen?",
    "Eens. Ik neem de vragenlijst van ons datateam mee, dan vergelijken we de uitkomsten.",
]


# --- Figures ---------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pids_named(*names: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in names:
                    found.append(int(entry.name))
    return found


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine so far."""
    numbers = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = numbers[3] + numbers[4]
    total = sum(numbers[:8])
    return total - idle, total


@dataclass
class CpuUse:
    """CPU seconds used over `wall` seconds: by this process, the servers, PostgreSQL +
    Redis, and the whole machine. Stretches add up (scenario A measures in slices)."""

    wall: float = 0.0
    generator: float = 0.0
    servers: float = 0.0
    services: float = 0.0
    machine_busy: float = 0.0
    machine_total: float = 0.0

    def __add__(self, other: CpuUse) -> CpuUse:
        return CpuUse(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))

    def percent(self) -> dict[str, float]:
        """As % of one core."""
        wall = self.wall or math.nan
        machine = self.machine_busy / self.machine_total if self.machine_total else math.nan
        return {
            "generator": 100 * self.generator / wall,
            "servers": 100 * self.servers / wall,
            "postgres+redis": 100 * self.services / wall,
            "machine": 100 * (os.cpu_count() or 1) * machine,
        }


class CpuMeter:
    """CPU use over a stretch of wall time (see CpuUse). PostgreSQL backends that end
    during the stretch are not counted."""

    def __init__(self, servers: list[int]) -> None:
        self.servers = servers
        self.server_cpu = sum(cpu_seconds(pid) for pid in servers)
        self.wall = time.perf_counter()
        self.own = time.process_time()
        self.before = self.services()
        self.machine = machine_busy()

    @staticmethod
    def services() -> dict[int, float]:
        return {pid: cpu_seconds(pid) for pid in pids_named("postgres", "redis-server")}

    def stop(self) -> CpuUse:
        after, machine = self.services(), machine_busy()
        return CpuUse(
            wall=time.perf_counter() - self.wall,
            generator=time.process_time() - self.own,
            servers=sum(cpu_seconds(p) for p in self.servers) - self.server_cpu,
            services=sum(cpu - self.before.get(pid, 0.0) for pid, cpu in after.items()),
            machine_busy=machine[0] - self.machine[0],
            machine_total=machine[1] - self.machine[1],
        )


# --- Database and servers --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def create_database(url: str, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def checkpoint(url: str) -> None:
    """Start from a fresh checkpoint (as pgbench users do), so that one owed to earlier work
    on the machine does not land in a run: after the test suite has created and dropped its
    databases, a checkpoint syncs tens of thousands of files, and commits wait for the disk
    meanwhile (A's p99 went to 136 to 191 ms). A checkpoint of the rooms' own writes comes only
    every `checkpoint_timeout` (5 min by default) and is cheap. Needs a superuser or the
    pg_checkpoint role; without, the run goes on and says so."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.Error as error:
        print(f"No CHECKPOINT before the run ({error.diag.message_primary}).", flush=True)


@dataclass
class Fixture:
    tokens: list[str]  # one per person, person i = bench user i
    cookies: list[str]  # a logged-in browser's Cookie header per person (--auth session)
    rooms: list[int]  # room i holds persons i*size .. i*size+size-1 (scenarios A and B)
    catchup_room: int
    poster_id: int  # a member who posts while the catch-up client is away


def prepare(args: argparse.Namespace) -> Fixture:
    """Migrate, then the bench network: one school, `people` teachers with API tokens,
    and fresh rooms for this run."""
    create_database(args.database, args.fresh_database)
    os.environ["DATABASE_URL"] = args.database
    os.environ["REDIS_URL"] = args.redis
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    os.environ["NETWERK_ASGI_RUNSERVER"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    # The catch-up posts come from this process, as fast as the database takes them.
    os.environ["NETWERK_ROOM_RATE_LIMIT"] = "1000000000"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from rest_framework.authtoken.models import Token

    from discussions import services
    from netwerk import services as network_services
    from netwerk.models import LearningNetwork, NetworkMembership
    from schools import services as school_services
    from schools.models import Country, School, SchoolMembership, SchoolRole, Sector, User

    call_command("migrate", verbosity=0)
    people = max(args.clients, args.reconnects) + 1
    with transaction.atomic():
        school = School.objects.filter(country=Country.NL, code="99ZZ").first()
        if school is None:
            school = school_services.create_school(
                name="Benchmarkcollege", country=Country.NL, sector=Sector.VO, code="99ZZ",
                region="Utrecht",
            )  # fmt: skip
        coordinator, _ = User.objects.get_or_create(
            username="bench-coordinator", defaults={"first_name": "Coördinator"}
        )
        network = LearningNetwork.objects.filter(name="Benchmarknetwerk").first()
        if network is None:
            network = network_services.create_network(
                name="Benchmarknetwerk", coordinators=[coordinator]
            )
        if not NetworkMembership.objects.active().filter(network=network, school=school).exists():
            network_services.join_network(network=network, school=school)
        unusable = make_password(None)  # nobody logs in with a password as a bench person
        names = [f"bench-{i:05d}" for i in range(people)]
        have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        User.objects.bulk_create(
            [
                User(username=n, first_name="Deelnemer", last_name=n[6:], password=unusable)
                for n in names
                if n not in have
            ]
        )
        users = list(User.objects.filter(username__in=names).order_by("username"))
        SchoolMembership.objects.bulk_create(
            [SchoolMembership(person=u, school=school, role=SchoolRole.TEACHER) for u in users],
            ignore_conflicts=True,
        )
        Token.objects.bulk_create(
            [Token(user=u, key=Token.generate_key()) for u in users], ignore_conflicts=True
        )
        tokens = dict(Token.objects.filter(user__in=users).values_list("user_id", "key"))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval('discussions_room_id_seq', "
                "GREATEST((SELECT last_value FROM discussions_room_id_seq), %s))",
                [ROOM_ID_START],
            )
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        count = math.ceil(people / args.room_size)
        rooms = [
            services.open_theme_room(
                network=network, person=coordinator, title=f"Bench {stamp} room {i + 1}"
            ).pk
            for i in range(count)
        ]
        catchup = services.open_theme_room(
            network=network, person=coordinator, title=f"Bench {stamp} catch-up"
        )
        cookies = log_in(users) if getattr(args, "auth", "token") == "session" else []
    return Fixture(
        tokens=[tokens[u.pk] for u in users],
        cookies=cookies,
        rooms=rooms,
        catchup_room=catchup.pk,
        poster_id=users[-1].pk,
    )


def log_in(users: list[Any]) -> list[str]:
    """A session per person, as the login page leaves it (in the session store, with the
    user's id, backend and session hash): the Cookie header of each one's browser."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    backend = "schools.auth.UsernameOrEmailBackend"
    cookies = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return cookies


def wait_until_listening(
    name: str, process: subprocess.Popen[bytes], port: int, log: Path, timeout: float
) -> None:
    """Until the process started accepts connections on the loopback port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited; see {log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{name} did not start; see {log}")


# As docs/deployment.md serves the platform: frames capped at what the room protocol
# allows, and no permessage-deflate (see there).
SERVER_OPTIONS = ["--ws-max-size", "65536", "--ws-per-message-deflate", "false"]


class Server:
    def __init__(
        self,
        app: str,
        env: dict[str, str],
        log: Path,
        port: int = 0,
        options: list[str] = SERVER_OPTIONS,
    ) -> None:
        self.port = port or free_port()
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port",
                 str(self.port), "--log-level", "warning",
                 "--no-access-log", *options],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait(self) -> None:
        wait_until_listening("uvicorn", self.process, self.port, self.log, timeout=60)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def server_env(args: argparse.Namespace, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "REDIS_URL": args.redis,
        "DEBUG": "0",
        "NETWERK_ASGI_RUNSERVER": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("NETWERK_ROOM_RATE_LIMIT", None)  # the servers keep the platform's limit
    return env


@contextlib.contextmanager
def servers(app: str, args: argparse.Namespace, log: Path, **extra: str) -> Any:
    env = server_env(args, **extra)
    started = [Server(app, env, log) for _ in range(args.processes)]
    try:
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.stop()


# --- Clients ---------------------------------------------------------------------------


@dataclass
class Client:
    index: int
    url: str
    credential: dict[str, str]  # the header that authenticates: a token or a session cookie
    room: int
    ws: ClientConnection | None = None
    seen: set[str] = field(default_factory=set)
    reader: asyncio.Task[None] | None = None

    async def open(self, timeout: float) -> dict[str, Any]:
        headers = {**self.credential, "Origin": ORIGIN}
        self.ws = await connect(
            self.url, additional_headers=headers, open_timeout=timeout, ping_interval=None,
            max_size=2**20, close_timeout=2, proxy=None,
        )  # fmt: skip
        async with asyncio.timeout(timeout):
            while True:
                frame: dict[str, Any] = json.loads(await self.ws.recv())
                if frame["type"] == "hello":
                    return frame
                if frame["type"] == "error":
                    raise RuntimeError(frame)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


def credential(fixture: Fixture, person: int) -> dict[str, str]:
    if fixture.cookies:
        return {"Cookie": fixture.cookies[person]}
    return {"Authorization": f"Token {fixture.tokens[person]}"}


def make_clients(
    fixture: Fixture, ports: list[int], count: int, size: int, first_room: int = 0
) -> list[Client]:
    """Client i is person i in room i // size, on process i % len(ports): every room has
    members on every process."""
    return [
        Client(
            index=i,
            url=f"ws://127.0.0.1:{ports[i % len(ports)]}/ws/rooms/"
            f"{fixture.rooms[first_room + i // size]}/",
            credential=credential(fixture, i),
            room=first_room + i // size,
        )
        for i in range(count)
    ]


async def open_all(clients: list[Client], batch: int, timeout: float) -> None:
    for start in range(0, len(clients), batch):
        await asyncio.gather(*(c.open(timeout) for c in clients[start : start + batch]))


async def close_all(clients: list[Client]) -> None:
    await asyncio.gather(*(c.close() for c in clients))


# --- Scenario A: steady load -----------------------------------------------------------


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)  # ms, measured messages only
    ack_latencies: list[float] = field(default_factory=list)
    acked: dict[str, int] = field(default_factory=dict)  # client_id -> room
    sent: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    lateness: list[float] = field(default_factory=list)  # ms the sender started late


async def read_load(client: Client, load: Load) -> None:
    assert client.ws is not None
    with contextlib.suppress(ConnectionClosed):
        async for raw in client.ws:
            now = time.monotonic_ns()
            if isinstance(raw, bytes) or raw.startswith('{"type": "presence"'):
                continue
            frame = json.loads(raw)
            kind = frame["type"]
            if kind == "message.new":
                client_id = frame["message"]["client_id"]
                if client_id in client.seen:
                    load.duplicates += 1
                    continue
                client.seen.add(client_id)
                if client_id.startswith("a."):
                    load.latencies.append((now - int(client_id.rsplit(".", 1)[1])) / 1e6)
            elif kind == "ack":
                client_id = frame["client_id"]
                load.acked[client_id] = client.room
                if client_id.startswith("a."):
                    load.ack_latencies.append((now - int(client_id.rsplit(".", 1)[1])) / 1e6)
            elif kind == "error":
                load.errors[frame.get("code", "?")] += 1


async def send_at_rate(
    clients: list[Client],
    size: int,
    rate: float,
    seconds: float,
    tag: str,
    load: Load,
    first: int = 0,
) -> None:
    """`rate` messages/s, round robin over the rooms and their members (from message
    number `first` on, so that slices of one run go on where the last one stopped)."""
    rooms = len(clients) // size
    total = int(rate * seconds)
    started = time.perf_counter()
    for number in range(first, first + total):
        target = started + (number - first) / rate
        await asyncio.sleep(max(0.0, target - time.perf_counter()))
        room, member = number % rooms, (number // rooms) % size
        client = clients[room * size + member]
        if tag == "a":
            load.lateness.append(1000 * max(0.0, time.perf_counter() - target))
        client_id = f"{tag}.{number}.{time.monotonic_ns()}"
        frame = {"type": "message.send", "client_id": client_id, "body": BODIES[number % 4]}
        try:
            assert client.ws is not None
            await client.ws.send(json.dumps(frame))
        except ConnectionClosed:
            load.errors["closed"] += 1
            continue
        load.sent[client_id] = client.room


@dataclass
class Target:
    """One side of scenario A: the servers under test and the clients driving them."""

    name: str
    clients: list[Client]
    pids: list[int]
    acks: bool  # the platform acknowledges; the broadcast app does not
    load: Load = field(default_factory=Load)
    cpu: CpuUse = field(default_factory=CpuUse)


async def steady_load(targets: list[Target], args: argparse.Namespace) -> list[dict[str, Any]]:
    """The same load on each target, in turns: `--slices` slices of the measured time
    each, the order alternating (ABBA…), so that every target meets the same machine (a
    checkpoint, another process) in equal parts. Servers of all targets are up all along;
    the idle ones only hold their connections."""
    for target in targets:
        await open_all(target.clients, 50, args.timeout)
        for client in target.clients:
            client.reader = asyncio.create_task(read_load(client, target.load))
    await asyncio.sleep(args.settle)
    for target in targets:
        await send_at_rate(target.clients, args.room_size, args.rate, args.warmup, "w",
                           target.load)  # fmt: skip
    per_slice = args.seconds / args.slices
    for number in range(args.slices):
        for target in targets if number % 2 == 0 else targets[::-1]:
            meter = CpuMeter(target.pids)
            first = number * int(args.rate * per_slice)
            await send_at_rate(target.clients, args.room_size, args.rate, per_slice, "a",
                               target.load, first)  # fmt: skip
            target.cpu += meter.stop()
    return [await figures(target, args) for target in targets]


async def figures(target: Target, args: argparse.Namespace) -> dict[str, Any]:
    """Waits (up to --drain) for what is still on its way, then the target's figures."""
    load, acks = target.load, target.acks
    measured = {cid: room for cid, room in load.sent.items() if cid.startswith("a.")}
    members: dict[int, list[Client]] = {}
    for client in target.clients:
        members.setdefault(client.room, []).append(client)

    def expected() -> dict[str, int]:
        # Every acknowledged message (every sent one, for the broadcast app, which does not
        # acknowledge) must reach every member of its room.
        return {cid: r for cid, r in measured.items() if not acks or cid in load.acked}

    def missing() -> int:
        return sum(1 for cid, r in expected().items() for c in members[r] if cid not in c.seen)

    def unacked() -> int:
        return len([c for c in measured if c not in load.acked]) if acks else 0

    deadline = time.perf_counter() + args.drain
    while time.perf_counter() < deadline and (missing() or unacked()):
        await asyncio.sleep(0.25)
    lost = missing()
    await close_all(target.clients)
    return {
        "sent": len(measured),
        "unacked": unacked(),
        "deliveries": len(load.latencies),
        "delivered/s": len(load.latencies) / target.cpu.wall,
        "p50": percentile(load.latencies, 50),
        "p95": percentile(load.latencies, 95),
        "p99": percentile(load.latencies, 99),
        "max": max(load.latencies, default=math.nan),
        "ack p50": percentile(load.ack_latencies, 50),
        "ack p99": percentile(load.ack_latencies, 99),
        "lost": lost,
        "duplicates": load.duplicates,
        "errors": dict(load.errors),
        "send late p99": percentile(load.lateness, 99),
        "cpu": target.cpu.percent(),
    }


# --- Scenario B: reconnect storm -------------------------------------------------------


async def drain(client: Client) -> None:
    assert client.ws is not None
    with contextlib.suppress(ConnectionClosed):
        async for _ in client.ws:
            pass


async def reconnects(
    ports: list[int], fixture: Fixture, args: argparse.Namespace, servers_pids: list[int]
) -> dict[str, Any]:
    clients = make_clients(fixture, ports, args.reconnects, args.room_size)
    await open_all(clients, 100, args.timeout)
    for client in clients:
        client.reader = asyncio.create_task(drain(client))
    await asyncio.sleep(args.settle)
    # Everyone drops at once (as when a proxy restarts) and comes straight back.
    await close_all(clients)
    for client in clients:
        client.ws = client.reader = None
    times: list[float] = []
    errors: Counter[str] = Counter()
    meter = CpuMeter(servers_pids)
    started = time.perf_counter()

    async def again(client: Client) -> None:
        try:
            await client.open(args.timeout)
        except Exception as error:
            errors[type(error).__name__] += 1
            return
        times.append(1000 * (time.perf_counter() - started))
        client.reader = asyncio.create_task(drain(client))

    await asyncio.gather(*(again(c) for c in clients))
    wall = time.perf_counter() - started
    cpu = meter.stop().percent()
    await asyncio.sleep(1)
    await close_all(clients)
    return {
        "clients": len(clients),
        "connected": len(times),
        "errors": dict(errors),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "all in": 1000 * wall,
        "cpu": cpu,
    }


# --- Scenario C: catch-up --------------------------------------------------------------


def post_missed(fixture: Fixture, numbers: range, repeat: int) -> None:
    from django.db import connection

    from discussions import services
    from discussions.models import Room
    from schools.models import User

    room = Room.objects.get(pk=fixture.catchup_room)
    poster = User.objects.get(pk=fixture.poster_id)
    for n in numbers:
        services.post_message(
            room=room, author=poster, client_id=f"c.{repeat}.{n}", body=BODIES[n % 4]
        )
    connection.close()


async def post_all_missed(fixture: Fixture, count: int, repeat: int, workers: int = 4) -> None:
    """`count` messages through the service, from a few threads at once (the room's row
    lock orders them). sync_to_async, so the after-commit broadcasts run on this loop."""
    post = sync_to_async(post_missed, thread_sensitive=False)
    await asyncio.gather(*(post(fixture, range(w, count, workers), repeat) for w in range(workers)))


async def catch_up(ports: list[int], fixture: Fixture, args: argparse.Namespace) -> dict[str, Any]:
    url = f"ws://127.0.0.1:{ports[0]}/ws/rooms/{fixture.catchup_room}/"
    client = Client(index=0, url=url, credential=credential(fixture, 0), room=-1)
    last_seq = int((await client.open(args.timeout))["last_seq"])
    await client.close()
    sync_times: list[float] = []
    total_times: list[float] = []
    problems: list[str] = []
    for repeat in range(args.repeats):
        await post_all_missed(fixture, args.catchup, repeat)
        started = time.perf_counter()
        hello = await client.open(args.timeout)
        assert client.ws is not None
        synced = time.perf_counter()
        await client.ws.send(json.dumps({"type": "sync", "after_seq": last_seq}))
        seqs: list[int] = []
        async with asyncio.timeout(args.timeout):
            while True:
                frame = json.loads(await client.ws.recv())
                if frame["type"] == "message.new":
                    seqs.append(frame["message"]["seq"])
                elif frame["type"] == "sync.done":
                    break
        done = time.perf_counter()
        sync_times.append(1000 * (done - synced))
        total_times.append(1000 * (done - started))
        if seqs != list(range(last_seq + 1, last_seq + args.catchup + 1)):
            problems.append(f"repeat {repeat}: {len(seqs)} messages, not seqs after {last_seq}")
        if hello["last_seq"] != last_seq + args.catchup:
            problems.append(f"repeat {repeat}: hello last_seq {hello['last_seq']}")
        last_seq = frame["last_seq"]
        await client.close()
    return {
        "repeats": args.repeats,
        "sync p50": percentile(sync_times, 50),
        "sync p95": percentile(sync_times, 95),
        "sync max": max(sync_times),
        "reconnect+sync p95": percentile(total_times, 95),
        "problems": problems,
    }


# --- Report ----------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value:,.1f} ms"


def cpu_line(cpu: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.0f}%" for name, value in cpu.items())


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(args: argparse.Namespace, a: dict[str, Any], ceiling: dict[str, Any] | None,
           b: dict[str, Any] | None, c: dict[str, Any] | None) -> bool:  # fmt: skip
    print()
    print(
        f"Scenario A: {args.clients} clients in {args.clients // args.room_size} rooms of "
        f"{args.room_size}, {args.rate:g} messages/s in for {args.seconds:g} s "
        f"({args.slices} turns), "
        f"{args.processes} uvicorn processes"
    )
    rows = [("platform", a)] + ([("ceiling (broadcast app)", ceiling)] if ceiling else [])
    print(f"  {'':24} {'sent':>6} {'deliv/s':>8} {'p50':>9} {'p95':>9} {'p99':>9} {'max':>9}"
          f" {'lost':>5} {'dup':>4}  errors")  # fmt: skip
    for name, row in rows:
        print(
            f"  {name:24} {row['sent']:>6} {row['delivered/s']:>8,.0f} {row['p50']:>7.1f}ms"
            f" {row['p95']:>7.1f}ms {row['p99']:>7.1f}ms {row['max']:>7.1f}ms {row['lost']:>5}"
            f" {row['duplicates']:>4}  {row['errors'] or '-'}"
        )
    print(f"  platform ack (send to ack): p50 {ms(a['ack p50'])}, p99 {ms(a['ack p99'])}; "
          f"unacknowledged {a['unacked']}")  # fmt: skip
    for name, row in rows:
        print(f"  CPU, {name}: {cpu_line(row['cpu'])} (of one core; 2 cores in all)")
        print(f"    load generator started sends late by p99 {ms(row['send late p99'])}")
    goals: list[tuple[str, bool]] = [
        (f"A: p99 <= 100 ms ({ms(a['p99'])})", a["p99"] <= 100),
        (
            f"A: nothing lost ({a['lost']} deliveries missing {args.drain:g} s after the last "
            f"send, {a['unacked']} unacknowledged, "
            f"{a['duplicates']} duplicates)",
            a["lost"] == 0 and a["unacked"] == 0 and a["duplicates"] == 0 and not a["errors"],
        ),
    ]
    if ceiling:
        ratio = a["p99"] / ceiling["p99"]
        goals.append((f"A: p99 <= 1.5x the ceiling's ({ratio:.2f}x)", ratio <= 1.5))
    if b:
        print()
        print(f"Scenario B: {b['clients']} clients reconnecting at once (rooms of "
              f"{args.room_size}), time from the start to `hello`")  # fmt: skip
        print(f"  connected {b['connected']}, errors {b['errors'] or 0}, p50 {ms(b['p50'])}, "
              f"p95 {ms(b['p95'])}, p99 {ms(b['p99'])}, all in {ms(b['all in'])}")  # fmt: skip
        print(f"  CPU: {cpu_line(b['cpu'])}")
        goals.append((f"B: no errors ({sum(b['errors'].values())})",
                      not b["errors"] and b["connected"] == b["clients"]))  # fmt: skip
        goals.append((f"B: handshake p99 <= 2 s ({ms(b['p99'])})", b["p99"] <= 2000))
    if c:
        print()
        print(f"Scenario C: catch-up of {args.catchup} missed messages, {c['repeats']} repeats")
        total = ms(c["reconnect+sync p95"])
        print(f"  sync to sync.done: p50 {ms(c['sync p50'])}, p95 {ms(c['sync p95'])}, "
              f"max {ms(c['sync max'])}; reconnect + sync p95 {total}")  # fmt: skip
        for problem in c["problems"]:
            print(f"  PROBLEM {problem}")
        goals.append((f"C: catch-up p95 <= 300 ms ({ms(c['sync p95'])})",
                      c["sync p95"] <= 300 and not c["problems"]))  # fmt: skip
    print()
    for text, ok in goals:
        print(f"  {verdict(ok)}  {text}")
    return all(ok for _, ok in goals)


async def run(args: argparse.Namespace, fixture: Fixture, log: Path) -> bool:
    a = ceiling = b = c = None
    with servers(args.app, args, log) as started:
        ports, pids = [s.port for s in started], [s.process.pid for s in started]
        platform = Target("platform", make_clients(fixture, ports, args.clients, args.room_size),
                          pids, acks=True)  # fmt: skip
        with contextlib.ExitStack() as stack:
            targets = [platform]
            if args.ceiling:
                app = "benchmarks.broadcast_app:application"
                bare = stack.enter_context(servers(app, args, log))
                bare_ports = [s.port for s in bare]
                targets.append(Target(
                    "ceiling", make_clients(fixture, bare_ports, args.clients, args.room_size),
                    [s.process.pid for s in bare], acks=False,
                ))  # fmt: skip
            names = " and the broadcast app (ceiling), in turns" if args.ceiling else ""
            print(f"Scenario A against the platform{names} …", flush=True)
            a, *rest = await steady_load(targets, args)
            ceiling = rest[0] if rest else None
        if args.reconnects:
            print("Scenario B …", flush=True)
            await asyncio.sleep(args.settle)
            b = await reconnects(ports, fixture, args, pids)
        if args.repeats:
            print("Scenario C …", flush=True)
            await asyncio.sleep(args.settle)
            c = await catch_up(ports, fixture, args)
    return report(args, a, ceiling, b, c)


def add_service_arguments(parser: argparse.ArgumentParser) -> None:
    """The database (created and migrated by prepare) and the Redis database to use."""
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/netwerk_bench")
    parser.add_argument("--fresh-database", action="store_true", help="drop it first")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")


def add_auth_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--auth",
        choices=["token", "session"],
        default="token",
        help="clients send an API token, or a logged-in browser's session cookie",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_service_arguments(parser)
    add_auth_argument(parser)
    parser.add_argument("--processes", type=int, default=2, help="uvicorn processes")
    parser.add_argument("--clients", type=int, default=500, help="scenario A connections")
    parser.add_argument("--room-size", type=int, default=25)
    parser.add_argument("--rate", type=float, default=40, help="messages/s in, scenario A")
    parser.add_argument(
        "--seconds",
        type=float,
        default=60,
        help="scenario A measured time per target (60 s: 2,400 messages at 40/s)",
    )
    parser.add_argument("--warmup", type=float, default=3, help="scenario A unmeasured time")
    parser.add_argument(
        "--slices",
        type=int,
        default=12,
        help="scenario A: platform and ceiling take turns, this many each",
    )
    parser.add_argument("--app", default="netwerk.asgi:application", help="ASGI app to measure")
    parser.add_argument("--no-ceiling", dest="ceiling", action="store_false")
    parser.add_argument("--reconnects", type=int, default=1000, help="scenario B; 0 skips")
    parser.add_argument("--catchup", type=int, default=500, help="scenario C missed messages")
    parser.add_argument("--repeats", type=int, default=10, help="scenario C; 0 skips")
    parser.add_argument("--settle", type=float, default=2, help="quiet seconds between steps")
    parser.add_argument("--drain", type=float, default=10, help="max wait for late deliveries")
    parser.add_argument("--timeout", type=float, default=20, help="per connect / sync")
    args = parser.parse_args()
    if args.clients % args.room_size or args.reconnects % args.room_size:
        parser.error("--clients and --reconnects must be multiples of --room-size")
    started = time.perf_counter()
    fixture = prepare(args)
    checkpoint(args.database)
    log = Path(tempfile.mkdtemp(prefix="rooms-bench-")) / "servers.log"
    print(f"Prepared in {time.perf_counter() - started:.1f} s; server log {log}", flush=True)
    ok = uvloop.run(run(args, fixture, log))
    print(f"\nTotal {time.perf_counter() - started:.0f} s. Clients authenticate with "
          f"{'a session cookie' if args.auth == 'session' else 'an API token'}. Load generator: "
          f"this one process (uvloop + websockets); {os.cpu_count()} cores shared by "
          "everything.")  # fmt: skip
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
