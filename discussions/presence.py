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
from typing import Protocol

import redis
import redis.asyncio
from django.conf import settings

from discussions import events, onloop
from discussions.events import Person
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
    """Through the event loop's own Redis client (discussions.onloop): a reconnect storm
    of a thousand joins needs no thread."""

    def __init__(self, client: redis.asyncio.Redis) -> None:
        self.client = client

    @staticmethod
    def key(room_id: int) -> str:
        return f"netwerk:presence:{room_id}"

    async def touch(self, room_id: int, entry: str, now: float) -> tuple[int, list[str]]:
        """Refresh the entry, drop the expired ones and read the rest: one round trip."""
        key = self.key(room_id)
        async with self.client.pipeline() as pipe:
            pipe.zadd(key, {entry: now + ttl()})
            pipe.expire(key, int(ttl() * 2) + 1)
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zrangebyscore(key, f"({now}", "+inf")
            _added, _expiry, pruned, entries = await pipe.execute()
        return int(pruned), [str(value) for value in entries]

    async def remove(self, room_id: int, entry: str) -> None:
        await self.client.zrem(self.key(room_id), entry)

    async def entries(self, room_id: int, now: float) -> list[str]:
        found = await self.client.zrangebyscore(self.key(room_id), f"({now}", "+inf")
        return [str(value) for value in found]


_memory = MemoryStore()


def store() -> Store:
    client = onloop.redis_client()
    return RedisStore(client) if client is not None else _memory


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
    await events.broadcast(room_id, {"type": "presence", "users": await users(room_id)})
