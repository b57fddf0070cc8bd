"""The rooms' channel layer against Redis: a room's group reaches its connections in every
process, and a connection's own channel lives in its process, never subscribed in Redis."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import redis
from asgiref.sync import async_to_sync
from django.conf import settings

from discussions.layers import ProcessChannelsPubSubLayer

pytestmark = pytest.mark.integration


def a_process() -> ProcessChannelsPubSubLayer:
    """A layer as one server process has it (each process builds its own)."""
    return ProcessChannelsPubSubLayer(**settings.CHANNEL_LAYERS["default"]["CONFIG"])


def subscribers(url: str, channel: str) -> int:
    return int(dict(redis.Redis.from_url(url).pubsub_numsub(channel))[channel.encode()])


async def until(check, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not check():
            await asyncio.sleep(0.01)


def test_a_group_reaches_its_connections_in_every_process(redis_url):
    group = f"test-{uuid.uuid4().hex}"
    group_channel = f"{settings.CHANNEL_LAYERS['default']['CONFIG']['prefix']}__group__{group}"

    async def scenario():
        one, two = a_process(), a_process()
        try:
            mine, theirs = await one.new_channel(), await two.new_channel()
            await one.group_add(group, mine)
            await two.group_add(group, theirs)
            await until(lambda: subscribers(redis_url, group_channel) == 2)
            await one.group_send(group, {"type": "room.event", "text": "hallo"})
            async with asyncio.timeout(5):
                return await asyncio.gather(one.receive(mine), two.receive(theirs))
        finally:
            await one.flush()
            await two.flush()

    assert async_to_sync(scenario)() == [{"type": "room.event", "text": "hallo"}] * 2


def test_a_connections_own_channel_stays_in_its_process(redis_url):
    async def scenario():
        one, two = a_process(), a_process()
        try:
            channel = await one.new_channel()
            await one.send(channel, {"type": "room.event", "text": "within"})
            async with asyncio.timeout(5):
                within = await one.receive(channel)
            subscribed = subscribers(redis_url, channel)
            # From another process the message goes to Redis, where no one listens.
            await two.send(channel, {"type": "room.event", "text": "across"})
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.5):
                    await one.receive(channel)
            return subscribed, within
        finally:
            await one.flush()
            await two.flush()

    subscribed, within = async_to_sync(scenario)()
    assert subscribed == 0
    assert within == {"type": "room.event", "text": "within"}
