"""Two uvicorn processes on loopback, joined by PostgreSQL and Redis: clients on different
processes see each other, a killed process leaves no ghosts, and after a Redis restart
nothing acknowledged is lost. Skipped without the services, failed when REQUIRE_SERVICES=1."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.browser.conftest import free_port
from tests.conftest import require
from tests.discussions.conftest import Rooms

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "netwerk.asgi:application", "--port",
             str(self.port), "--ws-max-size", "65536", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/login/", timeout=1)
                return
            time.sleep(0.2)
        raise RuntimeError("uvicorn did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def cluster(postgres, redis_url, rooms: Rooms) -> Iterator[Any]:
    started: list[Server] = []

    def start(**extra: str) -> Server:
        env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": redis_url, **extra}
        env["NETWERK_PRESENCE_TTL"], env["NETWERK_PRESENCE_HEARTBEAT"] = "3", "0.5"
        started.append(Server(env))
        return started[-1]

    yield start
    for server in started:
        server.stop()


class Client:
    """A websocket client that keeps every message it saw by seq and catches up by sync."""

    def __init__(self, server: Server, token: str, room_id: int) -> None:
        self.url = f"ws://127.0.0.1:{server.port}/ws/rooms/{room_id}/"
        self.headers = {"Authorization": f"Token {token}", "Origin": "http://127.0.0.1"}
        self.seen: dict[int, dict[str, Any]] = {}
        self.acked: dict[str, int] = {}
        self.ws: ClientConnection | None = None

    async def open(self) -> dict[str, Any]:
        self.ws = await connect(self.url, additional_headers=self.headers)
        return await self.next("hello")

    async def send(self, **frame: Any) -> None:
        assert self.ws is not None
        await self.ws.send(json.dumps(frame))

    async def next(self, kind: str, timeout: float = 10, **match: Any) -> dict[str, Any]:
        assert self.ws is not None
        async with asyncio.timeout(timeout):
            while True:
                frame: dict[str, Any] = json.loads(await self.ws.recv())
                if frame["type"] == "message.new":
                    self.seen[frame["message"]["seq"]] = frame["message"]
                if frame["type"] == "ack":
                    self.acked[frame["client_id"]] = frame["seq"]
                if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
                    return frame

    async def message(self, seq: int, timeout: float = 10) -> dict[str, Any]:
        async with asyncio.timeout(timeout):
            while seq not in self.seen:
                await self.next("message.new")
        return self.seen[seq]

    async def say(self, client_id: str, body: str) -> int:
        await self.send(type="message.send", client_id=client_id, body=body)
        return int((await self.next("ack", client_id=client_id))["seq"])

    async def catch_up(self) -> None:
        """Reconnect if the connection was lost, then sync after the last gap-free seq."""
        try:
            await self.send(type="sync", after_seq=self.contiguous())
        except ConnectionClosed:
            await self.open()
            await self.send(type="sync", after_seq=self.contiguous())
        await self.next("sync.done")

    def contiguous(self) -> int:
        seq = 0
        while seq + 1 in self.seen:
            seq += 1
        return seq

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def presence_names(client: Client, names: set[str], timeout: float = 15) -> None:
    async with asyncio.timeout(timeout):
        while {u["name"] for u in (await client.next("presence", timeout))["users"]} != names:
            pass


def test_clients_on_two_processes_see_each_others_messages_presence_and_proposals(
    cluster, rooms: Rooms
):
    first, second = cluster(), cluster()

    async def scenario() -> None:
        lotte = Client(first, rooms.tokens["teacher1"], rooms.room.pk)
        jeroen = Client(second, rooms.tokens["teacher2"], rooms.room.pk)
        await lotte.open()
        await jeroen.open()
        await presence_names(lotte, {"Lotte Jansen", "Jeroen Smit"})

        seq = await lotte.say("l1", "Hallo vanuit proces A")
        assert (await jeroen.message(seq))["body"] == "Hallo vanuit proces A"
        seq = await jeroen.say("j1", "En terug vanuit B")
        assert (await lotte.message(seq))["body"] == "En terug vanuit B"

        await jeroen.send(type="proposal.create", client_id="p", title="Samen toetsen")
        proposal = (await lotte.next("proposal.new"))["proposal"]
        await lotte.send(type="proposal.endorse", proposal_id=proposal["id"])
        assert (await jeroen.next("proposal.updated"))["proposal"]["endorsements"] == 1
        await jeroen.close()
        await presence_names(lotte, {"Lotte Jansen"})
        await lotte.close()

    asyncio.run(scenario())


def test_a_killed_process_leaves_no_ghost_in_presence(cluster, rooms: Rooms):
    first, second = cluster(), cluster()

    async def scenario() -> None:
        lotte = Client(first, rooms.tokens["teacher1"], rooms.room.pk)
        jeroen = Client(second, rooms.tokens["teacher2"], rooms.room.pk)
        await lotte.open()
        await jeroen.open()
        await presence_names(lotte, {"Lotte Jansen", "Jeroen Smit"})
        second.process.send_signal(signal.SIGKILL)
        started = time.monotonic()
        await presence_names(lotte, {"Lotte Jansen"}, timeout=10)
        assert time.monotonic() - started < 6  # TTL 3 s + heartbeat 0.5 s, with slack
        await lotte.close()

    asyncio.run(scenario())


@pytest.fixture
def own_redis(postgres) -> Iterator[Any]:
    """A redis-server of this test's own, on a random port, that the test may restart."""
    if shutil.which("redis-server") is None:
        require("REQUIRE_SERVICES", "needs redis-server to restart one of its own")
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no"]  # fmt: skip

    class OwnRedis:
        url = f"redis://127.0.0.1:{port}/0"
        process: subprocess.Popen[bytes] | None = None

        def start(self) -> None:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            time.sleep(0.5)

        def stop(self) -> None:
            if self.process is not None:
                self.process.terminate()
                self.process.wait(timeout=10)

    redis = OwnRedis()
    redis.start()
    yield redis
    redis.stop()


def test_after_a_redis_restart_nothing_acknowledged_is_lost_and_clients_catch_up(
    cluster, own_redis, rooms: Rooms
):
    first, second = cluster(REDIS_URL=own_redis.url), cluster(REDIS_URL=own_redis.url)

    async def scenario() -> None:
        lotte = Client(first, rooms.tokens["teacher1"], rooms.room.pk)
        jeroen = Client(second, rooms.tokens["teacher2"], rooms.room.pk)
        await lotte.open()
        await jeroen.open()
        acked = [await lotte.say(f"before{n}", f"voor {n}") for n in range(3)]
        await jeroen.message(3)

        own_redis.stop()
        acked += [await lotte.say(f"during{n}", f"tijdens {n}") for n in range(3)]
        own_redis.start()
        await asyncio.sleep(2)
        try:
            acked += [await lotte.say(f"after{n}", f"na {n}") for n in range(3)]
        except ConnectionClosed:
            await lotte.open()
            acked += [await lotte.say(f"after{n}", f"na {n}") for n in range(3)]

        await jeroen.catch_up()
        assert acked == list(range(1, 10))
        assert sorted(jeroen.seen) == acked
        assert [jeroen.seen[s]["body"] for s in acked[3:6]] == [f"tijdens {n}" for n in range(3)]
        await lotte.close()
        await jeroen.close()

    asyncio.run(scenario())
