"""Who is in a room right now, across all processes.

Each open connection keeps one entry per room with an expiry time, refreshed by a
heartbeat: a Redis sorted set scored by expiry when REDIS_URL is set, a dict in this
process otherwise. A process that dies stops refreshing, so its entries expire and the
next heartbeat anywhere removes them and announces the new list: no ghosts.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from typing import Any, Protocol

import redis
import redis.asyncio
from django.conf import settings

from discussions import broadcast, onloop
from discussions.broadcast import Person
from schools.models import User

log = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 30.0
DEFAULT_HEARTBEAT_SECONDS = 10.0


def ttl() -> float:
    return float(getattr(settings, "NETWERK_PRESENCE_TTL", DEFAULT_TTL_SECONDS))


def heartbeat_interval() -> float:
    return float(getattr(settings, "NETWERK_PRESENCE_HEARTBEAT", DEFAULT_HEARTBEAT_SECONDS))


class Store(Protocol):
    async def touch(self, room_id: int, entry: str, now: float) -> tuple[int, list[str]]: ...
    async def remove(self, room_id: int, entry: str) -> None: ...
    async def entries(self, room_id: int, now: float) -> list[str]: ...


class MemoryStore:
    def __init__(self) -> None:
        self.rooms: dict[int, dict[str, float]] = {}
        self.lock = threading.Lock()

    async def touch(self, room_id: int, entry: str, now: float) -> tuple[int, list[str]]:
        with self.lock:
            room = self.rooms.setdefault(room_id, {})
            room[entry] = now + ttl()
            expired = [entry for entry, expires in room.items() if expires <= now]
            for gone in expired:
                del room[gone]
            return len(expired), sorted(room)

    async def remove(self, room_id: int, entry: str) -> None:
        with self.lock:
            self.rooms.get(room_id, {}).pop(entry, None)

    async def entries(self, room_id: int, now: float) -> list[str]:
        with self.lock:
            return sorted(e for e, expires in self.rooms.get(room_id, {}).items() if expires > now)


class RedisStore:
    """Through the event loop's own Redis client (discussions.onloop), one store per loop.
    The touches and removals of all connections of the loop go out together: while one
    pipeline is on its way, the next collects what comes in meanwhile (as a database
    groups commits). A lone change goes out at once; a reconnect storm's thousand joins
    take a few dozen round trips instead of a thousand."""

    def __init__(self, client: redis.asyncio.Redis) -> None:
        self.client = client
        self.touches: dict[int, list[tuple[str, asyncio.Future[tuple[int, list[str]]]]]] = {}
        self.removals: dict[int, list[tuple[str, asyncio.Future[None]]]] = {}
        self.sending = False

    @staticmethod
    def key(room_id: int) -> str:
        return f"netwerk:presence:{room_id}"

    async def touch(self, room_id: int, entry: str, now: float) -> tuple[int, list[str]]:
        """Refresh the entry, drop the expired ones and read the rest (with the others of
        the moment: one round trip)."""
        done: asyncio.Future[tuple[int, list[str]]] = asyncio.get_running_loop().create_future()
        self.touches.setdefault(room_id, []).append((entry, done))
        self._send_soon()
        return await done

    async def remove(self, room_id: int, entry: str) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.removals.setdefault(room_id, []).append((entry, done))
        self._send_soon()
        await done

    async def entries(self, room_id: int, now: float) -> list[str]:
        found = await self.client.zrangebyscore(self.key(room_id), f"({now}", "+inf")
        return [str(value) for value in found]

    def _send_soon(self) -> None:
        if not self.sending:
            self.sending = True
            task = asyncio.get_running_loop().create_task(self._send_all())
            _sending.add(task)
            task.add_done_callback(_sending.discard)

    async def _send_all(self) -> None:
        try:
            while self.touches or self.removals:
                touches, self.touches = self.touches, {}
                removals, self.removals = self.removals, {}
                await self._send(touches, removals)
        finally:
            self.sending = False

    async def _send(
        self,
        touches: dict[int, list[tuple[str, asyncio.Future[tuple[int, list[str]]]]]],
        removals: dict[int, list[tuple[str, asyncio.Future[None]]]],
    ) -> None:
        now = time.time()
        touched = [done for changes in touches.values() for _, done in changes]
        removed = [done for changes in removals.values() for _, done in changes]
        waiting: list[asyncio.Future[Any]] = [*touched, *removed]
        try:
            async with self.client.pipeline() as pipe:
                for room_id, leaving in removals.items():
                    pipe.zrem(self.key(room_id), *(entry for entry, _ in leaving))
                for room_id, staying in touches.items():
                    key = self.key(room_id)
                    pipe.zadd(key, {entry: now + ttl() for entry, _ in staying})
                    pipe.expire(key, int(ttl() * 2) + 1)
                    pipe.zremrangebyscore(key, "-inf", now)
                    pipe.zrangebyscore(key, f"({now}", "+inf")
                results = await pipe.execute()
        except Exception as error:
            for done in waiting:
                if not done.done():
                    done.set_exception(error)
            return
        for gone in removed:
            if not gone.done():
                gone.set_result(None)
        per_room = iter(results[len(removals) :])
        for room_changes in touches.values():
            _added, _expiry, pruned, entries = (next(per_room) for _ in range(4))
            found = (int(pruned), [str(value) for value in entries])
            for _, done in room_changes:
                if not done.done():
                    done.set_result(found)


# Pipelines under way (kept until done), and each event loop's store.
_sending: set[asyncio.Task[None]] = set()
_stores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RedisStore] = (
    weakref.WeakKeyDictionary()
)
_memory = MemoryStore()


def store() -> Store:
    client = onloop.redis_client()
    if client is None:
        return _memory
    loop = asyncio.get_running_loop()
    found = _stores.get(loop)
    if found is None or found.client is not client:
        found = _stores[loop] = RedisStore(client)
    return found


def entry_for(user: User, channel_name: str) -> str:
    return f"{user.pk}|{channel_name}|{user.display_name}"


def people(entries: list[str]) -> list[Person]:
    found: dict[int, Person] = {}
    for entry in entries:
        user_id, _channel, name = entry.split("|", 2)
        found.setdefault(int(user_id), {"id": int(user_id), "name": name})
    return sorted(found.values(), key=lambda p: (p["name"], p["id"]))


async def touch(room_id: int, entry: str) -> tuple[int, list[Person]]:
    """Refresh one entry and drop the expired ones: the number dropped, and who is in."""
    try:
        pruned, entries = await store().touch(room_id, entry, time.time())
    except redis.RedisError:
        log.warning("Presence store unavailable for room %s", room_id, exc_info=True)
        return 0, []
    return pruned, people(entries)


async def users(room_id: int) -> list[Person]:
    try:
        return people(await store().entries(room_id, time.time()))
    except redis.RedisError:
        log.warning("Presence store unavailable for room %s", room_id, exc_info=True)
        return []


async def leave(room_id: int, entry: str) -> None:
    try:
        await store().remove(room_id, entry)
    except redis.RedisError:
        log.warning("Presence store unavailable for room %s", room_id, exc_info=True)


# Seconds a process waits before it announces a room's presence, so that the joins and
# leaves of that moment (a page reload, a reconnect storm) make one `presence` event.
ANNOUNCE_DELAY_SECONDS = 1.0
_announcing: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Task[None]]] = (
    weakref.WeakKeyDictionary()
)


def announce_soon(room_id: int) -> None:
    """Send everyone in the room the current list in a moment, unless this process has
    that announcement planned already (the list is read when it goes out)."""
    loop = asyncio.get_running_loop()
    planned = _announcing.setdefault(loop, {})
    if room_id not in planned:
        planned[room_id] = loop.create_task(_announce(room_id, planned))


async def _announce(room_id: int, planned: dict[int, asyncio.Task[None]]) -> None:
    try:
        await asyncio.sleep(ANNOUNCE_DELAY_SECONDS)
    finally:
        planned.pop(room_id, None)
    await broadcast.broadcast(room_id, {"type": "presence", "users": await users(room_id)})
