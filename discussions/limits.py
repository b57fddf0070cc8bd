"""Per-person rate limit for what people post in rooms, shared by all processes.

A counter per person per fixed window: in Redis when REDIS_URL is set (one round trip per
post: a MULTI of `SET key 0 EX … NX` and `INCR key`, atomic across processes), in the
process's cache otherwise. The defaults, 20 per 10 seconds, let a person post a message
every second and still send a burst of ten.
"""

from __future__ import annotations

import logging
import time

import redis
import redis.asyncio
from django.conf import settings
from django.core.cache import cache

from discussions import onloop, redis_pool

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
DEFAULT_WINDOW_SECONDS = 10


class RateLimited(Exception):
    pass


def limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "NETWERK_ROOM_RATE_LIMIT", DEFAULT_LIMIT)),
        int(getattr(settings, "NETWERK_ROOM_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)),
    )


def take(*, person_id: int) -> str | None:
    """Count one post for this person, or raise RateLimited when the window is full.
    Returns what give_back needs to uncount it (None when nothing was counted)."""
    key, window = _key(person_id)
    try:
        count = _count(key, window)
    except Exception:
        _unavailable()
        return None
    return _checked(key, count)


async def atake(*, person_id: int) -> str | None:
    """take, from the event loop (the same counter, through this loop's Redis client)."""
    client = onloop.redis_client()
    if client is None:
        return take(person_id=person_id)  # the process's own cache: no I/O
    key, window = _key(person_id)
    try:
        async with client.pipeline(transaction=True) as pipe:
            _queue_count(pipe, key, window)
            _created, count = await pipe.execute()
    except Exception:
        _unavailable()
        return None
    return _checked(key, int(count))


def _key(person_id: int) -> tuple[str, int]:
    window = limit()[1]
    return f"netwerk:rooms:rate:{person_id}:{int(time.time() // window)}", window


def _checked(key: str, count: int) -> str:
    if count > limit()[0]:
        raise RateLimited
    return key


def _unavailable() -> None:
    # The limit protects the room, not the data: while the cache is down, let posts
    # through rather than refuse everyone.
    log.warning("Rate limit unavailable; allowing the post", exc_info=True)


def give_back(key: str | None) -> None:
    """Uncount a post that take counted but that was not made after all (in the window
    it was counted in, even if that has ended since)."""
    if key is None:
        return
    try:
        client = redis_pool.client()
        if client is None:
            cache.decr(key)
            return
        with client.pipeline(transaction=True) as pipe:
            _queue_give_back(pipe, key)
            pipe.execute()
    except Exception:
        _not_given_back()


async def agive_back(key: str | None) -> None:
    """give_back, from the event loop."""
    client = onloop.redis_client()
    if key is None or client is None:
        give_back(key)
        return
    try:
        async with client.pipeline(transaction=True) as pipe:
            _queue_give_back(pipe, key)
            await pipe.execute()
    except Exception:
        _not_given_back()


Pipeline = redis.client.Pipeline | redis.asyncio.client.Pipeline


def _queue_count(pipe: Pipeline, key: str, window: int) -> None:
    """The count, for a pipeline of either client: the key outlives its window, then
    expires."""
    pipe.set(key, 0, ex=window * 2, nx=True)
    pipe.incr(key)


def _queue_give_back(pipe: Pipeline, key: str) -> None:
    pipe.decr(key)
    pipe.expire(key, limit()[1] * 2)  # never leave a key without its expiry


def _not_given_back() -> None:
    # Expired already (the cache), or the cache is down: the count lapses with its window
    # anyway.
    log.warning("Could not give back a rate-limit count", exc_info=True)


def _count(key: str, window: int) -> int:
    """This post's number in its window."""
    client = redis_pool.client()
    if client is not None:
        with client.pipeline(transaction=True) as pipe:
            _queue_count(pipe, key, window)
            _created, count = pipe.execute()
        return int(count)
    cache.add(key, 0, timeout=window * 2)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window * 2)
        return 1
