"""Time a large pupil export end to end: pandas alone reading it, then the whole
`manage.py anonymise` process (default roles, k=5, at most 5% suppressed).

Usage: python benchmarks/anonymise_large_bench.py [--rows N] [--runs R] [--dir var/bench]
Wall time and peak RSS come from /usr/bin/time -v; the median over the runs is shown.
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


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], cwd=REPO, capture_output=True, text=True, check=True
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if wall is None or rss is None:
        raise RuntimeError(done.stderr)
    hours, minutes, seconds = wall.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), int(rss[1]) / 1024


def median_of(command: list[str], runs: int) -> tuple[float, float]:
    results = [timed(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


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
    read = median_of([sys.executable, "-c", READ, str(source)], args.runs)
    print(f"pandas read_csv alone (whole process): {read[0]:.2f} s, {read[1]:.0f} MiB peak")
    anonymise = [
        sys.executable, "manage.py", "anonymise", str(source),
        "--out", str(args.dir / "out.csv"), "--report", str(args.dir / "report.json"),
        "--k", "5", "--max-suppression", "0.05",
    ]  # fmt: skip
    whole = median_of(anonymise, args.runs)
    print(f"manage.py anonymise (whole process): {whole[0]:.2f} s, {whole[1]:.0f} MiB peak")
    print(f"ratio to the pandas read: {whole[0] / read[0]:.2f}")


if __name__ == "__main__":
    main()
