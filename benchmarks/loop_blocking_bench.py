"""How long a room post blocks the event loop (issue 25, item 4).

A plain `message.send` is checked (`posting.prepare`: the shape, and the personal-data
scrubber over the text) and rendered (`render_markdown`) on the process's event loop
before its one SQL statement. This times both, per message, on a synthetic mix of room
messages: 90 % chat lines (40-300 characters), 9 % longer posts (1,000-2,000 characters,
with lists and emphasis) and 1 % very long ones (5,000-10,000 characters, the limit), as
seeds for `random` make them; and each size class on its own. Prints p50/p99/max in ms of
CPU time of the calling thread.
Pure functions: no database, no servers (Django settings are loaded for the translations).

Usage: python benchmarks/loop_blocking_bench.py [--messages 5000] [--seed 25]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "we",
    "zien",
    "dat",
    "de",
    "doorstroom",
    "in",
    "onderbouw",
    "achterblijft",
    "toetskalender",
    "samen",
    "bekijken",
    "feedbackronde",
    "resultaten",
    "delen",
    "duiden",
    "actie",
    "kiezen",
    "begrijpend",
    "lezen",
    "vragenlijst",
    "datateam",
    "uitkomsten",
    "vergelijken",
    "mentorgesprek",
    "leerlingenarena",
    "zittenblijven",
    "havo",
    "rekenen",
    "groep",
    "vijf",
    "interventie",
    "effect",
    "meting",
    "nulmeting",
    "schooljaar",
    "sectie",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    if rng.random() < 0.3:
        index = rng.randrange(len(words))
        words[index] = f"**{words[index]}**"
    return " ".join(words).capitalize() + "."


def post(rng: random.Random, low: int, high: int) -> str:
    """Markdown of about low..high characters: sentences, now and then a list."""
    size = rng.randint(low, high)
    parts: list[str] = []
    while sum(len(p) for p in parts) < size:
        if rng.random() < 0.15:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 5))))
        else:
            parts.append(sentence(rng))
    return "\n\n".join(parts)[:high]


def mix(rng: random.Random, count: int) -> list[str]:
    bodies = []
    for _ in range(count):
        draw = rng.random()
        if draw < 0.90:
            bodies.append(post(rng, 40, 300))
        elif draw < 0.99:
            bodies.append(post(rng, 1000, 2000))
        else:
            bodies.append(post(rng, 5000, 10000))
    return bodies


def timed(function: Callable[[str], object], bodies: list[str]) -> list[float]:
    """CPU time of this thread per call, in ms: what the call itself costs the loop. (Wall
    time adds whatever else the machine ran meanwhile; on a shared machine, a lot.)"""
    times = []
    for body in bodies:
        start = time.thread_time_ns()
        function(body)
        times.append((time.thread_time_ns() - start) / 1e6)
    return times


def line(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[max(0, round(0.99 * len(ordered)) - 1)]
    return (
        f"{label:44} {statistics.median(ordered):7.3f} {p99:7.3f} {ordered[-1]:7.3f}"
        f"  ({len(ordered):,})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=25)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from discussions.services.posting import prepare
    from netwerk.markdown import render_markdown

    rng = random.Random(args.seed)
    bodies = mix(rng, args.messages)
    classes = {
        "chat (40-300 chars)": [post(rng, 40, 300) for _ in range(500)],
        "longer (1,000-2,000)": [post(rng, 1000, 2000) for _ in range(200)],
        "very long (5,000-10,000)": [post(rng, 5000, 10000) for _ in range(100)],
    }
    steps: dict[str, Callable[[str], object]] = {
        "check (shape + personal data)": lambda body: prepare(client_id="c", body=body),
        "render (markdown, sanitised)": render_markdown,
        "both (the loop's work per post)": lambda body: (
            prepare(client_id="c", body=body),
            render_markdown(body),
        ),
    }
    for step in steps.values():  # warm-up: compiled patterns, caches
        timed(step, bodies[:200])
    print(f"{'ms per message':44} {'p50':>7} {'p99':>7} {'max':>7}")
    for name, step in steps.items():
        print(line(f"{name}, the mix", timed(step, bodies)))
    for label, sized in classes.items():
        print(line(f"both, {label}", timed(steps["both (the loop's work per post)"], sized)))


if __name__ == "__main__":
    main()
