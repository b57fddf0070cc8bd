"""The platform on real infrastructure: PostgreSQL through psycopg 3, Redis for the
channel layer and the cache. Skipped without them, failed when REQUIRE_SERVICES=1."""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.integration


def test_it_runs_on_postgresql_through_psycopg3(postgres, demo):
    import psycopg

    assert connection.vendor == "postgresql"
    assert isinstance(connection.connection, psycopg.Connection)
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from schools_school")
        assert cursor.fetchone()[0] == 6


def test_the_channel_layer_carries_messages_over_redis(redis_url):
    from channels_redis.pubsub import RedisPubSubChannelLayer

    layer = get_channel_layer()
    assert isinstance(layer, RedisPubSubChannelLayer)
    group = f"test-{uuid.uuid4().hex}"

    async def round_trip():
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        await layer.group_send(group, {"type": "test.message", "text": "hallo"})
        message = await layer.receive(channel)
        await layer.group_discard(group, channel)
        return message

    assert async_to_sync(round_trip)() == {"type": "test.message", "text": "hallo"}


def test_the_cache_lives_in_redis_with_a_bounded_pool(redis_url):
    import redis

    key = f"netwerk-test-{uuid.uuid4().hex}"
    cache.set(key, {"a": 1}, timeout=30)
    assert cache.get(key) == {"a": 1}
    options = settings.CACHES["default"]["OPTIONS"]
    assert options["max_connections"] == settings.REDIS_MAX_CONNECTIONS  # type: ignore[index]
    raw_keys = redis.Redis.from_url(redis_url).keys(f"*{key}*")
    assert raw_keys, "the value should be stored in Redis itself"
    cache.delete(key)
