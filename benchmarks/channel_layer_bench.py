"""Compare channels-redis' two layers for the rooms' fan-out at a given delivery rate.

Receivers in groups (like connections in rooms) and one sender doing group_send at a
steady rate, in one process against Redis. Prints deliveries/s, send-to-receive latency
p50/p99, lost deliveries and the CPU the process used per second of wall time.

Usage: python benchmarks/channel_layer_bench.py [--redis redis://127.0.0.1:6379/3]
           [--groups 20] [--per-group 25] [--sends 40] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time

from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

LAYERS = {
    "core.RedisChannelLayer": RedisChannelLayer,
    "pubsub.RedisPubSubChannelLayer": RedisPubSubChannelLayer,
}


def make_layer(name: str, url: str, pool: int):
    # The core layer takes pool options inside each host dict; the pub/sub layer passes
    # the host dict's keys to redis-py too, so the same shape works for both.
    hosts = [{"address": url, "max_connections": pool}]
    return LAYERS[name](hosts=hosts, prefix=f"bench-{time.monotonic_ns()}")


async def run(name: str, args: argparse.Namespace) -> dict[str, float]:
    layer = make_layer(name, args.redis, args.pool)
    latencies: list[float] = []
    received = 0
    channels = []
    for group in range(args.groups):
        for _ in range(args.per_group):
            channel = await layer.new_channel()
            await layer.group_add(f"room-{group}", channel)
            channels.append(channel)

    async def receive(channel: str) -> None:
        nonlocal received
        while True:
            message = await layer.receive(channel)
            latencies.append(time.perf_counter() - message["sent"])
            received += 1

    receivers = [asyncio.create_task(receive(channel)) for channel in channels]
    await asyncio.sleep(0.5)
    total = int(args.sends * args.seconds)
    started, cpu = time.perf_counter(), time.process_time()
    for number in range(total):
        target = started + number / args.sends
        await asyncio.sleep(max(0.0, target - time.perf_counter()))
        room = f"room-{number % args.groups}"
        await layer.group_send(room, {"type": "x", "sent": time.perf_counter(), "n": number})
    expected = total * args.per_group
    deadline = time.perf_counter() + 10
    while received < expected and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    for task in receivers:
        task.cancel()
    for task in receivers:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    with contextlib.suppress(Exception):
        await layer.flush()
    ordered = sorted(latencies)
    return {
        "deliveries/s": received / wall,
        "p50 ms": 1000 * statistics.median(ordered) if ordered else float("nan"),
        "p99 ms": 1000 * ordered[int(len(ordered) * 0.99) - 1] if ordered else float("nan"),
        "lost": expected - received,
        "cpu %": 100 * cpu / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--per-group", type=int, default=25)
    parser.add_argument("--sends", type=float, default=40, help="group_sends per second")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--pool", type=int, default=20)
    args = parser.parse_args()
    print(
        f"{args.groups} groups x {args.per_group} receivers, {args.sends:g} sends/s "
        f"= {args.sends * args.per_group:g} deliveries/s for {args.seconds:g} s"
    )
    for name in LAYERS:
        figures = asyncio.run(run(name, args))
        print(f"{name:34}", "  ".join(f"{k} {v:,.1f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
