"""The rooms' channel layer: channels_redis' pub/sub layer, with each connection's own
channel kept in its process.

Everything the rooms send goes to groups (a room's connections on every process). The
stock layer also subscribes every connection's own channel in Redis, so that anyone
anywhere could `send` to it: a SUBSCRIBE at every handshake and an UNSUBSCRIBE at every
disconnect, on the one pub/sub connection each process has. Here a connection's channel is
a queue in its process only: `send` to it works within the process, and a send to it from
another process is lost (nothing in the platform does that). Groups are unchanged.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer
from channels_redis.utils import _wrap_close


class _LoopLayer(RedisPubSubLoopLayer):  # type: ignore[misc]
    async def new_channel(self, prefix: str = "specific.") -> str:
        channel = f"{self.prefix}{prefix}{uuid.uuid4().hex}"
        self.channels[channel] = asyncio.Queue()
        return channel

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        queue = self.channels.get(channel)
        if queue is None:
            await super().send(channel, message)
        else:
            queue.put_nowait(self.channel_layer.serialize(message))


class ProcessChannelsPubSubLayer(RedisPubSubChannelLayer):  # type: ignore[misc]
    def _get_layer(self) -> _LoopLayer:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = self._layers[loop] = _LoopLayer(*self._args, **self._kwargs, channel_layer=self)
            _wrap_close(self, loop)
        return layer  # type: ignore[no-any-return]
