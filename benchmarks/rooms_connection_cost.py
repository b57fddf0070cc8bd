"""What one websocket connection costs a server process: CPU per handshake and per
disconnect, and memory while 1,000 are open.

One uvicorn process of `netwerk.asgi:application` (served as benchmarks/rooms_bench.py
serves it) against PostgreSQL and Redis on loopback. Each round opens --connections
clients (API token, or with --auth session a browser's session cookie) in rooms of 25,
--batch at a time, waits for the presence announcements, reads the process's resident
memory, then closes them all and waits for the disconnects to be handled. The process's
CPU time (user + system, /proc) over each phase, divided by the connections, gives the
cost per handshake and per disconnect; the figures are medians over --rounds. The load
generator's own CPU per connect is shown too.

Usage: python benchmarks/rooms_connection_cost.py [--rounds 5] [--compression]
           [--auth token|session]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import uvloop

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.rooms_bench import (  # noqa: E402
    SERVER_OPTIONS,
    Server,
    add_auth_argument,
    add_service_arguments,
    close_all,
    cpu_seconds,
    drain,
    make_clients,
    open_all,
    prepare,
    server_env,
)

ANNOUNCED = 1.2  # seconds: a room's presence goes out 1 s after its first change
HANDLED = 2.5  # seconds for the disconnects to be handled


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(args: argparse.Namespace, fixture, log: Path) -> list[tuple[float, ...]]:
    options = [*SERVER_OPTIONS]
    if args.compression:
        options[options.index("--ws-per-message-deflate") + 1] = "true"
    server = Server("netwerk.asgi:application", server_env(args), log, options=options)
    try:
        server.wait()
        pid = server.process.pid
        clients = make_clients(fixture, [server.port], args.connections, 25)
        await open_all(clients[:50], 50, args.timeout)  # warm up: pools, prepared statements
        await close_all(clients[:50])
        await asyncio.sleep(HANDLED)
        idle = resident_mb(pid)  # warmed up, no connection open
        rounds: list[tuple[float, ...]] = []
        for _ in range(args.rounds):
            before, own = cpu_seconds(pid), time.process_time()
            await open_all(clients, args.batch, args.timeout)
            await asyncio.sleep(ANNOUNCED)
            opened, own_opened, memory = cpu_seconds(pid), time.process_time(), resident_mb(pid)
            for client in clients:
                client.reader = asyncio.create_task(drain(client))
            await close_all(clients)
            for client in clients:
                client.ws = client.reader = None
            await asyncio.sleep(HANDLED)
            closed = cpu_seconds(pid)
            n = len(clients) / 1000  # CPU seconds per n thousand: ms per connection
            rounds.append(
                ((opened - before) / n, (closed - opened) / n, (own_opened - own) / n, memory,
                 1000 * (memory - idle) / len(clients))
            )  # fmt: skip
        return rounds
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_service_arguments(parser)
    add_auth_argument(parser)
    parser.add_argument("--connections", type=int, default=1000, help="a multiple of 25")
    parser.add_argument("--batch", type=int, default=50, help="connections opened at once")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument(
        "--compression",
        action="store_true",
        help="serve with permessage-deflate (uvicorn's default)",
    )
    args = parser.parse_args()
    # prepare() sizes the bench network from these (rooms_bench's names)
    args.clients, args.room_size, args.reconnects = args.connections, 25, args.connections
    fixture = prepare(args)
    log = Path(tempfile.mkdtemp(prefix="rooms-cost-")) / "server.log"
    rounds = uvloop.run(measure(args, fixture, log))
    connect, disconnect, generator, memory, per_socket = (
        statistics.median(r[i] for r in rounds) for i in range(5)
    )
    deflate = "on" if args.compression else "off"
    print(f"One uvicorn process, permessage-deflate {deflate}, {args.connections} connections "
          f"({args.auth} clients) opened {args.batch} at a time; medians of {len(rounds)} "
          "rounds")  # fmt: skip
    print(f"  server CPU per handshake   {connect:.2f} ms")
    print(f"  server CPU per disconnect  {disconnect:.2f} ms")
    print(f"  server memory, all open    {memory:.0f} MB ({per_socket:.0f} kB per connection)")
    print(f"  load generator per connect {generator:.2f} ms")


if __name__ == "__main__":
    main()
