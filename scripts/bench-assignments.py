#!/usr/bin/env python3
"""GrowthBook's Python SDK (PyPI `growthbook`) on the same experiment and ids as
`replywright-bench assignments --out FILE`: the same work per unit (hash, bucket ranges,
choose), its rate, and whether every assignment matches the Swift one.

    python3 scripts/bench-assignments.py FILE
"""
import sys
import time

from growthbook.core import chooseVariation, gbhash, getBucketRanges

SEED, COVERAGE, WEIGHTS, VARIANTS = "bench-seed", 0.9, [0.5, 0.3, 0.2], ["static", "adaptive", "short"]


def main(path):
    rows = [line.rstrip("\n").split(",", 1) for line in open(path, encoding="utf-8")]
    ids = [row[0] for row in rows]
    started = time.perf_counter()
    chosen = []
    for unit in ids:
        n = gbhash(SEED, unit, 2)
        index = chooseVariation(n, getBucketRanges(len(VARIANTS), COVERAGE, WEIGHTS))
        chosen.append(VARIANTS[index] if index >= 0 else "")
    elapsed = time.perf_counter() - started
    mismatches = sum(1 for row, variant in zip(rows, chosen) if row[1] != variant)
    print(f"python assignments {len(ids)} in {elapsed:.3f} s: {len(ids) / elapsed:.0f} per second (growthbook.core)")
    print(f"identical          {len(ids) - mismatches} of {len(ids)} assignments match the Swift ones")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
