"""One Redis client per process for what rooms keep in Redis themselves (presence, from
threads): a bounded, blocking pool with timeouts, so neither a reconnect storm nor a
Redis that hangs can pile up connections or stall a thread for long."""

from __future__ import annotations

import functools

import redis
from django.conf import settings

TIMEOUT_SECONDS = 5


@functools.cache
def _client(url: str, max_connections: int) -> redis.Redis:
    pool = redis.BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        decode_responses=True,
    )
    return redis.Redis(connection_pool=pool)


def client() -> redis.Redis | None:
    """The client for REDIS_URL, or None when the platform runs without Redis."""
    url = str(settings.REDIS_URL)
    return _client(url, int(settings.REDIS_MAX_CONNECTIONS)) if url else None
