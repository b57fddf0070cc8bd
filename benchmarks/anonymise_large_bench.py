"""Time a large pupil export end to end: pandas alone reading it, then the whole
`manage.py anonymise` process (default roles, k=5, at most 5% suppressed).

Usage: python benchmarks/anonymise_large_bench.py [--rows N] [--runs R] [--dir var/bench]
Wall time and peak RSS come from /usr/bin/time -v. The two processes take turns, run by
run, so that both meet the same load on a shared machine; the median and the range over
the runs are shown, and the ratio of each run's pair.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
READ = "import pandas as pd, sys; pd.read_csv(sys.argv[1], sep=';', dtype=str)"


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident MiB and CPU seconds (user + system) of one process."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], cwd=REPO, capture_output=True, text=True, check=True
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)
    if wall is None or rss is None or len(cpu) != 2:
        raise RuntimeError(done.stderr)
    hours, minutes, seconds = wall.groups()
    elapsed = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    return elapsed, int(rss[1]) / 1024, float(cpu[0]) + float(cpu[1])


def summary(results: list[tuple[float, float, float]]) -> str:
    walls = [wall for wall, _, _ in results]
    return (
        f"{statistics.median(walls):.2f} s (range {min(walls):.2f} to {max(walls):.2f}), "
        f"{max(rss for _, rss, _ in results):.0f} MiB peak, "
        f"CPU {statistics.median(cpu for _, _, cpu in results):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=REPO / "var" / "bench")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    source = args.dir / f"pupils_{args.rows}.csv"
    if not source.exists():
        generate = [sys.executable, "benchmarks/pupil_export.py", str(source)]
        subprocess.run([*generate, "--rows", str(args.rows)], cwd=REPO, check=True)
    print(f"{source.name}: {source.stat().st_size / 2**20:.0f} MiB, {args.rows:,} rows")
    anonymise = [
        sys.executable, "manage.py", "anonymise", str(source),
        "--out", str(args.dir / "out.csv"), "--report", str(args.dir / "report.json"),
        "--k", "5", "--max-suppression", "0.05",
    ]  # fmt: skip
    reads, wholes = [], []
    for _ in range(args.runs):
        reads.append(timed([sys.executable, "-c", READ, str(source)]))
        wholes.append(timed(anonymise))
    print(f"pandas read_csv alone (whole process): {summary(reads)}")
    print(f"manage.py anonymise (whole process): {summary(wholes)}")
    ratios = [whole[0] / read[0] for read, whole in zip(reads, wholes, strict=True)]
    print(
        f"ratio to the pandas read: {statistics.median(ratios):.2f} "
        f"(per run: {', '.join(f'{ratio:.2f}' for ratio in ratios)})"
    )


if __name__ == "__main__":
    main()
