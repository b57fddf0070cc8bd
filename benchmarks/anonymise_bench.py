"""Benchmark the k-anonymity search on the adult data set, next to ARX's figures.

Usage: python benchmarks/anonymise_bench.py [--data DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from casestudies.anonymisation.encoding import encode_columns  # noqa: E402
from casestudies.anonymisation.hierarchies import read_hierarchy  # noqa: E402
from casestudies.anonymisation.kanonymity import Criteria, optimal_transformation  # noqa: E402
from casestudies.anonymisation.localrecoding import recode_locally  # noqa: E402

QIS = [
    "sex",
    "age",
    "race",
    "marital-status",
    "education",
    "native-country",
    "workclass",
    "occupation",
]
SETTINGS = [(5, 0.0), (5, 0.05), (10, 0.05)]


def _timed(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, statistics.median(times), peak


def _published_class_sizes(columns, recoding):
    """Class sizes counted on the published values, as a reader of the output would."""
    kept = ~recoding.suppressed
    published = {
        column.name: [
            column.hierarchy.rows[leaf][level]
            for leaf, level in zip(column.leaf[kept], recoding.levels[kept, i], strict=True)
        ]
        for i, column in enumerate(columns)
    }
    return pd.DataFrame(published).groupby(QIS).size()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench" / "adult")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    frame = pd.read_csv(args.data / "adult.csv", sep=";", dtype=str, keep_default_na=False)
    hierarchies = [read_hierarchy(q, args.data / f"adult_hierarchy_{q}.csv") for q in QIS]
    columns = encode_columns(frame, hierarchies)
    print(f"adult: {len(frame)} records, QIs {', '.join(QIS)}")
    for k, limit in SETTINGS:
        criteria = Criteria(k=k, max_suppressed=int(limit * len(frame)))
        (best, stats), seconds, peak = _timed(
            lambda c=criteria: optimal_transformation(columns, c), args.runs
        )
        sizes = pd.Series(best.classes[~best.suppressed]).value_counts()
        print(
            f"k={k:<2} ≤{limit:.0%} full-domain  levels {','.join(map(str, best.levels))}  "
            f"suppressed {best.suppressed_count:>5}  classes {len(sizes)} ({sizes.min()})  "
            f"Loss {best.loss:.4f}  search {seconds * 1000:.0f} ms (median of {args.runs}, "
            f"{stats.evaluated} of {stats.nodes} nodes)  peak {peak / 2**20:.1f} MiB"
        )
        recoding, seconds, peak = _timed(
            lambda b=best, c=criteria: recode_locally(columns, b, c), 3
        )
        local_sizes = _published_class_sizes(columns, recoding)
        print(
            f"k={k:<2} ≤{limit:.0%} local recoding  "
            f"suppressed {int(recoding.suppressed.sum()):>5}  "
            f"classes {len(local_sizes)} ({local_sizes.min()})  Loss {recoding.loss:.4f}  "
            f"extra {seconds * 1000:.0f} ms  peak {peak / 2**20:.1f} MiB"
        )


if __name__ == "__main__":
    main()
