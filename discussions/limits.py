"""Per-person rate limit for what people post in rooms, shared by all processes.

A counter per person per fixed window: in Redis when REDIS_URL is set (one round trip per
post: a MULTI of `SET key 0 EX … NX` and `INCR key`, atomic across processes), in the
process's cache otherwise. The defaults, 20 per 10 seconds, let a person post a message
every second and still send a burst of ten.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

from discussions import redis_pool

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


def take(*, person_id: int) -> None:
    """Count one post for this person, or raise RateLimited when the window is full."""
    allowed, window = limit()
    key = f"netwerk:rooms:rate:{person_id}:{int(time.time() // window)}"
    try:
        count = _count(key, window)
    except Exception:
        # The limit protects the room, not the data: while the cache is down, let posts
        # through rather than refuse everyone.
        log.warning("Rate limit unavailable; allowing the post", exc_info=True)
        return
    if count > allowed:
        raise RateLimited


def _count(key: str, window: int) -> int:
    """This post's number in its window. The key outlives its window, then expires."""
    client = redis_pool.client()
    if client is not None:
        with client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=window * 2, nx=True)
            pipe.incr(key)
            _created, count = pipe.execute()
        return int(count)
    cache.add(key, 0, timeout=window * 2)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window * 2)
        return 1
